"""Inspection: worksites, risk signals, weights and scores, plans, visits with their checklist answers, findings,
evidence and confidential interviews, orders, sanctions, and (on an origin node) the sanction notices peers send."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.core.fields import EncryptedTextField
from corridor.core.lifecycle import LifecycleEvent
from corridor.inspection.choices import (
    Answer,
    Casualty,
    OrderStatus,
    RiskFactor,
    SanctionKind,
    Sector,
    Severity,
    VisitKind,
    VisitStatus,
)

USER = settings.AUTH_USER_MODEL


class Worksite(models.Model):
    """A place where an employer's workers work or live (the registry knows employers, not their sites)."""

    employer = models.ForeignKey("registry.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="worksites")
    name = models.CharField(_("site name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=100)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    workforce = models.PositiveIntegerField(_("workers on site"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employer_id", "name"]
        verbose_name = _("worksite")
        constraints = [
            models.UniqueConstraint(fields=["employer", "name"], name="worksite_unique_name_per_employer"),
            models.CheckConstraint(condition=Q(sector__in=Sector.values), name="worksite_sector_known"),
        ]
        indexes = [models.Index(fields=["sector", "region"], name="worksite_sector_region")]

    def __str__(self) -> str:
        return self.name


class RiskWeight(models.Model):
    """How much one factor counts: data an officer changes (each change is an audit entry)."""

    factor = models.CharField(_("factor"), max_length=40, unique=True)  # a RiskFactor, or "sector.<sector>"
    weight = models.DecimalField(_("points per unit"), max_digits=8, decimal_places=2)
    cap = models.DecimalField(_("most points from this factor"), max_digits=8, decimal_places=2)
    window_days = models.PositiveIntegerField(_("signals counted for (days)"), default=730)
    reasoning = models.TextField(_("why this weight"), blank=True)
    updated_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["factor"]
        verbose_name = _("risk weight")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(cap__gte=0), name="risk_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.factor


class RiskSignal(models.Model):
    """One fact another app published (or this app found) that raises an employer's risk.

    Idempotent by (source_ref, factor): an event delivered twice adds one signal."""

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    worksite = models.ForeignKey(Worksite, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    factor = models.CharField(max_length=40, choices=RiskFactor.choices)
    magnitude = models.DecimalField(max_digits=12, decimal_places=2, default=1)
    source = models.CharField(max_length=60)  # the event's name
    source_ref = models.CharField(max_length=100)  # what it is about, e.g. "case:12:unpaid_wages"
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source_ref", "factor"], name="risk_signal_once"),
            models.CheckConstraint(condition=Q(magnitude__gte=0), name="risk_signal_magnitude_not_negative"),
        ]
        indexes = [models.Index(fields=["factor", "occurred_at"], name="risk_signal_factor_time"),
                   models.Index(fields=["employer", "occurred_at"], name="risk_signal_employer_time")]

    def __str__(self) -> str:
        return f"{self.factor} {self.source_ref}"


class RiskScore(models.Model):
    """The last computed score of an employer (worksite empty) or of one worksite, with its breakdown."""

    # A score is derived data, rebuilt whole from the signals: no database foreign-key check (two lookups and a row
    # lock per score, four million at national scale); the ORM still cascades when an employer or a site goes.
    employer = models.ForeignKey("registry.Employer", on_delete=models.CASCADE, related_name="+", db_constraint=False)
    worksite = models.ForeignKey(Worksite, null=True, blank=True, on_delete=models.CASCADE, related_name="scores",
                                 db_constraint=False)
    score = models.DecimalField(max_digits=12, decimal_places=2)
    breakdown = models.JSONField(default=dict)  # shown on the score page: factor -> units, weight, cap, points
    last_signal_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-score", "employer_id"]
        constraints = [
            models.UniqueConstraint(fields=["employer"], condition=Q(worksite__isnull=True), name="risk_score_one_per_employer"),
            models.UniqueConstraint(fields=["worksite"], condition=Q(worksite__isnull=False), name="risk_score_one_per_worksite"),
        ]
        indexes = [models.Index(fields=["-score"], name="risk_score_rank")]

    def __str__(self) -> str:
        return f"{self.employer_id}/{self.worksite_id}: {self.score}"


class Plan(models.Model):
    """A campaign: the riskiest sites of a sector and region, shared among inspectors by quota."""

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    cooloff_days = models.PositiveIntegerField(_("a site inspected within this many days drops down"), default=180)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("inspection plan")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_period_ordered")]

    def __str__(self) -> str:
        return self.name


class PlanQuota(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="quotas")
    inspector = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField(_("visits"))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "inspector"], name="plan_quota_once")]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.inspector_id} x{self.quota}"


class Visit(models.Model):
    """One inspection of one worksite, on the lifecycle kit (inspection/lifecycles.py)."""

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    worksite = models.ForeignKey(Worksite, verbose_name=_("worksite"), on_delete=models.PROTECT, related_name="visits")
    employer = models.ForeignKey("registry.Employer", verbose_name=_("employer"), on_delete=models.PROTECT,
                                 related_name="+")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    inspector = models.ForeignKey(USER, verbose_name=_("inspector"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.SCHEDULED)
    priority = models.DecimalField(_("risk score when planned"), max_digits=12, decimal_places=2, default=0)
    reason = models.TextField(_("why this visit"), blank=True)
    scheduled_on = models.DateField(_("scheduled for"), null=True, blank=True)
    checklist_sector = models.CharField(max_length=20, choices=Sector.choices)
    checklist_version = models.CharField(max_length=20)
    follow_up_of = models.ForeignKey("Order", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups")
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("visit")
        constraints = [models.CheckConstraint(condition=Q(status__in=VisitStatus.values), name="visit_status_known")]
        indexes = [models.Index(fields=["worksite", "completed_at"], name="visit_site_done"),
                   models.Index(fields=["inspector", "status"], name="visit_inspector_status")]

    def __str__(self) -> str:
        return self.reference


class VisitEvent(LifecycleEvent):
    record_field = "visit"
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("visit event")


class ChecklistAnswer(models.Model):
    """The answer to one question of the visit's checklist; saved step by step (also when resent after a drop)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=40)
    answer = models.CharField(max_length=3, choices=Answer.choices)
    note = EncryptedTextField(_("note"), blank=True)
    answered_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="checklist_answer_once")]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.item}={self.answer}"


class Finding(models.Model):
    """A breach found on a visit. `confidential`: drawn from a worker's interview; the employer sees only its topic."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    item = models.CharField(_("checklist question"), max_length=40, blank=True)
    topic = models.CharField(_("topic"), max_length=30)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = EncryptedTextField(_("what was found"))
    confidential = models.BooleanField(_("drawn from a confidential interview"), default=False)
    # A death or an injury found: published as `inspection.death_or_injury_found` (the worker, when known, is never
    # shown to the employer).
    casualty = models.CharField(_("death or injury"), max_length=20, choices=Casualty.choices, blank=True, default="")
    worker = models.ForeignKey("accounts.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField(_("date of the death or injury"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("finding")
        constraints = [models.CheckConstraint(condition=Q(severity__in=Severity.values), name="finding_severity_known")]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.topic}"


class FindingEvidence(models.Model):
    """A file that supports a finding: checked by its content, stored encrypted (core.evidence)."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="evidence")
    storage_name = models.CharField(max_length=100, unique=True)
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.content_type}"


class Interview(models.Model):
    """A confidential interview with a worker. Never shown to the employer; only inspectors read it, each read logged."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="interviews")
    worker = models.ForeignKey("accounts.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    interviewee = EncryptedTextField(_("who was interviewed (as they wish to be recorded)"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    notes = EncryptedTextField(_("what the worker said"))
    conducted_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("worker interview")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Order(models.Model):
    """An order to the employer to remedy a finding by a deadline; past it, escalated (inspection/lifecycles.py)."""

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="orders")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.PROTECT, related_name="orders")
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    requirement = models.TextField(_("what the employer must do"))
    due_on = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("order")
        constraints = [models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="order_status_known")]
        indexes = [models.Index(fields=["due_on"], name="order_due", condition=Q(status="open"))]

    def __str__(self) -> str:
        return self.reference


class OrderEvent(LifecycleEvent):
    record_field = "order"
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("order event")


class Sanction(models.Model):
    """A sanction on the scale (data/sanction_scale.toml); announced as `inspection.sanction_issued`."""

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="sanctions")
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("sanction"), max_length=30, choices=SanctionKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    days = models.PositiveIntegerField(_("for (days)"), null=True, blank=True)
    workers_concerned = models.PositiveIntegerField(_("workers concerned"), default=1)
    reason = models.TextField(_("grounds"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    watchlist = models.BooleanField(_("put the employer on the watchlist"), default=False)
    reject_employer = models.BooleanField(_("withdraw the employer's verification"), default=False)
    notified_countries = models.JSONField(default=list, blank=True)  # origin nodes told through the exchange
    issued_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("sanction")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SanctionKind.values), name="sanction_kind_known"),
            models.CheckConstraint(condition=~Q(kind="fine") | Q(amount__gt=0), name="sanction_fine_has_amount"),
        ]

    def __str__(self) -> str:
        return self.reference


class SanctionNotice(models.Model):
    """On an origin node: a destination's sanction of an employer where our nationals work (`inspection.sanction`)."""

    source_country = models.CharField(_("from the node of"), max_length=2)
    reference = models.CharField(_("reference"), max_length=16)
    employer_name = models.CharField(_("employer"), max_length=200)
    employer_registration = models.CharField(_("registration number"), max_length=60, blank=True)
    employer_country = models.CharField(_("country"), max_length=2)
    kind = models.CharField(_("sanction"), max_length=30, choices=SanctionKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    days = models.PositiveIntegerField(_("for (days)"), null=True, blank=True)
    reason = models.TextField(_("grounds"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"))
    our_workers = models.PositiveIntegerField(_("our nationals there"), default=0)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("sanction notice from a peer")
        constraints = [models.UniqueConstraint(fields=["source_country", "reference"], name="sanction_notice_once")]

    def __str__(self) -> str:
        return f"{self.source_country} {self.reference}"
