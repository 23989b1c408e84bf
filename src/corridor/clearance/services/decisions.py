"""Origin: granting, refusing, halting and departing; the signed revocation list."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from corridor.clearance import certificate, checks
from corridor.clearance.choices import (
    ClearanceStatus,
    FactKind,
    NoticeKind,
)
from corridor.clearance.errors import (
    ChecksFailed,
)
from corridor.clearance.lifecycles import CLEARANCE, HALTABLE
from corridor.clearance.models import (
    Clearance,
)
from corridor.clearance.services._common import (
    GRACE,
    _contract_registered_body,
    _halt,
    _notify,
    _reason,
    _send,
    _step,
    _user,
)
from corridor.core import crypto, lifecycle, node, signing
from corridor.registry.models import Agency


def _orientation_claim(clearance: Clearance) -> dict | None:
    """The orientation fact the grant rests on, for the credential: the destination can see which course (its
    completion reference) and who recorded it (spec/clearance/v1 README, "Orientation")."""
    fact = (clearance.facts.filter(kind=FactKind.ORIENTATION).select_related("recorded_by_organisation")
            .order_by("-recorded_at", "-id").first())
    if fact is None:
        return None
    who = fact.recorded_by_organisation.name if fact.recorded_by_organisation_id else ""
    return {"reference": fact.document_reference, "recordedBy": who[:200], "recordedOn": fact.recorded_at.date().isoformat()}


def clearance_grant(*, acting_user, clearance: Clearance, reason: str = "") -> Clearance:
    """Grant when every check passes: sign the certificate and send the contract and the clearance to the destination."""
    reason = (reason or "").strip()

    def grant(locked: Clearance) -> list[str]:
        results = checks.evaluate(locked)
        if not checks.all_passed(results):
            failed = [r for r in results if not r["passed"]]
            raise ChecksFailed(fields={r["code"]: [r["detail"]] for r in failed})
        now = timezone.now().replace(microsecond=0)
        expires = dt.datetime.combine(locked.departure_date, dt.time.min, tzinfo=dt.UTC) + GRACE
        public = crypto.node_private_key().public_key()
        me = node.identity()
        version = checks.registered_version(locked.contract)
        payload = certificate.claims(
            issuer=me.country, key_id=crypto.key_id(public), reference=locked.reference,
            worker_name=locked.worker.full_name, passport_number=locked.worker.passport_number or "",
            nationality=locked.worker.nationality_id, destination=locked.destination_id,
            employer=locked.employer_name, contract_reference=locked.contract.reference,
            content_hash=version.content_hash, departure_by=locked.departure_date, issued_at=now, expires_at=expires,
            orientation=_orientation_claim(locked),
        )
        locked.token = certificate.sign(payload)
        locked.key_id = payload["kid"]
        locked.issued_at, locked.expires_at = now, expires
        locked.status_reason = reason
        locked.checks = results
        locked.decided_by, locked.decided_at = _user(acting_user), now
        return ["token", "key_id", "issued_at", "expires_at", "status_reason", "checks", "decided_by", "decided_at"]

    def tell(locked: Clearance) -> None:
        _notify(locked, NoticeKind.GRANTED, day=str(locked.departure_date))
        key = f"contract:{locked.contract.reference}"
        body = _contract_registered_body(locked)
        if body is not None:
            _send(acting_user=acting_user, country=locked.destination_id, kind="contract.registered", body=body, ordering_key=key)
        _send(acting_user=acting_user, country=locked.destination_id, kind="clearance.granted",
              body={"reference": locked.reference, "token": locked.token}, ordering_key=key)

    with transaction.atomic():
        clearance = _step(clearance, "grant", acting_user=acting_user, reason=reason, changes=grant)
        tell(clearance)
    return clearance


def clearance_refuse(*, acting_user, clearance: Clearance, reason: str) -> Clearance:
    lifecycle.check_permission(CLEARANCE, "refuse", acting_user)
    reason = _reason(reason)

    def refuse(locked: Clearance) -> list[str]:
        locked.checks = checks.evaluate(locked)
        locked.status_reason = reason
        locked.decided_by, locked.decided_at = _user(acting_user), timezone.now()
        return ["checks", "status_reason", "decided_by", "decided_at"]

    with transaction.atomic():
        clearance = _step(clearance, "refuse", acting_user=acting_user, reason=reason, changes=refuse)
        _notify(clearance, NoticeKind.REFUSED, reason=reason)
    return clearance


def clearance_halt(*, acting_user, clearance: Clearance, reason: str) -> Clearance:
    """An officer halts a clearance, open or granted, at any time before departure."""
    lifecycle.check_permission(CLEARANCE, "halt", acting_user)
    reason = _reason(reason)
    with transaction.atomic():
        return _halt(clearance, acting_user=acting_user, reason=reason, trigger="officer")


def clearance_halt_for(*, employer=None, agency=None, worker=None, reason: str, acting_user=None) -> list[Clearance]:
    """Halt every clearance not yet departed that involves this employer, agency or worker (a red flag elsewhere).

    Other apps call it (a watchlist entry, a suspended licence, a worker's complaint); `agency` may be a registry
    Agency or its Organisation, `employer` a registry Employer. Returns the clearances halted.
    """
    reason = _reason(reason)
    clearances = Clearance.objects.filter(status__in=HALTABLE)
    if employer is not None:
        clearances = clearances.filter(employer=employer)
    if agency is not None:
        organisation_id = agency.organisation_id if isinstance(agency, Agency) else agency.pk
        clearances = clearances.filter(agency_id=organisation_id)
    if worker is not None:
        clearances = clearances.filter(worker=worker)
    if employer is None and agency is None and worker is None:
        return []
    halted = []
    with transaction.atomic():
        for clearance in clearances.order_by("pk"):
            halted.append(_halt(clearance, acting_user=acting_user, reason=reason, trigger="red_flag"))
    return halted


def clearance_depart(*, acting_user, clearance: Clearance) -> Clearance:
    """The worker left on the certificate (recorded by the officer): no halt after this."""
    return _step(clearance, "depart", acting_user=acting_user, changes={"departed_at": timezone.now()})


def clearance_record_return(*, reference: str, returned_on: dt.date, return_reference: str = "") -> Clearance | None:
    """The worker came home (reintegration's `worker.returned`): the deployment is closed, as the node."""
    clearance = Clearance.objects.filter(reference=reference).first()
    if clearance is None or clearance.status not in CLEARANCE.actions["record_return"].source:
        return None
    return _step(clearance, "record_return", acting_user=None, reason=f"Returned on {returned_on.isoformat()}",
                 detail={"return": return_reference})


def revocation_list_token(*, now: dt.datetime | None = None) -> str:
    """This node's signed list of halted certificates, with its time of issue."""
    now = (now or timezone.now()).replace(microsecond=0)
    halted = list(Clearance.objects.filter(status=ClearanceStatus.HALTED).exclude(token="")
                  .order_by("halted_at").values_list("reference", "halted_at"))
    payload = certificate.revocations_payload(issuer=node.identity().country, issued_at=now, halted=halted)
    return signing.jws_sign(payload, typ=certificate.REVOCATIONS_TYP)
