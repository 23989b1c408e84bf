"""Departure clearances (origin) with their facts, events and certificate; peers' records and arrivals (destination)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.clearance.choices import (
    ClearanceStatus,
    FactKind,
    MatterStatus,
    PresentedSource,
    TransferGround,
    TransferSector,
    TransferStatus,
)
from corridor.contracts import interchange
from corridor.core.fields import EncryptedTextField
from corridor.core.lifecycle import LifecycleEvent

USER = settings.AUTH_USER_MODEL


class Clearance(models.Model):
    """The origin's decision whether a worker may depart on one registered contract."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    contract = models.ForeignKey("contracts.Contract", verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="clearances")
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="clearances")
    agency = models.ForeignKey("accounts.Organisation", verbose_name=_("recruitment agency"), on_delete=models.PROTECT,
                               related_name="clearances")
    employer = models.ForeignKey("registry.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="clearances",
                                 help_text=_("The employer in the registry; empty when the contract's employer is not registered."))
    employer_name = models.CharField(_("employer's name"), max_length=200)
    destination = models.ForeignKey("core.Country", verbose_name=_("destination"), on_delete=models.PROTECT, related_name="+")
    departure_date = models.DateField(_("departure by"))
    status = models.CharField(_("status"), max_length=10, choices=ClearanceStatus.choices, default=ClearanceStatus.APPLIED)
    status_reason = models.TextField(_("reason"), blank=True)
    checks = models.JSONField(_("checks at the decision"), default=list, blank=True,
                              help_text=_("The result of every check as the officer saw it when deciding."))
    applied_by = models.ForeignKey(USER, verbose_name=_("applied by"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_by = models.ForeignKey(USER, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The certificate, once granted.
    token = models.TextField(_("certificate (JWS)"), blank=True)
    key_id = models.CharField(_("signing key id"), max_length=16, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    halted_at = models.DateTimeField(_("halted"), null=True, blank=True)
    departed_at = models.DateTimeField(_("departed"), null=True, blank=True)
    # What the destination reported back.
    arrived_on = models.DateField(_("arrival recorded by the destination"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("departure clearance")
        verbose_name_plural = _("departure clearances")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClearanceStatus.values), name="clearance_status_known"),
            models.CheckConstraint(
                condition=~Q(status__in=["granted", "departed"]) | (~Q(token="") & Q(issued_at__isnull=False, expires_at__isnull=False)),
                name="clearance_granted_has_certificate",
            ),
            models.CheckConstraint(condition=~Q(status="halted") | Q(halted_at__isnull=False), name="clearance_halted_has_time"),
            models.UniqueConstraint(fields=["contract"], condition=Q(status__in=["applied", "granted", "departed"]),
                                    name="clearance_one_open_per_contract"),
        ]
        indexes = [models.Index(fields=["status", "halted_at"], name="clearance_status_halted")]

    def __str__(self) -> str:
        return self.reference


class ClearanceEvent(LifecycleEvent):
    """Append-only history of a clearance: every transition with its actor and reason."""

    record_field = "clearance"
    clearance = models.ForeignKey(Clearance, on_delete=models.PROTECT, related_name="events")
    effective_date = models.DateField(_("effective date"))

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("clearance event")


class ClearanceFact(models.Model):
    """A fact recorded on the application (orientation, welfare fund, insurance), with who recorded it. The latest counts."""

    clearance = models.ForeignKey(Clearance, on_delete=models.PROTECT, related_name="facts")
    kind = models.CharField(_("fact"), max_length=20, choices=FactKind.choices)
    document_reference = models.CharField(_("certificate, membership or policy number"), max_length=100)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    recorded_by_organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("for"), null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("clearance fact")
        constraints = [models.CheckConstraint(condition=Q(kind__in=FactKind.values), name="clearance_fact_kind_known")]

    def __str__(self) -> str:
        return f"{self.kind} {self.document_reference}"


class DestinationReport(models.Model):
    """On the origin: the destination's arrival record or contract check for one of our clearances (as the peer sent it)."""

    clearance = models.ForeignKey(Clearance, on_delete=models.PROTECT, related_name="destination_reports")
    kind = models.CharField(_("kind"), max_length=20)  # arrival.recorded | contract.checked
    peer_country = models.CharField(_("reported by"), max_length=2)
    substituted = models.BooleanField(_("substituted"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=list, blank=True)
    body = models.JSONField(_("message body"), default=dict)
    reported_at = models.DateTimeField(_("reported"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("report from the destination")

    def __str__(self) -> str:
        return f"{self.kind} {self.clearance_id}"


# --- the destination's side ------------------------------------------------------------------


class PeerContract(models.Model):
    """A registered contract as the origin node sent it (`contract.registered`), kept as the peer's record."""

    source_country = models.CharField(_("origin node"), max_length=2)
    source_key_id = models.CharField(_("signing key id"), max_length=16)
    reference = models.CharField(_("reference"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    document = EncryptedTextField(_("document"))
    signature = models.TextField(_("origin's signature (JWS)"))
    worker_name = models.CharField(_("worker"), max_length=200)
    employer_name = models.CharField(_("employer"), max_length=200)
    registered_at = models.DateTimeField(_("registered"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("peer's registered contract")
        constraints = [
            models.UniqueConstraint(fields=["source_country", "reference", "version"], name="peer_contract_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} v{self.version}"

    def as_document(self) -> dict:
        return interchange.parse(self.document)


class PeerClearance(models.Model):
    """A clearance granted by the origin node (`clearance.granted`), halted by `clearance.halted`; arrivals hang on it."""

    source_country = models.CharField(_("origin node"), max_length=2)
    source_key_id = models.CharField(_("signing key id"), max_length=16)
    reference = models.CharField(_("reference"), max_length=40)
    token = models.TextField(_("certificate (JWS)"))
    worker_name = models.CharField(_("worker"), max_length=200)
    passport_tail = models.CharField(_("passport (last 4)"), max_length=4)
    nationality = models.CharField(_("nationality"), max_length=2)
    employer_name = models.CharField(_("employer"), max_length=200)
    contract_reference = models.CharField(_("contract reference"), max_length=40)
    content_hash = models.CharField(_("content hash"), max_length=64)
    departure_by = models.DateField(_("departure by"))
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"))
    halted_at = models.DateTimeField(_("halted"), null=True, blank=True)
    halt_reason = models.TextField(_("reason for the halt"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["departure_by", "id"]
        verbose_name = _("peer's clearance")
        constraints = [models.UniqueConstraint(fields=["source_country", "reference"], name="peer_clearance_unique")]
        indexes = [models.Index(fields=["source_country", "contract_reference"], name="peer_clearance_contract")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_halted(self) -> bool:
        return self.halted_at is not None


class Arrival(models.Model):
    """The destination officer's record that a cleared worker arrived."""

    clearance = models.OneToOneField(PeerClearance, verbose_name=_("clearance"), on_delete=models.PROTECT, related_name="arrival")
    arrived_on = models.DateField(_("arrived on"))
    port = models.CharField(_("port of entry"), max_length=100, blank=True)
    # The destination's work permit or labour card number: salary files name the worker by it (the wages app).
    work_permit_number = EncryptedTextField(_("work permit or labour card number"), blank=True)
    work_permit_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # The worker's person record on this node, once they have one: their pages (wages, transfer) read through it.
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("worker's record here"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="arrivals")
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-arrived_on", "-id"]
        verbose_name = _("arrival")

    def __str__(self) -> str:
        return f"{self.clearance_id} {self.arrived_on}"


class PresentedCheck(models.Model):
    """The destination's comparison of the contract presented at the workplace with the registered one."""

    clearance = models.ForeignKey(PeerClearance, verbose_name=_("clearance"), on_delete=models.PROTECT, related_name="checks")
    registered = models.ForeignKey(PeerContract, verbose_name=_("registered contract"), on_delete=models.PROTECT,
                                   related_name="checks")
    source = models.CharField(_("presented as"), max_length=10, choices=PresentedSource.choices)
    presented_document = EncryptedTextField(_("presented contract"))
    presented_hash = models.CharField(_("presented content hash"), max_length=64)
    substituted = models.BooleanField(_("substituted"))
    changes = models.JSONField(_("changes"), default=list)
    checked_by = models.ForeignKey(USER, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("presented contract check")

    def __str__(self) -> str:
        return f"{self.clearance_id} {'substituted' if self.substituted else 'same'}"


class SubstitutionMatter(models.Model):
    """A matter opened for the destination officer when a presented contract is worse than the registered one."""

    check_record = models.OneToOneField(PresentedCheck, verbose_name=_("check"), on_delete=models.PROTECT, related_name="matter")
    clearance = models.ForeignKey(PeerClearance, verbose_name=_("clearance"), on_delete=models.PROTECT, related_name="matters")
    status = models.CharField(_("status"), max_length=15, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("substitution matter")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MatterStatus.values), name="substitution_matter_status_known"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False), name="substitution_matter_closed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.clearance_id} {self.status}"


class SubstitutionMatterEvent(LifecycleEvent):
    """Append-only history of a substitution matter."""

    record_field = "matter"
    matter = models.ForeignKey(SubstitutionMatter, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("substitution matter event")


# --- a way out: changing employer at the destination ---------------------------------------------------------

OPEN_TRANSFER = [TransferStatus.REQUESTED, TransferStatus.CONSENT_ASKED, TransferStatus.ACCEPTED, TransferStatus.APPEALED]


class TransferRequest(models.Model):
    """A worker's request to change employer, with the law's answer (rules.transfer) as it was when decided."""

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    arrival = models.ForeignKey(Arrival, verbose_name=_("arrival"), on_delete=models.PROTECT, related_name="transfers")
    old_employer = models.ForeignKey("registry.Employer", verbose_name=_("current employer"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="transfers_away")
    old_employer_name = models.CharField(_("current employer"), max_length=200)
    ground = models.CharField(_("ground"), max_length=30, choices=TransferGround.choices)
    sector = models.CharField(_("sector"), max_length=10, choices=TransferSector.choices)
    case_reference = models.CharField(_("case or inspection reference"), max_length=40, blank=True)
    statement = models.TextField(_("what the worker says"), blank=True)
    contract_start = models.DateField(_("employment started"))
    contract_end = models.DateField(_("contract ends"), null=True, blank=True)
    request_date = models.DateField(_("request date"))
    # The current employer: asked only when the law needs its consent (or the ground is mutual agreement).
    employer_consents = models.BooleanField(_("the employer consents"), null=True, blank=True)
    consent_asked_at = models.DateTimeField(_("consent asked"), null=True, blank=True)
    consent_answered_at = models.DateTimeField(_("consent answered"), null=True, blank=True)
    # The law's answer (rules.transfer.evaluate_transfer), refreshed whenever an input changes.
    allowed = models.BooleanField(_("the law allows it"), null=True, blank=True)
    needs_employer_consent = models.BooleanField(_("employer's consent needed"), null=True, blank=True)
    notice_days = models.PositiveIntegerField(_("notice (days)"), null=True, blank=True)
    earliest_date = models.DateField(_("earliest date to move"), null=True, blank=True)
    law_version = models.CharField(_("law version"), max_length=20, blank=True)
    decision = models.JSONField(_("the law's answer"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.REQUESTED)
    status_reason = models.TextField(_("reason"), blank=True)
    due_at = models.DateTimeField(_("next step due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    appeal_by = models.DateField(_("appeal by"), null=True, blank=True)
    requested_by = models.ForeignKey(USER, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    requested_by_organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("for"), null=True, blank=True,
                                                  on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(USER, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    old_employment_ends = models.DateField(_("old employment ends"), null=True, blank=True)
    # The new employment, once in place.
    new_employer = models.ForeignKey("registry.Employer", verbose_name=_("new employer"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="transfers_to")
    new_job_order = models.ForeignKey("registry.JobOrder", verbose_name=_("new employer's job order"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="transfers")
    new_contract_document = EncryptedTextField(_("new contract"), blank=True)
    new_contract_hash = models.CharField(_("new contract's content hash"), max_length=64, blank=True)
    new_contract_check = models.JSONField(_("check of the new contract"), default=dict, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("transfer request")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TransferStatus.values), name="transfer_status_known"),
            models.CheckConstraint(condition=Q(ground__in=TransferGround.values), name="transfer_ground_known"),
            models.UniqueConstraint(fields=["arrival"], condition=Q(status__in=OPEN_TRANSFER),
                                    name="transfer_one_open_per_arrival"),
            models.CheckConstraint(condition=~Q(status="completed") | (Q(new_employer__isnull=False)
                                                                        & Q(completed_at__isnull=False)
                                                                        & ~Q(new_contract_hash="")),
                                   name="transfer_completed_has_new_employment"),
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="transfer_status_due")]

    def __str__(self) -> str:
        return self.reference


class TransferRequestEvent(LifecycleEvent):
    """Append-only history of a transfer request."""

    record_field = "transfer"
    transfer = models.ForeignKey(TransferRequest, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("transfer request event")


class Employment(models.Model):
    """Who the arrived worker works for, from when to when: the first employer (the clearance's), then each transfer's."""

    arrival = models.ForeignKey(Arrival, verbose_name=_("arrival"), on_delete=models.PROTECT, related_name="employments")
    employer = models.ForeignKey("registry.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(_("employer"), max_length=200)
    job_order = models.ForeignKey("registry.JobOrder", verbose_name=_("job order"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    contract_hash = models.CharField(_("contract's content hash"), max_length=64, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    transfer = models.OneToOneField(TransferRequest, verbose_name=_("by transfer"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="employment")

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("employment")
        constraints = [models.UniqueConstraint(fields=["arrival"], condition=Q(ended_on__isnull=True),
                                               name="employment_one_current_per_arrival")]

    def __str__(self) -> str:
        return f"{self.employer_name} {self.started_on}"


class StayRight(models.Model):
    """A worker pursuing a claim keeps a recorded right to stay while it is open."""

    arrival = models.ForeignKey(Arrival, verbose_name=_("arrival"), on_delete=models.PROTECT, related_name="stay_rights")
    case_reference = models.CharField(_("case reference"), max_length=40)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(USER, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("why it ended"), blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("right to stay")
        constraints = [models.UniqueConstraint(fields=["arrival", "case_reference"], condition=Q(ended_at__isnull=True),
                                               name="stay_right_one_open_per_case")]

    def __str__(self) -> str:
        return f"{self.arrival_id} {self.case_reference}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None
