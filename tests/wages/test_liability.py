"""Arrears unpaid by the deadline move down the liability chain computed for the worker's case, each step kept and
the next party told; at the end of the chain the destination's wage guarantee fund (Qatar's, Law No. 17 of 2018)
is asked, and its payments are postings the arrears are net of."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from corridor.core import node
from corridor.core.errors import InvalidInput
from corridor.wages import services
from corridor.wages.models import FundPayment, LiabilityStep
from tests.wages.conftest import EMPLOYER_REF, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrears(arrival, dest_officer):
    services.salary_file_import(acting_user=dest_officer, format="csv",
                                data=csv_file([{"basic": "1300.00", "paid_amount": "1300.00"}]))
    return arrival


def as_qatar(monkeypatch):
    real = node.identity()
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("QA", "Qatar", "QA node", real.url))


def test_unpaid_arrears_fall_down_the_chain_then_to_the_fund(arrears, dest_officer, monkeypatch, settings, agency):
    from corridor.cases.models import Liability, Respondent, WageArrearsCase
    from corridor.core.models import Notification

    settings.CORRIDOR_WAGES_DEFAULT_DAYS = 30
    today = timezone.localdate()
    case = WageArrearsCase.objects.get(arrival_id=arrears.pk).case
    # the recruitment agency answers after the employer (as the chain cases computes for a wages claim)
    second = Respondent.objects.create(case=case, role="agency", agency=agency, name=agency.name)
    Liability.objects.create(claim=case.claims.get(), respondent=second, rank=2, status="liable")
    chain = list(Liability.objects.filter(claim__case=case).order_by("rank"))
    assert [c.status for c in chain] == ["current", "liable"]
    # before the deadline: nothing moves
    assert services.arrears_defaults_process(acting_user=None, on=today + dt.timedelta(days=30)) == []
    (step,) = services.arrears_defaults_process(acting_user=None, on=today + dt.timedelta(days=31))
    assert (step.kind, step.total, step.currency, step.deadline) == ("defaulted", Decimal("200.00"), "SAR",
                                                                      today + dt.timedelta(days=30))
    assert (step.party, step.next_party) == (chain[0].respondent.name, agency.name)
    for item in chain:
        item.refresh_from_db()
    assert [c.status for c in chain] == ["defaulted", "current"]
    assert case.events.filter(action="claim_default").exists()
    # the agency, now asked to pay, is told
    assert Notification.objects.filter(kind="cases.liability_next", organisation=agency.organisation).exists()
    # the same day again: no second step
    assert services.arrears_defaults_process(acting_user=None, on=today + dt.timedelta(days=31)) == []
    # every party defaulted, in Qatar: the Workers' Support and Insurance Fund is asked (Law No. 17 of 2018, Art. 1)
    Liability.objects.filter(claim__case=case).update(status="defaulted")
    as_qatar(monkeypatch)
    later = step.deadline + dt.timedelta(days=31)  # the agency had 30 days from the employer's deadline
    (fund_step,) = services.arrears_defaults_process(acting_user=None, on=later)
    assert (fund_step.kind, fund_step.fund, fund_step.next_party) == ("fund_liable", "qa.wsif",
                                                                      "Workers' Support and Insurance Fund")
    assert services.arrears_defaults_process(acting_user=None, on=later + dt.timedelta(days=90)) == []
    # the fund pays part: a posting, and the arrears are net of it
    payment = services.fund_payment_record(acting_user=dest_officer, arrival=arrears, employer_ref=EMPLOYER_REF,
                                           amount=Decimal("150.00"), paid_on=later)
    assert (payment.fund, payment.amount, payment.currency) == ("qa.wsif", Decimal("150.00"), "SAR")
    assert services.net_arrears(worker_idx=arrears.work_permit_index, employer_ref=EMPLOYER_REF) == (
        Decimal("50.00"), "SAR")
    with pytest.raises(InvalidInput) as exc:  # never more than is owed
        services.fund_payment_record(acting_user=dest_officer, arrival=arrears, employer_ref=EMPLOYER_REF,
                                     amount=Decimal("50.01"), paid_on=later)
    assert "amount" in exc.value.fields
    assert FundPayment.objects.count() == 1


def test_no_fund_where_the_law_establishes_none(arrears, dest_officer):
    with pytest.raises(InvalidInput) as exc:  # Saudi Arabia: none encoded
        services.fund_payment_record(acting_user=dest_officer, arrival=arrears, employer_ref=EMPLOYER_REF,
                                     amount=Decimal("10"), paid_on=timezone.localdate())
    assert "fund" in exc.value.fields and not FundPayment.objects.exists()


def test_paid_arrears_do_not_move(arrival, dest_officer):
    services.salary_file_import(acting_user=dest_officer, format="csv", data=csv_file([{}]))
    assert services.arrears_defaults_process(acting_user=None, on=timezone.localdate() + dt.timedelta(days=90)) == []
    assert not LiabilityStep.objects.exists()


def test_the_command(arrears, capsys):
    day = (timezone.localdate() + dt.timedelta(days=31)).isoformat()
    call_command("wages", "defaults", "--on", day)
    assert "1 step(s) down the chain of liability" in capsys.readouterr().out


def test_the_arrears_page_shows_the_chain_and_records_the_funds_payment(arrears, dest_officer, monkeypatch, signed_in,
                                                                       client, make_user):
    from django.urls import reverse

    from corridor.accounts.choices import Role
    from tests.conftest import verified

    services.arrears_defaults_process(acting_user=None, on=timezone.localdate() + dt.timedelta(days=31))
    as_qatar(monkeypatch)
    url, post = reverse("wages:arrears"), reverse("wages:fund-payment")
    form = {"arrival": arrears.pk, "employer_ref": EMPLOYER_REF, "amount": "120.00",
            "paid_on": timezone.localdate().isoformat(), "reference": "WSIF-1"}
    assert client.post(post, form).status_code in (302, 403)  # anonymous: to sign in
    assert not FundPayment.objects.exists()
    signed_in(verified(make_user(role=Role.AUDITOR, username="auditor-w")))
    assert client.post(post, form).status_code in (403, 404)  # the auditor sees, never records
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Workers&#x27; Support and Insurance Fund" in page and "Record the fund" not in page
    signed_in(dest_officer)
    bad = client.post(post, {**form, "amount": "900.00"})
    assert bad.status_code == 422 and not FundPayment.objects.exists()
    assert client.post(post, form).status_code == 302
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "WSIF-1" in page and "120.00 SAR" in page and "Chain of liability" in page
    assert '<td dir="ltr">80' in page  # still owed: 200 less the fund's 120


def test_what_the_fund_and_the_employer_pay_is_recovered_on_the_workers_case(arrears, dest_officer, monkeypatch):
    """Nothing paid is still shown as owed, and nothing owed is dropped: the fund's payment and the employer's payment
    of the final settlement are recoveries on the worker's case, whose outstanding is then what the settlement says."""
    from corridor.cases.models import Claim, Recovery, WageArrearsCase

    as_qatar(monkeypatch)
    case = WageArrearsCase.objects.get(arrival_id=arrears.pk).case
    services.fund_payment_record(acting_user=dest_officer, arrival=arrears, employer_ref=EMPLOYER_REF,
                                 amount=Decimal("150.00"), paid_on=dt.date(2027, 3, 1))
    (by_fund,) = Recovery.objects.filter(claim__case=case)
    assert (by_fund.amount, by_fund.respondent, by_fund.recovered_on) == (Decimal("150.00"), None, dt.date(2027, 3, 1))
    assert "Workers' Support and Insurance Fund" in by_fund.note

    def outstanding():
        claims = Claim.objects.filter(case=case)
        return (sum(c.amount for c in claims) - sum(r.amount for r in Recovery.objects.filter(claim__in=claims)))

    assert outstanding() == Decimal("50.00")
    settlement = services.settlement_compute(acting_user=dest_officer, arrival=arrears, end_date=dt.date(2027, 11, 30),
                                             end_reason="employer_termination")
    assert Decimal(settlement.inputs["unpaid_wages"]) == Decimal("50.00")  # net of what the fund paid
    assert outstanding() == Decimal("50.00")  # leaving with wages owed claims nothing twice
    settlement = services.settlement_confirm(acting_user=dest_officer, settlement=settlement)
    paid = settlement.total - Decimal("20.00")
    services.settlement_payment_record(acting_user=dest_officer, settlement=settlement, amount=paid,
                                       paid_on=dt.date(2027, 12, 5))
    assert outstanding() == Decimal("20.00")
    by_employer = Recovery.objects.filter(claim__case=case).exclude(pk=by_fund.pk)
    assert sum(r.amount for r in by_employer) == paid
    assert {r.respondent.role for r in by_employer} == {"employer"}
    assert WageArrearsCase.objects.get(arrival_id=arrears.pk).right_to_stay
