"""Inspection plans: the riskiest sites of a sector and region first, shared among inspectors by quota; plus
unannounced and complaint-driven visits scheduled one at a time."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
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
    the cool-off period drops below every other unless a signal arrived after that visit.

    One query of hash joins, shaped for a million sites: the visits are grouped once (the last completed visit of
    each site inside the cool-off period, the sites with an open visit), never looked up once per site."""
    now = now or timezone.now()
    ops = connection.ops
    score_table, site_table, visit_table = RiskScore._meta.db_table, Worksite._meta.db_table, Visit._meta.db_table
    done, still_open = list(map(str, DONE)), list(map(str, OPEN_VISIT))
    params: list = [*done, ops.adapt_datetimefield_value(now - timedelta(days=cooloff_days)), *still_open]
    where = ["s.worksite_id IS NOT NULL", "o.worksite_id IS NULL"]
    if sector:
        where.append("w.sector = %s")
        params.append(sector)
    if region:
        where.append("UPPER(w.region) = UPPER(%s)")
        params.append(region)
    site_join = f"JOIN {site_table} w ON w.id = s.worksite_id" if sector or region else ""
    params.append(int(limit))
    sql = f"""
WITH recent AS (
    SELECT worksite_id, MAX(completed_at) AS done FROM {visit_table}
    WHERE status IN ({", ".join(["%s"] * len(done))}) AND completed_at >= %s GROUP BY worksite_id),
still_open AS (SELECT DISTINCT worksite_id FROM {visit_table} WHERE status IN ({", ".join(["%s"] * len(still_open))}))
SELECT worksite_id, employer_id, score, recent FROM (
    SELECT s.worksite_id, s.employer_id, s.score,
           CASE WHEN r.worksite_id IS NOT NULL AND (s.last_signal_at IS NULL OR s.last_signal_at <= r.done)
                THEN 1 ELSE 0 END AS recent
    FROM {score_table} s {site_join}
    LEFT JOIN recent r ON r.worksite_id = s.worksite_id
    LEFT JOIN still_open o ON o.worksite_id = s.worksite_id
    WHERE {" AND ".join(where)}) ranked
ORDER BY recent, score DESC, worksite_id
LIMIT %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [Candidate(worksite_id, employer_id, Decimal(str(score)).quantize(Decimal("0.01")), bool(recent))
            for worksite_id, employer_id, score, recent in rows]


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
