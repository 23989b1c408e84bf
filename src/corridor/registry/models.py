"""The registry: agencies and their licences, sub-agents, employers, job orders, watchlists and screening."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.lifecycle import LifecycleEvent
from corridor.registry.choices import (
    CURRENT_LICENCE_STATUSES,
    EmployerStatus,
    HitStatus,
    JobOrderStatus,
    LicenceStatus,
    SanctionOutcome,
    SanctionPenalty,
    SanctionStatus,
    ScreeningTrigger,
    SubAgentStatus,
    SubjectKind,
    VerifiedBy,
)

USER = settings.AUTH_USER_MODEL


class ImportRun(models.Model):
    """One bulk import: its rows are written in many short transactions while `staged` (hidden from every query through
    the default managers), then published together in one short UPDATE, or deleted if the run fails or dies."""

    STAGED, PUBLISHED, FAILED, ABORTED = "staged", "published", "failed", "aborted"
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=10, default=STAGED,
                              choices=[(STAGED, STAGED), (PUBLISHED, PUBLISHED), (FAILED, FAILED), (ABORTED, ABORTED)])
    rows = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} import {self.pk} ({self.status})"


class PublishedManager(models.Manager):
    """The default manager of the imported roots (agencies, sub-agents, employers): rows of an unpublished import run
    are not there for anyone. `_base_manager` (plain) still sees them, for the import's own bookkeeping."""

    def get_queryset(self):
        return super().get_queryset().filter(staged=False)


class Imported(models.Model):
    """A registry record that a bulk import may add: staged (invisible) until its import run is published."""

    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    staged = models.BooleanField(default=False, editable=False)

    objects = PublishedManager()

    class Meta:
        abstract = True


class Agency(Imported):
    """A private recruitment agency, licensed (or not yet, or no longer) by the origin country."""

    organisation = models.OneToOneField(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="agency"
    )
    name = models.CharField(_("registered name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    registration_number = models.CharField(_("company registration number"), max_length=60, blank=True)
    address = models.CharField(_("head office address"), max_length=300)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bond_amount = models.DecimalField(_("escrow deposit or bond"), max_digits=14, decimal_places=2, null=True, blank=True)
    bond_currency = models.ForeignKey(
        "core.Currency", verbose_name=_("bond currency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bond_reference = models.CharField(_("bond or escrow reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)


    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("recruitment agency")
        verbose_name_plural = _("recruitment agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(bond_amount__isnull=True) | Q(bond_amount__gte=0, bond_currency__isnull=False),
                name="agency_bond_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_licence(self):
        """The licence that applies now (applied, active or suspended), else the latest one."""
        licences = sorted(self.licences.all(), key=lambda lic: lic.pk, reverse=True)
        for licence in licences:
            if licence.status in CURRENT_LICENCE_STATUSES:
                return licence
        return licences[0] if licences else None


class AgencyOwner(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="owners")
    full_name = models.CharField(_("owner's full name"), max_length=200)
    nationality = models.ForeignKey("core.Country", verbose_name=_("nationality"), on_delete=models.PROTECT, related_name="+")
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True) | Q(share_percent__gte=0, share_percent__lte=100),
                name="agency_owner_share_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Branch(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField(_("branch name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch office")
        verbose_name_plural = _("branch offices")

    def __str__(self) -> str:
        return self.name


class Licence(models.Model):
    """One licence of an agency, from application to its end; renewal extends the same licence."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="licences")
    number = models.CharField(_("licence number"), max_length=60, null=True, blank=True, unique=True)
    number_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.APPLIED)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    status_date = models.DateField(_("effective date of the status"), null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        constraints = [
            models.UniqueConstraint(
                fields=["agency"], condition=Q(status__in=[s.value for s in CURRENT_LICENCE_STATUSES]),
                name="licence_one_current_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(status="applied") | Q(status="refused") | Q(number__isnull=False, valid_from__isnull=False, valid_until__isnull=False),
                name="licence_granted_has_number_and_dates",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="licence_valid_until_after_from",
            ),
            models.CheckConstraint(condition=~Q(status="suspended") | Q(suspended_until__isnull=False),
                                   name="licence_suspension_has_end"),
        ]

    def __str__(self) -> str:
        return self.number or _("application %(id)s") % {"id": self.pk}

    @property
    def is_expired(self) -> bool:
        return self.status == LicenceStatus.ACTIVE and self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def is_in_force(self) -> bool:
        """Licensed today: active and within its validity period."""
        today = timezone.localdate()
        return self.status == LicenceStatus.ACTIVE and self.valid_from <= today <= self.valid_until

    @property
    def effective_status(self) -> str:
        return "expired" if self.is_expired else self.status


class LicenceEvent(LifecycleEvent):
    """Append-only history of a licence: every transition, its reason, effective date and deciding officer."""

    record_field = "licence"
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="events")
    effective_date = models.DateField(_("effective date"))

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("licence event")


class SanctionProceeding(models.Model):
    """Due process before a sanction: notice of the charge, the agency's answer, a decision."""

    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="proceedings")
    charge = models.TextField(_("charge"))
    proposed_penalty = models.CharField(_("proposed penalty"), max_length=10, choices=SanctionPenalty.choices)
    status = models.CharField(_("status"), max_length=10, choices=SanctionStatus.choices, default=SanctionStatus.NOTIFIED)
    notified_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    notified_at = models.DateTimeField(_("notified"), auto_now_add=True)
    answer_due = models.DateField(_("answer due by"))
    answer = models.TextField(_("the agency's answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=SanctionOutcome.choices, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("sanction proceeding")

    def __str__(self) -> str:
        return f"{self.get_proposed_penalty_display()}: {self.charge[:60]}"


class SubAgent(Imported):
    """A local intermediary registered under the agency that answers for them."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="subagents")
    full_name = models.CharField(_("full name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    registration_number = models.CharField(_("sub-agent number"), max_length=40, unique=True)
    registration_key = models.CharField(max_length=40, db_index=True, editable=False)
    locality = models.CharField(_("village, town or district"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SubAgentStatus.choices, default=SubAgentStatus.ACTIVE)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)


    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("sub-agent")
        verbose_name_plural = _("sub-agents")

    def __str__(self) -> str:
        return self.full_name


class RecruiterBlock(models.Model):
    """Candidate-search index for verify-a-recruiter: one row per block key of an agency's or sub-agent's name."""

    key = models.CharField(max_length=16)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subagent = models.ForeignKey(SubAgent, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        # key first, then the owner: a block is read from the index alone (issue 12)
        indexes = [models.Index(fields=["key", "agency", "subagent"], name="recruiter_block_key_owner")]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, subagent__isnull=True) | Q(agency__isnull=True, subagent__isnull=False),
                name="recruiter_block_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class Employer(Imported):
    """An employer abroad, verified by the destination's authority or the origin's consulate."""

    organisation = models.OneToOneField(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="employer"
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    country = models.ForeignKey("core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("registration number"), max_length=60)
    registration_key = models.CharField(max_length=60, db_index=True, editable=False)
    address = models.CharField(_("address"), max_length=300)
    principal = models.ForeignKey(
        "self", verbose_name=_("principal or general contractor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="subcontractors", help_text=_("Who answers for the wages if this employer fails to pay."),
    )
    status = models.CharField(_("status"), max_length=10, choices=EmployerStatus.choices, default=EmployerStatus.PENDING)
    verified_by_kind = models.CharField(_("verified by"), max_length=20, choices=VerifiedBy.choices, blank=True)
    verified_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("documents seen, visit"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(fields=["country", "registration_key"], name="employer_unique_registration"),
            models.CheckConstraint(condition=~Q(principal=models.F("id")), name="employer_not_own_principal"),
        ]

    def __str__(self) -> str:
        return self.name


class EmployerEvent(LifecycleEvent):
    """Append-only history of an employer's verification."""

    record_field = "employer"
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("employer event")


class JobOrder(models.Model):
    """An employer's request for workers, placed through a licensed agency, with offered terms."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="job_orders")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="job_orders")
    occupation = models.ForeignKey("core.Occupation", verbose_name=_("occupation (ISCO-08)"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("job title"), max_length=200)
    workers_needed = models.PositiveIntegerField(_("number of workers"))
    worksite = models.CharField(_("worksite"), max_length=200)
    country = models.ForeignKey("core.Country", verbose_name=_("country of work"), on_delete=models.PROTECT, related_name="+")
    languages = models.ManyToManyField("core.Language", verbose_name=_("languages"), blank=True, related_name="+")
    offered_terms = models.JSONField(_("offered terms (contract interchange form)"))
    terms_hash = models.CharField(max_length=80, editable=False)
    wage_amount = models.DecimalField(_("basic wage"), max_digits=12, decimal_places=2)
    wage_currency = models.ForeignKey("core.Currency", verbose_name=_("currency"), on_delete=models.PROTECT, related_name="+")
    wage_period = models.CharField(_("per"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=JobOrderStatus.choices, default=JobOrderStatus.SUBMITTED)
    expires_on = models.DateField(_("open until"))
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job order")
        verbose_name_plural = _("job orders")
        constraints = [
            models.CheckConstraint(condition=Q(workers_needed__gte=1), name="job_order_at_least_one_worker"),
            models.CheckConstraint(condition=Q(wage_amount__gte=0), name="job_order_wage_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="job_order_board")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class JobOrderEvent(LifecycleEvent):
    """Append-only history of a job order."""

    record_field = "job_order"
    job_order = models.ForeignKey(JobOrder, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("job order event")


class WatchlistEntry(models.Model):
    """An employer, agency or person under suspicion or barred, entered here or received from a peer node."""

    subject_kind = models.CharField(_("who"), max_length=10, choices=SubjectKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    country = models.ForeignKey("core.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("registration or licence number"), max_length=60, blank=True)
    registration_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="watchlist_entries")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="watchlist_entries")
    reason = models.TextField(_("reason"))
    evidence_reference = models.CharField(_("evidence reference"), max_length=200)
    entered_by = models.ForeignKey(USER, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Whose entry this is: this node's (source_key_id empty, peer_entry_id null) or a peer's, kept as the peer's and
    # identified by (source_country, peer_entry_id); source_key_id only records a key of the peer it came under.
    source_country = models.CharField(_("source node country"), max_length=2)
    source_key_id = models.CharField(_("source node key id"), max_length=100, blank=True)
    peer_entry_id = models.CharField(_("the peer's entry id"), max_length=100, null=True, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lift_reason = models.TextField(_("reason for lifting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("watchlist entry")
        verbose_name_plural = _("watchlist entries")
        constraints = [
            models.UniqueConstraint(
                fields=["source_country", "peer_entry_id"], condition=Q(peer_entry_id__isnull=False),
                name="watchlist_peer_entry_unique_by_node",
            ),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="watchlist_ends_after_start"),
            models.CheckConstraint(condition=Q(peer_entry_id__isnull=True) | ~Q(source_key_id=""),
                                   name="watchlist_peer_entry_has_key"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_from_peer(self) -> bool:
        return self.peer_entry_id is not None

    def is_active_on(self, day) -> bool:
        return self.lifted_at is None and self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


def active_watchlist_q(day=None) -> Q:
    day = day or timezone.localdate()
    return Q(lifted_at__isnull=True, starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class WatchlistBlock(models.Model):
    key = models.CharField(max_length=16)
    entry = models.ForeignKey(WatchlistEntry, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["key"], name="watchlist_block_key")]

    def __str__(self) -> str:
        return self.key


class ScreeningHit(models.Model):
    """A possible watchlist match below certainty, for an officer to confirm or dismiss."""

    entry = models.ForeignKey(WatchlistEntry, on_delete=models.PROTECT, related_name="hits")
    trigger = models.CharField(_("found on"), max_length=15, choices=ScreeningTrigger.choices)
    subject_kind = models.CharField(_("screened"), max_length=10, choices=SubjectKind.choices)
    subject_name = models.CharField(_("screened name"), max_length=200)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subagent = models.ForeignKey(SubAgent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    job_order = models.ForeignKey(JobOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=HitStatus.choices, default=HitStatus.PENDING)
    reviewed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("screening hit")
        indexes = [models.Index(fields=["status", "created_at"], name="screening_hit_queue")]

    def __str__(self) -> str:
        return f"{self.subject_name} ~ {self.entry_id} ({self.score})"


class EmployerWageRecord(models.Model):
    """The employer's wage compliance for one month, from the wages app's reconciliations (`wages.months_reconciled`):
    workers reconciled, how many with a finding, paid late, unpaid, and the total shortfall."""

    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="wage_records")
    period = models.DateField(_("month"))
    currency = models.CharField(_("currency"), max_length=3)
    workers = models.PositiveIntegerField(_("worker-months reconciled"), default=0)
    with_findings = models.PositiveIntegerField(_("with a finding"), default=0)
    late = models.PositiveIntegerField(_("paid late"), default=0)
    not_paid = models.PositiveIntegerField(_("not paid"), default=0)
    shortfall = models.DecimalField(_("shortfall"), max_digits=16, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "employer_id"]
        verbose_name = _("employer's wage record")
        constraints = [models.UniqueConstraint(fields=["employer", "period", "currency"], name="employer_wage_record_unique")]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.period:%Y-%m}"


class AgencyDebriefRecord(models.Model):
    """What returned workers said of an agency at their return debrief (reintegration's anonymous
    `reintegration.debrief_recorded`): how many debriefs named it, how many reported paying a fee, and the total."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="debrief_records")
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    debriefs = models.PositiveIntegerField(_("debriefs"), default=0)
    fees_reported = models.PositiveIntegerField(_("fees reported"), default=0)
    fees_total = models.DecimalField(_("fees reported, total"), max_digits=16, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency_id", "currency"]
        verbose_name = _("agency's debrief record")
        constraints = [models.UniqueConstraint(fields=["agency", "currency"], name="agency_debrief_record_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.currency}"
