"""Each welfare error code, triggered."""

import datetime as dt

import pytest

from corridor.welfare import services
from corridor.welfare.errors import (
    AmountInvalid,
    LoanTransitionNotAllowed,
    MembershipTransitionNotAllowed,
    RepatriationTransitionNotAllowed,
    UnknownFund,
)
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db


def test_no_fund_before_its_rules_start(fund_officer):
    with pytest.raises(UnknownFund) as exc:
        MembershipFactory(acting_user=fund_officer, fund_id="np-fewf", starts_on=dt.date(2010, 1, 1), payer="worker",
                          amount="1500.00", currency="NPR", exchange_rate=None)
    assert exc.value.code == "welfare.unknown_fund"


def test_an_ended_membership_cannot_end_again(fund_officer, member):
    services.membership_end(acting_user=fund_officer, membership=member)
    with pytest.raises(MembershipTransitionNotAllowed) as exc:
        services.membership_end(acting_user=fund_officer, membership=member)
    assert exc.value.code == "welfare.membership_transition_not_allowed"


def test_a_refused_repatriation_cannot_be_paid(fund_officer, member):
    repatriation = services.repatriation_request(acting_user=fund_officer, membership=member, reason="Stranded.")
    repatriation = services.repatriation_refuse(acting_user=fund_officer, repatriation=repatriation, reason="Duplicate.")
    with pytest.raises(RepatriationTransitionNotAllowed) as exc:
        services.repatriation_pay(acting_user=fund_officer, repatriation=repatriation, cost="100.00", currency="PHP")
    assert exc.value.code == "welfare.repatriation_transition_not_allowed"


def test_a_repaid_loan_takes_no_more_repayments(fund_officer, member):
    loan = services.loan_grant(acting_user=fund_officer, membership=member, principal="100.00")
    loan = services.loan_repay(acting_user=fund_officer, loan=loan, amount="100.00")
    assert loan.status == "repaid"
    with pytest.raises(LoanTransitionNotAllowed) as exc:
        services.loan_repay(acting_user=fund_officer, loan=loan, amount="1.00")
    assert exc.value.code == "welfare.loan_transition_not_allowed"


@pytest.mark.parametrize("amount", ["0", "-5", "1.001", "NaN", "abc"])
def test_amounts_must_be_positive_cents(fund_officer, member, amount):
    with pytest.raises(AmountInvalid):
        services.loan_grant(acting_user=fund_officer, membership=member, principal=amount)
