"""Destination: the origin's registered contracts and clearances, received."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.clearance import certificate
from corridor.clearance.choices import NoticeKind
from corridor.clearance.errors import (
    PeerRecordInvalid,
)
from corridor.clearance.models import (
    PeerClearance,
    PeerContract,
)
from corridor.clearance.services._common import CONTRACT_TYP, _notify_destination_officers
from corridor.clearance.services.reports import _reported_at
from corridor.contracts import interchange
from corridor.core import audit, crypto, node, signing


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
        _notify_destination_officers(record, NoticeKind.HALT_RECEIVED)
    return record
