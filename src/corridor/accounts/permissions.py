"""Which roles may do what. Deny by default: an action absent here is allowed to no one.

Scope (which records) is applied in each app's selectors; this table only says whether a role may
take the action at all.
"""

from corridor.accounts.choices import Role

R = Role
PERMISSIONS: dict[str, frozenset[str]] = {
    "worker.view": frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.CASEWORKER, R.FUND_OFFICER, R.AUDITOR, R.WORKER}),
    "worker.view_identity": frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.FUND_OFFICER, R.AUDITOR, R.WORKER}),
    "worker.create": frozenset({R.AGENCY_STAFF, R.ORIGIN_OFFICER, R.CONSULAR_ATTACHE, R.CASEWORKER}),
    "audit.view": frozenset({R.AUDITOR}),
    "organisation.manage": frozenset({R.ADMINISTRATOR}),
    "user.manage": frozenset({R.ADMINISTRATOR}),
    "api_token.create": frozenset(r for r in Role),
}


def register(action: str, roles) -> None:
    """Apps add their own actions when they load (in AppConfig.ready)."""
    PERMISSIONS[action] = frozenset(roles)


def has_perm(user, action: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.needs_two_factor and not _verified(user):
        return False
    return user.role in PERMISSIONS.get(action, frozenset())


def _verified(user) -> bool:
    # Token-authenticated API users were verified when the token was made; a session user must
    # have passed the second factor in this session (django-otp sets is_verified).
    is_verified = getattr(user, "is_verified", None)
    return bool(getattr(user, "token_authenticated", False) or (is_verified and is_verified()))
