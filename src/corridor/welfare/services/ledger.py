"""The fund's double-entry ledger: every posting is one transaction whose legs add up to zero per currency.

Append-only (the database refuses UPDATE and DELETE on transactions and legs); a posting's legs are
inserted in one statement, and on PostgreSQL a statement trigger refuses an insert that leaves a posting unbalanced. A correction is a new
posting, never an edit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from corridor.core import audit
from corridor.core.lifecycle import require
from corridor.core.money import CENT, to_decimal
from corridor.welfare.choices import CHART
from corridor.welfare.errors import AmountInvalid, ExchangeRateMissing, LedgerUnbalanced
from corridor.welfare.funds import Fund
from corridor.welfare.models import Account, BankStatementLine, LedgerTransaction, Leg


@dataclass(frozen=True)
class Foreign:
    """A payment made in another currency than the fund's: what was paid and the rate used (fund units per unit)."""

    amount: Decimal
    currency: str
    rate: Decimal
    source: str = ""

    def in_fund_currency(self) -> Decimal:
        return (to_decimal(self.amount) * to_decimal(self.rate)).quantize(CENT)


def money(value, *, allow_zero: bool = False) -> Decimal:
    """A positive amount with at most two decimals, or AmountInvalid."""
    try:
        amount = to_decimal(value if not isinstance(value, float) else str(value))
    except (TypeError, ValueError) as exc:
        raise AmountInvalid(fields={"amount": [str(AmountInvalid.default_message)]}) from exc
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount < 0 or (amount == 0 and not allow_zero):
        raise AmountInvalid(fields={"amount": [str(AmountInvalid.default_message)]})
    return amount.quantize(CENT)


def accounts(fund: Fund) -> dict[str, Account]:
    """The fund's chart of accounts, made on first use (a ledger kept here for another programme brings its own
    `chart`: the matching funds of reintegration)."""
    found = {a.code: a for a in Account.objects.filter(fund=fund.id)}
    chart = getattr(fund, "chart", CHART)
    missing = [Account(fund=fund.id, code=code, kind=kind, currency=fund.currency) for code, kind in chart if code not in found]
    if missing:
        Account.objects.bulk_create(missing, ignore_conflicts=True)
        found = {a.code: a for a in Account.objects.filter(fund=fund.id)}
    return found


def convert(fund: Fund, amount: Decimal, currency: str, *, rate=None, rate_source: str = "") -> tuple[Decimal, Foreign | None]:
    """An amount in `currency` as the fund's currency, with the rate recorded when they differ."""
    if currency == fund.currency:
        return amount, None
    if rate in (None, ""):
        raise ExchangeRateMissing(fields={"exchange_rate": [str(ExchangeRateMissing.default_message)]})
    rate = to_decimal(str(rate))
    if not rate.is_finite() or rate <= 0:
        raise ExchangeRateMissing(fields={"exchange_rate": [str(ExchangeRateMissing.default_message)]})
    foreign = Foreign(amount=amount, currency=currency, rate=rate, source=rate_source)
    return foreign.in_fund_currency(), foreign


def check_balanced(legs: list[tuple[str, Decimal]], currency: str) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for _code, amount in legs:
        if amount == 0 or amount != amount.quantize(CENT):
            raise LedgerUnbalanced()
        totals[currency] += amount
    if len(legs) < 2 or any(total != 0 for total in totals.values()):
        raise LedgerUnbalanced()


def post(*, fund: Fund, kind: str, posted_on: dt.date, description: str, legs: list[tuple[str, Decimal]],
         acting_user=None, membership=None, loan=None, reference: str = "", foreign: Foreign | None = None,
         member_legs: tuple[str, ...] = (), membership_id: int | None = None) -> LedgerTransaction:
    """Write one balanced transaction (call inside the caller's transaction.atomic()). `legs` are (account code,
    signed amount in the fund's currency); the legs on `member_legs` accounts carry the membership, for statements
    (`membership`, or only its `membership_id` when the caller has not loaded it)."""
    check_balanced(legs, fund.currency)
    if membership is not None:
        membership_id = membership.pk
    chart = accounts(fund)
    txn = LedgerTransaction.objects.create(
        fund=fund.id, kind=kind, posted_on=posted_on, description=description[:300], reference=reference[:60],
        membership_id=membership_id, loan=loan, posted_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        foreign_amount=foreign.amount if foreign else None, foreign_currency=foreign.currency if foreign else "",
        exchange_rate=foreign.rate if foreign else None, rate_source=(foreign.source if foreign else "")[:100])
    Leg.objects.bulk_create([
        Leg(transaction=txn, account=chart[code], amount=amount, currency=fund.currency,
            membership_id=membership_id if (membership_id is not None and (not member_legs or code in member_legs)) else None)
        for code, amount in legs])
    audit.record(actor=acting_user, action="ledger.post", target=txn,
                 detail={"fund": fund.id, "kind": kind, "legs": [[code, str(amount)] for code, amount in legs],
                         "currency": fund.currency, "reference": reference,
                         "foreign": None if foreign is None else [str(foreign.amount), foreign.currency, str(foreign.rate)]})
    return txn


def bank_line_import(*, acting_user, fund: Fund, lines: list[dict]) -> int:
    """Record lines of the fund's bank statement (booked_on, amount, reference) for reconciliation."""
    require(acting_user, "welfare.ledger")
    rows = []
    for line in lines:
        amount = to_decimal(str(line["amount"]))
        if amount == 0 or amount != amount.quantize(CENT):
            raise AmountInvalid(fields={"amount": [str(AmountInvalid.default_message)]})
        rows.append(BankStatementLine(fund=fund.id, booked_on=line["booked_on"], amount=amount, currency=fund.currency,
                                      reference=str(line.get("reference", ""))[:60],
                                      imported_by=acting_user if getattr(acting_user, "is_authenticated", False) else None))
    with transaction.atomic():
        BankStatementLine.objects.bulk_create(rows)
        audit.record(actor=acting_user, action="ledger.bank_import", object_type="welfare.bankstatementline",
                     detail={"fund": fund.id, "lines": len(rows)})
    return len(rows)
