"""Who may see which case, and who may see who complained."""

from django.db.models import Q, QuerySet

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.cases.models import Case

OFFICER_ROLES = frozenset({Role.ORIGIN_OFFICER, Role.CONSULAR_ATTACHE, Role.DESTINATION_OFFICER})
STAFF_ROLES = OFFICER_ROLES | {Role.CASEWORKER}


def case_scope(user) -> QuerySet[Case]:
    cases = Case.objects.all()
    if not has_perm(user, "case.view"):
        return cases.none()
    if user.role == Role.AUDITOR:
        return cases
    if user.role == Role.WORKER:
        return cases.filter(Q(filed_by=user) | Q(complainant__user=user))
    if user.role in STAFF_ROLES and user.organisation_id:
        org = user.organisation_id
        return cases.filter(Q(assigned_team_id=org) | Q(assigned_officer=user) | Q(filed_by_organisation_id=org)
                            | Q(partner_id=org, consent_partner=True))
    return cases.none()


def can_see_identity(user, case: Case) -> bool:
    """The complainant's worker, the case's team and officer, the filing office, and a consented partner."""
    if not has_perm(user, "case.view_identity"):
        return False
    if user.role == Role.WORKER:
        return case.filed_by_id == user.pk or getattr(getattr(case, "complainant", None), "user_id", None) == user.pk
    org = user.organisation_id
    return bool(org) and (
        case.assigned_team_id == org or case.assigned_officer_id == user.pk or case.filed_by_organisation_id == org
        or (case.partner_id == org and case.consent_partner)
    )


def can_work(user, case: Case) -> bool:
    """Staff of the case's team (or its officer, or a consented partner) may add notes, tasks and evidence."""
    if not has_perm(user, "case.work"):
        return False
    org = user.organisation_id
    return bool(org) and (
        case.assigned_team_id == org or case.assigned_officer_id == user.pk
        or (case.partner_id == org and case.consent_partner) or case.filed_by_organisation_id == org
    )


def can_decide(user, case: Case) -> bool:
    """Transitions, remedies and referrals: officers of the team that holds the case."""
    return user.role in OFFICER_ROLES and can_work(user, case) and (
        case.assigned_team_id == user.organisation_id or case.assigned_officer_id == user.pk
    )
