"""The registry's watchlist messages through the exchange: a peer's entries and liftings received, and this node's
own entries and liftings sent.

spec/watchlist/v1/README.md says what an entry carries and how a receiver treats it; the bodies are
spec/exchange/kinds/watchlist.entry.schema.json and watchlist.lifted.schema.json. A received entry is the peer's
by its country and the peer's entry id, never by a key id (the peer's keys rotate).
"""

from corridor.core import events, node
from corridor.exchange import handlers
from corridor.exchange.choices import Direction, PeerStatus
from corridor.exchange.models import PeerGrant
from corridor.exchange.services import message_send
from corridor.registry.models import WatchlistEntry
from corridor.registry.services import watchlist_entry_receive, watchlist_entry_receive_lift

KIND = "watchlist.entry"
LIFTED = "watchlist.lifted"


def _peer(peer) -> dict:
    # key_id is only recorded beside the entry (the key it was last received under); the entry is found by country.
    return {"country": peer.country_id, "key_id": peer.keys.order_by("-id").values_list("key_id", flat=True).first()}


def _watchlist_entry(peer, body) -> None:
    watchlist_entry_receive(peer=_peer(peer), payload=body)


def _watchlist_lifted(peer, body) -> None:
    watchlist_entry_receive_lift(peer=_peer(peer), payload=body)


def entry_body(entry: WatchlistEntry) -> dict:
    """This node's entry as the peers receive it (the sender's id is its primary key)."""
    body = {
        "id": str(entry.pk), "subject_kind": entry.subject_kind, "name": entry.name, "country": entry.country_id or "",
        "registration_number": entry.registration_number,
        "date_of_birth": entry.date_of_birth.isoformat() if entry.date_of_birth else None,
        "starts_on": entry.starts_on.isoformat(), "ends_on": entry.ends_on.isoformat() if entry.ends_on else None,
        "reason": entry.reason, "evidence_reference": entry.evidence_reference,
        "lifted_at": entry.lifted_at.isoformat().replace("+00:00", "Z") if entry.lifted_at else None,
    }
    if entry.lifted_at:
        body["lift_reason"] = entry.lift_reason
    return body


@events.subscriber("watchlist.entry_added")
def send_own_entry(*, pk: int, **_payload) -> None:
    """This node's own new entry goes to every active peer granted `watchlist.entry` (deny by default: none)."""
    entry = WatchlistEntry.objects.filter(pk=pk).first()
    if entry is None or entry.peer_entry_id or entry.source_country != node.identity().country:
        return  # a peer's entry is never passed on as ours
    grants = PeerGrant.objects.filter(direction=Direction.SEND, kind=KIND, peer__status=PeerStatus.ACTIVE).select_related("peer")
    for grant in grants:
        message_send(acting_user=None, peer=grant.peer, kind=KIND, body=entry_body(entry), ordering_key=f"watchlist:{entry.pk}")


@events.subscriber("watchlist.entry_lifted")
def send_own_lift(*, pk: int, lifted_at: str, reason: str, **_payload) -> None:
    """This node's own entry lifted: every active peer granted `watchlist.lifted` gets that message; a peer granted
    only `watchlist.entry` gets the entry again with `lifted_at` (spec/watchlist/v1, "Lifting"). Same ordering key
    as the entry, so the lifting never overtakes it."""
    entry = WatchlistEntry.objects.filter(pk=pk).first()
    if entry is None or entry.peer_entry_id or entry.source_country != node.identity().country:
        return  # only the sender lifts its entry
    grants = PeerGrant.objects.filter(direction=Direction.SEND, kind__in=[KIND, LIFTED], peer__status=PeerStatus.ACTIVE)
    kinds_by_peer: dict = {}
    for grant in grants.select_related("peer"):
        kinds_by_peer.setdefault(grant.peer, set()).add(grant.kind)
    for peer, kinds in kinds_by_peer.items():
        if LIFTED in kinds:
            message_send(acting_user=None, peer=peer, kind=LIFTED, ordering_key=f"watchlist:{entry.pk}",
                         body={"id": str(entry.pk), "lifted_at": lifted_at, "lift_reason": reason})
        else:
            message_send(acting_user=None, peer=peer, kind=KIND, body=entry_body(entry), ordering_key=f"watchlist:{entry.pk}")


def register() -> None:
    if handlers.handler_for(KIND) is None:
        handlers.register_handler(KIND, _watchlist_entry)
    if handlers.handler_for(LIFTED) is None:
        handlers.register_handler(LIFTED, _watchlist_lifted)
