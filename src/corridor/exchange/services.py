"""Every write of the exchange: peering, the outbox (send, claim, deliver, record), and the inbox (receive, apply once)."""

import collections
import itertools
import json
import logging
import random
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm
from corridor.core import audit, crypto, events, node, rows, signing
from corridor.core.errors import CorridorError, InvalidInput, PermissionDenied
from corridor.core.models import Country
from corridor.exchange import conf, envelope, handlers, transport
from corridor.exchange.choices import (
    DELIVERY_ANNOUNCED_KINDS,
    OUTBOUND_PENDING,
    PING,
    Direction,
    InboundStatus,
    OutboundStatus,
    PeerStatus,
)
from corridor.exchange.errors import (
    BodyInvalid,
    DeliveryFailed,
    KindNotShared,
    MessageRejected,
    PeerFetchFailed,
    PeerKeyInvalid,
    PeerKeyLast,
    PeerKeyMismatch,
    PeerKeyTaken,
    PeerNotActive,
    PeerNotFound,
    UnknownKind,
)
from corridor.exchange.models import (
    InboundCursor,
    InboundMessage,
    InboundRejection,
    OutboundCursor,
    OutboundMessage,
    Peer,
    PeerGrant,
    PeerKey,
)

logger = logging.getLogger(__name__)

# Answers from a peer that say "not now" rather than "never": the message was refused before the
# peer's inbox recorded it, so offering it again later is safe and may succeed.
TRANSIENT_CODES = frozenset({"unknown_sender", "from_future", "too_many_rejections", "receiver_error", "out_of_order"})


def _require(user, action: str) -> None:
    if user is not None and not has_perm(user, action):
        raise PermissionDenied()


def peer_get(peer) -> Peer:
    """A Peer from a Peer or a country code."""
    if isinstance(peer, Peer):
        return peer
    found = Peer.objects.filter(country_id=str(peer).upper()).first()
    if found is None:
        raise PeerNotFound()
    return found


# --- peering ------------------------------------------------------------------------------------


def peer_document_fetch(url: str) -> dict:
    """Read a node's /.well-known/corridor-node.json (not trusted: its key id must be confirmed out of band)."""
    address = url.rstrip("/") + "/.well-known/corridor-node.json"
    request = urllib.request.Request(address, headers={"Accept": "application/json", "User-Agent": "corridor-exchange/1"})
    try:
        with urllib.request.urlopen(request, timeout=conf.get("HTTP_TIMEOUT_SECONDS")) as response:  # noqa: S310
            document = json.loads(response.read(256 * 1024))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PeerFetchFailed(_("The peer's public document could not be read from %(url)s: %(error)s")
                              % {"url": address, "error": exc}) from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise PeerFetchFailed(_("%(url)s is not a Corridor node document.") % {"url": address})
    return document


def keys_from_document(document) -> list[dict]:
    """The JWKs in a node document ({"node": ..., "keys": [...]}), a list of JWKs, or a single JWK."""
    if isinstance(document, dict) and "keys" in document:
        document = document["keys"]
    if isinstance(document, dict):
        document = [document]
    if not isinstance(document, list) or not document:
        raise PeerKeyInvalid()
    return document


def _public_keys(jwks: Iterable[dict]) -> list[tuple[str, str]]:
    out = []
    for jwk in jwks:
        try:
            public = crypto.public_key_from_jwk(jwk)
        except (ValueError, TypeError, AttributeError) as exc:
            raise PeerKeyInvalid() from exc
        kid = crypto.key_id(public)
        if jwk.get("kid") not in (None, kid):
            raise PeerKeyInvalid(_("The key's kid does not match the key itself."))
        out.append((kid, crypto.b64url(crypto.public_key_raw(public))))
    return out


def _check_kinds(kinds: Iterable[str]) -> list[str]:
    kinds = sorted(set(kinds))
    unknown = [k for k in kinds if not handlers.is_known(k)]
    if unknown:
        raise UnknownKind(_("Unknown message kinds: %(kinds)s.") % {"kinds": ", ".join(unknown)}, fields={"kinds": unknown})
    return kinds


def peer_add(*, acting_user, country: str, url: str, jwks: list[dict], name: str = "", expect_key_id: str = "",
             send: Iterable[str] = (), accept: Iterable[str] = ()) -> Peer:
    """Add a peer (or update its address, add keys and re-activate it). Shares nothing unless `send`/`accept` say so."""
    _require(acting_user, "exchange.peer_manage")
    country = country.strip().upper()
    if not Country.objects.filter(code=country).exists():
        raise InvalidInput(fields={"country": [_("Not an ISO 3166-1 alpha-2 country code.")]})
    if country == node.identity().country:
        raise InvalidInput(fields={"country": [_("A node cannot be its own peer.")]})
    if not url.startswith(("http://", "https://")):
        raise InvalidInput(fields={"url": [_("The address must start with http:// or https://.")]})
    keys = _public_keys(jwks)
    if expect_key_id and expect_key_id not in {kid for kid, _x in keys}:
        raise PeerKeyMismatch()
    own = set(crypto.node_public_keys())
    send, accept = _check_kinds(send), _check_kinds(accept)
    with transaction.atomic():
        peer = Peer.objects.select_for_update().filter(country_id=country).first()
        from_state = peer.status if peer else ""
        if peer is None:
            peer = Peer(country_id=country)
        peer.url, peer.status = url.rstrip("/"), PeerStatus.ACTIVE
        peer.name = name or peer.name
        peer.save()
        for kid, x in keys:
            owner = PeerKey.objects.filter(key_id=kid).values_list("peer_id", flat=True).first()
            if kid in own or (owner is not None and owner != peer.pk):
                raise PeerKeyTaken()
            PeerKey.objects.get_or_create(peer=peer, key_id=kid, defaults={"public_key": x})
        for direction, kinds in ((Direction.SEND, send), (Direction.ACCEPT, accept)):
            for kind in kinds:
                PeerGrant.objects.get_or_create(peer=peer, direction=direction, kind=kind)
        audit.record(actor=acting_user, action="peer.add", target=peer, from_state=from_state, to_state=peer.status,
                     detail={"country": country, "url": peer.url, "key_ids": [k for k, _x in keys], "send": send, "accept": accept})
    return peer


def peer_remove(*, acting_user, peer) -> Peer:
    """Stop exchanging with a peer: nothing is sent to it (its outbox waits) and nothing from it is accepted."""
    _require(acting_user, "exchange.peer_manage")
    with transaction.atomic():
        peer = Peer.objects.select_for_update().get(pk=peer_get(peer).pk)
        if peer.status == PeerStatus.REMOVED:
            raise PeerNotActive()
        peer.status = PeerStatus.REMOVED
        peer.save(update_fields=["status", "updated_at"])
        audit.record(actor=acting_user, action="peer.remove", target=peer, from_state=PeerStatus.ACTIVE, to_state=peer.status)
    return peer


def peer_key_retire(*, acting_user, peer, key_id: str) -> Peer:
    """Retire one of a peer's keys (spec/exchange/v1 section 4): from now on a message signed with it is unknown_sender.

    The peer keeps at least one key; certificates the key signed no longer verify here either.
    """
    _require(acting_user, "exchange.peer_manage")
    with transaction.atomic():
        peer = Peer.objects.select_for_update().get(pk=peer_get(peer).pk)
        keys = list(PeerKey.objects.filter(peer=peer).values_list("key_id", flat=True))
        if key_id not in keys:
            raise InvalidInput(fields={"key_id": [_("This peer has no key with this id.")]})
        if len(keys) == 1:
            raise PeerKeyLast()
        PeerKey.objects.filter(peer=peer, key_id=key_id).delete()
        audit.record(actor=acting_user, action="peer.key_retire", target=peer, detail={"key_id": key_id})
    return peer


def peer_share(*, acting_user, peer, direction: str, kinds: Iterable[str], allow: bool = True) -> Peer:
    """Allow (or, with allow=False, stop) sending or accepting some kinds of message with a peer."""
    _require(acting_user, "exchange.peer_manage")
    if direction not in Direction.values:
        raise InvalidInput(fields={"direction": [_("Either send or accept.")]})
    kinds = _check_kinds(kinds)
    with transaction.atomic():
        peer = peer_get(peer)
        for kind in kinds:
            if allow:
                PeerGrant.objects.get_or_create(peer=peer, direction=direction, kind=kind)
            else:
                PeerGrant.objects.filter(peer=peer, direction=direction, kind=kind).delete()
        audit.record(actor=acting_user, action="peer.share" if allow else "peer.unshare", target=peer,
                     detail={"direction": direction, "kinds": kinds})
    return peer


# --- sending ------------------------------------------------------------------------------------


def _cursor(model, peer_id: int, ordering_key: str):
    """The ordering cursor row for (peer, key), locked for this transaction; made on first use."""
    cursor = model.objects.select_for_update().filter(peer_id=peer_id, ordering_key=ordering_key).first()
    if cursor is None:
        try:
            with transaction.atomic():
                model.objects.create(peer_id=peer_id, ordering_key=ordering_key)
        except IntegrityError:
            pass  # made concurrently by another transaction; lock that one
        cursor = model.objects.select_for_update().get(peer_id=peer_id, ordering_key=ordering_key)
    return cursor


def message_send(*, acting_user, peer, kind: str, body: dict, ordering_key: str | None = None) -> OutboundMessage:
    """Queue a signed message for a peer, in the caller's transaction: it leaves only if that transaction commits.

    The caller's service has already decided that `acting_user` may make the change that causes the message;
    this checks what the node shares with the peer. Messages with the same ordering key are applied by the
    peer in the order they were sent.
    """
    peer = peer_get(peer)
    if peer.status != PeerStatus.ACTIVE:
        raise PeerNotActive()
    if not handlers.is_known(kind):
        raise UnknownKind()
    if kind != PING and not PeerGrant.objects.filter(peer=peer, direction=Direction.SEND, kind=kind).exists():
        raise KindNotShared()
    if not isinstance(body, dict):
        raise BodyInvalid()
    try:
        size = len(signing.canonical_json(body))
    except (TypeError, ValueError) as exc:
        raise BodyInvalid() from exc
    if size > conf.get("MAX_BODY_BYTES"):
        raise BodyInvalid()
    ordering_key = (ordering_key or "").strip()
    if len(ordering_key) > 200:
        raise InvalidInput(fields={"ordering_key": [_("At most 200 characters.")]})
    with transaction.atomic():
        sequence = None
        if ordering_key:
            cursor = _cursor(OutboundCursor, peer.pk, ordering_key)
            sequence = cursor.last_sequence + 1
            OutboundCursor.objects.filter(pk=cursor.pk).update(last_sequence=sequence)
        now = timezone.now()
        message_id = uuid.uuid4()
        token = envelope.sign(envelope.build(message_id=message_id, kind=kind, recipient=peer.country_id, created_at=now,
                                             body=body, ordering_key=ordering_key, sequence=sequence))
        message = OutboundMessage.objects.create(id=message_id, peer=peer, kind=kind, ordering_key=ordering_key, sequence=sequence,
                                                 token=token, created_at=now, next_attempt_at=now)
        audit.record(actor=acting_user, action="message.send", target=message, to_state=OutboundStatus.QUEUED,
                     detail={"peer": peer.country_id, "kind": kind, "ordering_key": ordering_key, "sequence": sequence})
        _kick_on_commit()
    return message


# The delivery task's enqueue, set by ExchangeConfig.ready(): exchange.tasks imports this module, so this module
# does not import it back.
_start_delivery = None


def set_delivery_starter(start) -> None:
    global _start_delivery
    _start_delivery = start


def _kick_delivery() -> None:
    if not conf.get("AUTO_DELIVER") or _start_delivery is None:
        return
    try:
        _start_delivery()
    except Exception:  # noqa: BLE001 - the message is safe in the outbox; `exchange deliver` or the next kick sends it
        logger.exception("Could not enqueue message delivery")


def _kick_on_commit() -> None:
    """Enqueue one delivery task when the transaction commits, however many messages it queued."""
    conn = transaction.get_connection()
    if any(func is _kick_delivery for _ids, func, *_rest in conn.run_on_commit):
        return
    transaction.on_commit(_kick_delivery)


# --- delivering ---------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    attempted: int = 0
    accepted: int = 0
    rejected: int = 0
    retrying: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: about base·2^(attempts-1) seconds, capped, drawn from its upper half."""
    delay = min(conf.get("RETRY_CAP_SECONDS"), conf.get("RETRY_BASE_SECONDS") * 2 ** max(attempts - 1, 0))
    return delay / 2 + random.uniform(0, delay / 2)  # noqa: S311 - jitter, not secrecy


def outbox_retry_now(*, peer=None) -> int:
    """Make every waiting message due now (after a peer comes back); returns how many.

    In a transaction, so that on SQLite the write lock is taken first (BEGIN IMMEDIATE) and the update queues behind
    a running delivery daemon's writes: as a bare statement it read first, and behind a daemon that writes several
    times a second it was starved of the lock until the busy timeout ("database is locked")."""
    qs = OutboundMessage.objects.filter(status=OutboundStatus.RETRYING)
    if peer is not None:
        qs = qs.filter(peer=peer_get(peer))
    with transaction.atomic():
        return qs.update(next_attempt_at=timezone.now())


def outbox_claim(*, peer=None, limit: int = 100, skip_peers: Iterable[int] = ()) -> list[OutboundMessage]:
    """Take up to `limit` due messages for sending, with a lease so that no other worker sends them meanwhile.

    The claim looks across the whole queue, not at its first rows: it takes every due message without an
    ordering key and, for each ordering key, its next message (the lowest pending sequence) if that is due,
    followed by as many of its due successors in sequence as the batch has room for. A key whose next
    message waits for a retry therefore holds up only its own successors, never another key or an
    unordered message.
    """
    now = timezone.now()
    with transaction.atomic():
        pending = OutboundMessage.objects.filter(status__in=OUTBOUND_PENDING, peer__status=PeerStatus.ACTIVE)
        if peer is not None:
            pending = pending.filter(peer=peer_get(peer))
        if skip_peers:
            pending = pending.exclude(peer_id__in=list(skip_peers))
        earlier = OutboundMessage.objects.filter(status__in=OUTBOUND_PENDING, peer_id=OuterRef("peer_id"),
                                                 ordering_key=OuterRef("ordering_key"), sequence__lt=OuterRef("sequence"))
        heads = pending.filter(next_attempt_at__lte=now).filter(Q(ordering_key="") | ~Exists(earlier))
        lock = connection.features.has_select_for_update_skip_locked
        if lock:
            heads = heads.select_for_update(skip_locked=True, of=("self",))
        claimed = list(heads.order_by("next_attempt_at", "created_at")[:limit])
        room = limit - len(claimed)
        for head in [m for m in claimed if m.ordering_key]:
            if room <= 0:
                break
            followers = pending.filter(peer_id=head.peer_id, ordering_key=head.ordering_key, sequence__gt=head.sequence)
            if lock:
                followers = followers.select_for_update(skip_locked=True, of=("self",))
            expected = head.sequence + 1
            for message in followers.order_by("sequence")[:room]:
                if message.sequence != expected or message.next_attempt_at is None or message.next_attempt_at > now:
                    break  # a gap (taken by another worker) or a successor not due: the rest of the key waits
                claimed.append(message)
                expected += 1
                room -= 1
        # Unordered messages in the order they were written, then each key's run in sequence.
        claimed.sort(key=lambda m: (bool(m.ordering_key), m.peer_id, m.ordering_key, m.sequence or 0, m.created_at))
        if claimed:
            OutboundMessage.objects.filter(id__in=[m.id for m in claimed]).update(
                status=OutboundStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now,
                next_attempt_at=now + timedelta(seconds=conf.get("LEASE_SECONDS")))
            for message in claimed:
                message.attempts += 1
    return claimed


def outbox_record(*, messages: list[OutboundMessage], results: list[dict] | None, error: str = "") -> DeliveryReport:
    """Write the peer's answers (or the transport error, for all of them) onto the claimed messages."""
    report = DeliveryReport(attempted=len(messages))
    now = timezone.now()
    accepted = []
    with transaction.atomic():
        for index, message in enumerate(messages):
            result = results[index] if results is not None else {"status": "deferred", "code": "delivery_failed", "reason": error}
            status, code, reason = result.get("status"), str(result.get("code", ""))[:60], str(result.get("reason", ""))[:2000]
            if status == "accepted":
                accepted.append(message.id)
                report.accepted += 1
            elif status == "rejected" and code not in TRANSIENT_CODES:
                OutboundMessage.objects.filter(id=message.id).update(
                    status=OutboundStatus.REJECTED, settled_at=now, peer_code=code, peer_reason=reason, next_attempt_at=None,
                    last_error="")
                audit.record(actor=None, action="message.reject", target=message, from_state=OutboundStatus.SENDING,
                             to_state=OutboundStatus.REJECTED, detail={"peer": message.peer.country_id, "code": code, "reason": reason})
                report.rejected += 1
            else:
                OutboundMessage.objects.filter(id=message.id).update(
                    status=OutboundStatus.RETRYING, last_error=f"{code}: {reason}"[:2000],
                    next_attempt_at=now + timedelta(seconds=retry_delay(message.attempts)))
                report.retrying += 1
        if accepted:
            # Only the messages this answer settles announce their delivery: an acknowledgement processed twice
            # (a retried batch) finds them already accepted and publishes nothing again.
            newly = list(OutboundMessage.objects.select_for_update(of=("self",)).filter(id__in=accepted, kind__in=DELIVERY_ANNOUNCED_KINDS)
                         .exclude(status=OutboundStatus.ACCEPTED).select_related("peer"))
            OutboundMessage.objects.filter(id__in=accepted).update(
                status=OutboundStatus.ACCEPTED, settled_at=now, peer_code="accepted", peer_reason="", last_error="", next_attempt_at=None)
            if newly:
                events.publish_many("exchange.message_delivered", [_delivered(message, now) for message in newly])
    if error:
        report.errors.append(error)
    return report


def _delivered(message: OutboundMessage, when: datetime) -> dict:
    """The payload of `exchange.message_delivered`: which message, of what kind, about which record (the body's
    `reference`), accepted by which peer and when."""
    try:
        body = json.loads(crypto.b64url_decode(message.token.split(".")[1])).get("body") or {}
    except (ValueError, IndexError, AttributeError):
        body = {}
    reference = body.get("reference") if isinstance(body, dict) else None
    return {"message_id": str(message.id), "kind": message.kind, "peer": message.peer.country_id,
            "reference": reference if isinstance(reference, str) else "", "ordering_key": message.ordering_key,
            "delivered_at": when.isoformat()}


def outbox_deliver(*, peer=None, batch_size: int | None = None, max_messages: int | None = None) -> DeliveryReport:
    """Send everything that is due, batch by batch, until nothing is due (or `max_messages` were attempted).

    Up to IN_FLIGHT requests are on the wire at once (issue 12): while the peer applies one batch, the next is
    claimed and sent, so that neither node waits for the other. Order is kept all the same: a claim never takes a
    message whose ordering key has an earlier message still pending (being sent counts), so the successors of a
    batch in flight wait for its answer, and are claimed after it; the requests of one batch (split by size) go one
    after the other. Until a peer has answered in this pass it has one request at a time (and the pass one batch at
    a time until some peer has answered), so that a peer that is down is tried once, as before. The database work
    (claiming, recording the answers) stays in this thread; only the HTTP requests run in the pool.
    """
    batch_size = batch_size or conf.get("BATCH_SIZE")
    total = DeliveryReport()
    unreachable: set[int] = set()  # a peer that failed once in this pass is not tried again until the next one
    answered: set[int] = set()  # peers that answered in this pass
    in_flight: collections.deque[_Request] = collections.deque()  # in order, started or waiting to start
    claimed_count, batches, width = 0, 0, max(1, int(conf.get("IN_FLIGHT")))
    with ThreadPoolExecutor(max_workers=width, thread_name_prefix="deliver") as pool:

        def start_what_may_go() -> None:
            for position, request in enumerate(in_flight):
                if request.answer is not None:
                    continue
                earlier = list(itertools.islice(in_flight, position))
                if any(other.batch == request.batch for other in earlier):
                    continue  # the request before it, of the same batch, has not been answered
                if request.peer_id not in answered and any(other.peer_id == request.peer_id for other in earlier):
                    continue  # its peer has not answered yet in this pass, and has a request on the wire
                request.answer = pool.submit(_post, request.peer_id, request.messages[0].peer.inbox_url,
                                             [m.token for m in request.messages], unreachable)

        while True:
            # (claimed again after each answer: the successors of a batch become due when its answer is recorded)
            while (len(in_flight) < (width if answered else 1)
                   and (max_messages is None or claimed_count < max_messages)):
                claimed = outbox_claim(peer=peer, limit=batch_size, skip_peers=unreachable)
                if not claimed:
                    break
                claimed_count, batches = claimed_count + len(claimed), batches + 1
                by_peer: dict[int, list[OutboundMessage]] = {}
                for message in claimed:
                    by_peer.setdefault(message.peer_id, []).append(message)
                in_flight.extend(_Request(part, batches) for peer_messages in by_peer.values()
                                 for part in by_size(peer_messages, int(conf.get("REQUEST_BYTES"))))
                start_what_may_go()
            if not in_flight:
                break
            request = in_flight.popleft()
            results, error, tried = request.answer.result()
            if tried:
                total.requests += 1
                (unreachable if error else answered).add(request.peer_id)
            report = outbox_record(messages=request.messages, results=results, error=error)
            for name in ("attempted", "accepted", "rejected", "retrying"):
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.errors.extend(report.errors)
            start_what_may_go()
    return total


@dataclass
class _Request:
    """One request of a delivery pass: its messages (one peer's), the number of the batch they were claimed in, and
    the answer to come once it is started."""

    messages: list[OutboundMessage]
    batch: int
    answer: Future | None = None

    @property
    def peer_id(self) -> int:
        return self.messages[0].peer_id


def _post(peer_id: int, url: str, tokens: list[str], unreachable: set[int]) -> tuple[list[dict] | None, str, bool]:
    """One request (in the delivery pool): the peer's answers, or the error; and whether the peer was tried."""
    if peer_id in unreachable:  # an earlier request of this pass found the peer down
        return None, "not tried: the peer was unreachable a moment ago", False
    try:
        return transport.post(url, tokens), "", True
    except DeliveryFailed as exc:
        return None, str(exc), True


def by_size(messages: list[OutboundMessage], budget: int) -> list[list[OutboundMessage]]:
    """The messages in order, in runs whose tokens add up to at most `budget` bytes (a larger token alone)."""
    parts: list[list[OutboundMessage]] = []
    size = 0
    for message in messages:
        length = len(message.token)
        if not parts or size + length > budget:
            parts.append([])
            size = 0
        parts[-1].append(message)
        size += length
    return parts


def outbox_next_due() -> datetime | None:
    return (OutboundMessage.objects.filter(status__in=OUTBOUND_PENDING, peer__status=PeerStatus.ACTIVE)
            .aggregate(due=Min("next_attempt_at"))["due"])


# --- receiving ----------------------------------------------------------------------------------


def active_peer_keys() -> dict:
    """{key id: (peer id, country, public key)} for every active peer: one query per inbox request."""
    keys = {}
    for row in PeerKey.objects.filter(peer__status=PeerStatus.ACTIVE).values("key_id", "public_key", "peer_id", "peer__country_id"):
        public = crypto.public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": row["public_key"]})
        keys[row["key_id"]] = (row["peer_id"], row["peer__country_id"], public)
    return keys


def _answer(status: str, code: str, reason: str = "", message_id=None, **extra) -> dict:
    answer = {"status": status, "code": code, "reason": str(reason)}
    if message_id is not None:
        answer["id"] = str(message_id)
    answer.update(extra)
    return answer


class _RejectionLog:
    """Logs every refused message: one row each up to REJECTIONS_PER_MINUTE per remote address, then one aggregate row.

    Beyond the limit a flood is answered `too_many_rejections` and counted, per request, into a single row per
    address and minute (code `too_many_rejections`, `count` messages, the codes seen): bounded storage, and no
    refusal goes unrecorded.
    """

    def __init__(self, remote_address: str | None):
        self.remote_address = remote_address or None
        self.count = None
        self.suppressed: dict[str, int] = {}

    def over_limit(self) -> bool:
        if self.count is None:
            since = timezone.now() - timedelta(seconds=60)
            self.count = InboundRejection.objects.filter(remote_address=self.remote_address, received_at__gte=since,
                                                         count=1).count()
        return self.count >= conf.get("REJECTIONS_PER_MINUTE")

    def reject(self, code: str, reason: str, token) -> dict:
        if self.over_limit():
            self.suppressed[code] = self.suppressed.get(code, 0) + 1
            return _answer("rejected", "too_many_rejections", _("Too many invalid messages from this address: slow down."),
                           envelope.claimed(token).get("message_id"))
        seen = envelope.claimed(token)
        self.count += 1
        with transaction.atomic():
            rejection = InboundRejection.objects.create(received_at=timezone.now(), remote_address=self.remote_address,
                                                        code=code, reason=reason[:2000], **seen)
            audit.record(actor=None, action="message.refuse", target=rejection, to_state="rejected",
                         detail={"code": code, "reason": reason[:500], "from": self.remote_address, **seen})
        logger.warning("Refused an inbound message from %s: %s (%s)", self.remote_address, code, reason)
        return _answer("rejected", code, reason, seen.get("message_id"))

    def flush(self) -> None:
        """Add this request's refusals beyond the limit to the address's aggregate row for this minute."""
        if not self.suppressed:
            return
        now = timezone.now()
        total = sum(self.suppressed.values())
        with transaction.atomic():
            row = (InboundRejection.objects.select_for_update()
                   .filter(remote_address=self.remote_address, code="too_many_rejections",
                           received_at__gte=now - timedelta(seconds=60)).order_by("-received_at").first())
            if row is None:
                row = InboundRejection.objects.create(received_at=now, remote_address=self.remote_address, code="too_many_rejections",
                                                      reason=self._reason(self.suppressed), count=total)
                audit.record(actor=None, action="message.refuse_flood", target=row, to_state="rejected",
                             detail={"from": self.remote_address, "codes": self.suppressed})
            else:
                codes = self._codes(row.reason)
                for code, n in self.suppressed.items():
                    codes[code] = codes.get(code, 0) + n
                InboundRejection.objects.filter(pk=row.pk).update(count=F("count") + total, reason=self._reason(codes))
        logger.warning("Refused %s more inbound messages from %s beyond the per-minute limit: %s", total, self.remote_address,
                       self.suppressed)
        self.suppressed = {}

    PREFIX = "Beyond the per-minute limit, by code: "

    @classmethod
    def _reason(cls, codes: dict[str, int]) -> str:
        return (cls.PREFIX + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))[:2000]

    @classmethod
    def _codes(cls, reason: str) -> dict[str, int]:
        codes = {}
        for part in reason.removeprefix(cls.PREFIX).split(", "):
            code, _sep, n = part.rpartition(" ")
            if code and n.isdigit():
                codes[code] = int(n)
        return codes


def inbox_receive(*, tokens: list, remote_address: str | None) -> list[dict]:
    """Check and apply each message once; one answer per message: accepted, rejected (final) or deferred (try later)."""
    keys = active_peer_keys()
    log = _RejectionLog(remote_address)
    answers: list[dict | None] = []
    verified: list[tuple[int, envelope.Received]] = []
    for token in tokens:
        try:
            verified.append((len(answers), envelope.verify(token, keys)))
            answers.append(None)
        except MessageRejected as exc:
            answers.append(log.reject(exc.code, str(exc.message), token))
    # Read once a batch, per peer: the messages of the batch already in the inbox (the others skip the duplicate
    # look-up; two copies in one batch still meet the inbox's unique constraint) and the kinds this node accepts.
    batch: dict[int, _PeerBatch] = {}
    for peer_id in {received.peer_id for _i, received in verified}:
        ids = [received.id for _i, received in verified if received.peer_id == peer_id]
        batch[peer_id] = _PeerBatch(
            peer=Peer.objects.get(pk=peer_id),
            known={str(i) for i in InboundMessage.objects.filter(peer_id=peer_id, message_id__in=ids)
                   .values_list("message_id", flat=True)},
            accepts=set(PeerGrant.objects.filter(peer_id=peer_id, direction=Direction.ACCEPT).values_list("kind", flat=True)))
    # One transaction for the batch (one commit instead of one per message); each message still has its own
    # savepoint, so a message that fails leaves the others applied.
    # The receipts' audit entries are appended together at the end of the transaction (one head read and one insert
    # for the batch, issue 12), each made when its message was applied.
    receipts: list = []
    with transaction.atomic():
        for index, received in verified:
            answers[index] = _apply(batch[received.peer_id], received, receipts)
        audit.record_many(receipts)
    log.flush()
    return answers


@dataclass
class _PeerBatch:
    peer: Peer
    known: set[str]  # message ids of the batch already in the inbox (and those applied since, as they are)
    accepts: set[str]  # the kinds this node accepts from the peer


def _duplicate(peer: Peer, message_id) -> dict | None:
    row = InboundMessage.objects.filter(peer=peer, message_id=message_id).values("status", "code", "reason").first()
    if row is None:
        return None
    status = "accepted" if row["status"] == InboundStatus.APPLIED else "rejected"
    return _answer(status, row["code"], row["reason"], message_id, duplicate=True)


def _apply(batch: _PeerBatch, received: envelope.Received, receipts: list) -> dict:
    """Apply one verified message in one transaction with its inbox row, so that it takes effect exactly once; its
    receipt's audit entry joins `receipts` once that transaction has committed (the caller appends them)."""
    peer = batch.peer
    try:
        with transaction.atomic():
            duplicate = _duplicate(peer, received.id) if str(received.id) in batch.known else None
            if duplicate is not None:
                return duplicate
            cursor = None
            if received.ordering_key:
                cursor = _cursor(InboundCursor, peer.pk, received.ordering_key)
                if received.sequence > cursor.last_sequence + 1:
                    return _answer("deferred", "out_of_order", _("An earlier message with this ordering key has not arrived yet."),
                                   received.id, waiting_for=cursor.last_sequence + 1)
            status, code, reason = InboundStatus.APPLIED, "applied", ""
            handler = handlers.handler_for(received.kind)
            if cursor is not None and received.sequence <= cursor.last_sequence:
                status, code, reason = InboundStatus.REJECTED, "sequence_conflict", _("Another message already holds this place in its sequence.")
            elif received.kind != PING and received.kind not in batch.accepts:
                status, code, reason = InboundStatus.REJECTED, "kind_not_accepted", _("This node does not accept this kind of message from this peer.")
            elif handler is None:
                status, code, reason = InboundStatus.REJECTED, "unknown_kind", _("This node has no handler for this kind of message.")
            else:
                try:
                    with transaction.atomic():
                        handler(peer, received.body)
                except CorridorError as exc:
                    status, code, reason = InboundStatus.REJECTED, exc.code, str(exc.message)
            rows.insert(InboundMessage(peer=peer, message_id=received.id, kind=received.kind, ordering_key=received.ordering_key,
                                       sequence=received.sequence, created_at=received.created_at, received_at=timezone.now(),
                                       status=status, code=code, reason=reason, token=received.token))
            if cursor is not None and received.sequence == cursor.last_sequence + 1:
                InboundCursor.objects.filter(pk=cursor.pk).update(last_sequence=received.sequence)
            receipt = audit.entry(actor=None, action="message.receive", object_type="exchange.inboundmessage",
                                  object_id=str(received.id), to_state=status,
                                  detail={"peer": peer.country_id, "kind": received.kind, "code": code})
        receipts.append(receipt)
        batch.known.add(str(received.id))
    except IntegrityError:
        # The same message was applied concurrently by another request: answer as for a duplicate.
        duplicate = _duplicate(peer, received.id)
        if duplicate is not None:
            return duplicate
        logger.exception("Inbox integrity error for message %s", received.id)
        return _answer("deferred", "receiver_error", _("The message could not be applied now; send it again later."), received.id)
    except Exception:
        logger.exception("Handler for %s failed on message %s", received.kind, received.id)
        return _answer("deferred", "receiver_error", _("The message could not be applied now; send it again later."), received.id)
    return _answer("accepted" if status == InboundStatus.APPLIED else "rejected", code, reason, received.id)

