"""API: the fund's rules, memberships (enrol, statement), claims (file, decide, pay) and the fund statement."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.accounts.permissions import has_perm
from corridor.accounts.selectors import worker_list
from corridor.clearance.selectors import clearance_get
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS, ErrorOut
from corridor.welfare import funds, selectors, services
from corridor.welfare.choices import ClaimantKind, ClaimStatus, MembershipSource, MembershipStatus, Payer

router = Router(tags=["welfare"])


def _require(user, action: str) -> None:
    if not has_perm(user, action):  # deny by default: a wrong role is refused, not shown []
        raise PermissionDenied()


class BenefitOut(Schema):
    code: str
    kind: str
    label: str
    amount: Decimal | None
    max_amount: Decimal | None
    claimants: list[str]
    filing_limit_days: int | None
    source: str
    url: str


class FundOut(Schema):
    id: str
    name: str
    country: str
    currency: str
    version: str
    effective_from: dt.date
    payer: str
    contribution_kind: str
    contribution_currency: str
    contribution_amount: Decimal | None
    citation: dict[str, Any]
    benefits: list[BenefitOut]


def _fund(fund) -> dict:
    return {"id": fund.id, "name": fund.name, "country": fund.country, "currency": fund.currency,
            "version": fund.version, "effective_from": fund.effective_from, "payer": fund.payer,
            "contribution_kind": fund.contribution_kind, "contribution_currency": fund.contribution_currency,
            "contribution_amount": fund.contribution_amount, "citation": fund.citation,
            "benefits": [{"code": b.code, "kind": b.kind, "label": b.label, "amount": b.amount, "max_amount": b.max_amount,
                          "claimants": list(b.claimants), "filing_limit_days": b.filing_limit_days, "source": b.source,
                          "url": b.url} for b in fund.benefits]}


@router.get("/welfare/funds", response={200: list[FundOut], **AUTH_ERRORS}, summary="The welfare funds' rules, cited")
def fund_list(request):
    _require(request.auth, "welfare.view")
    return [_fund(f) for f in selectors.fund_list()]


class MembershipOut(Schema):
    reference: str
    worker: str
    fund: str
    fund_version: str
    source: str
    status: str
    destination: str
    clearance_reference: str
    starts_on: dt.date
    ends_on: dt.date


def _membership(m) -> dict:
    return {"reference": m.reference, "worker": m.worker.full_name, "fund": m.fund, "fund_version": m.fund_version,
            "source": m.source, "status": m.status, "destination": m.destination,
            "clearance_reference": m.clearance_reference, "starts_on": m.starts_on, "ends_on": m.ends_on}


class MembershipFilter(Schema):
    status: MembershipStatus | None = None
    q: str = ""


@router.get("/welfare/memberships", response={200: list[MembershipOut], **AUTH_ERRORS}, summary="Members you may see")
@paginate(LimitOffset)
def membership_list(request, filters: Query[MembershipFilter]):
    _require(request.auth, "welfare.view")
    return Mapped(selectors.membership_list(user=request.auth, query=filters.q[:100], status=filters.status or ""),
                  _membership)


class EnrolIn(Schema):
    clearance_reference: str = ""
    passport_number: str = ""
    destination: str = ""
    contract_months: int
    starts_on: dt.date
    payer: Payer
    amount: Decimal
    currency: str
    exchange_rate: Decimal | None = None
    rate_source: str = ""
    receipt: str = ""


@router.post("/welfare/memberships", response={201: MembershipOut, 409: ErrorOut, **AUTH_ERRORS},
             summary="Record a membership and its contribution (at clearance, or abroad through an attaché)")
def membership_create(request, payload: EnrolIn):
    _require(request.auth, "welfare.enrol")
    worker, destination = None, payload.destination.upper()
    if payload.clearance_reference:
        application = clearance_get(user=request.auth, reference=payload.clearance_reference)
        worker, destination = application.worker, application.destination_id
    elif payload.passport_number:
        worker = worker_list(user=request.auth, passport=payload.passport_number).first()
    if worker is None:
        raise NotFound()
    membership = services.membership_start(
        acting_user=request.auth, worker=worker, contract_months=payload.contract_months, starts_on=payload.starts_on,
        payer=payload.payer, amount=payload.amount, currency=payload.currency.upper(), exchange_rate=payload.exchange_rate,
        rate_source=payload.rate_source, receipt=payload.receipt, destination=destination,
        clearance_reference=payload.clearance_reference,
        source=MembershipSource.CLEARANCE if payload.clearance_reference else MembershipSource.ENROLMENT)
    return Status(201, _membership(membership))


class StatementLineOut(Schema):
    on: dt.date
    kind: str
    description: str
    account: str
    amount: Decimal
    currency: str
    foreign_amount: Decimal | None
    foreign_currency: str
    exchange_rate: Decimal | None


class StatementOut(Schema):
    membership: MembershipOut
    lines: list[StatementLineOut]
    totals: dict[str, Decimal]


@router.get("/welfare/memberships/{reference}/statement", response={200: StatementOut, **AUTH_ERRORS},
            summary="A member's statement, from the ledger")
def member_statement(request, reference: str):
    _require(request.auth, "welfare.view")
    membership = selectors.membership_get(user=request.auth, reference=reference)
    statement = selectors.member_statement(user=request.auth, membership=membership)
    return {**statement, "membership": _membership(membership)}


class ReasonOut(Schema):
    code: str
    passed: bool
    text: str
    citation: dict[str, Any]


class ClaimOut(Schema):
    reference: str
    membership: str
    benefit: str
    status: str
    claimant_kind: str
    event_date: dt.date
    eligible: bool | None
    amount: Decimal | None
    currency: str
    inputs_hash: str
    reasons: list[ReasonOut]


def _claim(c) -> dict:
    return {"reference": c.reference, "membership": c.membership.reference, "benefit": c.benefit, "status": c.status,
            "claimant_kind": c.claimant_kind, "event_date": c.event_date, "eligible": c.eligible, "amount": c.amount,
            "currency": c.currency, "inputs_hash": c.inputs_hash, "reasons": selectors.claim_reasons(c)}


class ClaimFilter(Schema):
    status: ClaimStatus | None = None


@router.get("/welfare/claims", response={200: list[ClaimOut], **AUTH_ERRORS}, summary="The claims queue")
@paginate(LimitOffset)
def claim_list(request, filters: Query[ClaimFilter]):
    _require(request.auth, "welfare.view")
    return Mapped(selectors.claim_queue(user=request.auth, status=filters.status or ""), _claim)


class ClaimIn(Schema):
    membership: str
    benefit: str
    claimant_kind: ClaimantKind
    event_date: dt.date
    claimant_name: str = ""
    claimant_relationship: str = ""
    cause: str = ""
    requested_amount: Decimal | None = None


@router.post("/welfare/claims", response={201: ClaimOut, 409: ErrorOut, **AUTH_ERRORS},
             summary="File a claim (member, next of kin, or an attaché for them)")
def claim_create(request, payload: ClaimIn):
    _require(request.auth, "welfare.claim_file")
    membership = selectors.membership_get(user=request.auth, reference=payload.membership)
    claim = services.claim_file(acting_user=request.auth, membership=membership, benefit=payload.benefit,
                                claimant_kind=payload.claimant_kind, event_date=payload.event_date,
                                claimant_name=payload.claimant_name, claimant_relationship=payload.claimant_relationship,
                                cause=payload.cause, requested_amount=payload.requested_amount)
    return Status(201, _claim(claim))


@router.get("/welfare/claims/{reference}", response={200: ClaimOut, **AUTH_ERRORS}, summary="One claim, with its reasons")
def claim_get(request, reference: str):
    _require(request.auth, "welfare.view")
    return _claim(selectors.claim_get(user=request.auth, reference=reference))


class ActIn(Schema):
    reason: str = ""
    reference: str = ""
    paid_on: dt.date | None = None


ACTIONS = {
    "recommend": lambda user, c, p: services.claim_recommend(acting_user=user, claim=c, reason=p.reason),
    "approve": lambda user, c, p: services.claim_approve(acting_user=user, claim=c, reason=p.reason),
    "reject": lambda user, c, p: services.claim_reject(acting_user=user, claim=c, reason=p.reason),
    "pay": lambda user, c, p: services.claim_pay(acting_user=user, claim=c, paid_on=p.paid_on, reference=p.reference),
    "appeal": lambda user, c, p: services.claim_appeal(acting_user=user, claim=c, reason=p.reason),
    "withdraw": lambda user, c, p: services.claim_withdraw(acting_user=user, claim=c, reason=p.reason),
}


@router.post("/welfare/claims/{reference}/actions/{action}", response={200: ClaimOut, 409: ErrorOut, **AUTH_ERRORS},
             summary="Recommend, approve (four eyes above the threshold), reject, pay, appeal or withdraw a claim")
def claim_act(request, reference: str, action: str, payload: ActIn):
    _require(request.auth, "welfare.view")
    if action not in ACTIONS:
        raise NotFound()
    claim = selectors.claim_get(user=request.auth, reference=reference)
    return _claim(ACTIONS[action](request.auth, claim, payload))


class StatementFilter(Schema):
    fund: str
    start: dt.date
    end: dt.date


class FundLineOut(Schema):
    code: str
    kind: str
    opening: Decimal
    debits: Decimal
    credits: Decimal
    closing: Decimal


class FundStatementOut(Schema):
    fund: str
    currency: str
    start: dt.date
    end: dt.date
    balanced: bool
    lines: list[FundLineOut]


@router.get("/welfare/ledger/statement", response={200: FundStatementOut, **AUTH_ERRORS},
            summary="The fund statement over a period, from the ledger")
def fund_statement(request, filters: Query[StatementFilter]):
    _require(request.auth, "welfare.ledger")
    if filters.fund not in funds.fund_ids():
        raise NotFound()
    return selectors.fund_statement(user=request.auth, fund=filters.fund, start=filters.start, end=filters.end)
