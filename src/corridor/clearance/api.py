"""API: public certificate status, signed revocation list and verification; clearances for signed-in users."""

from datetime import date, datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from corridor.accounts.permissions import has_perm
from corridor.clearance import selectors, services, verifier
from corridor.clearance.choices import ClearanceStatus, TransferGround, TransferSector, TransferStatus
from corridor.clearance.lifecycles import TRANSFER
from corridor.clearance.transfer_explain import explain
from corridor.core import lifecycle, node
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS

router = Router(tags=["clearance"])


class StatusOut(Schema):
    reference: str
    issuer: str
    status: str
    expires_at: datetime | None
    halted_at: datetime | None
    checked_at: datetime


class RevocationsOut(Schema):
    issuer: str
    issued_at: datetime
    token: str


class VerifyIn(Schema):
    token: str


class CertificateVerifyOut(Schema):
    status: str
    message: str
    claims: dict[str, Any]
    issued_at: str | None = None
    expires_at: str | None = None
    issuer_status: str | None = None
    halted_at: str | None = None
    form: str | None = None  # "vc+jwt" (a W3C Verifiable Credential) or "legacy" (issued before it)


class ClearanceOut(Schema):
    reference: str
    status: str
    worker: str
    destination: str
    departure_date: date
    contract: str
    token: str
    checks: list[dict[str, Any]]


class HaltIn(Schema):
    reason: str


def _out(c) -> dict:
    return {"reference": c.reference, "status": c.status, "worker": c.worker.full_name, "destination": c.destination_id,
            "departure_date": c.departure_date, "contract": c.contract.reference or "", "token": c.token, "checks": c.checks}


@router.get("/status/{reference}", response={200: StatusOut, **PUBLIC_ERRORS}, auth=None,
            summary="Whether a certificate this node issued is valid, halted or expired")
def status(request, reference: str):
    clearance = selectors.public_status(reference=reference)
    if clearance is None:
        raise NotFound()
    return {"reference": clearance.reference, "issuer": node.identity().country, "status": verifier.local_status(clearance),
            "expires_at": clearance.expires_at, "halted_at": clearance.halted_at, "checked_at": timezone.now()}


@router.get("/revocations", response={200: RevocationsOut, **PUBLIC_ERRORS}, auth=None,
            summary="This node's signed list of halted certificates (JWS, typ corridor-revocations+jws)")
def revocations(request):
    now = timezone.now().replace(microsecond=0)
    return {"issuer": node.identity().country, "issued_at": now, "token": services.revocation_list_token(now=now)}


@router.post("/verify", response={200: CertificateVerifyOut, **PUBLIC_ERRORS}, auth=None, summary="Verify a clearance certificate")
def verify(request, payload: VerifyIn):
    return verifier.verify_here(payload.token).as_dict()


@router.get("", response={200: list[ClearanceOut], **AUTH_ERRORS}, summary="Clearances you may see")
@paginate(LimitOffset)
def clearance_list(request, status: ClearanceStatus | None = None):
    if not has_perm(request.auth, "clearance.view"):  # deny by default: a wrong role is refused, not shown []
        raise PermissionDenied()
    return Mapped(selectors.clearance_list(user=request.auth, status=status or ""), _out)


@router.get("/{reference}", response={200: ClearanceOut, **AUTH_ERRORS}, summary="One clearance")
def clearance_get(request, reference: str):
    return _out(selectors.clearance_get(user=request.auth, reference=reference))


@router.post("/{reference}/halt", response={200: ClearanceOut, **AUTH_ERRORS, 409: AUTH_ERRORS[404]},
             summary="Halt a clearance (origin officer)")
def clearance_halt(request, reference: str, payload: HaltIn):
    clearance = selectors.clearance_get(user=request.auth, reference=reference)
    return _out(services.clearance_halt(acting_user=request.auth, clearance=clearance, reason=payload.reason))


# --- a way out: transfer requests (mounted at /transfers) ---------------------------------------------------------

transfer_router = Router(tags=["transfers"])


class TransferIn(Schema):
    clearance_reference: str
    passport_tail: str = ""
    ground: TransferGround
    sector: TransferSector | None = None
    case_reference: str = ""
    statement: str = ""


class TransferActionIn(Schema):
    action: Literal["ask_consent", "answer_consent", "accept", "refuse", "appeal", "reconsider_accept",
                    "reconsider_refuse", "complete", "withdraw"]
    reason: str = ""
    consents: bool | None = None
    job_order_reference: str = ""
    peer_contract_reference: str = ""
    document: dict[str, Any] | None = None
    starts_on: date | None = None


class TransferOut(Schema):
    reference: str
    status: str
    clearance_reference: str
    worker: str
    old_employer: str
    new_employer: str | None
    ground: str
    allowed: bool | None
    needs_employer_consent: bool | None
    notice_days: int | None
    earliest_date: date | None
    law_version: str
    law: dict[str, Any]
    due_at: datetime | None
    escalated: bool
    appeal_by: date | None
    old_employment_ends: date | None
    available_actions: list[str]


def _transfer_out(t, user) -> dict:
    return {"reference": t.reference, "status": t.status, "clearance_reference": t.arrival.clearance.reference,
            "worker": t.arrival.clearance.worker_name, "old_employer": t.old_employer_name,
            "new_employer": t.new_employer.name if t.new_employer_id else None, "ground": t.ground, "allowed": t.allowed,
            "needs_employer_consent": t.needs_employer_consent, "notice_days": t.notice_days,
            "earliest_date": t.earliest_date, "law_version": t.law_version, "law": explain(t.decision),
            "due_at": t.due_at, "escalated": t.escalated_at is not None, "appeal_by": t.appeal_by,
            "old_employment_ends": t.old_employment_ends,
            "available_actions": lifecycle.available_actions(TRANSFER, t, user)}


@transfer_router.get("", response={200: list[TransferOut], **AUTH_ERRORS}, summary="Transfer requests you may see")
@paginate(LimitOffset)
def transfer_list(request, status: TransferStatus | None = None):
    if not has_perm(request.auth, "transfer.view"):
        raise PermissionDenied()
    return Mapped(selectors.transfer_list(user=request.auth, status=status or ""), lambda t: _transfer_out(t, request.auth))


@transfer_router.post("", response={201: TransferOut, **AUTH_ERRORS, 409: AUTH_ERRORS[404]},
                      summary="Ask to change employer (the worker, a caseworker, an attaché or an officer)")
def transfer_create(request, payload: TransferIn):
    if not has_perm(request.auth, "transfer.request"):
        raise PermissionDenied()
    arrival = services.arrival_for_request(acting_user=request.auth, clearance_reference=payload.clearance_reference,
                                           passport_tail=payload.passport_tail)
    transfer = services.transfer_request(acting_user=request.auth, arrival=arrival, ground=payload.ground,
                                         sector=payload.sector or "", case_reference=payload.case_reference,
                                         statement=payload.statement)
    return Status(201, _transfer_out(transfer, request.auth))


@transfer_router.get("/{reference}", response={200: TransferOut, **AUTH_ERRORS}, summary="One transfer request")
def transfer_get(request, reference: str):
    if not has_perm(request.auth, "transfer.view"):
        raise PermissionDenied()
    return _transfer_out(selectors.transfer_get(user=request.auth, reference=reference), request.auth)


@transfer_router.post("/{reference}/actions", response={200: TransferOut, **AUTH_ERRORS, 409: AUTH_ERRORS[404]},
                      summary="Take the next step of a transfer request (what the status and your role allow)")
def transfer_action(request, reference: str, payload: TransferActionIn):
    if not has_perm(request.auth, "transfer.view"):
        raise PermissionDenied()
    transfer = selectors.transfer_get(user=request.auth, reference=reference)
    user, p = request.auth, payload
    if p.action == "ask_consent":
        transfer = services.transfer_ask_consent(acting_user=user, transfer=transfer)
    elif p.action == "answer_consent":
        transfer = services.transfer_consent_answer(acting_user=user, transfer=transfer, consents=p.consents,
                                                    reason=p.reason)
    elif p.action == "accept":
        transfer = services.transfer_accept(acting_user=user, transfer=transfer, reason=p.reason,
                                            job_order_reference=p.job_order_reference)
    elif p.action == "refuse":
        transfer = services.transfer_refuse(acting_user=user, transfer=transfer, reason=p.reason)
    elif p.action == "appeal":
        transfer = services.transfer_appeal(acting_user=user, transfer=transfer, reason=p.reason)
    elif p.action in ("reconsider_accept", "reconsider_refuse"):
        transfer = services.transfer_reconsider(acting_user=user, transfer=transfer, accept=p.action == "reconsider_accept",
                                                reason=p.reason, job_order_reference=p.job_order_reference)
    elif p.action == "complete":
        transfer = services.transfer_complete(acting_user=user, transfer=transfer, job_order_reference=p.job_order_reference,
                                              document=p.document, peer_contract_reference=p.peer_contract_reference,
                                              starts_on=p.starts_on)
    else:
        transfer = services.transfer_withdraw(acting_user=user, transfer=transfer, reason=p.reason)
    return _transfer_out(selectors.transfer_get(user=user, reference=transfer.reference), user)
