"""Each summary table on a small, hand-counted data set; the incremental path (domain events) and the rebuild
(set-based, from the records) give the same tables."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from corridor.clearance import services as clearance
from corridor.core import events
from corridor.indicators import services
from corridor.indicators.errors import DebriefInvalid
from corridor.indicators.models import CostSample, Tally
from tests.factories.cases import ComplaintFactory

pytestmark = pytest.mark.django_db
PARTY = [{"role": "employer", "name": "Al Noor Home Services Co."}]


def snapshot() -> dict:
    return {(t, p, k): (n, a) for t, p, k, n, a in Tally.objects.values_list("table", "period", "key", "count", "amount")}


def debrief(reference, **kw):
    payload = {"reference": reference, "origin": "PH", "destination": "SA", "agency_licence": "DMW-0001-LB",
               "recruitment_cost": "1200.00", "cost_currency": "SAR", "monthly_earnings": "1500.00",
               "earnings_currency": "SAR", "returned_on": "2026-03-10", "sex": "F", "occupation": "9111", **kw}
    with transaction.atomic():
        events.publish("reintegration.debrief_recorded", **payload)


@pytest.fixture
def activity(make_clearance, officer):
    """Three clearances granted (two women born 1990, a man born 1970), one refused, one halted after its grant;
    two complaints (one with two grievances); two return debriefs."""
    month = f"{timezone.now():%Y-%m}"
    made = []
    for i, (sex, born) in enumerate([("F", dt.date(1990, 4, 12)), ("F", dt.date(1990, 5, 1)), ("M", dt.date(1970, 1, 2))]):
        c = make_clearance(name=f"Worker {i}", passport=f"P00000{i}A", born=born)
        if sex == "M":
            c.worker.__class__.objects.filter(pk=c.worker_id).update(sex="M")  # test-only: the fixture makes women
        made.append(clearance.clearance_grant(acting_user=officer, clearance=c))
    refused = make_clearance(name="Worker R", passport="P000009R")
    clearance.clearance_refuse(acting_user=officer, clearance=refused, reason="Contract below the standard.")
    clearance.clearance_halt(acting_user=officer, clearance=made[0], reason="Employer on the watchlist.")
    ComplaintFactory(grievances=["unpaid_wages", "documents_taken"], respondents=PARTY)
    ComplaintFactory(grievances=["unpaid_wages"], respondents=PARTY)
    debrief("RD-1")
    debrief("RD-2", recruitment_cost="0", destination="QA")
    return month


def test_each_table_counts_what_it_says(activity):
    month = activity
    age = dt.date.today().year
    got = snapshot()
    assert got[("deployments_by_destination", month, "SA")] == (3, None)
    assert got[("deployments_by_sex", month, "F")][0] == 2 and got[("deployments_by_sex", month, "M")][0] == 1
    young = "35-44" if age - 1990 < 45 else "45+"
    assert got[("deployments_by_age", month, young)][0] == 2 and got[("deployments_by_age", month, "45+")][0] >= 1
    assert got[("deployments_by_occupation", month, "9111")][0] == 3
    assert got[("deployments_by_sector", month, "9")][0] == 3
    assert got[("refusals_by_destination", month, "SA")][0] == 1
    assert got[("halts_by_destination", month, "SA")][0] == 1
    assert got[("complaints_by_grievance", month, "unpaid_wages")][0] == 2
    assert got[("complaints_by_grievance", month, "documents_taken")][0] == 1
    assert got[("returns_by_destination", "2026-03", "SA")][0] == 1
    assert got[("returns_by_destination", "2026-03", "QA")][0] == 1


def test_the_rebuild_gives_the_same_tables_as_the_events(activity):
    incremental = snapshot()
    assert incremental
    services.indicators_rebuild(acting_user=None)
    assert snapshot() == incremental
    Tally.objects.all().delete()  # a new node, or a change of definitions: from the records alone
    services.indicators_rebuild(acting_user=None)
    assert snapshot() == incremental


def test_a_debrief_seen_twice_counts_once(db):
    debrief("RD-9")
    debrief("RD-9")
    assert CostSample.objects.count() == 1
    assert Tally.objects.get(table="returns_by_destination").count == 1


@pytest.mark.parametrize("field,value", [("recruitment_cost", "-1"), ("monthly_earnings", "0"),
                                         ("recruitment_cost", "abc"), ("destination", "SAU"),
                                         ("returned_on", "10/03/2026"), ("reference", "")])
def test_a_bad_debrief_is_refused_and_changes_nothing(db, field, value):
    payload = {"reference": "RD-1", "origin": "PH", "destination": "SA", "recruitment_cost": "10",
               "cost_currency": "SAR", "monthly_earnings": "1500", "earnings_currency": "SAR",
               "returned_on": "2026-03-10", field: value}
    with pytest.raises(DebriefInvalid) as caught:
        services.debrief_record(**payload)
    assert caught.value.code == "indicators.debrief_invalid"
    assert not CostSample.objects.exists() and not Tally.objects.exists()
