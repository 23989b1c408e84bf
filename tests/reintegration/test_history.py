"""The demo-only bulk backfill of past returns and their follow-ups (reintegration/services/history.py): only the
system may call it, it refuses what could not have happened, and it writes returns, plans, referrals and follow-ups
dated on their days, which the statistics count in the months the follow-ups were done. The year's plan
(reintegration/demo.py) is checked without the database."""

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from corridor.core.audit import AuditEntry
from corridor.core.errors import PermissionDenied
from corridor.indicators import services as indicators
from corridor.indicators.models import Tally
from corridor.reintegration import demo, services
from corridor.reintegration.choices import FOLLOW_UP_MONTHS
from corridor.reintegration.models import FollowUp, Return, ReturnEvent
from corridor.reintegration.services import history

TODAY = timezone.localdate()


@pytest.fixture
def jobs(db, origin_officer):
    centre = services.provider_register(acting_user=origin_officer, name="Reintegration Centre, Manila")
    return services.service_add(acting_user=origin_officer, provider=centre, kind="jobs", name="Job matching")


def _past(service_id, **changes):
    returned = TODAY - dt.timedelta(days=420)
    referred = returned + dt.timedelta(days=10)
    done = {3: ("helped", services.add_months(referred, 3)), 6: ("employed", services.add_months(referred, 6)),
            12: ("employed", services.add_months(referred, 12))}
    past = history.PastReturn(worker_name="Ana Cruz Santos", destination="SA", returned_on=returned, cause="exit",
                              goals="A job at home.", planned_on=returned + dt.timedelta(days=5),
                              referrals=(history.PastReferral(service_id=service_id, referred_on=referred, done=done),))
    return dataclasses.replace(past, **changes)


def test_only_the_system_may_backfill(jobs, caseworker):
    with pytest.raises(PermissionDenied):
        history.follow_ups_backfill(acting_user=caseworker, caseworker=caseworker, past=[_past(jobs.pk)])
    assert not Return.objects.exists()


@pytest.mark.parametrize("change", [
    {"cause": "holiday"},
    {"destination": "SAU"},
    {"planned_on": TODAY + dt.timedelta(days=1)},
    {"referrals": ()},
    "unknown service", "future follow-up", "unknown outcome", "follow-up before the referral"])
def test_what_could_not_have_happened_is_refused_and_nothing_written(jobs, caseworker, change):
    past = _past(jobs.pk)
    referral = past.referrals[0]
    if isinstance(change, dict):
        past = dataclasses.replace(past, **change)
    else:
        done = dict(referral.done)
        if change == "unknown service":
            referral = dataclasses.replace(referral, service_id=jobs.pk + 99)
        elif change == "future follow-up":
            done[12] = ("employed", TODAY + dt.timedelta(days=1))
        elif change == "unknown outcome":
            done[3] = ("rich", done[3][1])
        else:
            done[3] = ("helped", referral.referred_on - dt.timedelta(days=1))
        past = dataclasses.replace(past, referrals=(dataclasses.replace(referral, done=done),))
    with pytest.raises(ValueError):
        history.follow_ups_backfill(acting_user=None, caseworker=caseworker, past=[past])
    assert not Return.objects.exists() and not FollowUp.objects.exists()


def test_a_backfill_writes_dated_records_that_the_statistics_count(jobs, caseworker):
    open_one = _past(jobs.pk, worker_name="Rosario Reyes")
    referral = open_one.referrals[0]
    open_one = dataclasses.replace(open_one, referrals=(dataclasses.replace(
        referral, done={3: referral.done[3]}),))
    done = history.follow_ups_backfill(acting_user=None, caseworker=caseworker, past=[_past(jobs.pk), open_one])
    assert done == 4
    closed, supported = Return.objects.get(worker_name="Ana Cruz Santos"), Return.objects.get(worker_name="Rosario Reyes")
    assert closed.status == "closed" and supported.status == "supported"
    assert closed.recorded_at.date() == closed.returned_on
    assert list(ReturnEvent.objects.filter(return_record=closed).values_list("action", flat=True)) == [
        "record", "plan", "close"]
    assert FollowUp.objects.filter(referral__plan__return_record=supported, done_on__isnull=True).count() == 2
    assert sorted(FollowUp.objects.filter(referral__plan__return_record=closed).values_list("months", flat=True)) == \
        list(FOLLOW_UP_MONTHS)
    entry = AuditEntry.objects.get(action="reintegration.backfill")
    assert entry.detail["returns"] == 2 and entry.detail["follow_ups_done"] == 4
    assert not Tally.objects.filter(table="reintegration_outcomes").exists()  # no event: counted at the rebuild
    indicators.indicators_rebuild(acting_user=None)
    cells = {(p, k): n for p, k, n in Tally.objects.filter(table="reintegration_outcomes")
             .values_list("period", "key", "count")}
    three = referral.done[3][1]
    assert cells[(f"{three:%Y-%m}", "helped")] == 2 and sum(cells.values()) == 4


def test_the_years_plan_falls_in_the_last_twelve_months():
    kinds = {kind: n for n, kind in enumerate(demo.YEAR_OUTCOMES)}
    today = dt.date(2026, 12, 5)
    plan = demo.year_plan(today, kinds)
    assert plan == demo.year_plan(today, kinds)  # deterministic
    done = [(outcome, on) for p in plan for r in p.referrals for outcome, on in r.done.values()]
    assert len(done) > 600
    assert all(dt.date(2025, 12, 1) <= on <= today - dt.timedelta(days=21) for _o, on in done)
    for p in plan:
        for r in p.referrals:
            after_drop = [o for m, (o, _on) in sorted(r.done.items()) if m > min(
                [m for m, (o, _on) in r.done.items() if o == "dropped"], default=99)]
            assert set(after_drop) <= {"dropped"}
