"""Each summary table on a small, hand-counted data set; the incremental path (domain events) and the rebuild
(set-based, from the records) give the same tables."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.clearance import services as clearance
from corridor.core import events
from corridor.indicators import services
from corridor.indicators.errors import DebriefInvalid
from corridor.indicators.models import CostSample, Tally
from corridor.reintegration import services as reintegration
from tests.factories.accounts import UserFactory, verified
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


def test_reintegration_outcomes_are_counted_by_month_of_the_follow_up(officer):
    """One return, two referrals: follow-ups done in three months (hand-counted); the worker counts once in a month
    and outcome whichever referral's follow-up is recorded first; follow-ups not done are not counted; the rebuild
    from the records gives the same cells."""
    caseworker = verified(UserFactory(role=Role.CASEWORKER))
    officer = verified(officer)
    today = timezone.localdate()
    centre = reintegration.provider_register(acting_user=officer, name="Reintegration Centre, Manila")
    jobs = reintegration.service_add(acting_user=officer, provider=centre, kind="jobs", name="Job matching")
    skills = reintegration.service_add(acting_user=officer, provider=centre, kind="skills", name="Skills assessment")
    record = reintegration.return_record(acting_user=officer, returned_on=today - dt.timedelta(days=400),
                                         cause="end_of_contract", source="officer", worker_name="Ana Cruz",
                                         destination="SA")
    plan = reintegration.plan_create(acting_user=caseworker, record=record, goals="A job at home.")
    first = reintegration.referral_make(acting_user=caseworker, plan=plan, service=jobs,
                                        referred_on=today - dt.timedelta(days=390))
    second = reintegration.referral_make(acting_user=caseworker, plan=plan, service=skills,
                                         referred_on=today - dt.timedelta(days=390))
    march, april, may = dt.date(2026, 3, 5), dt.date(2026, 4, 20), dt.date(2026, 5, 2)
    for referral, months, outcome, on in [(first, 3, "in_training", march), (second, 3, "certified", march),
                                          (first, 6, "employed", april), (second, 6, "employed", april),
                                          (second, 12, "self_employed", may), (first, 12, "self_employed", may)]:
        reintegration.follow_up_record(acting_user=caseworker, follow_up=referral.follow_ups.get(months=months),
                                       outcome=outcome, done_on=on)
    got = {(p, k): n for t, p, k, n, _a in Tally.objects.filter(table="reintegration_outcomes")
           .values_list("table", "period", "key", "count", "amount")}
    assert got == {("2026-03", "in_training"): 1, ("2026-03", "certified"): 1, ("2026-04", "employed"): 1,
                   ("2026-05", "self_employed"): 1}
    incremental = snapshot()
    Tally.objects.all().delete()
    services.indicators_rebuild(acting_user=None)
    assert snapshot() == incremental
