"""Every write of the clearance app: applying, recording facts, granting, refusing, halting, departing (origin);
receiving the peer's records, recording arrivals, checking presented contracts, substitution matters (destination)."""

from __future__ import annotations

import copy
import datetime as dt
import logging
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.accounts.choices import Role
from corridor.clearance import certificate, checks
from corridor.clearance.choices import (
    ClearanceStatus,
    FactKind,
    MatterStatus,
    NoticeKind,
    PresentedSource,
)
from corridor.clearance.errors import (
    AlreadyArrived,
    ChecksFailed,
    ClearancePending,
    ContractNotRegistered,
    DepartureDateInvalid,
    FactInvalid,
    NotHaltable,
    PeerRecordInvalid,
    PresentedInvalid,
    ReasonRequired,
)
from corridor.clearance.lifecycles import CLEARANCE, HALTABLE, SUBSTITUTION_MATTER
from corridor.clearance.models import (
    Arrival,
    Clearance,
    ClearanceFact,
    DestinationReport,
    PeerClearance,
    PeerContract,
    PresentedCheck,
    SubstitutionMatter,
)
from corridor.contracts import interchange
from corridor.contracts.compare import compare
from corridor.contracts.models import Contract
from corridor.contracts.services import document_validate, terms_of
from corridor.core import audit, crypto, lifecycle, node, notifications, signing
from corridor.core.errors import CorridorError, NotFound, TransitionNotAllowed
from corridor.core.lifecycle import require as _require
from corridor.exchange import services as exchange
from corridor.exchange.choices import PeerStatus
from corridor.exchange.models import Peer
from corridor.registry import names
from corridor.registry.models import Agency, Employer

logger = logging.getLogger(__name__)

CONTRACT_TYP = "corridor-contract+jws"
# A certificate stays valid to the end of the departure-by day (UTC) and this long after, for late flights.
GRACE = dt.timedelta(days=1)


def _user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [str(ReasonRequired.default_message)]})
    return reason


def _lock(clearance: Clearance) -> Clearance:
    return Clearance.objects.select_for_update().get(pk=clearance.pk)


def _step(clearance: Clearance, action: str, *, acting_user, reason: str = "", detail: dict | None = None,
          changes=None, check=None, cascade: bool = False) -> Clearance:
    """One clearance transition through the lifecycle kit (clearance.lifecycles.CLEARANCE)."""
    return lifecycle.transition(
        CLEARANCE, clearance, action, acting_user=acting_user, reason=reason, changes=changes, check=check,
        event_fields={"effective_date": timezone.localdate()}, enforce_permission=not cascade,
        audit_detail={"reference": clearance.reference, "reason": reason, **(detail or {})})


NOTICE_MESSAGES = {  # the English message ids, rendered in each reader's language when read
    NoticeKind.GRANTED: gettext_noop("Clearance %(ref)s is granted; depart by %(day)s."),
    NoticeKind.REFUSED: gettext_noop("Clearance %(ref)s is refused: %(reason)s"),
    NoticeKind.HALTED: gettext_noop("Clearance %(ref)s is halted: %(reason)s"),
    NoticeKind.SUBSTITUTION: gettext_noop("The destination found a substituted contract: %(terms)s."),
}


def _notify(clearance: Clearance, kind: str, **params) -> None:
    """A notification to the worker and to the agency's staff, on their dashboards."""
    notifications.notification_send(
        kind=f"clearance.{kind}", message=NOTICE_MESSAGES[kind], params={"ref": clearance.reference, **params},
        link=reverse("clearance:detail", args=[clearance.reference]), about=f"clearance:{clearance.reference}",
        worker=clearance.worker, organisation=clearance.agency, role=Role.AGENCY_STAFF)


def _scope_check(user, clearance: Clearance) -> None:
    """Agency staff act only on their own agency's clearances (others' are 'not found')."""
    if user is not None and user.role == Role.AGENCY_STAFF and clearance.agency_id != user.organisation_id:
        raise NotFound()


# --- messages to the peer ----------------------------------------------------------------------


def _send(*, acting_user, country: str, kind: str, body: dict, ordering_key: str):
    """Queue a message for the peer of `country`, in this transaction; nothing when there is no such peer or grant."""
    peer = Peer.objects.filter(country_id=country, status=PeerStatus.ACTIVE).first()
    if peer is None:
        return None
    try:
        return exchange.message_send(acting_user=acting_user, peer=peer, kind=kind, body=body, ordering_key=ordering_key)
    except CorridorError as exc:
        logger.warning("Not sent to %s: %s (%s)", country, kind, exc.code)
        return None


def _contract_registered_body(clearance: Clearance) -> dict | None:
    version = checks.registered_version(clearance.contract)
    if version is None:
        return None
    return {"reference": clearance.contract.reference, "version": version.number, "content_hash": version.content_hash,
            "signature": version.signature}


# --- origin: applying and recording facts -----------------------------------------------------


def employer_from_document(doc: dict) -> Employer | None:
    """The registry's employer named by a contract document alone: by registration number, then by exact name.

    Only for a contract that has no job order here: one received from a peer, or one submitted before contracts
    named their job order (see contracts' migration 0002). A contract with a job order has its employer.
    """
    employer = doc.get("employer") or {}
    key = crypto.normalise_identifier(employer.get("registration_number") or "")
    if key:
        found = Employer.objects.filter(country_id=employer.get("country"), registration_key=key).first()
        if found is not None:
            return found
    # Last resort: exactly one registered employer of that country with the same normalised name.
    if employer.get("name"):
        same = list(Employer.objects.filter(country_id=employer.get("country"),
                                            name_key=names.name_key(employer["name"]).key[:200])[:2])
        if len(same) == 1:
            return same[0]
    return None


def _employer_for(contract: Contract, doc: dict) -> Employer | None:
    """The employer of the contract's job order; the document's only for a contract without one."""
    if contract.job_order_id is not None:
        return contract.job_order.employer
    return employer_from_document(doc)


def clearance_apply(*, acting_user, contract: Contract, departure_date: dt.date) -> Clearance:
    """An agency (or an officer) presents a worker for clearance on one registered contract."""
    _require(acting_user, "clearance.apply")
    if acting_user is not None and acting_user.role == Role.AGENCY_STAFF and contract.agency_id != acting_user.organisation_id:
        raise NotFound()
    version = checks.registered_version(contract)
    if contract.status != "registered" or version is None:
        raise ContractNotRegistered()
    if departure_date is None or departure_date < timezone.localdate():
        raise DepartureDateInvalid(fields={"departure_date": [str(DepartureDateInvalid.default_message)]})
    doc = version.as_document()
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)
        if Clearance.objects.filter(contract=contract, status__in=[ClearanceStatus.APPLIED, ClearanceStatus.GRANTED,
                                                                   ClearanceStatus.DEPARTED]).exists():
            raise ClearancePending()
        employer = _employer_for(contract, doc)
        clearance = Clearance.objects.create(
            reference=f"tmp-{uuid.uuid4().hex}", contract=contract, worker=contract.worker, agency=contract.agency,
            employer=employer, employer_name=(doc.get("employer") or {}).get("name", "")[:200],
            destination_id=doc["corridor"]["destination"], departure_date=departure_date, applied_by=_user(acting_user),
        )
        clearance.reference = f"{node.identity().country}-CLR-{timezone.now():%Y}-{clearance.pk:07d}"
        clearance.save(update_fields=["reference"])
        lifecycle.event(CLEARANCE, clearance, "apply", acting_user=acting_user, to_status=clearance.status,
                        effective_date=timezone.localdate())
        audit.record(actor=acting_user, action="clearance.apply", target=clearance, to_state=clearance.status,
                     detail={"reference": clearance.reference, "reason": "", "contract": contract.reference})
    return clearance


def clearance_fact_record(*, acting_user, clearance: Clearance, kind: str, document_reference: str,
                          valid_until: dt.date | None = None, note: str = "") -> ClearanceFact:
    """An agency or a welfare fund officer records orientation, fund membership or insurance on the application."""
    _require(acting_user, "clearance.record_fact")
    _scope_check(acting_user, clearance)
    problems = {}
    if kind not in FactKind.values:
        problems["kind"] = [_("Unknown fact.")]
    if not (document_reference or "").strip():
        problems["document_reference"] = [_("This field is required.")]
    if problems:
        raise FactInvalid(fields=problems)
    with transaction.atomic():
        clearance = _lock(clearance)
        lifecycle.check_allowed(CLEARANCE, clearance, "record_fact")
        fact = ClearanceFact.objects.create(clearance=clearance, kind=kind, document_reference=document_reference.strip()[:100],
                                            valid_until=valid_until, note=(note or "").strip()[:300], recorded_by=acting_user,
                                            recorded_by_organisation=getattr(acting_user, "organisation", None))
        audit.record(actor=acting_user, action="clearance.record_fact", target=clearance,
                     detail={"kind": kind, "document_reference": fact.document_reference,
                             "valid_until": valid_until.isoformat() if valid_until else None})
    return fact


# --- origin: deciding ---------------------------------------------------------------------------


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


def _halt(clearance: Clearance, *, acting_user, reason: str, trigger: str) -> Clearance:
    try:
        clearance = _step(clearance, "halt", acting_user=acting_user, reason=reason, detail={"trigger": trigger},
                          changes={"status_reason": reason, "halted_at": timezone.now()}, cascade=trigger != "officer")
    except TransitionNotAllowed:
        raise NotHaltable() from None
    from_status = clearance.events.order_by("-created_at", "-id").values_list("from_status", flat=True).first()
    _notify(clearance, NoticeKind.HALTED, reason=reason)
    if from_status == ClearanceStatus.GRANTED:
        _send(acting_user=acting_user, country=clearance.destination_id, kind="clearance.halted",
              body={"reference": clearance.reference, "reason": reason,
                    "halted_at": clearance.halted_at.isoformat().replace("+00:00", "Z")},
              ordering_key=f"contract:{clearance.contract.reference}")
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


# --- public status and revocations --------------------------------------------------------------


def revocation_list_token(*, now: dt.datetime | None = None) -> str:
    """This node's signed list of halted certificates, with its time of issue."""
    now = (now or timezone.now()).replace(microsecond=0)
    halted = list(Clearance.objects.filter(status=ClearanceStatus.HALTED).exclude(token="")
                  .order_by("halted_at").values_list("reference", "halted_at"))
    payload = certificate.revocations_payload(issuer=node.identity().country, issued_at=now, halted=halted)
    return signing.jws_sign(payload, typ=certificate.REVOCATIONS_TYP)


# --- origin: what the destination reports -------------------------------------------------------


def _own_clearance(peer, reference: str) -> Clearance:
    clearance = Clearance.objects.filter(reference=str(reference or "")).first()
    if clearance is None or clearance.destination_id != peer.country_id:
        raise PeerRecordInvalid(_("No clearance %(ref)s for this destination.") % {"ref": reference})
    return clearance


def _reported_at(body) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(str(body.get("at", "")).replace("Z", "+00:00"))
    except ValueError:
        return timezone.now()


def arrival_report_receive(*, peer, body: dict) -> DestinationReport:
    """`arrival.recorded` from the destination: the worker arrived."""
    clearance = _own_clearance(peer, body.get("clearance_reference"))
    try:
        arrived_on = dt.date.fromisoformat(str(body.get("arrived_on")))
    except ValueError as exc:
        raise PeerRecordInvalid(fields={"arrived_on": [_("Not a date (YYYY-MM-DD).")]}) from exc
    report = DestinationReport.objects.create(clearance=clearance, kind="arrival.recorded", peer_country=peer.country_id,
                                              body=body, reported_at=_reported_at(body))
    Clearance.objects.filter(pk=clearance.pk).update(arrived_on=arrived_on)
    audit.record(actor=None, action="clearance.arrival_reported", target=clearance, detail={"peer": peer.country_id,
                                                                                             "arrived_on": arrived_on.isoformat()})
    return report


def contract_check_report_receive(*, peer, body: dict) -> DestinationReport:
    """`contract.checked` from the destination: the contract presented there, compared with ours."""
    clearance = _own_clearance(peer, body.get("clearance_reference"))
    substituted = bool(body.get("substituted"))
    changes = body.get("changes") if isinstance(body.get("changes"), list) else []
    report = DestinationReport.objects.create(clearance=clearance, kind="contract.checked", peer_country=peer.country_id,
                                              substituted=substituted, changes=changes, body=body,
                                              reported_at=_reported_at(body))
    if substituted:
        terms = ", ".join(str(c.get("term")) for c in changes if c.get("less_favourable") is True)
        _notify(clearance, NoticeKind.SUBSTITUTION, terms=terms)
    audit.record(actor=None, action="clearance.contract_check_reported", target=clearance,
                 detail={"peer": peer.country_id, "substituted": substituted, "changes": len(changes)})
    return report


# --- destination: receiving the origin's records ------------------------------------------------


def peer_keys(peer) -> dict[str, Ed25519PublicKey]:
    return {k.key_id: Ed25519PublicKey.from_public_bytes(crypto.b64url_decode(k.public_key)) for k in peer.keys.all()}


def peer_contract_receive(*, peer, body: dict) -> PeerContract:
    """`contract.registered`: keep the registered contract as the peer's record, after checking the peer's signature."""
    try:
        header, payload = signing.jws_verify(str(body.get("signature", "")), peer_keys(peer), typ=CONTRACT_TYP)
        document = interchange.parse(payload["contract"])
        reference, version = str(payload["reference"]), int(payload["version"])
        registered_at = dt.datetime.fromisoformat(str(payload["registered_at"]).replace("Z", "+00:00"))
    except (signing.SignatureError, interchange.InterchangeError, KeyError, TypeError, ValueError) as exc:
        raise PeerRecordInvalid() from exc
    if str(payload.get("node", "")).upper() != peer.country_id or interchange.content_hash(document) != payload.get("content_hash"):
        raise PeerRecordInvalid(_("The contract's signature does not belong to this peer or its hash does not match."))
    record, created = PeerContract.objects.update_or_create(
        source_country=peer.country_id, reference=reference, version=version,
        defaults={"source_key_id": header["kid"], "content_hash": payload["content_hash"],
                  "document": interchange.canonical_json(document).decode("utf-8"), "signature": body["signature"],
                  "worker_name": str((document.get("worker") or {}).get("full_name", ""))[:200],
                  "employer_name": str((document.get("employer") or {}).get("name", ""))[:200], "registered_at": registered_at},
    )
    audit.record(actor=None, action="peer_contract.receive", target=record, detail={"peer": peer.country_id, "reference": reference,
                                                                                     "version": version, "created": created})
    return record


def peer_clearance_receive(*, peer, body: dict) -> PeerClearance:
    """`clearance.granted`: the certificate itself is the record; it must verify with the peer's key."""
    token = str(body.get("token", ""))
    result = certificate.verify(token, peer_keys(peer), issuer=peer.country_id, now=timezone.now() - dt.timedelta(days=3650))
    if not result.signature_valid:
        raise PeerRecordInvalid(result.message)
    c = result.claims
    if str(c.get("iss", "")).upper() != peer.country_id or c.get("dst") != node.identity().country:
        raise PeerRecordInvalid(_("The clearance was not issued by this peer for this country."))
    try:
        fields = {
            "source_key_id": result.header["kid"], "token": certificate.clean_token(token), "worker_name": str(c["name"])[:200],
            "passport_tail": str(c.get("pp4", ""))[:4], "nationality": str(c.get("nat", ""))[:2],
            "employer_name": str(c.get("emp", ""))[:200], "contract_reference": str(c["ctr"])[:40], "content_hash": str(c["ch"])[:64],
            "departure_by": dt.date.fromisoformat(c["dep"]),
            "issued_at": dt.datetime.fromtimestamp(int(c["iat"]), tz=dt.UTC),
            "expires_at": dt.datetime.fromtimestamp(int(c["exp"]), tz=dt.UTC),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise PeerRecordInvalid() from exc
    record, created = PeerClearance.objects.update_or_create(source_country=peer.country_id, reference=str(c["jti"]), defaults=fields)
    audit.record(actor=None, action="peer_clearance.receive", target=record, to_state="granted",
                 detail={"peer": peer.country_id, "reference": record.reference, "created": created})
    return record


def peer_clearance_halt_receive(*, peer, body: dict) -> PeerClearance:
    """`clearance.halted`: the origin withdrew the clearance; the officer sees it at once."""
    record = PeerClearance.objects.filter(source_country=peer.country_id, reference=str(body.get("reference", ""))).first()
    if record is None:
        raise PeerRecordInvalid(_("No clearance %(ref)s from this peer.") % {"ref": body.get("reference")})
    if record.halted_at is None:
        record.halted_at = _reported_at({"at": body.get("halted_at")})
        record.halt_reason = str(body.get("reason", ""))[:2000]
        record.save(update_fields=["halted_at", "halt_reason"])
        audit.record(actor=None, action="peer_clearance.halt", target=record, from_state="granted", to_state="halted",
                     detail={"peer": peer.country_id, "reason": record.halt_reason})
    return record


# --- destination: arrivals, presented contracts, substitution matters --------------------------


def arrival_record(*, acting_user, clearance: PeerClearance, arrived_on: dt.date, port: str = "") -> Arrival:
    """A destination officer records that the worker arrived; the origin is told (`arrival.recorded`)."""
    _require(acting_user, "arrival.record")
    with transaction.atomic():
        clearance = PeerClearance.objects.select_for_update().get(pk=clearance.pk)
        if Arrival.objects.filter(clearance=clearance).exists():
            raise AlreadyArrived()
        arrival = Arrival.objects.create(clearance=clearance, arrived_on=arrived_on, port=(port or "").strip()[:100],
                                         recorded_by=acting_user)
        audit.record(actor=acting_user, action="arrival.record", target=arrival,
                     detail={"clearance": clearance.reference, "peer": clearance.source_country, "arrived_on": arrived_on.isoformat(),
                             "halted": clearance.is_halted})
        _send(acting_user=acting_user, country=clearance.source_country, kind="arrival.recorded",
              body={"clearance_reference": clearance.reference, "arrived_on": arrived_on.isoformat(),
                    "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")},
              ordering_key=f"clearance:{clearance.reference}")
    return arrival


def registered_for(clearance: PeerClearance) -> PeerContract | None:
    """The peer's registered contract the certificate names: same reference and content hash, else its latest version."""
    contracts = PeerContract.objects.filter(source_country=clearance.source_country, reference=clearance.contract_reference)
    return contracts.filter(content_hash=clearance.content_hash).first() or contracts.order_by("-version").first()


PAPER_TERMS = {
    "employer_name": ("employer", "name"), "job_title": ("job", "title"), "worksite": ("job", "worksite"),
    "wage_amount": ("wage", "amount"), "wage_currency": ("wage", "currency"), "wage_period": ("wage", "period"),
    "normal_daily": ("hours", "normal_daily"), "normal_weekly": ("hours", "normal_weekly"),
    "weekly_rest_hours": ("rest", "weekly_rest_hours"), "annual_leave_days": ("rest", "annual_leave_days"),
    "duration_months": ("term", "duration_months"),
}


def presented_from_paper(registered: dict, terms: dict[str, Any]) -> dict:
    """The presented contract from a paper form: the registered text with the terms read off the paper put in."""
    doc = copy.deepcopy(registered)
    for name, (section, key) in PAPER_TERMS.items():
        value = terms.get(name)
        if value in (None, ""):
            continue
        doc.setdefault(section, {})[key] = value
    return doc


def presented_check(*, acting_user, clearance: PeerClearance, document: dict, source: str = PresentedSource.UPLOAD) -> PresentedCheck:
    """Compare the presented contract with the registered one; a substitution opens a matter and the origin is told."""
    _require(acting_user, "arrival.record")
    registered = registered_for(clearance)
    if registered is None:
        raise NotFound(_("The origin has not sent the registered contract %(ref)s.") % {"ref": clearance.contract_reference})
    try:
        document_validate(document)
    except CorridorError as exc:
        raise PresentedInvalid(fields=exc.fields) from exc
    presented = terms_of(document)
    result = compare(terms_of(registered.as_document()), presented)
    with transaction.atomic():
        check = PresentedCheck.objects.create(
            clearance=clearance, registered=registered, source=source,
            presented_document=interchange.canonical_json(presented).decode("utf-8"),
            presented_hash=interchange.content_hash(presented), substituted=result["substituted"], changes=result["changes"],
            checked_by=acting_user,
        )
        audit.record(actor=acting_user, action="arrival.contract_check", target=check,
                     detail={"clearance": clearance.reference, "substituted": result["substituted"], "changes": len(result["changes"])})
        if result["substituted"]:
            matter = SubstitutionMatter.objects.create(check_record=check, clearance=clearance)
            lifecycle.event(SUBSTITUTION_MATTER, matter, "open", acting_user=acting_user, to_status=matter.status,
                            reason=_("Opened by the check of the presented contract."))
            audit.record(actor=acting_user, action="substitution_matter.open", target=matter, to_state=matter.status,
                         detail={"clearance": clearance.reference})
        _send(acting_user=acting_user, country=clearance.source_country, kind="contract.checked",
              body={"clearance_reference": clearance.reference, "contract_reference": registered.reference,
                    "registered_hash": registered.content_hash, "presented_hash": check.presented_hash,
                    "substituted": result["substituted"], "changes": result["changes"],
                    "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")},
              ordering_key=f"clearance:{clearance.reference}")
    return check


def _matter_step(*, acting_user, matter: SubstitutionMatter, action: str, to_status: str, reason: str) -> SubstitutionMatter:
    """One substitution matter transition through the lifecycle kit (clearance.lifecycles.SUBSTITUTION_MATTER)."""
    lifecycle.check_permission(SUBSTITUTION_MATTER, action, acting_user)
    reason = _reason(reason)
    changes = {"closed_at": timezone.now(), "outcome": reason} if to_status == MatterStatus.CLOSED else {}
    return lifecycle.transition(SUBSTITUTION_MATTER, matter, action, acting_user=acting_user, to_status=to_status,
                                reason=reason, changes=changes, audit_detail={"reason": reason})


def matter_review(*, acting_user, matter: SubstitutionMatter, reason: str) -> SubstitutionMatter:
    return _matter_step(acting_user=acting_user, matter=matter, action="review", to_status=MatterStatus.UNDER_REVIEW, reason=reason)


def matter_close(*, acting_user, matter: SubstitutionMatter, reason: str) -> SubstitutionMatter:
    return _matter_step(acting_user=acting_user, matter=matter, action="close", to_status=MatterStatus.CLOSED, reason=reason)


