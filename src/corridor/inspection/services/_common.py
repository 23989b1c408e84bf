"""What the inspection services share: the permission-and-inspectorate check and references."""

import secrets

from corridor.core.lifecycle import require
from corridor.inspection.errors import NotAnInspector
from corridor.inspection.scope import is_inspector


def _require_inspector(user, permission: str) -> None:
    """Deny by default (the role's permission), then the organisation: only a labour inspectorate's officers act.
    `user=None` is the system itself (demo, scheduled jobs) and may."""
    require(user, permission)
    if user is not None and not is_inspector(user):
        raise NotAnInspector()


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _reference(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"
