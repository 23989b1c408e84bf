"""Reference data every app shares (countries, currencies, languages, occupations) and the audit trail."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
        return self.name


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
        return self.name


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
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("actor label"), max_length=200)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, db_index=True)
    object_id = models.CharField(_("record id"), max_length=100, db_index=True, blank=True)
    from_state = models.CharField(_("from state"), max_length=50, blank=True)
    to_state = models.CharField(_("to state"), max_length=50, blank=True)
    is_read = models.BooleanField(_("read of a sensitive record"), default=False)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The single row that serialises appends to the audit trail: last sequence and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_head_singleton")]

    def __str__(self) -> str:
        return f"audit head #{self.seq}"


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
