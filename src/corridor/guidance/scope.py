"""Who sees which referral: a centre's staff their own centre's, the referring office its own, officers and auditors
every one on the node."""

from django.db.models import Q, QuerySet

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.guidance.models import Referral

NODE_WIDE = frozenset({Role.DESTINATION_OFFICER, Role.AUDITOR})


def referral_scope(user) -> QuerySet[Referral]:
    referrals = Referral.objects.all()
    if user is None or not getattr(user, "is_authenticated", False) or not has_perm(user, "referral.view"):
        return referrals.none()
    if user.role in NODE_WIDE:
        return referrals
    organisation_id = getattr(user, "organisation_id", None)
    if user.role == Role.RESOURCE_CENTRE_STAFF:
        return referrals.filter(centre__organisation_id=organisation_id) if organisation_id else referrals.none()
    if organisation_id:
        return referrals.filter(Q(referred_by=user) | Q(referred_by_organisation_id=organisation_id))
    return referrals.filter(referred_by=user)


def can_act_on_referral(user, referral: Referral) -> bool:
    """The centre the worker was referred to (it accepts and closes: `referral.respond`), and the person who made the
    referral (it proposes: `referral.make`); the permissions keep each to its own actions."""
    if user is None:
        return True
    if user.role == Role.RESOURCE_CENTRE_STAFF:
        return referral.centre.organisation_id is not None and referral.centre.organisation_id == user.organisation_id
    return referral.referred_by_id == user.pk
