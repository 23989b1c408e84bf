"""Memberships, contributions and the ledger: every operation leaves the ledger balanced; a crash in the middle of
a payout leaves no partial posting; foreign payments keep their rate."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction

from corridor.accounts.choices import Role
from corridor.clearance import checks
from corridor.clearance.choices import CheckCode
from corridor.core.errors import NotFound, PermissionDenied
from corridor.welfare import selectors, services
from corridor.welfare.errors import (
    AlreadyMember,
    AmountInvalid,
    ExchangeRateMissing,
    LedgerUnbalanced,
    PayerNotAllowed,
    RepaymentTooLarge,
)
from corridor.welfare.models import Claim, LedgerTransaction, Leg
from tests.factories.accounts import UserFactory, WorkerFactory, verified
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db


def assert_balanced(fund="ph-owwa"):
    assert selectors.unbalanced_transactions() == []
    assert selectors.trial_balance(fund=fund)["total"] == 0


def test_membership_posts_the_contribution_in_pesos_with_the_rate(fund_officer):
    member = MembershipFactory(acting_user=fund_officer)
    assert member.ends_on == dt.date(2028, 1, 14)
    txn = LedgerTransaction.objects.get(membership=member)
    assert (txn.foreign_amount, txn.foreign_currency, txn.exchange_rate) == (Decimal("25.00"), "USD", Decimal("58.25"))
    assert sorted(txn.legs.values_list("account__code", "amount")) == [("bank", Decimal("1456.25")),
                                                                       ("contributions", Decimal("-1456.25"))]
    assert_balanced()


def test_a_foreign_payment_without_a_rate_is_refused_and_changes_nothing(fund_officer):
    with pytest.raises(ExchangeRateMissing):
        MembershipFactory(acting_user=fund_officer, exchange_rate=None)
    assert not LedgerTransaction.objects.exists()


def test_a_worker_charged_the_employers_contribution_is_refused(fund_officer):
    with pytest.raises(PayerNotAllowed):
        MembershipFactory(acting_user=fund_officer, payer="worker")
    assert not LedgerTransaction.objects.exists()


def test_nepal_member_pays_in_rupees_without_a_rate(fund_officer):
    member = MembershipFactory(acting_user=fund_officer, fund_id="np-fewf", contract_months=48, payer="worker",
                               amount="2500.00", currency="NPR", exchange_rate=None, destination="QA")
    txn = LedgerTransaction.objects.get(membership=member)
    assert txn.foreign_currency == "" and txn.exchange_rate is None
    assert_balanced("np-fewf")


def test_who_may_enrol(db):
    worker = WorkerFactory()
    with pytest.raises(PermissionDenied):
        MembershipFactory(acting_user=UserFactory(role=Role.AGENCY_STAFF), worker=worker)


def test_an_attache_enrols_a_worker_abroad_for_at_most_two_years(attache):
    member = MembershipFactory(acting_user=attache, source="enrolment", contract_months=36)
    assert member.ends_on == dt.date(2028, 1, 14)


def test_membership_at_clearance_feeds_the_clearance_check(fund_officer, make_clearance):
    application = make_clearance(facts=False)
    before = {r["code"]: r for r in checks.evaluate(application)}
    assert not before[CheckCode.WELFARE_FUND]["passed"]
    member = MembershipFactory(acting_user=fund_officer, worker=application.worker,
                               clearance_reference=application.reference, starts_on=application.departure_date)
    after = {r["code"]: r for r in checks.evaluate(application)}
    assert after[CheckCode.WELFARE_FUND]["passed"], after[CheckCode.WELFARE_FUND]
    assert member.reference in after[CheckCode.WELFARE_FUND]["detail"]
    with pytest.raises(AlreadyMember):
        MembershipFactory(acting_user=fund_officer, worker=application.worker, clearance_reference=application.reference)


def test_renewal_ends_the_old_membership_and_posts_a_new_contribution(fund_officer, member):
    renewed = services.membership_renew(acting_user=fund_officer, membership=member, contract_months=24,
                                        starts_on=dt.date(2028, 1, 15), payer="employer", amount="25.00", currency="USD",
                                        exchange_rate="57.10")
    member.refresh_from_db()
    assert member.status == "ended" and renewed.renewal_of == member
    assert LedgerTransaction.objects.filter(kind="contribution").count() == 2
    assert_balanced()


def test_expiry_sweep_ends_covers_that_ran_out(member):
    assert services.memberships_expire(today=dt.date(2028, 1, 15)) == 1
    member.refresh_from_db()
    assert member.status == "ended"


def test_the_service_refuses_a_posting_that_does_not_balance(db):
    fund = services.fund_get("ph-owwa")
    with pytest.raises(LedgerUnbalanced):
        with transaction.atomic():
            services.post(fund=fund, kind="opening", posted_on=dt.date(2026, 1, 1), description="bad",
                          legs=[("bank", Decimal("10.00")), ("fund_balance", Decimal("-9.99"))])
    with pytest.raises(LedgerUnbalanced):
        services.post(fund=fund, kind="opening", posted_on=dt.date(2026, 1, 1), description="one leg",
                      legs=[("bank", Decimal("10.00"))])
    with pytest.raises(LedgerUnbalanced):
        services.post(fund=fund, kind="opening", posted_on=dt.date(2026, 1, 1), description="fraction of a cent",
                      legs=[("bank", Decimal("10.001")), ("fund_balance", Decimal("-10.001"))])
    assert not LedgerTransaction.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the balance trigger is PostgreSQL's")
def test_postgresql_refuses_an_unbalanced_posting_written_around_the_service(db):
    from django.db import IntegrityError, InternalError

    fund = services.fund_get("ph-owwa")
    txn = services.post(fund=fund, kind="opening", posted_on=dt.date(2026, 1, 1), description="ok",
                        legs=[("bank", Decimal("10.00")), ("fund_balance", Decimal("-10.00"))])
    bank = txn.legs.get(account__code="bank").account
    with pytest.raises((IntegrityError, InternalError)):
        with transaction.atomic():
            Leg.objects.create(transaction=txn, account=bank, amount=Decimal("5.00"), currency="PHP")
    other = services.post(fund=fund, kind="opening", posted_on=dt.date(2026, 1, 1), description="ok",
                          legs=[("bank", Decimal("1.00")), ("fund_balance", Decimal("-1.00"))])
    fund_balance = other.legs.get(account__code="fund_balance").account
    with pytest.raises((IntegrityError, InternalError)):
        with transaction.atomic():  # one statement, two transactions, one of them off by a cent
            Leg.objects.bulk_create([Leg(transaction=txn, account=bank, amount=Decimal("2.00"), currency="PHP"),
                                     Leg(transaction=txn, account=fund_balance, amount=Decimal("-2.00"), currency="PHP"),
                                     Leg(transaction=other, account=bank, amount=Decimal("0.01"), currency="PHP")])
    assert selectors.unbalanced_transactions() == []


def _approved_claim(fund_officer, second_officer, member, benefit="death_natural"):
    claim = services.claim_file(acting_user=fund_officer, membership=member, benefit=benefit, claimant_kind="next_of_kin",
                                claimant_name="Rosa Santos", claimant_relationship="mother",
                                event_date=dt.date(2026, 6, 1), filed_on=dt.date(2026, 6, 10))
    claim = services.claim_recommend(acting_user=fund_officer, claim=claim)
    return services.claim_approve(acting_user=second_officer, claim=claim)


def test_a_crash_in_the_middle_of_a_payout_leaves_no_partial_posting(fund_officer, second_officer, member, monkeypatch):
    claim = _approved_claim(fund_officer, second_officer, member)
    postings = LedgerTransaction.objects.count()
    legs = Leg.objects.count()

    from corridor.core import lifecycle

    real_event = lifecycle.event

    def crash(*args, **kwargs):
        if args[2] == "pay":
            raise RuntimeError("power cut after the legs were written")
        return real_event(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "event", crash)
    with pytest.raises(RuntimeError):
        services.claim_pay(acting_user=fund_officer, claim=claim, paid_on=dt.date(2026, 6, 20), reference="CHK-1")
    assert (LedgerTransaction.objects.count(), Leg.objects.count()) == (postings, legs)
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.posting_id is None
    assert_balanced()
    monkeypatch.setattr(lifecycle, "event", real_event)
    services.claim_pay(acting_user=fund_officer, claim=claim, paid_on=dt.date(2026, 6, 20), reference="CHK-1")
    assert_balanced()


def test_the_ledger_balances_after_every_operation_and_the_reports_agree(fund_officer, second_officer, member):
    assert_balanced()
    claim = _approved_claim(fund_officer, second_officer, member)
    assert_balanced()
    services.claim_pay(acting_user=fund_officer, claim=claim, paid_on=dt.date(2026, 6, 20), reference="CHK-1")
    assert_balanced()
    loan = services.loan_grant(acting_user=fund_officer, membership=member, principal="30000.00",
                               paid_on=dt.date(2026, 7, 1), reference="LN-TRF-1")
    assert_balanced()
    services.loan_repay(acting_user=fund_officer, loan=loan, amount="10000.00", paid_on=dt.date(2026, 8, 1), reference="RP-1")
    assert_balanced()
    with pytest.raises(RepaymentTooLarge):
        services.loan_repay(acting_user=fund_officer, loan=loan, amount="20000.01")
    with pytest.raises(AmountInvalid):
        services.loan_repay(acting_user=fund_officer, loan=loan, amount="-1")
    loan = services.loan_repay(acting_user=fund_officer, loan=loan, amount="20000.00", paid_on=dt.date(2026, 9, 1),
                               reference="RP-2")
    assert loan.status == "repaid" and services.loan_outstanding(loan) == 0
    assert_balanced()

    statement = selectors.fund_statement(user=fund_officer, fund="ph-owwa", start=dt.date(2026, 1, 1),
                                         end=dt.date(2026, 12, 31))
    lines = {line["code"]: line for line in statement["lines"]}
    assert statement["balanced"]
    assert lines["contributions"]["credits"] == Decimal("1456.25")
    assert lines["benefits"]["closing"] == Decimal("100000.00")
    assert lines["loans_receivable"]["closing"] == 0
    assert lines["bank"]["closing"] == Decimal("1456.25") - Decimal("100000.00")

    mine = selectors.member_statement(user=fund_officer, membership=member)
    assert mine["totals"] == {"contributions": Decimal("1456.25"), "benefits": Decimal("100000.00"),
                              "loans_receivable": Decimal("0.00")}

    services.bank_line_import(acting_user=fund_officer, fund=services.fund_get("ph-owwa"), lines=[
        {"booked_on": member.starts_on, "amount": "1456.25", "reference": member.contributions.get().receipt},
        {"booked_on": dt.date(2026, 6, 20), "amount": "-100000.00", "reference": "CHK-1"},
        {"booked_on": dt.date(2026, 7, 1), "amount": "-30000.00", "reference": "LN-TRF-1"},
        {"booked_on": dt.date(2026, 8, 1), "amount": "10000.00", "reference": "RP-1"},
        {"booked_on": dt.date(2026, 9, 2), "amount": "-15.00", "reference": "BANK FEE"},
    ])
    report = selectors.bank_reconciliation(user=fund_officer, fund="ph-owwa", until=dt.date(2026, 12, 31))
    assert [row["reference"] for row in report["only_in_ledger"]] == ["RP-2"]
    assert [row["reference"] for row in report["only_in_bank"]] == ["BANK FEE"]
    assert not report["reconciled"]


def test_reports_are_for_the_fund_and_auditors(member):
    worker_user = UserFactory(role=Role.AGENCY_STAFF)
    with pytest.raises(NotFound):
        selectors.fund_statement(user=worker_user, fund="ph-owwa", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    with pytest.raises(NotFound):
        selectors.member_statement(user=worker_user, membership=member)
    auditor = verified(UserFactory(role=Role.AUDITOR))
    assert selectors.bank_reconciliation(user=auditor, fund="ph-owwa", until=dt.date(2026, 12, 31))["book_balance"] > 0
    assert not Claim.objects.exists()
