"""Helpers the reintegration services share (no service module imports a sibling)."""

import secrets

from django.utils import timezone


def new_reference(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate().year}-{secrets.token_hex(5).upper()}"


def user_or_none(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None
