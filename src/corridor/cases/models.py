"""Cases: a worker's grievance from intake to remedy, with the complainant's identity kept apart."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.cases.choices import (
    CaseStatus,
    Channel,
    ClaimKind,
    EvidenceSource,
    GrievanceType,
    Indicator,
    Jurisdiction,
    LiabilityStatus,
    NoteAuthorKind,
    NoteVisibility,
    ReferralDirection,
    ReferralStatus,
    RespondentRole,
)
from corridor.core.fields import EncryptedTextField
from corridor.core.lifecycle import LifecycleEvent

USER = settings.AUTH_USER_MODEL


class Case(models.Model):
    """A grievance. Holds no identity: who complained lives in Complainant, shown only to those who need it."""

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    urgent_reasons = models.CharField(_("why urgent"), max_length=300, blank=True)
    nationality = models.ForeignKey("core.Country", verbose_name=_("worker's nationality"), on_delete=models.PROTECT,
                                    related_name="+")
    country_where = models.ForeignKey("core.Country", verbose_name=_("country where it happened"),
                                      on_delete=models.PROTECT, related_name="+")
    place = models.CharField(_("place (town, site)"), max_length=200, blank=True)
    since = models.DateField(_("since when"), null=True, blank=True)
    narrative = EncryptedTextField(_("what happened"), blank=True)
    language = models.CharField(_("language of the narrative"), max_length=8, blank=True)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=20, choices=Jurisdiction.choices)
    assigned_team = models.ForeignKey("accounts.Organisation", verbose_name=_("team"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="cases")
    assigned_officer = models.ForeignKey(USER, verbose_name=_("officer"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="assigned_cases")
    partner = models.ForeignKey("accounts.Organisation", verbose_name=_("partner organisation"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="partner_cases",
                                help_text=_("An NGO, union or resource centre the complainant agreed to involve."))
    filed_by = models.ForeignKey(USER, verbose_name=_("filed by"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="filed_cases")
    filed_by_organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="filed_cases")
    consent_share_identity = models.BooleanField(_("the other party may know who complained"), default=False)
    consent_referral = models.BooleanField(_("may be referred to the other country's authorities"), default=False)
    consent_referral_identity = models.BooleanField(_("identity may travel with a referral"), default=False)
    consent_partner = models.BooleanField(_("a partner organisation may help"), default=False)
    stage_due_at = models.DateTimeField(_("stage due"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    resolution = models.TextField(_("outcome"), blank=True)
    registry_fed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-is_urgent", "stage_due_at", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            # The queue: open cases of a team, urgent first, then the nearest time limit.
            models.Index(fields=["assigned_team", "-is_urgent", "stage_due_at", "id"], name="case_team_queue_idx",
                         condition=~Q(status__in=["resolved", "closed"])),
            models.Index(fields=["-is_urgent", "stage_due_at", "id"], name="case_queue_idx",
                         condition=~Q(status__in=["resolved", "closed"])),
            models.Index(fields=["stage_due_at"], name="case_due_idx", condition=Q(escalated_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=[s.value for s in CaseStatus]), name="case_status_known"),
            models.CheckConstraint(condition=Q(consent_referral_identity=False) | Q(consent_referral=True),
                                   name="case_identity_referral_needs_referral_consent"),
            models.CheckConstraint(condition=Q(partner__isnull=True) | Q(consent_partner=True),
                                   name="case_partner_needs_consent"),
        ]

    def __str__(self) -> str:
        return self.reference


class Complainant(models.Model):
    """Who complained: kept apart from the case, every field encrypted, every view logged."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="complainant")
    worker = models.ForeignKey("accounts.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    full_name = EncryptedTextField(_("name"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    passport_number = EncryptedTextField(_("passport number"), blank=True)
    contact_notes = EncryptedTextField(_("how and when to contact safely"), blank=True)

    class Meta:
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ReceiptCode(models.Model):
    """An anonymous complainant's key to the case: a salted scrypt hash, found by a keyed hash of the whole code."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="receipt")
    prefix = models.CharField(max_length=4, db_index=True)
    lookup = models.CharField(max_length=64, blank=True, db_index=True)  # keyed hash of the whole code
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=128)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Grievance(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grievances")
    kind = models.CharField(_("what happened"), max_length=30, choices=GrievanceType.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="grievance_unique_per_case")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Respondent(models.Model):
    """A party the complaint is against, linked to an organisation on record where it can be."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="respondents")
    role = models.CharField(_("role"), max_length=30, choices=RespondentRole.choices)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="respondent_in")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="case_respondents")
    agency = models.ForeignKey("registry.Agency", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="case_respondents")
    subagent = models.ForeignKey("registry.SubAgent", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="case_respondents")
    name = models.CharField(_("name"), max_length=200, blank=True)
    added_from_registry = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(organisation__isnull=False) | ~Q(name="") | Q(subagent__isnull=False),
                                   name="respondent_named"),
            models.CheckConstraint(
                condition=(Q(employer__isnull=True) | Q(agency__isnull=True)) & (Q(employer__isnull=True) | Q(subagent__isnull=True)),
                name="respondent_one_registry_kind"),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        if self.subagent_id:
            return self.subagent.full_name
        return self.name


class CaseAnswer(models.Model):
    """An answer to one of the structured triage questions."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)
    answer = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "question"], name="answer_unique_per_question")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class IndicatorFinding(models.Model):
    """One piece of evidence for one forced-labour indicator: which grievance, which answer or which phrase."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings")
    indicator = models.CharField(max_length=40, choices=Indicator.choices)
    source = models.CharField(max_length=20, choices=EvidenceSource.choices)
    evidence = EncryptedTextField(blank=True)  # a phrase from the narrative is as sensitive as the narrative
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["indicator", "source", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class CaseEvent(LifecycleEvent):
    """Append-only history of a case: one row per transition and per notable act."""

    record_field = "case"
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    actor_label = models.CharField(max_length=200)
    effective_date = models.DateField()

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("case event")


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author_kind = models.CharField(max_length=20, choices=NoteAuthorKind.choices)
    visibility = models.CharField(_("who sees it"), max_length=20, choices=NoteVisibility.choices,
                                  default=NoteVisibility.INTERNAL)
    is_question = models.BooleanField(_("a question for the complainant"), default=False)
    body = EncryptedTextField(_("note"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Evidence(models.Model):
    """A file, checked by content, stored encrypted, served only within the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    storage_name = models.CharField(max_length=100, unique=True)
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    added_by_kind = models.CharField(max_length=20, choices=NoteAuthorKind.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    due_date = models.DateField(_("due"))
    assignee = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class DutyShift(models.Model):
    """The on-duty roster: who in a team answers urgent cases, and who supervises, between two instants."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="duty_shifts")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="duty_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_supervisor = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["organisation", "starts_at", "ends_at"], name="duty_shift_window_idx")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="duty_shift_ends_after")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Claim(models.Model):
    """Something owed to the worker (Decimal + currency); who answers for it follows the liability chain."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("what is owed"), max_length=20, choices=ClaimKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.ForeignKey("core.Currency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("details"), max_length=300, blank=True)
    settled_on = models.DateField(_("settled"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_amount_not_negative"),
            # Documents are owed as things, not money: no amount, no currency. Everything else is money.
            models.CheckConstraint(condition=(Q(kind="documents", amount=0, currency__isnull=True)
                                              | (~Q(kind="documents") & Q(currency__isnull=False, amount__gt=0))),
                                   name="claim_money_or_documents"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Liability(models.Model):
    """One party's place in a claim's chain: rank 1 pays first; an unpaid claim falls to the next rank."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="liabilities")
    respondent = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="liabilities")
    rank = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=LiabilityStatus.choices, default=LiabilityStatus.LIABLE)

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "rank"], name="liability_rank_unique"),
            models.UniqueConstraint(fields=["claim", "respondent"], name="liability_party_unique"),
            models.UniqueConstraint(fields=["claim"], condition=Q(status="current"), name="liability_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Recovery(models.Model):
    """What was recovered for a claim, and from whom."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="recoveries")
    respondent = models.ForeignKey(Respondent, null=True, blank=True, on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    recovered_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recovered_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="recovery_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Referral(models.Model):
    """A case sent to (or received from) the peer node, with accept, reject and return."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    direction = models.CharField(max_length=10, choices=ReferralDirection.choices)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    peer_country = models.CharField(max_length=2)
    peer_id = models.BigIntegerField(null=True, blank=True)
    remote_reference = models.CharField(max_length=16, blank=True)
    include_identity = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    sent_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "direction"], condition=Q(status__in=["pending", "accepted"]),
                                    name="referral_one_open_per_direction"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class RegistryRecord(models.Model):
    """What a resolved case adds to an employer's, agency's or sub-agent's record in the registry."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="registry_records")
    respondent = models.ForeignKey(Respondent, on_delete=models.PROTECT, related_name="registry_records")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="case_records")
    agency = models.ForeignKey("registry.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="case_records")
    subagent = models.ForeignKey("registry.SubAgent", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="case_records")
    upheld = models.BooleanField(_("complaint upheld against this party"))
    grievances = models.CharField(max_length=300)
    summary = models.TextField(_("outcome"))
    unpaid = models.CharField(_("still owed by this party"), max_length=200, blank=True)
    watchlist_entry = models.ForeignKey("registry.WatchlistEntry", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    sanction = models.ForeignKey("registry.SanctionProceeding", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "respondent"], name="registry_record_once_per_party"),
            models.CheckConstraint(condition=Q(employer__isnull=False) | Q(agency__isnull=False) | Q(subagent__isnull=False),
                                   name="registry_record_has_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.respondent}"


class WageArrearsCase(models.Model):
    """A case opened for a worker's wage arrears found by the wages app (one per arriving worker), and whether the
    worker's right to stay to pursue the claim is recorded (a worker who leaves with money owed)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="wage_arrears")
    arrival_id = models.PositiveIntegerField(unique=True)  # clearance.Arrival, read through clearance's selectors
    right_to_stay = models.BooleanField(_("right to stay to pursue the claim"), default=False)
    claimed = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("wage arrears case")

    def __str__(self) -> str:
        return f"{self.case_id} arrival {self.arrival_id}"
