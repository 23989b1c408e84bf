"""Loans to members (livelihood on return): paid out and repaid through the ledger; what is owed is read from it."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from corridor.core import audit, lifecycle
from corridor.core.lifecycle import require
from corridor.welfare.choices import LoanStatus, PostingKind
from corridor.welfare.errors import RepaymentTooLarge
from corridor.welfare.funds import fund_version
from corridor.welfare.lifecycles import LOAN
from corridor.welfare.models import Leg, Loan, Membership
from corridor.welfare.services import ledger


def loan_outstanding(loan: Loan):
    """What is still owed: the loans-receivable legs of this loan's postings."""
    total = Leg.objects.filter(transaction__loan=loan, account__code="loans_receivable").aggregate(s=Sum("amount"))["s"]
    return ledger.money(total or 0, allow_zero=True)


def loan_grant(*, acting_user, membership: Membership, principal, paid_on: dt.date | None = None,
               reference: str = "") -> Loan:
    require(acting_user, "welfare.loan")
    principal = ledger.money(principal)
    paid_on = paid_on or timezone.localdate()
    fund = fund_version(membership.fund, membership.fund_version)
    with transaction.atomic():
        loan = Loan.objects.create(reference=f"LN-{paid_on.year}-{secrets.token_hex(5).upper()}", membership=membership,
                                   principal=principal, currency=fund.currency,
                                   created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None)
        ledger.post(fund=fund, kind=PostingKind.LOAN, posted_on=paid_on, acting_user=acting_user, membership=membership,
                    loan=loan, description=f"Loan {loan.reference}", reference=reference,
                    legs=[("loans_receivable", principal), ("bank", -principal)], member_legs=("loans_receivable",))
        lifecycle.event(LOAN, loan, "grant", acting_user=acting_user, to_status=loan.status,
                        detail={"principal": str(principal)})
        audit.record(actor=acting_user, action="loan.grant", target=loan, to_state=loan.status,
                     detail={"principal": str(principal), "currency": fund.currency})
    return loan


def loan_repay(*, acting_user, loan: Loan, amount, paid_on: dt.date | None = None, reference: str = "") -> Loan:
    """A repayment: posted; the loan is repaid when nothing is owed any more."""
    require(acting_user, "welfare.loan")
    amount = ledger.money(amount)
    paid_on = paid_on or timezone.localdate()
    state = {}

    def check(locked: Loan):
        owed = loan_outstanding(locked)
        if amount > owed:
            raise RepaymentTooLarge()
        state["left"] = owed - amount

    def changes(locked: Loan):
        fund = fund_version(locked.membership.fund, locked.membership.fund_version)
        ledger.post(fund=fund, kind=PostingKind.REPAYMENT, posted_on=paid_on, acting_user=acting_user,
                    membership=locked.membership, loan=locked, description=f"Repayment {locked.reference}",
                    reference=reference, legs=[("bank", amount), ("loans_receivable", -amount)],
                    member_legs=("loans_receivable",))
        return []

    with transaction.atomic():
        locked = Loan.objects.select_for_update().get(pk=loan.pk)
        lifecycle.check_allowed(LOAN, locked, "repay")
        check(locked)
        target = LoanStatus.REPAID if state["left"] == 0 else LoanStatus.OUTSTANDING
        return lifecycle.transition(LOAN, locked, "repay", acting_user=acting_user, to_status=target, changes=changes,
                                    detail={"amount": str(amount), "left": str(state["left"])})
