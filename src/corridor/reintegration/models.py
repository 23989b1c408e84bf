"""Return and reintegration: a worker's return home and its debrief, the services that follow up (plans, referrals,
follow-ups, skills certificates), and the matching-fund programme (hometown associations, proposals, pledges,
tranches; every amount a posting in the welfare app's double-entry ledger)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.core.lifecycle import LifecycleEvent
from corridor.reintegration.choices import (
    DocumentsFate,
    FollowUpOutcome,
    PaidTo,
    PledgeLevel,
    ProjectKind,
    ProposalStatus,
    ReturnCause,
    ReturnSource,
    ReturnStatus,
    ServiceKind,
    TrancheStatus,
    WagesReceived,
    WouldUseAgain,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 16, "decimal_places": 2}


class Return(models.Model):
    """A worker's return home, recorded once per deployment (clearance); it closes the deployment and keeps its
    history readable from the worker's return page."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("worker"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    worker_name = models.CharField(_("worker's name"), max_length=200)
    clearance_reference = models.CharField(_("clearance"), max_length=40, blank=True, db_index=True)
    destination = models.CharField(_("returned from"), max_length=2, blank=True)
    returned_on = models.DateField(_("returned on"))
    cause = models.CharField(_("why"), max_length=20, choices=ReturnCause.choices)
    source = models.CharField(_("recorded from"), max_length=15, choices=ReturnSource.choices)
    source_reference = models.CharField(_("source reference"), max_length=80, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.RECORDED)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-returned_on", "-id"]
        verbose_name = _("return")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReturnStatus.values), name="reintegration_return_status_known"),
            models.CheckConstraint(condition=Q(cause__in=ReturnCause.values), name="reintegration_return_cause_known"),
            models.UniqueConstraint(fields=["clearance_reference"], condition=~Q(clearance_reference=""),
                                    name="reintegration_one_return_per_clearance"),
        ]

    def __str__(self) -> str:
        return self.reference


class ReturnEvent(LifecycleEvent):
    record_field = "return_record"
    return_record = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("return event")


class Debrief(models.Model):
    """The worker's voluntary answers on return. Published only as anonymous facts, in aggregate above a threshold."""

    return_record = models.OneToOneField(Return, on_delete=models.PROTECT, related_name="debrief")
    language = models.CharField(_("language"), max_length=8, blank=True)
    paid_to = models.CharField(_("paid to"), max_length=10, choices=PaidTo.choices)
    recruitment_cost = models.DecimalField(_("paid to be recruited"), **MONEY)
    cost_currency = models.CharField(_("currency"), max_length=3, blank=True)
    agency_licence = models.CharField(_("agency licence number"), max_length=60, blank=True)
    agency_name = models.CharField(_("agency"), max_length=200, blank=True)
    agency_id_ref = models.IntegerField(null=True, blank=True, editable=False)  # registry.Agency, when known
    sub_agent_name = models.CharField(_("sub-agent or broker"), max_length=200, blank=True)
    wages = models.CharField(_("wages received"), max_length=12, choices=WagesReceived.choices)
    monthly_earnings = models.DecimalField(_("first month's earnings"), null=True, blank=True, **MONEY)
    earnings_currency = models.CharField(_("earnings currency"), max_length=3, blank=True)
    documents = models.CharField(_("documents"), max_length=10, choices=DocumentsFate.choices)
    would_use_again = models.CharField(_("would use the agency again"), max_length=8, choices=WouldUseAgain.choices)
    case_consent = models.BooleanField(_("asked for a case"), default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return debrief")
        constraints = [
            models.CheckConstraint(condition=Q(recruitment_cost__gte=0), name="reintegration_debrief_cost_not_negative"),
            models.CheckConstraint(condition=Q(recruitment_cost=0) | ~Q(cost_currency=""),
                                   name="reintegration_debrief_cost_has_currency"),
        ]

    def __str__(self) -> str:
        return f"debrief {self.return_record_id}"


class ServiceProvider(models.Model):
    """An organisation that gives reintegration services (a public office, an NGO, a training centre, a bank)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    region = models.CharField(_("region"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """One service of the catalogue, given by a provider."""

    kind = models.CharField(_("kind"), max_length=15, choices=ServiceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="services")
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("reintegration service")
        constraints = [models.CheckConstraint(condition=Q(kind__in=ServiceKind.values), name="reintegration_service_kind_known"),
                       models.UniqueConstraint(fields=["provider", "name"], name="reintegration_service_unique")]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """The reintegration plan a caseworker builds with the worker after a return."""

    return_record = models.OneToOneField(Return, on_delete=models.PROTECT, related_name="plan")
    goals = models.TextField(_("goals agreed with the worker"))
    organisation = models.ForeignKey("accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reintegration plan")

    def __str__(self) -> str:
        return f"plan {self.return_record_id}"


class Referral(models.Model):
    """The worker referred to one service of the catalogue under a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    referred_on = models.DateField(_("referred on"))
    note = models.TextField(_("note"), blank=True)
    referred_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["referred_on", "id"]
        verbose_name = _("referral")
        constraints = [models.UniqueConstraint(fields=["plan", "service"], name="reintegration_referral_once")]

    def __str__(self) -> str:
        return f"{self.plan_id} -> {self.service_id}"


class FollowUp(models.Model):
    """A follow-up of a referral, due three, six and twelve months after it; its outcome once done."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after referral"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=FollowUpOutcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        constraints = [
            models.UniqueConstraint(fields=["referral", "months"], name="reintegration_follow_up_once"),
            models.CheckConstraint(condition=(Q(done_on__isnull=True) & Q(outcome=""))
                                   | (Q(done_on__isnull=False) & Q(outcome__in=FollowUpOutcome.values)),
                                   name="reintegration_follow_up_done_has_outcome"),
        ]
        indexes = [models.Index(fields=["done_on", "due_on"], name="reint_followup_due_idx")]

    def __str__(self) -> str:
        return f"{self.referral_id} +{self.months}m"


class SkillCertificate(models.Model):
    """Skills learnt abroad recognised against an ISCO-08 occupation: a certificate signed by the node."""

    reference = models.CharField(_("certificate number"), max_length=40, unique=True)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="certificates")
    isco_code = models.CharField(_("ISCO-08 occupation"), max_length=4)
    occupation_title = models.CharField(_("occupation"), max_length=200)
    level = models.CharField(_("level assessed"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    token = models.TextField(_("certificate (JWS)"))
    issued_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("skills certificate")

    def __str__(self) -> str:
        return self.reference


# --- remittances invested: the matching-fund programme --------------------------------------------------------


class Association(models.Model):
    """A hometown association of migrants abroad, registered with its members."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    hometown = models.CharField(_("hometown (municipality)"), max_length=200)
    region = models.CharField(_("state or province"), max_length=200, blank=True)
    based_in = models.CharField(_("country abroad"), max_length=2)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    registered_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hometown association")

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("name"), max_length=200)
    lives_in = models.CharField(_("country of residence"), max_length=2)
    worker = models.ForeignKey("accounts.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_representative = models.BooleanField(_("representative"), default=False)

    class Meta:
        ordering = ["association_id", "full_name"]
        verbose_name = _("association member")

    def __str__(self) -> str:
        return self.full_name


class Proposal(models.Model):
    """A project at home proposed by an association: checked, scored, decided; once approved, the project."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    kind = models.CharField(_("kind"), max_length=15, choices=ProjectKind.choices)
    municipality = models.CharField(_("municipality"), max_length=200)
    migrant_amount = models.DecimalField(_("the migrants' contribution"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    criteria_version = models.CharField(_("criteria version"), max_length=20)
    eligibility = models.JSONField(_("eligibility checks"), default=list, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total_score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    decision_reason = models.TextField(_("committee's reasons"), blank=True)
    submitted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("project proposal")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ProposalStatus.values), name="reintegration_proposal_status_known"),
            models.CheckConstraint(condition=Q(migrant_amount__gt=0), name="reintegration_proposal_amount_positive"),
            models.CheckConstraint(condition=~Q(status__in=["approved", "rejected", "completed"]) | ~Q(decision_reason=""),
                                   name="reintegration_proposal_decision_has_reasons"),
        ]

    def __str__(self) -> str:
        return self.reference


class ProposalEvent(LifecycleEvent):
    record_field = "proposal"
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("proposal event")


class Pledge(models.Model):
    """One level's matching pledge to an approved project; posted when pledged, and again when the money arrives."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="pledges")
    level = models.CharField(_("level"), max_length=10, choices=PledgeLevel.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    pledge_posting = models.OneToOneField("welfare.LedgerTransaction", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"), null=True, blank=True)
    receipt_posting = models.OneToOneField("welfare.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")

    class Meta:
        ordering = ["proposal_id", "id"]
        verbose_name = _("matching pledge")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "level"], name="reintegration_pledge_once_per_level"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reintegration_pledge_positive"),
            models.CheckConstraint(condition=Q(received_on__isnull=True, receipt_posting__isnull=True)
                                   | Q(received_on__isnull=False, receipt_posting__isnull=False),
                                   name="reintegration_pledge_received_posted"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.level}"


class Tranche(models.Model):
    """A part of the money, disbursed against a milestone reached."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="tranches")
    sequence = models.PositiveSmallIntegerField(_("number"))
    milestone = models.CharField(_("milestone"), max_length=300)
    amount = models.DecimalField(_("amount"), **MONEY)
    status = models.CharField(_("status"), max_length=10, choices=TrancheStatus.choices, default=TrancheStatus.PLANNED)
    evidence = models.TextField(_("evidence that the milestone was reached"), blank=True)
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    posting = models.OneToOneField("welfare.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["proposal_id", "sequence"]
        verbose_name = _("tranche")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "sequence"], name="reintegration_tranche_sequence"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reintegration_tranche_positive"),
            models.CheckConstraint(condition=Q(status="planned", posting__isnull=True, disbursed_on__isnull=True)
                                   | (Q(status="disbursed", posting__isnull=False, disbursed_on__isnull=False)
                                      & ~Q(evidence="")),
                                   name="reintegration_tranche_disbursed_posted"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.sequence}"




class Exit(models.Model):
    """Destination side: a worker's exit from the country, recorded by the destination's officer and sent to the origin
    (`worker.returned`)."""

    arrival = models.OneToOneField("clearance.Arrival", on_delete=models.PROTECT, related_name="+")
    clearance_reference = models.CharField(_("clearance"), max_length=40)
    left_on = models.DateField(_("left on"))
    cause = models.CharField(_("why"), max_length=20, choices=ReturnCause.choices)
    reported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-left_on", "-id"]
        verbose_name = _("exit")

    def __str__(self) -> str:
        return f"{self.clearance_reference} {self.left_on}"
