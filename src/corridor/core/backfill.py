"""What every demo-only backfill (a year of past records written in bulk, dated on their days) shares: only the
system may call one, and bulk_create must keep the dates given."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from corridor.core.errors import PermissionDenied


def require_system(acting_user) -> None:
    """A backfill is the demo loader's (the system's): no page, API or command reaches it with a person."""
    if acting_user is not None:
        raise PermissionDenied()


@contextmanager
def dated(*models) -> Iterator[None]:
    """Let bulk_create keep the `created_at`/`updated_at` given (auto_now_add and auto_now would write today's time).
    It changes the model fields for the whole process while it lasts: fine for the demo loader, which runs alone in
    its process (a command or a test's fixture); never use it from a request."""
    fields = [(f, f.auto_now_add, f.auto_now) for m in models for f in m._meta.concrete_fields
              if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
    for f, _add, _now in fields:
        f.auto_now_add = f.auto_now = False
    try:
        yield
    finally:
        for f, add, now in fields:
            f.auto_now_add, f.auto_now = add, now
