"""States of peers and messages, the directions of a sharing grant, and the catalogue of message kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REMOVED = "removed", _("Removed")


class Direction(models.TextChoices):
    SEND = "send", _("We send")
    ACCEPT = "accept", _("We accept")


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    RETRYING = "retrying", _("Failed, retrying")
    ACCEPTED = "accepted", _("Accepted by the peer")
    REJECTED = "rejected", _("Rejected by the peer")


# Statuses a message leaves only by a delivery attempt; the others are final.
OUTBOUND_PENDING = (OutboundStatus.QUEUED, OutboundStatus.SENDING, OutboundStatus.RETRYING)

# The kinds whose acceptance by the peer is published as the domain event `exchange.message_delivered` (the sender
# must know the peer has it: a halt). The others are not announced, to keep a busy outbox free of events no one reads.
DELIVERY_ANNOUNCED_KINDS = frozenset({"clearance.halted"})


class InboundStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected")


# The kinds of message peers exchange (DESIGN.md, "Nodes and corridors"). Apps that receive a kind
# register a handler for it; apps that only send one may add it with handlers.register_kind().
PING = "ping"
MESSAGE_KINDS = {
    PING: _("Ping: checks that the peer answers; no effect"),
    "contract.registered": _("A contract registered by the origin"),
    "contract.checked": _("An arriving worker's contract checked by the destination"),
    "clearance.granted": _("A departure clearance granted"),
    "clearance.halted": _("A departure clearance halted"),
    "arrival.recorded": _("A worker's arrival recorded"),
    "watchlist.entry": _("A watchlist entry about an employer or a recruiter"),
    "watchlist.lifted": _("A watchlist entry lifted"),
    "case.referral": _("A worker's case referred"),
    "case.update": _("An update on a referred case"),
    "wages.unpaid": _("Unpaid wages at the end of employment"),
    "wages.arrears": _("A worker's wage arrears found by the destination's reconciliation of salary files"),
    "worker.returned": _("A worker's return"),
    "welfare.repatriation": _("A welfare fund bringing a worker home: approved, then returned"),
    "inspection.sanction": _("A labour inspectorate's sanction of an employer where the recipient's nationals work"),
    "transfer.decided": _("A worker's change of employer decided or completed by the destination"),
    "audit.anchor": _("A signed anchor of the sender's audit trail, kept to check it against"),
    "standards.joint_committee": _("A joint committee meeting's record under a bilateral agreement"),
    "indicators.aggregate": _("Aggregate statistics tables, suppressed before sending (never rows about people)"),
}
