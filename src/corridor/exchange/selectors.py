"""Reads of the exchange for operators: messages in and out, peers, refused messages. Metadata only, never bodies."""

from corridor.accounts.permissions import has_perm
from corridor.core import signing
from corridor.core.errors import NotFound
from corridor.exchange.choices import OutboundStatus
from corridor.exchange.models import InboundMessage, InboundRejection, OutboundMessage, Peer

OUTBOUND_FIELDS = ("id", "peer__country_id", "kind", "ordering_key", "sequence", "status", "attempts", "created_at",
                   "last_attempt_at", "next_attempt_at", "settled_at", "last_error", "peer_code", "peer_reason")
INBOUND_FIELDS = ("message_id", "peer__country_id", "kind", "ordering_key", "sequence", "status", "code", "reason",
                  "created_at", "received_at")


def _check(user) -> None:
    # Exchange state is node-wide operational data: a permitted role sees all of it, others see none.
    if not has_perm(user, "exchange.view"):
        raise NotFound()


def _messages(qs, *, status: str, peer: str, kind: str):
    """Messages (either way) filtered by status, peer country and kind, each only when given."""
    filters = {"status": status, "peer__country_id": peer.upper(), "kind": kind}
    return qs.filter(**{name: value for name, value in filters.items() if value})


def outbound_list(*, user, status: str = "", peer: str = "", kind: str = ""):
    _check(user)
    qs = _messages(OutboundMessage.objects.order_by("-created_at"), status=status, peer=peer, kind=kind)
    return qs.values(*OUTBOUND_FIELDS)


def inbound_list(*, user, status: str = "", peer: str = "", kind: str = ""):
    _check(user)
    qs = _messages(InboundMessage.objects.order_by("-received_at"), status=status, peer=peer, kind=kind)
    return qs.values(*INBOUND_FIELDS)


def rejection_list(*, user):
    _check(user)
    return InboundRejection.objects.order_by("-received_at")


def peer_list(*, user):
    _check(user)
    return Peer.objects.select_related("country").prefetch_related("keys", "grants").order_by("country_id")


def waiting_messages_signed_with(key_id: str) -> int:
    """How many messages waiting in the outbox were signed with that key of ours (they are signed when queued)."""
    count = 0
    for token in OutboundMessage.objects.filter(status__in=[OutboundStatus.QUEUED, OutboundStatus.SENDING,
                                                            OutboundStatus.RETRYING]).values_list("token", flat=True).iterator():
        try:
            if signing.jws_header(token).get("kid") == key_id:
                count += 1
        except signing.SignatureError:
            continue
    return count
