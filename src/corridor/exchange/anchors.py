"""The `audit.anchor` kind: this node's audit anchors go to the peers granted them, and peers' anchors are kept here."""

from corridor.core import anchor, crypto, events
from corridor.core.models import AuditAnchor
from corridor.exchange import handlers
from corridor.exchange.choices import Direction, PeerStatus
from corridor.exchange.errors import AuditAnchorInvalid
from corridor.exchange.models import PeerGrant
from corridor.exchange.services import message_send

KIND = "audit.anchor"


def _peer_keys(peer) -> dict:
    return {k.key_id: crypto.public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": k.public_key}) for k in peer.keys.all()}


def apply_anchor(peer, body) -> None:
    """Keep a peer's signed anchor; a forged one, or a second one for the same entry with another hash, is refused."""
    try:
        anchor.anchor_receive(issuer=peer.country_id, keys=_peer_keys(peer), token=str(body.get("token", "")))
    except anchor.AnchorInvalid as exc:
        raise AuditAnchorInvalid(str(exc)) from exc


def send_anchor(*, anchor_id: int, **_) -> None:
    """After an anchor is made: queue it for every active peer this node sends `audit.anchor` to."""

    row = AuditAnchor.objects.filter(pk=anchor_id).first()
    if row is None:
        return
    grants = PeerGrant.objects.filter(direction=Direction.SEND, kind=KIND, peer__status=PeerStatus.ACTIVE).select_related("peer")
    for grant in grants:
        message_send(acting_user=None, peer=grant.peer, kind=KIND, body={"token": row.token}, ordering_key="audit.anchor")


def register() -> None:
    handlers.register_handler(KIND, apply_anchor)
    events.subscriber(anchor.ANCHORED_EVENT)(send_anchor)
