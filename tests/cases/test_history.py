"""The demo-only bulk backfill of past complaints (cases/services/history.py): only the system may call it, it
refuses what could not have happened, and it writes cases dated on their days that the statistics count in their
months. The year's plan (cases/demo.py) is checked without the database."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db.models import Count

from corridor.accounts.choices import Role
from corridor.cases import selectors
from corridor.cases.demo import year_plan
from corridor.cases.models import Case, CaseEvent, Claim, Recovery
from corridor.cases.services import history
from corridor.clearance.demo import year_months
from corridor.core.audit import AuditEntry
from corridor.core.errors import PermissionDenied

MARCH = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _past(**over):
    data = {"grievances": ("unpaid_wages", "documents_taken"), "nationality": "PH", "country_where": "SA",
            "complainant_name": "Maria Santos", "respondents": (("employer", "A household (demo)"),
                                                                ("agency", "An agency (demo)")),
            "filed_at": MARCH, "answers": {"paid_in_full": "no"},
            "steps": (("triage", MARCH + dt.timedelta(days=2)), ("assign", MARCH + dt.timedelta(days=3)),
                      ("start", MARCH + dt.timedelta(days=4)), ("resolve", MARCH + dt.timedelta(days=40))),
            "resolution": "Arrears paid (demo).",
            "claims": (history.PastClaim(kind="wages", amount=Decimal("3000.00"), currency="SAR",
                                         added_at=MARCH + dt.timedelta(days=5),
                                         recoveries=((Decimal("1000.00"), dt.date(2026, 3, 20)),
                                                     (Decimal("2000.00"), dt.date(2026, 4, 8)))),)}
    return history.PastComplaint(**(data | over))


def test_only_the_system_may_backfill():
    user = SimpleNamespace(pk=1, role="consular_attache", is_authenticated=True)
    with pytest.raises(PermissionDenied):
        history.cases_backfill(acting_user=user, officer=user, past=[_past()])


@pytest.mark.parametrize("over", [
    {"steps": (("resolve", MARCH),)},  # not allowed from "received"
    {"steps": (("triage", MARCH + dt.timedelta(days=3)), ("close", MARCH + dt.timedelta(days=1)))},  # back in time
    {"filed_at": dt.datetime(2099, 1, 1, tzinfo=dt.UTC), "steps": (), "claims": ()},  # the future
    {"grievances": ("nonsense",)},
])
def test_what_could_not_have_happened_is_refused(over):
    with pytest.raises(ValueError):
        history.cases_backfill(acting_user=None, officer=None, past=[_past(**over)])


@pytest.mark.django_db
def test_the_backfill_writes_cases_dated_on_their_days(make_user, make_org):
    attache = make_user(role=Role.CONSULAR_ATTACHE, organisation=make_org("consulate", country="PH", post_country="SA"))
    april = MARCH + dt.timedelta(days=31)
    written = history.cases_backfill(acting_user=None, officer=attache, past=[
        _past(), _past(filed_at=april, steps=(("close", april + dt.timedelta(days=1)),), claims=(), resolution="")])
    assert written == 2
    first, second = Case.objects.order_by("created_at")
    assert (first.status, first.created_at, first.assigned_team) == ("resolved", MARCH, attache.organisation)
    assert (second.status, second.created_at) == ("closed", april)
    assert list(first.events.values_list("action", "created_at")) == [
        ("file", MARCH), ("triage", MARCH + dt.timedelta(days=2)), ("assign", MARCH + dt.timedelta(days=3)),
        ("start", MARCH + dt.timedelta(days=4)), ("claim_add", MARCH + dt.timedelta(days=5)),
        ("recovery", dt.datetime(2026, 3, 20, 10, tzinfo=dt.UTC)), ("recovery", dt.datetime(2026, 4, 8, 10, tzinfo=dt.UTC)),
        ("resolve", MARCH + dt.timedelta(days=40))]
    # the real screening found the indicators of the grievances and answers
    assert set(first.findings.values_list("indicator", flat=True)) == {"withholding_of_wages", "retention_of_documents"}
    claim = Claim.objects.get()
    assert claim.settled_on == dt.date(2026, 4, 8) and claim.liabilities.get(rank=1).respondent.role == "employer"
    assert sorted(Recovery.objects.values_list("recovered_on", flat=True)) == [dt.date(2026, 3, 20), dt.date(2026, 4, 8)]
    # the statistics' facts fall in their months
    by_month = dict(selectors.grievance_facts().values("month").annotate(n=Count("pk")).values_list("month", "n"))
    assert {m.strftime("%Y-%m"): n for m, n in by_month.items()} == {"2026-03": 2, "2026-04": 2}  # two grievances each
    assert [f.month.strftime("%Y-%m") for f in selectors.resolution_facts()] == ["2026-04"]
    assert {f.record for f in selectors.first_response_facts()} == {first.pk, second.pk}
    assert CaseEvent.objects.filter(action="file").count() == 2
    assert AuditEntry.objects.filter(action="case.backfill").count() == 1


def test_the_year_plan_is_a_year_of_past_complaints_in_every_month():
    today = dt.date(2026, 12, 5)
    plan = year_plan(today=today, country="PH", abroad="SA", employer="E", agency="A")
    assert plan == year_plan(today=today, country="PH", abroad="SA", employer="E", agency="A")  # seeded
    now = dt.datetime.combine(today, dt.time(0), tzinfo=dt.UTC)
    per_month = {}
    for p in plan:
        per_month[p.filed_at.date().replace(day=1)] = per_month.get(p.filed_at.date().replace(day=1), 0) + 1
        assert all(at <= now for _a, at in p.steps) and p.nationality == "PH" and p.country_where in ("SA", "AE")
    assert set(per_month) == set(year_months(today)) and min(per_month.values()) >= 25
    assert sum(1 for p in plan if any(a == "resolve" for a, _t in p.steps)) > len(plan) / 2
    destination = year_plan(today=today, country="SA", abroad="SA", employer="E", agency="A")
    assert {p.country_where for p in destination} == {"SA"} and len({p.nationality for p in destination}) > 3
