"""API: public certificate status, signed revocation list and verification; clearances for signed-in users."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from corridor.accounts.permissions import has_perm
from corridor.clearance import selectors, services, verifier
from corridor.clearance.choices import ClearanceStatus
from corridor.core import node
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
