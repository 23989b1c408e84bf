"""Who may see and act on which return (and so its debrief, plan, referrals and follow-ups)."""

from django.db.models import Q, QuerySet

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.reintegration.models import Return

OFFICE_WIDE = frozenset({Role.ORIGIN_OFFICER, Role.AUDITOR})


def return_scope(user) -> QuerySet[Return]:
    """Origin officers and auditors: every return; a caseworker: returns with no plan yet (to take up) and those their
    organisation plans; an attaché: returns from the country of their post; a worker: their own."""
    returns = Return.objects.all()
    if not has_perm(user, "reintegration.view"):
        return returns.none()
    if user.role in OFFICE_WIDE:
        return returns
    if user.role == Role.CASEWORKER:
        if not user.organisation_id:
            return returns.none()
        return returns.filter(Q(plan__isnull=True) | Q(plan__organisation_id=user.organisation_id))
    if user.role == Role.CONSULAR_ATTACHE:
        post = getattr(user.organisation, "post_country_id", None) if user.organisation_id else None
        return returns.filter(destination=post) if post else returns.none()
    if user.role == Role.WORKER:
        return returns.filter(worker__user=user)
    return returns.none()


def can_act_on_return(user, record: Return) -> bool:
    return return_scope(user).filter(pk=record.pk).exists()
