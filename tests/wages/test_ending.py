"""Employment ends: the settlement computed when the registered contract's term runs out (`settle-due`), a worker
leaving with wages owed gets a case with the right to stay at once, and a settlement unpaid after the law's time to
pay opens (or adds to) the case; `worker.employment_ended` is published each time."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from corridor.core.models import DomainEvent
from corridor.wages import services
from corridor.wages.models import Settlement
from tests.wages.conftest import csv_file

pytestmark = pytest.mark.django_db

# the registered contract (tests/rules/cases/base/ph-sa-domestic.json) starts on 2026-12-01 for 24 months
LAST_DAY = dt.date(2028, 11, 30)


def test_the_contract_end_is_its_start_plus_its_months():
    assert services.contract_end({"term": {"start_date": "2026-12-01", "duration_months": 24}}) == LAST_DAY
    assert services.contract_end({"term": {"start_date": "2027-01-31", "duration_months": 1}}) == dt.date(2027, 2, 27)
    assert services.contract_end({"term": {"start_date": "2026-12-01"}}) is None
    assert services.contract_end(None) is None


def test_settle_due_at_the_end_of_the_contract_with_wages_owed(arrival, dest_officer):
    from corridor.cases.models import WageArrearsCase

    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1300.00", "paid_amount": "1300.00"}]))
    assert services.settlements_due(acting_user=None, on=LAST_DAY).computed == []  # not ended yet
    due = services.settlements_due(acting_user=None, on=LAST_DAY + dt.timedelta(days=1))
    (settlement,) = due.computed
    assert (settlement.end_reason, settlement.end_date, settlement.computed_by) == ("contract_end", LAST_DAY, dest_officer)
    assert {ln["kind"]: ln["amount"] for ln in settlement.result["lines"]}["unpaid_wages"] == "200.00"
    ended = DomainEvent.objects.get(name="worker.employment_ended")
    assert (ended.payload["arrival_id"], ended.payload["end_reason"], ended.payload["unpaid_wages"]) == (
        arrival.pk, "contract_end", "200.00")
    # leaving with wages owed: the case holds them with the right to stay, without waiting for the payment
    link = WageArrearsCase.objects.get(arrival_id=arrival.pk)
    assert link.right_to_stay and link.claimed >= Decimal("200.00")
    # run again: nothing is computed twice
    again = services.settlements_due(acting_user=None, on=LAST_DAY + dt.timedelta(days=2))
    assert again.computed == [] and Settlement.objects.count() == 1


def test_a_settlement_unpaid_after_the_time_to_pay_opens_the_case_once(arrival, dest_officer, signed_in, client):
    from corridor.cases.models import WageArrearsCase
    from corridor.core.models import Notification

    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1300.00", "paid_amount": "1300.00"}]))
    settlement = services.settlement_compute(acting_user=dest_officer, arrival=arrival, end_date=dt.date(2027, 11, 30),
                                             end_reason="employer_termination")
    assert settlement.total == Decimal("200.00")  # the unpaid wages (no end-of-service award before four years)
    last = services.pay_by(settlement)
    assert last >= settlement.end_date
    assert services.settlements_due(acting_user=None, on=last).overdue == []
    (overdue,) = services.settlements_due(acting_user=None, on=last + dt.timedelta(days=1)).overdue
    assert overdue.pk == settlement.pk and overdue.overdue_at is not None and overdue.status == "computed"
    assert overdue.events.filter(action="overdue").exists()
    link = WageArrearsCase.objects.get(arrival_id=arrival.pk)
    assert link.right_to_stay and link.claimed == settlement.total
    assert Notification.objects.filter(kind="wages.settlement_overdue", recipient=dest_officer).exists()
    assert services.settlements_due(acting_user=None, on=last + dt.timedelta(days=5)).overdue == []
    from django.urls import reverse

    signed_in(dest_officer)
    page = client.get(reverse("wages:settlement", args=[settlement.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the right to stay" in page and "Not paid by the law" in page


def test_settle_due_needs_the_permission(arrival, make_user):
    from corridor.accounts.choices import Role
    from corridor.core.errors import PermissionDenied
    from tests.conftest import verified

    with pytest.raises(PermissionDenied):
        services.settlements_due(acting_user=verified(make_user(role=Role.AUDITOR, username="aud")), on=LAST_DAY)


def test_the_command(arrival, capsys):
    call_command("wages", "settle-due", "--on", "2028-12-01")
    assert "1 settlement(s) computed" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("wages", "settle-due", "--on", "01/12/2028")


def test_the_daily_task(arrival):
    from corridor.wages.tasks import wages_daily

    assert wages_daily.call() == {"computed": 0, "overdue": 0, "steps": 0}
