"""The signed envelope: build and sign one for a peer; verify and check one that arrived."""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone

from corridor.core import crypto, node, signing
from corridor.exchange import conf
from corridor.exchange.errors import MessageRejected
from corridor.exchange.handlers import KIND_PATTERN

TYP = "corridor-message+jws"
VERSION = 1


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build(*, message_id: uuid.UUID, kind: str, recipient: str, created_at: datetime, body: dict,
          ordering_key: str = "", sequence: int | None = None) -> dict:
    me = node.identity()
    return {
        "v": VERSION,
        "id": str(message_id),
        "kind": kind,
        "sender": {"country": me.country, "key_id": crypto.key_id(crypto.node_private_key().public_key())},
        "recipient": {"country": recipient},
        "created_at": _iso(created_at),
        "ordering_key": ordering_key or None,
        "sequence": sequence,
        "body": body,
    }


def sign(envelope: dict) -> str:
    return signing.jws_sign(envelope, typ=TYP)


@dataclass(frozen=True)
class Received:
    """A message whose signature and envelope were checked; `peer_id` is the peer that owns the signing key."""

    peer_id: int
    id: uuid.UUID
    kind: str
    sender: str
    created_at: datetime
    ordering_key: str
    sequence: int | None
    body: dict
    token: str


def reject(code: str, reason: str, **context):
    exc = MessageRejected(reason, code=code)
    exc.context = context
    raise exc


# What the envelope adds around the body (ids, countries, dates, an ordering key of 200 characters): well under this.
ENVELOPE_OVERHEAD_BYTES = 2048


def max_token_length() -> int:
    """The longest token whose body can fit MAX_BODY_BYTES: a longer one is refused before anything is decoded."""
    payload = conf.get("MAX_BODY_BYTES") + ENVELOPE_OVERHEAD_BYTES
    return 4 * -(-payload // 3) + 1024  # base64url of the payload, plus header and signature


def claimed(token) -> dict:
    """What an unverified token says about itself, for the rejection log: never trusted for anything else."""
    out = {}
    if not isinstance(token, str):
        return out
    try:
        out["key_id"] = str(signing.jws_header(token).get("kid", ""))[:64]
        if len(token) > max_token_length():
            return out  # an oversized payload is not parsed, not even for the log
        payload = json.loads(crypto.b64url_decode(token.split(".")[1]))
        out["message_id"] = str(payload.get("id", ""))[:64]
        out["claimed_sender"] = str((payload.get("sender") or {}).get("country", ""))[:2]
    except Exception:  # noqa: BLE001 - a malformed token claims nothing
        pass
    return out


def verify(token, keys: dict[str, tuple[int, str, Ed25519PublicKey]], *, now: datetime | None = None) -> Received:
    """Check a token against the active peers' keys ({key id: (peer id, country, key)}), cheapest checks first.

    Raises MessageRejected with a stable code; touches no database.
    """
    if not isinstance(token, str):
        reject("malformed", "The message is not a compact JWS string.")
    if len(token) > max_token_length():
        reject("too_large", f"The message is larger than the limit of {conf.get('MAX_BODY_BYTES')} bytes for its body.")
    try:
        header = signing.jws_header(token)
    except signing.SignatureError as exc:
        reject(exc.code, str(exc))
    entry = keys.get(str(header.get("kid", "")))
    if entry is None:
        reject("unknown_sender", "The message is signed with a key that belongs to no active peer.")
    peer_id, peer_country, public = entry
    try:
        header, envelope = signing.jws_verify(token, {header["kid"]: public}, typ=TYP)
    except signing.SignatureError as exc:
        reject(exc.code, str(exc))
    if not isinstance(envelope, dict) or envelope.get("v") != VERSION:
        reject("malformed", "The envelope is not a version 1 Corridor envelope.")
    sender = envelope.get("sender") or {}
    if not isinstance(sender, dict) or sender.get("country") != peer_country or sender.get("key_id") != header["kid"]:
        reject("sender_mismatch", "The envelope names a sender other than the owner of the signing key.")
    recipient = envelope.get("recipient") or {}
    if not isinstance(recipient, dict) or recipient.get("country") != node.identity().country:
        reject("wrong_recipient", f"The message is addressed to {recipient.get('country')!r}, not to this node.")
    try:
        message_id = uuid.UUID(str(envelope.get("id")))
        created_at = datetime.fromisoformat(str(envelope.get("created_at")).replace("Z", "+00:00"))
    except ValueError:
        reject("malformed", "The message id or creation time is not valid.")
    if created_at.tzinfo is None:
        reject("malformed", "The creation time has no time zone.")
    now = now or timezone.now()
    if created_at < now - timedelta(seconds=conf.get("MAX_AGE_SECONDS")):
        reject("expired", "The message is older than the acceptance window.")
    if created_at > now + timedelta(seconds=conf.get("CLOCK_SKEW_SECONDS")):
        reject("from_future", "The message is dated in the future beyond the allowed clock skew.")
    kind = envelope.get("kind")
    if not isinstance(kind, str) or not KIND_PATTERN.match(kind) or len(kind) > 60:
        reject("malformed", "The message kind is not valid.")
    ordering_key = envelope.get("ordering_key") or ""
    sequence = envelope.get("sequence")
    if not isinstance(ordering_key, str) or len(ordering_key) > 200:
        reject("malformed", "The ordering key is not valid.")
    if ordering_key and (not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1):
        reject("malformed", "A message with an ordering key needs a sequence number from 1.")
    if not ordering_key:
        sequence = None
    body = envelope.get("body")
    if not isinstance(body, dict):
        reject("malformed", "The message body is not a JSON object.")
    try:
        size = len(signing.canonical_json(body))
    except (TypeError, ValueError):
        reject("malformed", "The message body is not canonical JSON.")
    if size > conf.get("MAX_BODY_BYTES"):
        reject("too_large", f"The message body is {size} bytes, over the limit of {conf.get('MAX_BODY_BYTES')}.")
    return Received(peer_id=peer_id, id=message_id, kind=kind, sender=peer_country, created_at=created_at,
                    ordering_key=ordering_key, sequence=sequence, body=body, token=token)
