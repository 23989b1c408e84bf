"""The demo-only bulk backfill of past clearances (clearance/services/history.py) refuses any caller but the system
and an unknown outcome, before writing anything (no database needed). What it writes is checked through the demo:
tests/indicators/test_demo.py (the statistics) and tests/core/test_lifecycle_demo.py (statuses agree with events)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from corridor.clearance.demo import year_months, year_plan
from corridor.clearance.services import history
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
