"""Checks of contracts as they were made, and registered contracts with their immutable versions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.contracts import interchange
from corridor.contracts.choices import CheckSource, ContractStatus, VersionStatus
from corridor.core.fields import EncryptedTextField
from corridor.core.lifecycle import LifecycleEvent


class CheckRecord(models.Model):
    """One check, kept so that a past result can be explained by the rulesets (and versions) that made it.

    Only the content hash of the document is kept here, never the document: anyone may check a contract,
    and a worker's offer is theirs. A registered version keeps its document itself.
    """

    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    rulesets = models.JSONField(_("rulesets applied"), help_text=_("Each ruleset id with the version applied."))
    findings = models.JSONField(_("findings"))
    compliant = models.BooleanField(_("compliant"))
    violations = models.PositiveIntegerField(_("violations"), default=0)
    not_checked = models.JSONField(
        _("not checked"), default=list, blank=True,
        help_text=_("What the check could not apply, and why; a blocking item stops approval and clearance."),
    )
    lang = models.CharField(_("language of the messages"), max_length=8)
    source = models.CharField(_("source"), max_length=20, choices=CheckSource.choices)
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty when the check was anonymous."),
    )

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("contract check")
        verbose_name_plural = _("contract checks")
        constraints = [
            models.CheckConstraint(condition=models.Q(violations=0) | models.Q(compliant=False),
                                   name="check_record_violations_not_compliant"),
        ]

    def __str__(self) -> str:
        return f"{self.content_hash[:12]} @ {self.checked_at:%Y-%m-%d %H:%M}"

    @property
    def blocking_not_checked(self) -> list[dict]:
        """The not-checked items that keep the contract from being called compliant."""
        return [item for item in self.not_checked or [] if item.get("blocking")]


class Contract(models.Model):
    """A worker's employment contract submitted by an agency; registered once an origin officer approves it."""

    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("worker"), on_delete=models.PROTECT,
                               related_name="contracts")
    agency = models.ForeignKey("accounts.Organisation", verbose_name=_("recruitment agency"),
                               on_delete=models.PROTECT, related_name="contracts")
    # Every contract submitted since job orders joined the registry names one; empty only on contracts submitted
    # before, whose free-text job order reference matched no job order (the text is kept in their events).
    job_order = models.ForeignKey("registry.JobOrder", verbose_name=_("job order"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="contracts")
    status = models.CharField(_("status"), max_length=20, choices=ContractStatus.choices,
                              default=ContractStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="registered") | models.Q(reference__isnull=False, registered_at__isnull=False),
                name="contract_registered_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"


class ContractVersion(models.Model):
    """One text of a contract: the first submission or an amendment. A registered text is never changed."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    # The RFC 8785 canonical JSON of the interchange document, encrypted: it holds the passport number.
    document = EncryptedTextField(_("document"))
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    check_record = models.ForeignKey(CheckRecord, verbose_name=_("check"), on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices,
                              default=VersionStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    override_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("override requested by"),
                                              null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    override_reason = models.TextField(_("reason for the override"), blank=True)
    override_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("override confirmed by"),
                                              null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    worker_answered_at = models.DateTimeField(_("worker answered"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    signature = models.TextField(_("node signature (JWS)"), blank=True)

    class Meta:
        ordering = ["contract", "number"]
        verbose_name = _("contract version")
        verbose_name_plural = _("contract versions")
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="contract_version_number_unique"),
            models.UniqueConstraint(fields=["contract"], condition=models.Q(status="registered"),
                                    name="contract_one_registered_version"),
            models.CheckConstraint(
                condition=~models.Q(status__in=["registered", "superseded"])
                | (models.Q(registered_at__isnull=False) & ~models.Q(signature="")),
                name="contract_version_registered_is_signed",
            ),
            models.CheckConstraint(
                condition=models.Q(override_confirmed_by__isnull=True)
                | (models.Q(override_requested_by__isnull=False) & ~models.Q(override_reason="")
                   & ~models.Q(override_confirmed_by=models.F("override_requested_by"))),
                name="contract_override_two_officers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = ContractVersion.objects.filter(pk=self.pk).values_list("content_hash", flat=True).first()
            if stored is not None and stored != self.content_hash:
                raise ValueError("a contract version's text never changes: make an amendment")
        super().save(*args, **kwargs)

    def as_document(self) -> dict:
        return interchange.parse(self.document)


class ContractEvent(LifecycleEvent):
    """Append-only: one row per transition of a contract or one of its versions."""

    record_field = "contract"
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events")
    version = models.ForeignKey(ContractVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("contract event")
