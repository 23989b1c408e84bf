"""Stable error codes of the exchange: refusals to send, and reasons a received message is rejected."""

from django.utils.translation import gettext_lazy as _

from corridor.core.errors import CorridorError, InvalidInput, NotFound, TransitionNotAllowed


class PeerNotFound(NotFound, code="exchange.peer_not_found", message=_("There is no peer for this country.")):
    ...


class PeerNotActive(TransitionNotAllowed, code="exchange.peer_not_active",
                    message=_("This peer has been removed: nothing is sent to it or accepted from it.")):
    ...


class PeerKeyInvalid(InvalidInput, code="exchange.peer_key_invalid",
                     message=_("The peer's key is not an Ed25519 public key in JWK form.")):
    ...


class PeerKeyMismatch(InvalidInput, code="exchange.peer_key_mismatch",
                      message=_("The peer's key id does not match the one confirmed out of band.")):
    ...


class PeerKeyTaken(InvalidInput, code="exchange.peer_key_taken",
                   message=_("This key belongs to another peer, or to this node itself.")):
    ...


class PeerKeyLast(InvalidInput, code="exchange.peer_key_last",
                  message=_("This is the peer's only key: add its new key before retiring the old one.")):
    ...


class PeerFetchFailed(CorridorError, code="exchange.peer_fetch_failed", status=502,
                      message=_("The peer's public document could not be read.")):
    ...


class UnknownKind(InvalidInput, code="exchange.unknown_kind",
                  message=_("This is not a known kind of message.")):
    ...


class KindNotShared(CorridorError, code="exchange.kind_not_shared", status=403,
                    message=_("This node does not send this kind of message to this peer.")):
    ...


class BodyInvalid(InvalidInput, code="exchange.body_invalid",
                  message=_("The message body must be a JSON object without floats, within the size limit.")):
    ...


class DeliveryFailed(CorridorError, code="exchange.delivery_failed", status=502,
                     message=_("The peer could not be reached.")):
    """The peer could not be reached or did not answer as a Corridor node: the message is retried."""


class MessageRejected(CorridorError, code="exchange.message_rejected", status=400,
                      message=_("The message was rejected.")):
    """Raised inside the inbox for a message that is refused before it is applied; `code` says why."""


# Codes a receiving node answers with (docs/exchange.md lists them).
REJECTION_CODES = {
    "malformed": _("The request or the message is not in the exchange's format."),
    "too_large": _("The message is larger than this node accepts."),
    "bad_algorithm": _("The message is not signed with EdDSA."),
    "wrong_type": _("The token is not a Corridor message."),
    "unknown_sender": _("The message is signed with a key that belongs to no active peer."),
    "bad_signature": _("The signature does not match: the message was altered or forged."),
    "sender_mismatch": _("The envelope names a sender other than the owner of the signing key."),
    "wrong_recipient": _("The message is addressed to another node."),
    "expired": _("The message is older than the acceptance window."),
    "from_future": _("The message is dated in the future beyond the allowed clock skew."),
    "kind_not_accepted": _("This node does not accept this kind of message from this peer."),
    "unknown_kind": _("This node has no handler for this kind of message."),
    "sequence_conflict": _("Another message already holds this place in its sequence."),
    "too_many_rejections": _("Too many invalid messages from this address: slow down."),
    "anchor_invalid": _("The audit anchor is not genuine, or contradicts one received before."),
}


class AuditAnchorInvalid(CorridorError, code="anchor_invalid",
                         message=_("The audit anchor is not genuine, or contradicts one received before.")):
    """A peer's audit anchor that is forged, or contradicts one it sent before (its audit trail was rewritten)."""
