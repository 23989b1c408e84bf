"""Reference data every app shares (countries, currencies, languages, occupations) and the audit trail."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corridor.core import names


class Country(models.Model):
    """An ISO 3166-1 country, loaded from pycountry by migration."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("numeric code"), max_length=3)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language, from CLDR (the stored `name` is ISO 3166's English name)."""
        return names.country_name(self.code) or self.name


class Currency(models.Model):
    """An ISO 4217 currency."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    numeric = models.CharField(_("numeric code"), max_length=3, blank=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"


class Language(models.Model):
    """An ISO 639 language: the 639-1 code where one exists, else 639-3."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    alpha3 = models.CharField(_("ISO 639-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    right_to_left = models.BooleanField(_("written right to left"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        """CLDR's name in the active language ('नेपाली', 'Nepali'), not ISO 639's 'Nepali (macrolanguage)'."""
        local = names.language_name(self.code)
        return local if local and local != self.code else self.name


class Occupation(models.Model):
    """An ISCO-08 group; contracts and job orders use the four-digit unit groups (level 4)."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    level = models.PositiveSmallIntegerField(_("level"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="occupation_level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AuditEntry(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    `seq` is contiguous (taken from AuditHead under a row lock), so a deleted entry shows as a gap;
    `entry_hash` covers every field and the previous entry's hash, so an edited entry breaks the chain.
    """

    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    at = models.DateTimeField(_("time"), db_index=True)
    # No index of its own: the trail is searched by `actor_label`; only deleting a user (which the node never does:
    # accounts are deactivated) would look the column up.
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(_("actor label"), max_length=200)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    # object_type: served by audit_object_idx (its first column); object_id: a plain index (exact match only, so no
    # PostgreSQL `varchar_pattern_ops` twin). Fewer indexes to update on every audited write (issue 12, migration
    # core 0012).
    object_type = models.CharField(_("record type"), max_length=100)
    object_id = models.CharField(_("record id"), max_length=100, blank=True)
    from_state = models.CharField(_("from state"), max_length=50, blank=True)
    to_state = models.CharField(_("to state"), max_length=50, blank=True)
    is_read = models.BooleanField(_("read of a sensitive record"), default=False)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)
    # The canonical JSON form entry_hash was taken over (corridor.core.canonical.CANON); null for entries
    # written before it was recorded, which use form 1. Nullable so that adding it rewrites no row.
    canon = models.PositiveSmallIntegerField(_("canonical form"), null=True, blank=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx"),
                   models.Index(fields=["object_id"], name="audit_object_id_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The head of one audit chain (id = the chain): how many entries it has and the newest one's hash.

    Appends to one chain are serialised by a lock on its head; concurrent writers take different chains (issue 12,
    core/audit.py). Chain 1 holds every entry written before there were several.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)  # entries in the chain (chain 1: also the number of its newest entry)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id__gte=1, id__lte=64), name="audit_head_chains")]

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


class AuditAnchor(models.Model):
    """A signed statement of an audit chain's head at one moment: this node's own, or one a peer sent us.

    Our own anchors are also appended to a file outside the database and sent to peers, who keep them;
    `corridor audit verify` checks the chain against every anchor it can find (core/anchor.py).
    """

    issuer = models.CharField(_("node country"), max_length=2)  # whose audit chain this anchors
    seq = models.BigIntegerField(_("sequence"))
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    signed_at = models.DateTimeField(_("signed"))
    key_id = models.CharField(_("key id"), max_length=16)
    token = models.TextField(_("signed anchor"))
    received_from = models.CharField(_("received from"), max_length=2, blank=True)  # empty: made by this node
    stored_at = models.DateTimeField(_("stored"), auto_now_add=True)

    class Meta:
        ordering = ["issuer", "-seq"]
        verbose_name = _("audit anchor")
        verbose_name_plural = _("audit anchors")
        constraints = [models.UniqueConstraint(fields=["issuer", "seq"], name="core_audit_anchor_once")]

    def __str__(self) -> str:
        return f"{self.issuer} audit anchor #{self.seq}"


class DomainEvent(models.Model):
    """A named fact one app published, stored in the publishing transaction (the outbox of domain events).

    It is handed to its subscribers after that transaction commits; `done_at` is set once every subscriber
    has succeeded. An event a crash left undone, or whose subscriber failed, is dispatched again by the sweep
    from `next_attempt_at` on.
    """

    name = models.CharField(_("name"), max_length=100, db_index=True)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        indexes = [models.Index(fields=["done_at", "next_attempt_at"], name="domain_event_pending_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"


class EventDelivery(models.Model):
    """One subscriber's success with one event: a retry never runs a handler that already succeeded."""

    event = models.ForeignKey(DomainEvent, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.CharField(_("subscriber"), max_length=200)
    done_at = models.DateTimeField(_("done"), auto_now_add=True)

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        constraints = [models.UniqueConstraint(fields=["event", "subscriber"], name="event_delivery_once")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscriber}"


class Notification(models.Model):
    """A message to a person, stored as its English message id and parameters and rendered when it is read, in the
    reader's language. The recipient is a user, a worker's person record (read by the worker's account), or an
    organisation (every member, or only those of `role`)."""

    recipient = models.ForeignKey("accounts.User", verbose_name=_("recipient"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notifications")
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("worker"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=50, db_index=True)  # case.urgent, clearance.granted, ...
    about = models.CharField(_("about"), max_length=100, blank=True, db_index=True)  # case:C-…, clearance:CL-…
    message = models.TextField(_("message id"))  # the English msgid, with %(name)s placeholders
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    emailed = models.BooleanField(_("emailed"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | models.Q(worker__isnull=False)
                | models.Q(organisation__isnull=False), name="notification_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.about}"

    @property
    def text(self) -> str:
        """The message in the active language (the reader's), with its parameters."""
        template = gettext(self.message)
        try:
            return template % self.params if self.params else template
        except (KeyError, TypeError, ValueError):
            return template


class ThrottleBucket(models.Model):
    """Failures counted for one throttle key in one window (see core/throttle.py).

    The key is a keyed hash: of a requester's address with a key that changes every window, of a receipt
    code, or of an account name. No address, browser or code is stored in clear, and rows live two windows.
    """

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window_start"], name="throttle_bucket_unique")]
        indexes = [models.Index(fields=["window_start"], name="throttle_window_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.failures}"
