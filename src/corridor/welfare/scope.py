"""Who may see and act on which welfare record."""

from django.db.models import Q, QuerySet

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.welfare.models import Claim, Membership, Repatriation

FUND_WIDE = frozenset({Role.FUND_OFFICER, Role.AUDITOR})


def _post_country(user) -> str | None:
    organisation = getattr(user, "organisation", None)
    return getattr(organisation, "post_country_id", None) if organisation is not None else None


def membership_scope(user) -> QuerySet[Membership]:
    """Fund officers and auditors: every member; an attaché: members working in the country of the post; a worker:
    their own memberships."""
    memberships = Membership.objects.all()
    if not has_perm(user, "welfare.view"):
        return memberships.none()
    if user.role in FUND_WIDE:
        return memberships
    if user.role == Role.CONSULAR_ATTACHE:
        post = _post_country(user)
        return memberships.filter(destination=post) if post else memberships.none()
    if user.role == Role.WORKER:
        return memberships.filter(worker__user=user)
    return memberships.none()


def claim_scope(user) -> QuerySet[Claim]:
    claims = Claim.objects.all()
    if not has_perm(user, "welfare.view"):
        return claims.none()
    if user.role in FUND_WIDE:
        return claims
    if user.role == Role.CONSULAR_ATTACHE:
        post = _post_country(user)
        return claims.filter(Q(membership__destination=post) | Q(filed_by=user)) if post else claims.filter(filed_by=user)
    if user.role == Role.WORKER:
        return claims.filter(membership__worker__user=user)
    return claims.none()


def repatriation_scope(user) -> QuerySet[Repatriation]:
    repatriations = Repatriation.objects.all()
    if not has_perm(user, "welfare.view"):
        return repatriations.none()
    if user.role in FUND_WIDE:
        return repatriations
    if user.role == Role.CONSULAR_ATTACHE:
        post = _post_country(user)
        return repatriations.filter(membership__destination=post) if post else repatriations.none()
    if user.role == Role.WORKER:
        return repatriations.filter(membership__worker__user=user)
    return repatriations.none()


def _fund_wide(user, record) -> bool | None:
    """A fund officer's or an auditor's answer without a query (their scope is every saved record; None: ask the
    database). Called on every transition of a claim, so it matters at scale."""
    if getattr(user, "role", None) in FUND_WIDE and record.pk is not None:
        return has_perm(user, "welfare.view")
    return None


def can_act_on_claim(user, claim: Claim) -> bool:
    wide = _fund_wide(user, claim)
    return wide if wide is not None else claim_scope(user).filter(pk=claim.pk).exists()


def can_act_on_membership(user, membership: Membership) -> bool:
    wide = _fund_wide(user, membership)
    return wide if wide is not None else membership_scope(user).filter(pk=membership.pk).exists()


def can_act_on_repatriation(user, repatriation: Repatriation) -> bool:
    wide = _fund_wide(user, repatriation)
    return wide if wide is not None else repatriation_scope(user).filter(pk=repatriation.pk).exists()
