"""The demo-only bulk backfill of past clearances (clearance/services/history.py) refuses any caller but the system,
an unknown outcome and destination reports that could not have been, before writing anything (no database needed). What it writes is checked through the demo:
tests/indicators/test_demo.py (the statistics) and tests/core/test_lifecycle_demo.py (statuses agree with events)."""

import dataclasses
import datetime as dt
import random
from types import SimpleNamespace

import pytest

from corridor.clearance.demo import destination_reports, year_months, year_plan
from corridor.clearance.services import history
from corridor.contracts.demo import demo_contract
from corridor.core.errors import PermissionDenied


def _past(outcome="grant"):
    at = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    return history.PastDeployment(full_name="Maria Santos Cruz", sex="F", date_of_birth=dt.date(1990, 1, 1),
                                  passport_number="P1234567A", document={}, job_order_id=None, employer_id=None,
                                  applied_at=at, decided_at=at, outcome=outcome)


def test_only_the_system_may_backfill():
    user = SimpleNamespace(pk=1, role="origin_officer", is_authenticated=True)
    with pytest.raises(PermissionDenied):
        history.clearances_backfill(acting_user=user, agency_user=user, officer=user, past=[_past()])


def test_an_unknown_outcome_is_refused():
    with pytest.raises(ValueError, match="outcome"):
        history.clearances_backfill(acting_user=None, agency_user=None, officer=None, past=[_past("approve")])


def test_the_demo_year_is_the_twelve_whole_months_before_today_and_is_deterministic():
    months = year_months(dt.date(2026, 3, 15))
    assert months[0] == dt.date(2025, 3, 1) and months[-1] == dt.date(2026, 2, 1) and len(months) == 12
    plan = year_plan(dt.date(2026, 3, 15))
    assert plan == year_plan(dt.date(2026, 3, 15)) and {p["month"] for p in plan} == set(months)
    assert {p["outcome"] for p in plan} == set(history.OUTCOMES)


@pytest.mark.parametrize("change", [
    {"arrived_on": dt.date(2026, 3, 20)},  # not departed
    {"outcome": "depart", "later_at": dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), "arrived_on": dt.date(2026, 3, 19)},
    {"outcome": "depart", "later_at": dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), "arrived_on": dt.date(2026, 3, 21),
     "checked_at": dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), "presented": {}},  # checked before arriving
    {"outcome": "depart", "later_at": dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), "arrived_on": dt.date(2026, 3, 21),
     "checked_at": dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)},  # a check without the presented contract
    {"outcome": "depart", "later_at": dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC), "checked_at": None,
     "presented": {}},  # a presented contract without the arrival
    {"outcome": "depart", "later_at": dt.datetime(2999, 3, 20, 9, tzinfo=dt.UTC), "arrived_on": dt.date(2999, 3, 21)},
])
def test_destination_reports_that_could_not_have_been_are_refused(change):
    with pytest.raises(ValueError):
        history.clearances_backfill(acting_user=None, agency_user=None, officer=None,
                                    past=[dataclasses.replace(_past(), **change)])


def test_the_demo_draws_the_destinations_reports_arrival_then_check_some_substituted():
    document = demo_contract(worker={"full_name": "A", "nationality": "PH"}, destination="SA",
                             employer=SimpleNamespace(name="Al Noor", registration_number="1", address="Riyadh"),
                             amount="1500.00", currency="SAR", start=dt.date(2026, 1, 1), signed_on=dt.date(2025, 12, 1))
    rng, now = random.Random(1), dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    departed = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    drawn = [destination_reports(rng, document, departed, now) for _i in range(400)]
    assert all(d["arrived_on"] > departed.date() for d in drawn)
    checked = [d for d in drawn if "checked_at" in d]
    assert 300 < len(checked) < 400 and all(d["checked_at"].date() >= d["arrived_on"] for d in checked)
    substituted = [d for d in checked if d["presented"] != document]
    assert 10 < len(substituted) < 60  # about 9 % in Saudi Arabia
    assert destination_reports(rng, document, now - dt.timedelta(hours=1), now) == {}  # not arrived yet
