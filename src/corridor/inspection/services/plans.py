"""Inspection plans: the riskiest sites of a sector and region first, shared among inspectors by quota; plus
unannounced and complaint-driven visits scheduled one at a time."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.errors import InvalidInput
from corridor.inspection import checklists
from corridor.inspection.choices import OPEN_VISIT, Sector, VisitKind, VisitStatus
from corridor.inspection.errors import NotAnInspector, PlanInvalid
from corridor.inspection.models import Plan, PlanQuota, RiskScore, Visit, Worksite
from corridor.inspection.scope import is_inspector
from corridor.inspection.services._common import _reference, _require_inspector, _user

DONE = [VisitStatus.COMPLETED, VisitStatus.CLOSED]


@dataclass(frozen=True)
class Candidate:
    worksite_id: int
    employer_id: int
    score: object
    recent: bool  # inspected within the cool-off period and nothing new since


def plan_candidates(*, sector: str = "", region: str = "", cooloff_days: int = 180, limit: int = 100, now=None):
    """The ranking of a plan, in SQL: sites with no open visit, the highest score first; a site inspected within
    the cool-off period drops below every other unless a signal arrived after that visit."""
    now = now or timezone.now()
    last_visit = Subquery(Visit.objects.filter(worksite_id=OuterRef("worksite_id"), status__in=DONE)
                          .order_by("-completed_at").values("completed_at")[:1])
    open_visit = Visit.objects.filter(worksite_id=OuterRef("worksite_id"), status__in=OPEN_VISIT)
    scores = RiskScore.objects.filter(worksite__isnull=False)
    if sector:
        scores = scores.filter(worksite__sector=sector)
    if region:
        scores = scores.filter(worksite__region__iexact=region)
    recent = Q(last_visit__gte=now - timedelta(days=cooloff_days)) & (
        Q(last_signal_at__isnull=True) | Q(last_signal_at__lte=F("last_visit")))
    ranked = (scores.annotate(last_visit=last_visit).filter(~Exists(open_visit))
              .annotate(recent=Case(When(recent, then=Value(1)), default=Value(0), output_field=IntegerField()))
              .order_by("recent", "-score", "worksite_id")
              .values_list("worksite_id", "employer_id", "score", "recent")[:limit])
    return [Candidate(*row[:3], bool(row[3])) for row in ranked]


def plan_create(*, acting_user, name: str, starts_on: date, ends_on: date, quotas: list[tuple], sector: str = "",
                region: str = "", cooloff_days: int = 180, now=None) -> Plan:
    """Make a plan and its visits: the top sites, dealt to the inspectors in turn until each quota is full."""
    _require_inspector(acting_user, "inspection.plan")
    name = (name or "").strip()
    quotas = [(inspector, int(quota)) for inspector, quota in quotas if int(quota) > 0]
    if not name or not starts_on or not ends_on or ends_on < starts_on or not quotas or (sector and sector not in Sector.values):
        raise PlanInvalid()
    if any(not is_inspector(inspector) for inspector, _quota in quotas):
        raise NotAnInspector()
    total = sum(quota for _inspector, quota in quotas)
    candidates = plan_candidates(sector=sector, region=region, cooloff_days=cooloff_days, limit=total, now=now)
    version = checklists.current().version
    with transaction.atomic():
        plan = Plan.objects.create(name=name[:200], sector=sector, region=(region or "")[:100], starts_on=starts_on,
                                   ends_on=ends_on, cooloff_days=cooloff_days, created_by=_user(acting_user))
        PlanQuota.objects.bulk_create([PlanQuota(plan=plan, inspector=i, quota=q) for i, q in quotas])
        sectors = dict(Worksite.objects.filter(pk__in=[c.worksite_id for c in candidates]).values_list("id", "sector"))
        left = {inspector.pk: quota for inspector, quota in quotas}
        order = [inspector.pk for inspector, _quota in quotas]
        visits, turn = [], 0
        for candidate in candidates:
            while left[order[turn % len(order)]] == 0:
                turn += 1
            inspector_id = order[turn % len(order)]
            left[inspector_id] -= 1
            turn += 1
            visits.append(Visit(reference=_reference("V"), worksite_id=candidate.worksite_id,
                                employer_id=candidate.employer_id, plan=plan, inspector_id=inspector_id,
                                kind=VisitKind.PLANNED, priority=candidate.score, checklist_sector=sectors[candidate.worksite_id],
                                checklist_version=version,
                                reason=_("Risk score %(score)s%(recent)s") % {
                                    "score": candidate.score,
                                    "recent": _(" (inspected recently, nothing new since)") if candidate.recent else ""}))
        Visit.objects.bulk_create(visits, batch_size=2000)
        audit.record(actor=acting_user, action="plan.create", target=plan,
                     detail={"visits": len(visits), "sector": sector, "region": plan.region,
                             "quotas": {str(i.pk): q for i, q in quotas}})
    return plan


def visit_schedule(*, acting_user, worksite: Worksite, kind: str, inspector=None, scheduled_on: date | None = None,
                   reason: str = "") -> Visit:
    """An unannounced or complaint-driven visit outside any plan (the reason names the complaint, if any)."""
    _require_inspector(acting_user, "inspection.plan")
    if kind not in {VisitKind.UNANNOUNCED, VisitKind.COMPLAINT}:
        raise InvalidInput(fields={"kind": [_("Choose an unannounced or a complaint-driven visit.")]})
    if kind == VisitKind.COMPLAINT and not (reason or "").strip():
        raise InvalidInput(fields={"reason": [_("Say which complaint the visit follows.")]})
    if inspector is not None and not is_inspector(inspector):
        raise NotAnInspector()
    score = RiskScore.objects.filter(worksite=worksite).values_list("score", flat=True).first() or 0
    with transaction.atomic():
        visit = Visit.objects.create(reference=_reference("V"), worksite=worksite, employer_id=worksite.employer_id,
                                     inspector=inspector or _user(acting_user), kind=kind, priority=score,
                                     scheduled_on=scheduled_on, reason=(reason or "").strip()[:2000],
                                     checklist_sector=worksite.sector, checklist_version=checklists.current().version)
        audit.record(actor=acting_user, action="visit.schedule", target=visit, to_state=visit.status,
                     detail={"kind": kind, "worksite": worksite.pk})
    return visit
