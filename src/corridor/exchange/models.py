"""Peers (other nodes, their keys and what we share with them), the outbox, the inbox and the rejection log."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.exchange.choices import Direction, InboundStatus, OutboundStatus, PeerStatus


class Peer(models.Model):
    """Another country's node that this node exchanges messages with: at most one per country."""

    country = models.OneToOneField("core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=PeerStatus.choices, default=PeerStatus.ACTIVE)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country_id"]
        verbose_name = _("peer")
        verbose_name_plural = _("peers")
        constraints = [models.CheckConstraint(condition=Q(status__in=PeerStatus.values), name="exchange_peer_status_valid")]

    def __str__(self) -> str:
        return f"{self.country_id} {self.url}"

    @property
    def inbox_url(self) -> str:
        return self.url.rstrip("/") + "/api/v1/exchange/inbox"


class PeerKey(models.Model):
    """A public Ed25519 key of a peer, confirmed out of band by the administrators. A peer may have several (rotation)."""

    peer = models.ForeignKey(Peer, verbose_name=_("peer"), on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(_("key id"), max_length=16, unique=True)
    public_key = models.CharField(_("public key (base64url)"), max_length=64)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        verbose_name = _("peer key")
        verbose_name_plural = _("peer keys")

    def __str__(self) -> str:
        return self.key_id


class PeerGrant(models.Model):
    """One kind of message this node sends to, or accepts from, a peer. No row: denied."""

    peer = models.ForeignKey(Peer, verbose_name=_("peer"), on_delete=models.CASCADE, related_name="grants")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("message kind"), max_length=60)

    class Meta:
        ordering = ["direction", "kind"]
        verbose_name = _("sharing grant")
        verbose_name_plural = _("sharing grants")
        constraints = [
            models.UniqueConstraint(fields=["peer", "direction", "kind"], name="exchange_grant_unique"),
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="exchange_grant_direction_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.peer.country_id} {self.direction} {self.kind}"


class OutboundMessage(models.Model):
    """The outbox: a signed message for a peer, written in the transaction of the change that causes it."""

    id = models.UUIDField(_("message id"), primary_key=True, default=uuid.uuid4, editable=False)
    peer = models.ForeignKey(Peer, verbose_name=_("peer"), on_delete=models.PROTECT, related_name="outbound")
    kind = models.CharField(_("kind"), max_length=60)
    ordering_key = models.CharField(_("ordering key"), max_length=200, blank=True)
    sequence = models.PositiveBigIntegerField(_("sequence"), null=True, blank=True)
    token = models.TextField(_("signed message"))
    created_at = models.DateTimeField(_("created"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    peer_code = models.CharField(_("peer's answer code"), max_length=60, blank=True)
    peer_reason = models.TextField(_("peer's reason"), blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OutboundStatus.values), name="exchange_outbound_status_valid"),
            models.CheckConstraint(
                condition=(Q(ordering_key="") & Q(sequence__isnull=True)) | (~Q(ordering_key="") & Q(sequence__gte=1)),
                name="exchange_outbound_sequence_with_key",
            ),
            models.UniqueConstraint(
                fields=["peer", "ordering_key", "sequence"], condition=~Q(ordering_key=""), name="exchange_outbound_sequence_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="exchange_outbound_due_idx"),
            # The claim asks, for each due message, whether an earlier one of its key is still pending. PostgreSQL
            # reads the partial index; SQLite cannot use it (the statuses are bound parameters, not the index's
            # literals) and reads the status within the key instead of every earlier message of the key: with
            # thousands sent on a key, reading them all held the write lock for seconds a claim, and a second
            # `exchange deliver` beside the daemon timed out.
            models.Index(fields=["peer", "ordering_key", "status", "sequence"], name="exchange_outbound_key_idx"),
            models.Index(fields=["peer", "ordering_key", "sequence"], name="exchange_outbound_pending_idx",
                         condition=Q(status__in=["queued", "sending", "retrying"])),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} -> {self.peer.country_id}"


class Cursor(models.Model):
    """The last sequence number of one peer and ordering key (one table each way)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="+")
    ordering_key = models.CharField(max_length=200)
    last_sequence = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.peer_id} {self.ordering_key} #{self.last_sequence}"


class OutboundCursor(Cursor):
    """The last sequence number given to a message for one peer and ordering key."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "ordering_key"], name="exchange_outbound_cursor_unique")]


class InboundMessage(models.Model):
    """The inbox: one row per (sender, message id), written in the transaction that applies the message."""

    peer = models.ForeignKey(Peer, verbose_name=_("sender"), on_delete=models.PROTECT, related_name="inbound")
    message_id = models.UUIDField(_("message id"))
    kind = models.CharField(_("kind"), max_length=60)
    ordering_key = models.CharField(_("ordering key"), max_length=200, blank=True)
    sequence = models.PositiveBigIntegerField(_("sequence"), null=True, blank=True)
    created_at = models.DateTimeField(_("created by the sender"))
    received_at = models.DateTimeField(_("received"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=InboundStatus.choices)
    code = models.CharField(_("code"), max_length=60, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    token = models.TextField(_("signed message"))

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        constraints = [
            models.UniqueConstraint(fields=["peer", "message_id"], name="exchange_inbound_once"),
            models.CheckConstraint(condition=Q(status__in=InboundStatus.values), name="exchange_inbound_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} <- {self.peer.country_id}"


class InboundCursor(Cursor):
    """The last sequence number applied (or rejected by its handler) for one sender and ordering key."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "ordering_key"], name="exchange_inbound_cursor_unique")]


class InboundRejection(models.Model):
    """A message refused before it could take effect: forged, altered, unknown sender, expired, misaddressed, malformed."""

    received_at = models.DateTimeField(_("received"), db_index=True)
    remote_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    claimed_sender = models.CharField(_("claimed sender"), max_length=2, blank=True)
    key_id = models.CharField(_("key id"), max_length=64, blank=True)
    message_id = models.CharField(_("message id"), max_length=64, blank=True)
    code = models.CharField(_("code"), max_length=60)
    reason = models.TextField(_("reason"))
    # 1 for a message logged on its own; beyond the per-minute limit, one row per address and minute counts the rest.
    count = models.PositiveIntegerField(_("messages"), default=1)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("rejected inbound message")
        verbose_name_plural = _("rejected inbound messages")
        indexes = [models.Index(fields=["remote_address", "received_at"], name="exchange_rejection_addr_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.message_id}"
