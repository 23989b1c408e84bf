"""Every read of the inspection app, scoped to the acting user; a record out of scope is "not found".

- inspectors and other destination officers, auditors (`inspection.view`): everything but interviews;
- inspectors only (`inspection.interview` and a labour inspectorate): interviews, each read logged;
- employer staff (`inspection.respond`): their own employer's completed visits, orders and sanctions, with no
  interview, no finding drawn from one, and no worker named;
- origin officers and attachés (`inspection.notice_view`): the sanction notices peers sent.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Subquery, Sum

from corridor.accounts.permissions import has_perm
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit
from corridor.core.errors import NotFound
from corridor.core.selectors import one
from corridor.inspection import checklists
from corridor.inspection.choices import SIGNAL_FACTORS, RiskFactor, VisitStatus
from corridor.inspection.models import (
    Finding,
    FindingEvidence,
    Interview,
    Order,
    Plan,
    RiskScore,
    Sanction,
    SanctionNotice,
    Visit,
    Worksite,
)
from corridor.inspection.scope import is_inspector
from corridor.inspection.services.risk import weights_in_force
from corridor.registry import selectors as registry_selectors

RESPONDENT_VISIBLE = [VisitStatus.COMPLETED, VisitStatus.CLOSED]


def _view(user) -> bool:
    return has_perm(user, "inspection.view")


def _own_employer(user):
    if not has_perm(user, "inspection.respond") or user.organisation_id is None:
        return None
    return registry_selectors.employer_for_organisation(user.organisation)


# --- risk ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactorRow:
    factor: str
    label: str
    units: str
    weight: Decimal
    cap: Decimal
    window_days: int
    points: Decimal
    reasoning: str
    changed: bool


def score_rows(score: RiskScore | None) -> list[FactorRow]:
    """Every factor of a score with its weight: nothing about a score is hidden."""
    weights = weights_in_force()
    parts = score.breakdown if score is not None else {}
    rows = []
    for factor in [*SIGNAL_FACTORS, RiskFactor.WORKFORCE, RiskFactor.SECTOR]:
        part = parts.get(factor, {})
        key = part.get("weight_key") or factor.value
        weight = weights.get(key) or weights[RiskFactor.WORKFORCE]
        label = factor.label if factor != RiskFactor.SECTOR else f"{factor.label}: {part.get('units') or '-'}"
        rows.append(FactorRow(factor.value, str(label), part.get("units", "0"), weight.weight, weight.cap,
                              weight.window_days, Decimal(part.get("points", "0")), weight.reasoning, weight.changed))
    return rows


def score_ranking(*, user, sector: str = "", region: str = "", limit: int = 100) -> QuerySet[RiskScore]:
    if not _view(user):
        return RiskScore.objects.none()
    scores = RiskScore.objects.filter(worksite__isnull=False).select_related("worksite", "employer")
    if sector:
        scores = scores.filter(worksite__sector=sector)
    if region:
        scores = scores.filter(worksite__region__iexact=region)
    return scores.order_by("-score", "worksite_id")[:limit]


def employer_score(*, user, employer_id: int) -> dict:
    if not _view(user):
        raise NotFound()
    employer = registry_selectors.employer_by_id(employer_id)
    if employer is None:
        raise NotFound()
    score = RiskScore.objects.filter(employer=employer, worksite__isnull=True).first()
    sites = list(Worksite.objects.filter(employer=employer).prefetch_related(
        Prefetch("scores", queryset=RiskScore.objects.all(), to_attr="score_rows")))
    return {"employer": employer, "score": score, "rows": score_rows(score),
            "sites": [(site, site.score_rows[0] if site.score_rows else None) for site in sites]}


def weight_rows(*, user) -> list:
    if not _view(user):
        raise NotFound()
    return sorted(weights_in_force().values(), key=lambda w: w.factor)


# --- worksites and plans ------------------------------------------------------------------------------------------


def worksite_list(*, user, query: str = "") -> QuerySet[Worksite]:
    if not _view(user):
        return Worksite.objects.none()
    sites = Worksite.objects.select_related("employer")
    if query:
        sites = sites.filter(name__icontains=query) | sites.filter(employer__name__icontains=query)
    return sites.order_by("employer__name", "name")


def worksite_get(*, user, pk: int) -> Worksite:
    return one(worksite_list(user=user).filter(pk=pk))


def plan_list(*, user) -> QuerySet[Plan]:
    return Plan.objects.all() if _view(user) else Plan.objects.none()


def plan_get(*, user, pk: int) -> Plan:
    return one(plan_list(user=user).prefetch_related("quotas__inspector").filter(pk=pk))


# --- visits -------------------------------------------------------------------------------------------------------


def visit_scope(user) -> QuerySet[Visit]:
    if _view(user):
        return Visit.objects.all()
    employer = _own_employer(user)
    if employer is not None:
        return Visit.objects.filter(employer=employer, status__in=RESPONDENT_VISIBLE)
    return Visit.objects.none()


def visit_list(*, user, status: str = "", mine: bool = False) -> QuerySet[Visit]:
    visits = visit_scope(user).select_related("worksite", "employer", "inspector")
    if status:
        visits = visits.filter(status=status)
    if mine:
        visits = visits.filter(inspector=user)
    return visits.order_by("-priority", "scheduled_on", "id")


def visit_get(*, user, reference: str) -> Visit:
    visit = visit_scope(user).select_related("worksite", "employer", "inspector", "plan", "follow_up_of").filter(
        reference=reference).first()
    if visit is None:
        raise NotFound()
    return visit


@dataclass(frozen=True)
class ChecklistRow:
    key: str
    label: str
    severity: str
    answer: str
    note: str


def checklist(visit: Visit) -> list[tuple[str, list[ChecklistRow]]]:
    """The visit's questions by topic, with the answers saved so far (an inspector's page only)."""
    current = checklists.current()
    answers = {a.item: a for a in visit.answers.all()}
    topics: dict[str, list[ChecklistRow]] = {}
    for item in current.for_sector(visit.checklist_sector):
        saved = answers.get(item.key)
        topics.setdefault(item.topic, []).append(ChecklistRow(item.key, item.label, item.severity,
                                                              saved.answer if saved else "", saved.note if saved else ""))
    return [(current.topic_title(topic), rows) for topic, rows in topics.items()]


def visit_detail(*, user, visit: Visit) -> dict:
    """What the user may see of a visit. The employer's staff never get interviews, confidential findings or notes."""
    staff = _view(user)
    findings = list(visit.findings.prefetch_related("evidence"))
    if not staff:
        findings = [f for f in findings if not f.confidential]
    return {
        "visit": visit, "staff": staff, "findings": findings,
        "orders": list(visit.orders.all()), "sanctions": list(visit.sanctions.all()),
        "events": list(visit.events.select_related("actor")) if staff else [],
        "interview_count": visit.interviews.count() if staff else 0,
        "checklist": checklist(visit) if staff else [],
        "inspector": is_inspector(user),
    }


def presented_contracts(*, user, visit: Visit) -> list:
    """The registered-against-presented contract checks of workers cleared for this employer (clearance's reads)."""
    if not _view(user):
        return []
    return list(clearance_selectors.arriving_list(user=user).filter(employer_name__iexact=visit.employer.name)
                .prefetch_related("checks")[:50])


def interview_list(*, user, visit: Visit) -> list[Interview]:
    """Confidential: inspectors only; each read is written to the audit trail."""
    if not (has_perm(user, "inspection.interview") and is_inspector(user)):
        raise NotFound()
    interviews = list(visit.interviews.select_related("worker", "conducted_by"))
    audit.record(actor=user, action="interview.view", target=visit, is_read=True,
                 detail={"visit": visit.reference, "interviews": len(interviews)})
    return interviews


def finding_get(*, user, visit: Visit, finding_id: int) -> Finding:
    finding = visit.findings.filter(pk=finding_id).first() if _view(user) else None
    if finding is None:
        raise NotFound()
    return finding


def evidence_get(*, user, visit: Visit, evidence_id: int) -> FindingEvidence:
    if not _view(user):
        raise NotFound()
    evidence = FindingEvidence.objects.filter(pk=evidence_id, finding__visit=visit).first()
    if evidence is None:
        raise NotFound()
    audit.record(actor=user, action="finding.evidence_view", target=evidence, is_read=True)
    return evidence


# --- orders and sanctions -----------------------------------------------------------------------------------------


def order_scope(user) -> QuerySet[Order]:
    if _view(user):
        return Order.objects.all()
    employer = _own_employer(user)
    return Order.objects.filter(employer=employer) if employer is not None else Order.objects.none()


def order_list(*, user, status: str = "") -> QuerySet[Order]:
    orders = order_scope(user).select_related("visit__worksite", "employer")
    if status:
        orders = orders.filter(status=status)
    return orders.order_by("due_on", "id")


def order_get(*, user, reference: str) -> Order:
    return one(order_scope(user).select_related("visit__worksite", "employer", "finding").filter(reference=reference))


def sanction_list(*, user) -> QuerySet[Sanction]:
    if _view(user):
        sanctions = Sanction.objects.all()
    else:
        employer = _own_employer(user)
        sanctions = Sanction.objects.filter(employer=employer) if employer is not None else Sanction.objects.none()
    return sanctions.select_related("employer", "visit")


def notice_list(*, user) -> QuerySet[SanctionNotice]:
    return SanctionNotice.objects.all() if has_perm(user, "inspection.notice_view") else SanctionNotice.objects.none()


# --- for the statistics (indicators app): not scoped to a user, aggregates only ---------------------------------

def employer_workforce(employer_ref) -> Subquery:
    """The workers on all of an employer's worksites (a subquery on `employer_ref`, e.g. an OuterRef to an employer
    id); NULL when the employer has no worksite recorded. For the indicators' employer size bands."""
    return Subquery(Worksite.objects.filter(employer=employer_ref).order_by().values("employer")
                    .annotate(total=Sum("workforce")).values("total")[:1])
