"""Demo only: a year of past complaints loaded in bulk (`cases_backfill`), so that the demo's statistics (grievances,
forced-labour indicators, times to first response and to resolution, money claimed and recovered) show months of
figures. A backfill, as a node taking over an earlier system's records would load them: written with the dates they
happened on, in a few INSERTs per table, publishing NO domain event (no notification, no referral, no tally): the
indicators' own rebuild (`indicators_rebuild`, run once at the end of the demo) counts them from the same fact
queries the events use.

Each past complaint gets what the services would have written: the case (filed by staff on the worker's behalf, its
team and officer, urgency from the real triage screening), its grievances, parties, answers, the screening's
indicator findings, the complainant (encrypted fields), its events (`file`, then each transition on its day, checked
against the case lifecycle's table), its money claims with their liability chain (the law's order, `CHAIN_ORDER`)
and the recoveries. One audit entry (`case.backfill`) records it. Only the system may call it (the demo loader).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from corridor.cases import receipts, routing, sla, triage
from corridor.cases.choices import (
    CaseStatus,
    Channel,
    ClaimKind,
    GrievanceType,
    Jurisdiction,
    LiabilityStatus,
)
from corridor.cases.lifecycles import CASE
from corridor.cases.models import (
    Case,
    CaseAnswer,
    CaseEvent,
    Claim,
    Complainant,
    Grievance,
    IndicatorFinding,
    Liability,
    Recovery,
    Respondent,
)
from corridor.cases.services.remedies import CHAIN_ORDER
from corridor.core import audit
from corridor.core.backfill import dated, require_system

S = CaseStatus


@dataclass(frozen=True)
class PastClaim:
    """Money owed to the worker, added to the case on `added_at`; `recoveries`: (amount, day) paid back."""

    kind: str
    amount: Decimal
    currency: str
    added_at: dt.datetime
    recoveries: tuple[tuple[Decimal, dt.date], ...] = ()
    description: str = ""


@dataclass(frozen=True)
class PastComplaint:
    """One past complaint: what happened, against whom (`respondents`: (role, name)), filed `filed_at`, then the
    case's transitions (`steps`: (action, when), in order, as the lifecycle allows them) and its money claims."""

    grievances: tuple[str, ...]
    nationality: str
    country_where: str
    complainant_name: str
    respondents: tuple[tuple[str, str], ...]
    filed_at: dt.datetime
    steps: tuple[tuple[str, dt.datetime], ...] = ()
    answers: dict = field(default_factory=dict)
    place: str = ""
    resolution: str = ""
    claims: tuple[PastClaim, ...] = ()


def _check(p: PastComplaint, now: dt.datetime) -> str:
    """The complaint's final status; ValueError when it could not have happened so."""
    if not p.grievances or set(p.grievances) - set(GrievanceType.values):
        raise ValueError(f"unknown grievance in {p.grievances}")
    if not p.respondents:
        raise ValueError("a complaint names at least one party")
    status, last = S.RECEIVED, p.filed_at
    for action, at in p.steps:
        step = CASE.actions.get(action)
        if step is None or status not in step.source:
            raise ValueError(f"{action} is not allowed from {status}")
        if at < last:
            raise ValueError("the steps must follow each other in time")
        status, last = step.target, at
    for c in p.claims:
        if c.kind not in ClaimKind.values or c.kind == ClaimKind.DOCUMENTS or c.amount <= 0:
            raise ValueError(f"a past claim is money: {c.kind} {c.amount}")
        if sum((a for a, _d in c.recoveries), Decimal(0)) > c.amount:
            raise ValueError("recovered more than claimed")
        last = max([last, c.added_at] + [dt.datetime.combine(d, dt.time.min, tzinfo=dt.UTC) for _a, d in c.recoveries])
    if last > now:
        raise ValueError("a past complaint cannot end in the future")
    return status


def _references(n: int) -> list[str]:
    refs: set[str] = set()
    while len(refs) < n:
        refs |= {"C-" + "".join(secrets.choice(receipts.ALPHABET) for _i in range(8)) for _j in range(n - len(refs))}
        refs -= set(Case.objects.filter(reference__in=refs).values_list("reference", flat=True))
    return sorted(refs)


def cases_backfill(*, acting_user, officer, past: list[PastComplaint]) -> int:
    """Write `past` in bulk (see the module's docstring) as the cases of `officer`'s team; returns how many."""
    require_system(acting_user)
    now = timezone.now()
    statuses = [_check(p, now) for p in past]
    wheres = [routing.jurisdiction(nationality=p.nationality, country_where=p.country_where) for p in past]
    if Jurisdiction.OTHER in wheres:
        raise ValueError("a past complaint must be this node's: its national's or about work here")
    if not past:
        return 0
    screens = {}
    for p in past:
        key = (p.grievances, tuple(sorted(p.answers.items())))
        if key not in screens:
            screens[key] = triage.screen(grievances=list(p.grievances), answers=dict(p.answers), narrative="")
    team, label = officer.organisation, officer.get_username()
    with transaction.atomic(), dated(Case, CaseEvent, Claim, Recovery):
        cases = []
        for p, status, where, ref in zip(past, statuses, wheres, _references(len(past)), strict=True):
            screen = screens[(p.grievances, tuple(sorted(p.answers.items())))]
            last = p.steps[-1][1] if p.steps else p.filed_at
            cases.append(Case(
                reference=ref, status=status, channel=Channel.STAFF, is_urgent=screen.urgent,
                urgent_reasons=",".join(screen.urgent_reasons)[:300], nationality_id=p.nationality,
                country_where_id=p.country_where, place=p.place[:200], jurisdiction=where, assigned_team=team,
                assigned_officer=officer if status not in (S.RECEIVED, S.TRIAGED) else None, filed_by=officer,
                filed_by_organisation=team, resolution=p.resolution if status in (S.RESOLVED, S.CLOSED) else "",
                # an open past case's time limit runs from now: the escalation task does not flood the team
                stage_due_at=sla.due_at(status, urgent=screen.urgent, since=now),
                created_at=p.filed_at, updated_at=last))
        cases = Case.objects.bulk_create(cases, batch_size=500)
        Grievance.objects.bulk_create([Grievance(case=c, kind=g) for c, p in zip(cases, past, strict=True)
                                       for g in dict.fromkeys(p.grievances)], batch_size=1000)
        CaseAnswer.objects.bulk_create([CaseAnswer(case=c, question=k, answer=v) for c, p in zip(cases, past, strict=True)
                                        for k, v in p.answers.items()], batch_size=1000)
        IndicatorFinding.objects.bulk_create([
            IndicatorFinding(case=c, indicator=f.indicator, source=f.source, evidence=f.evidence, language=f.language)
            for c, p in zip(cases, past, strict=True)
            for f in screens[(p.grievances, tuple(sorted(p.answers.items())))].findings], batch_size=1000)
        Complainant.objects.bulk_create([Complainant(case=c, full_name=p.complainant_name)
                                         for c, p in zip(cases, past, strict=True)], batch_size=500)
        parties = Respondent.objects.bulk_create([Respondent(case=c, role=role, name=name[:200])
                                                  for c, p in zip(cases, past, strict=True)
                                                  for role, name in p.respondents], batch_size=1000)
        by_case: dict[int, list[Respondent]] = {}
        for r in parties:
            by_case.setdefault(r.case_id, []).append(r)

        def event(case, action, before, after, at, reason=""):
            return CaseEvent(case=case, actor=officer, action=action, from_status=before, to_status=after,
                             reason=reason, created_at=at, actor_label=label, effective_date=at.date())

        rows = []
        claims, plans = [], []
        for c, p in zip(cases, past, strict=True):
            rows.append(event(c, "file", "", S.RECEIVED, p.filed_at))
            status = S.RECEIVED
            for action, at in p.steps:
                target = CASE.actions[action].target
                rows.append(event(c, action, status, target, at, p.resolution if action == "resolve" else ""))
                status = target
            for pc in p.claims:
                rows.append(event(c, "claim_add", "", "", pc.added_at, f"{pc.kind} {pc.amount} {pc.currency}"))
                rows += [event(c, "recovery", "", "", dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
                               f"{pc.kind} {amount} {pc.currency}") for amount, day in pc.recoveries]
                settled = pc.recoveries[-1][1] if sum((a for a, _d in pc.recoveries), Decimal(0)) == pc.amount else None
                claims.append(Claim(case=c, kind=pc.kind, amount=pc.amount, currency_id=pc.currency,
                                    description=pc.description[:300], settled_on=settled, created_at=pc.added_at))
                plans.append(pc)
        CaseEvent.objects.bulk_create(rows, batch_size=1000)
        claims = Claim.objects.bulk_create(claims, batch_size=500)
        liabilities, recoveries = [], []
        for claim, pc in zip(claims, plans, strict=True):
            order = CHAIN_ORDER.get(pc.kind, CHAIN_ORDER[ClaimKind.OTHER])
            chain = sorted(by_case[claim.case_id], key=lambda r, order=order: (
                order.index(r.role) if r.role in order else len(order), r.pk))
            liabilities += [Liability(claim=claim, respondent=r, rank=i + 1, status=(
                LiabilityStatus.LIABLE if i else LiabilityStatus.DISCHARGED if claim.settled_on else LiabilityStatus.CURRENT))
                for i, r in enumerate(chain)]
            recoveries += [Recovery(claim=claim, respondent=chain[0], amount=amount, recovered_on=day,
                                    created_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC))
                           for amount, day in pc.recoveries]
        Liability.objects.bulk_create(liabilities, batch_size=1000)
        Recovery.objects.bulk_create(recoveries, batch_size=1000)
        audit.record(actor=acting_user, action="case.backfill", object_type="cases.Case",
                     detail={"cases": len(cases), "claims": len(claims), "recoveries": len(recoveries), "demo": True,
                             "from": min(p.filed_at for p in past).date().isoformat(),
                             "until": max(p.filed_at for p in past).date().isoformat()})
    return len(cases)
