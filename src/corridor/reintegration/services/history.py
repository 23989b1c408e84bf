"""Demo only: past returns and their follow-ups loaded in bulk (`follow_ups_backfill`), so that the demo's statistics
(reintegration outcomes by month) show a year of figures. A backfill, as an office taking over an earlier system's
records would load them: written with the dates they happened on, in a few INSERTs per table, and NO domain event is
published for them (no notice, no tally): the statistics count them when the indicators' own rebuild runs
(`indicators_rebuild`, which the indicators demo calls once at the end), from the same fact query the
`reintegration.follow_up_recorded` event uses.

What each past return gets is what the services would have written: the return (`record`, then `plan`, and `close`
once every follow-up is done, each a lifecycle event on its day), the plan, its referrals, and each referral's three
follow-ups (3, 6 and 12 months, due dates as `referral_make` computes them), those done with their outcome and day.
One audit entry (`reintegration.backfill`) records it. Only the system may call it (the demo loader).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from corridor.core import audit
from corridor.core.backfill import dated, require_system
from corridor.reintegration.choices import (
    FOLLOW_UP_MONTHS,
    FollowUpOutcome,
    ReturnCause,
    ReturnSource,
    ReturnStatus,
)
from corridor.reintegration.models import FollowUp, Plan, Referral, Return, ReturnEvent, Service
from corridor.reintegration.services._common import new_reference
from corridor.reintegration.services.followup import add_months


@dataclass(frozen=True)
class PastReferral:
    """A referral to one service of the catalogue, and the follow-ups done: {months after the referral: (outcome,
    the day it was done)}; the others are still open."""

    service_id: int
    referred_on: dt.date
    done: dict[int, tuple[str, dt.date]]


@dataclass(frozen=True)
class PastReturn:
    worker_name: str
    destination: str
    returned_on: dt.date
    cause: str
    goals: str
    planned_on: dt.date
    referrals: tuple[PastReferral, ...]


def _check(p: PastReturn, today: dt.date, services: set[int]) -> None:
    """ValueError when the return could not have happened so."""
    if p.cause not in ReturnCause.values or not p.worker_name.strip() or len(p.destination) != 2:
        raise ValueError(f"a past return needs a worker, a destination and a known cause: {p}")
    if not p.returned_on <= p.planned_on <= today or not p.referrals:
        raise ValueError("a past return is planned after the return, not after today, with at least one referral")
    for r in p.referrals:
        if r.service_id not in services or r.referred_on < p.planned_on or r.referred_on > today:
            raise ValueError(f"a referral to a known service, on or after the plan: {r}")
        for months, (outcome, done_on) in r.done.items():
            if months not in FOLLOW_UP_MONTHS or outcome not in FollowUpOutcome.values:
                raise ValueError(f"a follow-up at {FOLLOW_UP_MONTHS} months with a known outcome: {months} {outcome}")
            if not r.referred_on < done_on <= today:
                raise ValueError("a follow-up is done after its referral and not after today")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)


def follow_ups_backfill(*, acting_user, caseworker, past: list[PastReturn]) -> int:
    """Write `past` in bulk (see the module's docstring) as `caseworker`'s work; returns how many follow-ups done."""
    require_system(acting_user)
    today = timezone.localdate()
    known = set(Service.objects.filter(pk__in={r.service_id for p in past for r in p.referrals})
                .values_list("pk", flat=True))
    for p in past:
        _check(p, today, known)
    if not past:
        return 0
    organisation = caseworker.organisation if caseworker.organisation_id else None
    with transaction.atomic(), dated(Return, ReturnEvent, Plan):
        returns = Return.objects.bulk_create([Return(
            reference=new_reference("RET"), worker_name=p.worker_name[:200], destination=p.destination.upper(),
            returned_on=p.returned_on, cause=p.cause, source=ReturnSource.OFFICER, recorded_by=caseworker,
            recorded_at=_at(p.returned_on, 9),
            status=ReturnStatus.CLOSED if _all_done(p) else ReturnStatus.SUPPORTED) for p in past], batch_size=500)
        events = []
        for p, record in zip(past, returns, strict=True):
            events.append(ReturnEvent(return_record=record, actor=caseworker, action="record",
                                      to_status=ReturnStatus.RECORDED, detail={"backfill": True},
                                      created_at=_at(p.returned_on, 9)))
            events.append(ReturnEvent(return_record=record, actor=caseworker, action="plan",
                                      from_status=ReturnStatus.RECORDED, to_status=ReturnStatus.SUPPORTED,
                                      reason=p.goals[:200], created_at=_at(p.planned_on)))
            if record.status == ReturnStatus.CLOSED:
                last = max(on for r in p.referrals for _o, on in r.done.values())
                events.append(ReturnEvent(return_record=record, actor=caseworker, action="close",
                                          from_status=ReturnStatus.SUPPORTED, to_status=ReturnStatus.CLOSED,
                                          reason="All follow-ups done.", created_at=_at(last, 16)))
        ReturnEvent.objects.bulk_create(events, batch_size=500)
        plans = Plan.objects.bulk_create([
            Plan(return_record=record, goals=p.goals[:4000], organisation=organisation, created_by=caseworker,
                 created_at=_at(p.planned_on)) for p, record in zip(past, returns, strict=True)], batch_size=500)
        referrals = Referral.objects.bulk_create([
            Referral(plan=plan, service_id=r.service_id, referred_on=r.referred_on, referred_by=caseworker)
            for p, plan in zip(past, plans, strict=True) for r in p.referrals], batch_size=500)
        done = 0
        follow_ups = []
        for r, referral in zip([r for p in past for r in p.referrals], referrals, strict=True):
            for months in FOLLOW_UP_MONTHS:
                outcome, done_on = r.done.get(months, ("", None))
                done += done_on is not None
                follow_ups.append(FollowUp(referral=referral, months=months, due_on=add_months(r.referred_on, months),
                                           done_on=done_on, outcome=outcome,
                                           recorded_by=caseworker if done_on else None))
        FollowUp.objects.bulk_create(follow_ups, batch_size=500)
        audit.record(actor=acting_user, action="reintegration.backfill", object_type="reintegration.Return",
                     detail={"returns": len(returns), "referrals": len(referrals), "follow_ups_done": done,
                             "from": min(p.returned_on for p in past).isoformat(),
                             "to": max(p.returned_on for p in past).isoformat()})
    return done


def _all_done(p: PastReturn) -> bool:
    return all(set(r.done) == set(FOLLOW_UP_MONTHS) for r in p.referrals)
