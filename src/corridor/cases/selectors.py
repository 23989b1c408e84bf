"""Every read about cases, scoped to the acting user; a case out of scope is "not found"."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.accounts.models import User
from corridor.accounts.permissions import has_perm
from corridor.cases.choices import CaseStatus, LiabilityStatus, NoteVisibility
from corridor.cases.models import (
    Case,
    CaseEvent,
    Claim,
    Complainant,
    Evidence,
    Grievance,
    IndicatorFinding,
    RegistryRecord,
    WageArrearsCase,
)
from corridor.cases.scope import OFFICER_ROLES, can_decide, can_see_identity, can_work, case_scope
from corridor.core import audit
from corridor.core.errors import NotFound

CLOSED = [CaseStatus.RESOLVED, CaseStatus.CLOSED]
QUEUE_FIELDS = ["id", "reference", "status", "is_urgent", "urgent_reasons", "stage_due_at", "escalated_at",
                "created_at", "country_where_id", "jurisdiction", "assigned_team_id", "assigned_officer_id", "channel"]


def case_queue(*, user, status: str = "", urgent_only: bool = False, overdue_only: bool = False,
               include_closed: bool = False, everything: bool = False) -> QuerySet[Case]:
    """The work queue: urgent first, then the nearest time limit. Narrative and identity are never loaded.

    An officer's queue is their team's cases (one index range, read in order: see Case.Meta.indexes); with
    `everything`, every case they may see (also those their office filed for another team).
    """
    if not everything and user.role in OFFICER_ROLES and user.organisation_id and has_perm(user, "case.view"):
        # The team's cases are all in the officer's scope; filtering on the team alone keeps the index range exact.
        cases = Case.objects.filter(assigned_team_id=user.organisation_id)
    else:
        cases = case_scope(user)
    if status:
        cases = cases.filter(status=status)
    elif not include_closed:
        cases = cases.exclude(status__in=CLOSED)
    if urgent_only:
        cases = cases.filter(is_urgent=True)
    if overdue_only:
        cases = cases.filter(stage_due_at__lt=timezone.now()).exclude(status__in=CLOSED)
    return (cases.only(*QUEUE_FIELDS, "assigned_officer__username", "assigned_team__name")
            .select_related("assigned_officer", "assigned_team")
            .order_by("-is_urgent", "stage_due_at", "id"))


def case_overdue(*, user) -> QuerySet[Case]:
    return case_queue(user=user, overdue_only=True)


def case_get(*, user, reference: str) -> Case:
    case = (case_scope(user).select_related("assigned_team", "assigned_officer", "partner", "nationality", "country_where")
            .filter(reference=reference).first())
    if case is None:
        raise NotFound()
    return case


def case_detail(*, user, case: Case) -> dict:
    """Everything about a case the user may see, loaded in a fixed number of queries."""
    staff = user.role != Role.WORKER
    notes = case.notes.all() if staff else case.notes.filter(visibility=NoteVisibility.SHARED)
    return {
        "case": case,
        "grievances": list(case.grievances.all()),
        "respondents": list(case.respondents.select_related("organisation")),
        "answers": list(case.answers.all()),
        "findings": findings_by_indicator(case) if staff else {},
        "events": list(case.events.all()) if staff else [],
        "notes": list(notes),
        "tasks": list(case.tasks.select_related("assignee")) if staff else [],
        "evidence": list(case.evidence.all()) if can_work(user, case)
        else [] if staff else list(case.evidence.filter(added_by_kind="complainant")),
        "staff": staff,
        "claims": liability_summary(case),
        "referrals": list(case.referrals.all()) if staff else [],
        "can_work": can_work(user, case),
        "can_decide": can_decide(user, case),
        "can_see_identity": can_see_identity(user, case),
    }


def findings_by_indicator(case: Case) -> dict:
    grouped = defaultdict(list)
    for finding in case.findings.all():
        grouped[finding.indicator].append(finding)
    return dict(grouped)


def complainant_get(*, user, case: Case) -> Complainant | None:
    """Who complained. Only for those who need it; every view is written to the audit trail as a read."""
    if not can_see_identity(user, case):
        raise NotFound()
    complainant = Complainant.objects.filter(case=case).select_related("worker").first()
    audit.record(actor=user, action="case.complainant_view", target=case, is_read=True,
                 detail={"reference": case.reference, "anonymous": complainant is None})
    return complainant


def evidence_get(*, user, case: Case, evidence_id: int) -> Evidence:
    if not can_work(user, case):
        raise NotFound()
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound()
    audit.record(actor=user, action="case.evidence_view", target=case, is_read=True, detail={"evidence": evidence.pk})
    return evidence


# --- the complainant by receipt code -----------------------------------------------------------------------


def follow_up_view(case: Case) -> dict:
    """What an anonymous complainant sees: status, shared notes and questions, their own files' names."""
    return {
        "case": case,
        "notes": list(case.notes.filter(visibility=NoteVisibility.SHARED)),
        "evidence": list(case.evidence.filter(added_by_kind="complainant")),
        "answers": dict(case.answers.values_list("question", "answer")),
    }


# --- the other party ---------------------------------------------------------------------------------------


RESPONDENT_STATUSES = [CaseStatus.AWAITING_PARTY, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.CLOSED]


def respondent_case_scope(user) -> QuerySet[Case]:
    """An employer's or agency's staff see the cases against their organisation once they are asked to answer."""
    if not has_perm(user, "case.respond") or not user.organisation_id:
        return Case.objects.none()
    return (Case.objects.filter(respondents__organisation_id=user.organisation_id, status__in=RESPONDENT_STATUSES)
            .filter(Q(events__action="await_party")).distinct())


def respondent_case_list(*, user) -> QuerySet[Case]:
    return respondent_case_scope(user).only("id", "reference", "status", "created_at", "country_where_id").order_by("-id")


def respondent_case_get(*, user, reference: str) -> dict:
    case = respondent_case_scope(user).filter(reference=reference).first()
    if case is None:
        raise NotFound()
    complainant_name = None
    if case.consent_share_identity:
        complainant = Complainant.objects.filter(case=case).first()
        if complainant is not None:
            complainant_name = complainant.full_name
            audit.record(actor=user, action="case.complainant_view", target=case, is_read=True,
                         detail={"reference": case.reference, "as": "respondent", "consented": True})
    return {
        "case": case,
        "grievances": list(case.grievances.all()),
        "notes": list(case.notes.filter(visibility=NoteVisibility.RESPONDENT)),
        "claims": [c for c in liability_summary(case)
                   if any(p.respondent.organisation_id == user.organisation_id for p in c.parties)],
        "complainant_name": complainant_name,
    }


# --- liability ---------------------------------------------------------------------------------------------


@dataclass
class ClaimView:
    claim: Claim
    recovered: Decimal
    outstanding: Decimal  # money still owed (0 for documents: see `settled`)
    parties: list = field(default_factory=list)  # Liability rows in rank order
    current: object = None  # the Liability asked to pay now

    @property
    def settled(self) -> bool:
        return self.claim.settled_on is not None

    @property
    def open(self) -> bool:
        return not self.settled


def liability_summary(case: Case) -> list[ClaimView]:
    """Per claim: what was recovered, what is still owed and by whom (the party currently asked, then the chain)."""
    claims = list(case.claims.select_related("currency").prefetch_related("liabilities__respondent__organisation")
                  .annotate(recovered_total=Sum("recoveries__amount")))
    views = []
    for claim in claims:
        recovered = claim.recovered_total or Decimal("0.00")
        parties = list(claim.liabilities.all())
        current = next((p for p in parties if p.status == LiabilityStatus.CURRENT), None)
        views.append(ClaimView(claim, recovered, claim.amount - recovered, parties, current))
    return views


def owed_by_party(case: Case) -> dict:
    """{respondent: {currency: amount}} of what each party is being asked to pay now."""
    owed: dict = defaultdict(lambda: defaultdict(Decimal))
    for view in liability_summary(case):
        if view.current is not None and view.open:
            key = view.claim.currency_id or "documents"
            owed[view.current.respondent][key] += view.outstanding if view.claim.currency_id else 1
    return {party: dict(amounts) for party, amounts in owed.items()}


# --- what cases added to the registry ------------------------------------------------------------------------


def registry_records(*, user, employer=None, agency=None, subagent=None) -> QuerySet:
    """The case outcomes on an employer's, agency's or sub-agent's record, for the registry's pages: reference,
    outcome, whether upheld, what is still owed. Never who complained. For those who may see the registry record."""

    records = RegistryRecord.objects.select_related("case").order_by("-created_at")
    if employer is not None and has_perm(user, "employer.view"):
        return records.filter(employer=employer)
    if agency is not None and has_perm(user, "agency.view"):
        return records.filter(agency=agency)
    if subagent is not None and has_perm(user, "agency.view"):
        return records.filter(subagent=subagent)
    return records.none()


def assignable_officer_get(*, user, case: Case, officer_id: int):
    """An active member of the team holding the case, for an officer who may decide on it; anyone else is "not found"
    (the acting user learns nothing about accounts outside that team)."""
    if not can_decide(user, case) or case.assigned_team_id is None:
        raise NotFound()
    officer = User.objects.filter(pk=officer_id, organisation_id=case.assigned_team_id, is_active=True).first()
    if officer is None:
        raise NotFound()
    return officer


def case_risk_facts(case_id: int) -> dict | None:
    """For another app's risk model (inspection): the registered employers a case names, its grievance types and
    the forced-labour indicators its triage found. No narrative, no identity; None if there is no such case."""
    case = Case.objects.filter(pk=case_id).only("id", "is_urgent", "status").first()
    if case is None:
        return None
    return {
        "employer_ids": sorted(set(case.respondents.filter(employer__isnull=False).values_list("employer_id", flat=True))),
        "grievances": sorted(set(case.grievances.values_list("kind", flat=True))),
        "indicators": sorted(set(case.findings.values_list("indicator", flat=True))),
        "urgent": case.is_urgent, "status": case.status,
    }


# --- for the wages app: the liability chain of a worker's wage arrears -------------------------------------------


def wage_arrears_chain(arrival_id: int) -> list[dict]:
    """The chain of the latest open wages claim on the worker's wage-arrears case (cases/services/wages.py), in rank
    order: `rank`, `role`, `name`, `status` (liable, current, defaulted, discharged). Empty when there is none."""
    link = WageArrearsCase.objects.filter(arrival_id=arrival_id).select_related("case").first()
    if link is None or link.case.status in CLOSED:
        return []
    claim = (link.case.claims.filter(kind="wages", settled_on__isnull=True).order_by("-id")
             .prefetch_related("liabilities__respondent__organisation", "liabilities__respondent__employer",
                               "liabilities__respondent__agency").first())
    if claim is None:
        return []
    return [{"rank": item.rank, "role": item.respondent.role, "status": item.status,
             "name": item.respondent.name or str(item.respondent.employer or item.respondent.agency
                                                 or item.respondent.organisation or "")}
            for item in claim.liabilities.all()]


def corridor_cases_by_indicator(*, peer: str, since) -> dict[str, int]:
    """Cases opened since a date that concern the corridor with `peer` (a national of the peer, or something that
    happened there), counted by forced-labour indicator: an aggregate for a joint committee's agenda."""
    rows = (IndicatorFinding.objects.filter(Q(case__nationality_id=peer) | Q(case__country_where_id=peer),
                                            case__created_at__date__gte=since)
            .values("indicator").annotate(cases=Count("case", distinct=True)).order_by("indicator"))
    return {row["indicator"]: row["cases"] for row in rows}


# --- for the indicators app: complaint facts, no names or narratives ---------------------------------------------

def grievance_facts() -> QuerySet:
    """One row per grievance of a filed complaint: the case, the month it was filed, the grievance type, the country
    where it happened."""
    return Grievance.objects.annotate(record=F("case_id"), month=TruncMonth("case__created_at"), grievance=F("kind"),
                                      where=F("case__country_where_id"))


def resolution_facts() -> QuerySet:
    """One row per resolution of a case (a case resolved again after reopening counts again), in its month."""
    return CaseEvent.objects.filter(action="resolve").annotate(record=F("case_id"), month=TruncMonth("created_at"),
                                                               where=F("case__country_where_id"))


# Time bands (upper bounds, in days) of the statistics of time to first response and to resolution: "007" is "3 days
# or more and under 7"; "366" is a year or more. Exact days are not kept: the bands are what the medians are read in.
DAY_BANDS = (1, 2, 3, 7, 14, 30, 60, 90, 180, 365)


def _days_band(until: str, since: str):
    from datetime import timedelta  # why: only the statistics reads need them

    from django.db.models import Case as Cases  # why: same
    from django.db.models import CharField, F, Value, When  # why: same

    whens = [When(**{f"{until}__lt": F(since) + timedelta(days=d)}, then=Value(f"{d:03d}")) for d in DAY_BANDS]
    return Cases(*whens, default=Value("366"), output_field=CharField())


def indicator_facts() -> QuerySet:
    """One row per case and forced-labour indicator found by its triage screening (several findings of one indicator
    in one case count once): the case, the month it was filed, the indicator."""
    from django.db.models import F, Min  # why: only this statistics read needs them
    from django.db.models.functions import TruncMonth  # why: same

    first = IndicatorFinding.objects.values("case_id", "indicator").annotate(first=Min("id")).values("first")
    return IndicatorFinding.objects.filter(pk__in=first).annotate(
        record=F("case_id"), month=TruncMonth("case__created_at"), indicator_code=F("indicator"))


def first_response_facts() -> QuerySet:
    """One row per case that an officer acted on after filing (its first transition out of "received": triaged or
    closed), in the month of that response, with the time from filing as a band of days (DAY_BANDS)."""
    from django.db.models import F  # why: only this statistics read needs them
    from django.db.models.functions import TruncMonth  # why: same

    from corridor.cases.models import CaseEvent  # why: kept beside the reads that alone use it

    return CaseEvent.objects.filter(from_status=CaseStatus.RECEIVED).exclude(action="file").annotate(
        record=F("case_id"), month=TruncMonth("created_at"), days=_days_band("created_at", "case__created_at"))


def resolution_time_facts() -> QuerySet:
    """resolution_facts() with the time from filing to that resolution as a band of days (DAY_BANDS)."""
    return resolution_facts().annotate(days=_days_band("created_at", "case__created_at"))


def claim_facts() -> QuerySet:
    """One row per money claim of a case (documents owed are not money): the month it was added, its currency and
    amount."""
    from django.db.models import F  # why: only this statistics read needs them
    from django.db.models.functions import TruncMonth  # why: same

    from corridor.cases.models import Claim  # why: kept beside the reads that alone use it

    return Claim.objects.exclude(kind="documents").annotate(record=F("pk"), month=TruncMonth("created_at"),
                                                            money=F("currency_id"))


def recovery_facts() -> QuerySet:
    """One row per money recovered for a claim: the month it was recovered, the claim's currency and the amount."""
    from django.db.models import F  # why: only this statistics read needs them
    from django.db.models.functions import TruncMonth  # why: same

    from corridor.cases.models import Recovery  # why: kept beside the reads that alone use it

    return Recovery.objects.exclude(claim__kind="documents").annotate(
        record=F("pk"), month=TruncMonth("recovered_on"), money=F("claim__currency_id"))
