"""Every read of the welfare app, scoped to the acting user; the fund's reports are read from the ledger."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from corridor.core import audit
from corridor.core.errors import NotFound
from corridor.core.permissions import has_perm
from corridor.core.selectors import one
from corridor.welfare import eligibility, funds
from corridor.welfare.choices import ClaimStatus
from corridor.welfare.models import (
    Account,
    BankStatementLine,
    Claim,
    ClaimEvent,
    LedgerTransaction,
    Leg,
    Loan,
    Membership,
    Repatriation,
    RepatriationEvent,
)
from corridor.welfare.scope import claim_scope, membership_scope, repatriation_scope


def membership_list(*, user, query: str = "", status: str = "") -> QuerySet[Membership]:
    memberships = membership_scope(user).select_related("worker")
    if status:
        memberships = memberships.filter(status=status)
    if query:
        memberships = memberships.filter(Q(reference__iexact=query.strip()) | Q(worker__name_key__contains=query.strip().lower()))
    return memberships


def membership_get(*, user, reference: str) -> Membership:
    membership = membership_scope(user).select_related("worker").filter(reference=reference).first()
    if membership is None:
        raise NotFound()
    audit.record(actor=user, action="membership.view", target=membership, is_read=True)
    return membership


def membership_by_id(pk: int) -> Membership | None:
    return Membership.objects.select_related("worker").filter(pk=pk).first()


def membership_by_clearance(clearance_reference: str) -> Membership | None:
    """The membership that started at a clearance (for the system's reactions to events, unscoped)."""
    if not clearance_reference:
        return None
    return Membership.objects.filter(clearance_reference=clearance_reference).first()


def memberships_of_worker(worker_id: int) -> QuerySet[Membership]:
    """Unscoped: for subscribers acting as the node (a case recorded a death: which memberships cover the worker)."""
    return Membership.objects.filter(worker_id=worker_id).order_by("-starts_on", "-id")


def my_memberships(*, user) -> QuerySet[Membership]:
    return membership_scope(user).prefetch_related("contributions").order_by("-starts_on")


def claim_queue(*, user, status: str = "") -> QuerySet[Claim]:
    claims = claim_scope(user).select_related("membership", "membership__worker", "recommended_by")
    if status:
        return claims.filter(status=status)
    return claims.exclude(status__in=[ClaimStatus.PAID, ClaimStatus.WITHDRAWN]).order_by("created_at", "id")


def claim_get(*, user, reference: str) -> Claim:
    claim = (claim_scope(user).select_related("membership", "membership__worker", "recommended_by", "approved_by")
             .prefetch_related("documents", "events__actor").filter(reference=reference).first())
    if claim is None:
        raise NotFound()
    audit.record(actor=user, action="claim.view", target=claim, is_read=True)
    return claim


def claim_document_get(*, user, claim: Claim, document_id: int):
    document = claim.documents.filter(pk=document_id).first()
    if document is None or not has_perm(user, "welfare.view"):
        raise NotFound()
    audit.record(actor=user, action="claim.document_view", target=claim, is_read=True, detail={"document": document_id})
    return document


def claim_reasons(claim: Claim) -> list[dict]:
    """The frozen answer, each reason explained in the reader's language, with its citation."""
    return [{**r, "text": eligibility.explain(r)} for r in claim.decision or []]


def repatriation_list(*, user) -> QuerySet[Repatriation]:
    return repatriation_scope(user).select_related("membership", "membership__worker")


def repatriation_get(*, user, reference: str) -> Repatriation:
    return one(repatriation_list(user=user).prefetch_related("events__actor").filter(reference=reference))


def repatriation_by_id(pk: int) -> Repatriation | None:
    """For a subscriber to the repatriation's domain events (reintegration records the return)."""
    return Repatriation.objects.select_related("membership__worker").filter(pk=pk).first()


def loan_list(*, user) -> QuerySet[Loan]:
    if not has_perm(user, "welfare.ledger"):
        return Loan.objects.none()
    return Loan.objects.select_related("membership", "membership__worker").order_by("-created_at")


# --- reports from the ledger ---------------------------------------------------------------------------------------


def _require_ledger(user) -> None:
    if not has_perm(user, "welfare.ledger"):
        raise NotFound()


def unbalanced_transactions(*, fund: str | None = None) -> list[int]:
    """Transactions whose legs do not add up to zero in a currency (empty when the ledger is sound)."""
    legs = Leg.objects.all() if fund is None else Leg.objects.filter(transaction__fund=fund)
    bad = legs.values("transaction_id", "currency").annotate(total=Sum("amount")).exclude(total=0)
    lonely = LedgerTransaction.objects.annotate(n=Count("legs")).filter(n__lt=2)
    if fund is not None:
        lonely = lonely.filter(fund=fund)
    return sorted({row["transaction_id"] for row in bad} | set(lonely.values_list("pk", flat=True)))


def trial_balance(*, fund: str, until: dt.date | None = None) -> dict:
    """Every account's balance (debit positive); the balances add up to zero."""
    legs = Leg.objects.filter(transaction__fund=fund)
    if until is not None:
        legs = legs.filter(transaction__posted_on__lte=until)
    rows = {r["account__code"]: r["total"] for r in legs.values("account__code").annotate(total=Sum("amount"))}
    accounts = list(Account.objects.filter(fund=fund).order_by("code"))
    lines = [{"code": a.code, "kind": a.kind, "balance": rows.get(a.code) or Decimal("0.00")} for a in accounts]
    return {"fund": fund, "lines": lines, "total": sum((line["balance"] for line in lines), Decimal("0.00"))}


def fund_statement(*, user, fund: str, start: dt.date, end: dt.date) -> dict:
    """For each account: opening balance, debits, credits and closing balance over the period."""
    _require_ledger(user)
    legs = Leg.objects.filter(transaction__fund=fund)
    opening = {r["account__code"]: r["t"] for r in legs.filter(transaction__posted_on__lt=start)
               .values("account__code").annotate(t=Sum("amount"))}
    period = legs.filter(transaction__posted_on__gte=start, transaction__posted_on__lte=end)
    debits = {r["account__code"]: r["t"] for r in period.filter(amount__gt=0).values("account__code").annotate(t=Sum("amount"))}
    credits = {r["account__code"]: r["t"] for r in period.filter(amount__lt=0).values("account__code").annotate(t=Sum("amount"))}
    zero = Decimal("0.00")
    lines = []
    for account in Account.objects.filter(fund=fund).order_by("code"):
        o, d, c = opening.get(account.code) or zero, debits.get(account.code) or zero, credits.get(account.code) or zero
        lines.append({"code": account.code, "kind": account.kind, "opening": o, "debits": d, "credits": -c,
                      "closing": o + d + c})
    spec = funds.fund_for(fund, end)
    return {"fund": fund, "currency": spec.currency if spec else "", "start": start, "end": end, "lines": lines,
            "balanced": sum((line["closing"] for line in lines), zero) == 0}


def member_statement(*, user, membership: Membership) -> dict:
    """A member's contributions, benefits, repatriation costs and loan movements, from the legs tagged with them."""
    if not membership_scope(user).filter(pk=membership.pk).exists():
        raise NotFound()
    rows = list(Leg.objects.filter(membership=membership).select_related("transaction", "account")
                .order_by("transaction__posted_on", "transaction_id", "id"))
    totals: dict[str, Decimal] = defaultdict(Decimal)
    lines = []
    for leg in rows:
        amount = -leg.amount if leg.account.code == "contributions" else leg.amount
        totals[leg.account.code] += amount
        txn = leg.transaction
        lines.append({"on": txn.posted_on, "kind": txn.kind, "description": txn.description, "account": leg.account.code,
                      "amount": amount, "currency": leg.currency, "foreign_amount": txn.foreign_amount,
                      "foreign_currency": txn.foreign_currency, "exchange_rate": txn.exchange_rate})
    return {"membership": membership, "lines": lines, "totals": dict(totals)}


def bank_reconciliation(*, user, fund: str, until: dt.date) -> dict:
    """The ledger's bank account against the bank's statement: lines matched on (date, amount, reference), what
    each side has that the other lacks, and both balances."""
    _require_ledger(user)
    book = list(Leg.objects.filter(transaction__fund=fund, account__code="bank", transaction__posted_on__lte=until)
                .values_list("transaction__reference", "amount", "transaction_id"))
    bank = list(BankStatementLine.objects.filter(fund=fund, booked_on__lte=until).values_list("reference", "amount", "pk"))
    unmatched_bank = Counter((ref, amount) for ref, amount, _pk in bank)
    only_book = []
    for ref, amount, txn_id in book:
        if unmatched_bank[(ref, amount)] > 0:
            unmatched_bank[(ref, amount)] -= 1
        else:
            only_book.append({"transaction": txn_id, "reference": ref, "amount": amount})
    only_bank = [{"reference": ref, "amount": amount} for (ref, amount), n in unmatched_bank.items() for _ in range(n)]
    book_balance = sum((amount for _r, amount, _t in book), Decimal("0.00"))
    bank_balance = sum((amount for _r, amount, _p in bank), Decimal("0.00"))
    return {"fund": fund, "until": until, "book_balance": book_balance, "bank_balance": bank_balance,
            "only_in_ledger": only_book, "only_in_bank": only_bank,
            "reconciled": not only_book and not only_bank and book_balance == bank_balance}


def fund_list() -> list[funds.Fund]:
    return [funds.fund_for(fid) for fid in funds.fund_ids() if funds.fund_for(fid) is not None]


def my_claims(*, user) -> QuerySet[Claim]:
    """Every claim on the signed-in member's memberships, newest first."""
    return claim_scope(user).select_related("membership").order_by("-created_at", "-id")


# --- for the indicators app: welfare facts, no names ---------------------------------------------------------------

def claim_facts() -> QuerySet:
    """One row per claim filed: its month and benefit."""
    return ClaimEvent.objects.filter(action="file").annotate(record=F("claim_id"), month=TruncMonth("created_at"),
                                                             benefit_code=F("claim__benefit"))


def repatriation_facts() -> QuerySet:
    """One row per repatriation completed (the worker's return recorded): its month and the destination left."""
    return RepatriationEvent.objects.filter(action="record_return").annotate(
        record=F("repatriation_id"), month=TruncMonth("created_at"), left=F("repatriation__membership__destination"))
