"""Salary files, their lines, each worker-month reconciled against the registered contract, and arrears alerts."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.core.fields import EncryptedTextField
from corridor.core.lifecycle import LifecycleEvent
from corridor.wages.choices import FileFormat, FileStatus, SettlementStatus, StepKind

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


class ContractPayTerms(models.Model):
    """What reconciliation reads of a registered contract (the corridor, the sector, the wage and its allowances,
    the deductions it allows, the term, the employer's registration number), taken once from the encrypted document
    at the first reconciliation against it: each month's file reads these rows, not the document. A contract's
    version never changes, so neither do they. Nothing here names the worker."""

    contract = models.OneToOneField("clearance.PeerContract", on_delete=models.CASCADE, related_name="+")
    terms = models.JSONField(encoder=DjangoJSONEncoder)
    # The same terms as columns, for the month reconciled set-based on PostgreSQL (`wages.services.bulk`): the monthly wage
    # and cash allowances are set only when the contract pays by the month in amounts exact to the cent (otherwise
    # its months are reconciled one by one in Python).
    reference = models.CharField(max_length=40, blank=True)
    origin = models.CharField(max_length=2, blank=True)
    sector = models.CharField(max_length=40, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    monthly_basic = models.DecimalField(null=True, blank=True, **MONEY)
    monthly_allowances = models.DecimalField(null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("pay terms of a registered contract")

    def __str__(self) -> str:
        return f"{self.contract_id}"


class SalaryFile(models.Model):
    """One month's salary file of one employer, stored whole once it passed every check."""

    format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    employer_ref = models.CharField(_("employer ID in the file"), max_length=60, db_index=True)
    employer = models.ForeignKey("registry.Employer", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("salary month"))
    currency = models.CharField(_("currency"), max_length=3)
    control_record = models.BooleanField(_("control record checked"), default=True)
    created_on = models.DateField(_("file created (date paid)"), null=True, blank=True)
    reference = models.CharField(_("employer reference"), max_length=35, blank=True)
    line_count = models.PositiveIntegerField(_("lines"))
    total = models.DecimalField(_("total paid"), **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=FileStatus.choices, default=FileStatus.CURRENT)
    supersedes = models.OneToOneField("self", verbose_name=_("supersedes"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    imported_by = models.ForeignKey(USER, verbose_name=_("imported by"), null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # None: the command line (the system)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-period", "employer_ref", "-id"]
        verbose_name = _("salary file")
        constraints = [
            models.UniqueConstraint(fields=["employer_ref", "period"], condition=Q(status="current"),
                                    name="salary_file_one_current"),
            models.CheckConstraint(condition=Q(status__in=FileStatus.values), name="salary_file_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.employer_ref} {self.period:%Y-%m}"


class SalaryFileEvent(LifecycleEvent):
    """Append-only history of a salary file (imported, superseded)."""

    record_field = "salary_file"
    salary_file = models.ForeignKey(SalaryFile, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("salary file event")


class SalaryLine(models.Model):
    """One worker's pay in a salary file, as the file states it; matched to an arrival by the work permit number."""

    file = models.ForeignKey(SalaryFile, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField(_("line"))
    worker_ref = EncryptedTextField(_("worker ID in the file"))
    worker_index = models.CharField(max_length=64, editable=False)
    arrival = models.ForeignKey("clearance.Arrival", verbose_name=_("arrival"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    pay_terms = models.ForeignKey(ContractPayTerms, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pay_start = models.DateField(_("pay from"))
    pay_end = models.DateField(_("pay to"))
    days_in_period = models.PositiveSmallIntegerField(_("days"))
    unpaid_leave_days = models.PositiveSmallIntegerField(_("days of unpaid leave"), default=0)
    basic = models.DecimalField(_("basic or fixed pay"), **MONEY)
    allowances = models.DecimalField(_("allowances"), **MONEY)
    variable = models.DecimalField(_("variable pay"), **MONEY)
    components = models.JSONField(_("variable pay by kind"), default=dict, blank=True)
    deductions = models.JSONField(_("deductions"), default=list, blank=True)
    deductions_total = models.DecimalField(_("deductions"), **MONEY)
    paid_amount = models.DecimalField(_("paid"), **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    own_account = models.BooleanField(_("paid into the worker's own account"), null=True, blank=True)
    account_tail = models.CharField(_("account (last 4)"), max_length=4, blank=True)

    class Meta:
        ordering = ["file", "line_no"]
        verbose_name = _("salary line")
        constraints = [models.UniqueConstraint(fields=["file", "worker_index"], name="salary_line_one_per_worker")]
        indexes = [models.Index(fields=["worker_index"], name="salary_line_worker")]  # no LIKE index (see the months)

    def __str__(self) -> str:
        return f"{self.file_id}:{self.line_no}"


class MonthReconciliation(models.Model):
    """One worker's month: what the registered contract owed, what was paid, when, and the findings with their rules.
    `current` is false once a corrected file superseded the one it was made from (the history is kept)."""

    line = models.ForeignKey(SalaryLine, null=True, blank=True, on_delete=models.PROTECT, related_name="reconciliations")
    arrival = models.ForeignKey("clearance.Arrival", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # both indexed in Meta.indexes: the worker with the employer, the employer with the month (a `db_index` on a
    # CharField adds, on PostgreSQL, a second index for LIKE that nothing here uses, and each month written pays for it)
    worker_index = models.CharField(max_length=64, blank=True)
    employer_ref = models.CharField(_("employer ID"), max_length=60)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("month"))
    owed = models.DecimalField(_("owed"), null=True, blank=True, **MONEY)
    paid = models.DecimalField(_("paid"), **MONEY)
    shortfall = models.DecimalField(_("shortfall"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    days_late = models.IntegerField(_("days late"), null=True, blank=True)
    codes = models.JSONField(_("finding codes"), default=list, blank=True)
    findings = models.JSONField(_("findings"), default=list, blank=True)
    not_checked = models.JSONField(_("not checked"), default=list, blank=True)
    current = models.BooleanField(default=True)
    disputed_at = models.DateTimeField(_("disputed by the worker"), null=True, blank=True)
    reconciled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "id"]
        verbose_name = _("reconciled month")
        constraints = [
            models.UniqueConstraint(fields=["arrival", "period"], condition=Q(current=True, arrival__isnull=False),
                                    name="month_reconciliation_one_current"),
            models.CheckConstraint(condition=Q(shortfall__gte=0) & Q(paid__gte=0), name="month_reconciliation_amounts"),
        ]
        indexes = [models.Index(fields=["employer_ref", "period"], name="month_reconciliation_employer"),
                   models.Index(fields=["worker_index", "employer_ref"], name="month_reconciliation_worker")]

    def __str__(self) -> str:
        return f"{self.employer_ref} {self.period:%Y-%m} {self.shortfall}"


class ArrearsAlert(models.Model):
    """Raised when a worker's running arrears with one employer reach the threshold (docs/wages.md)."""

    arrival = models.ForeignKey("clearance.Arrival", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    worker_index = models.CharField(max_length=64, blank=True)
    employer_ref = models.CharField(_("employer ID"), max_length=60)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    total_arrears = models.DecimalField(_("arrears"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    months_unpaid = models.PositiveSmallIntegerField(_("months short or unpaid"))
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("arrears alert")
        indexes = [models.Index(fields=["worker_index", "employer_ref"], name="arrears_alert_worker")]

    def __str__(self) -> str:
        return f"{self.employer_ref} {self.total_arrears} {self.currency}"


class PeerArrears(models.Model):
    """Origin side: a worker's arrears as the destination reported them (`wages.arrears`)."""

    source_country = models.CharField(_("destination node"), max_length=2)
    clearance_reference = models.CharField(_("clearance"), max_length=40, db_index=True)
    clearance = models.ForeignKey("clearance.Clearance", verbose_name=_("clearance"), on_delete=models.PROTECT,
                                  related_name="+")
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    total_arrears = models.DecimalField(_("arrears"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    months_unpaid = models.PositiveSmallIntegerField(_("months short or unpaid"))
    months = models.JSONField(_("months"), default=list)
    statement = models.TextField(_("signed settlement statement (JWS)"), blank=True)  # `wages.unpaid` only
    reported_at = models.DateTimeField(_("reported"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("arrears reported by the destination")

    def __str__(self) -> str:
        return f"{self.clearance_reference} {self.total_arrears} {self.currency}"


class Settlement(models.Model):
    """A worker's final settlement at the end of employment, computed from the destination's law
    (`rules.settlement.compute_settlement`), confirmed by the officer, its payment recorded, and a statement signed
    by the node sent to the worker and the origin."""

    arrival = models.ForeignKey("clearance.Arrival", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=SettlementStatus.choices, default=SettlementStatus.COMPUTED)
    end_date = models.DateField(_("last day of employment"))
    end_reason = models.CharField(_("how employment ended"), max_length=30)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("settlement"))
    total = models.DecimalField(_("total owed"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    paid_amount = models.DecimalField(_("paid"), null=True, blank=True, **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    statement = models.TextField(_("signed statement (JWS)"), blank=True)
    computed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # When the law's time to pay (or the last day of employment) passed with the settlement unpaid: the worker's case
    # was opened with the money owed and the right to stay (`settlements_due`), once.
    overdue_at = models.DateTimeField(_("overdue since"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("final settlement")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SettlementStatus.values), name="settlement_status_known"),
            models.UniqueConstraint(fields=["arrival"], condition=~Q(status="paid_short") & ~Q(status="paid"),
                                    name="settlement_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.arrival_id} {self.total} {self.currency}"

    @property
    def outstanding(self):
        return max(self.total - (self.paid_amount or 0), 0)


class SettlementEvent(LifecycleEvent):
    """Append-only history of a final settlement."""

    record_field = "settlement"
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("settlement event")


class LiabilityStep(models.Model):
    """Append-only: a worker's arrears with one employer, unpaid by the deadline after the alert, moved down the
    liability chain computed for the worker's case (employer, principal contractor, agency) or, at its end, to the
    destination's wage guarantee fund (docs/wages.md, "Liability on default")."""

    alert = models.ForeignKey(ArrearsAlert, on_delete=models.PROTECT, related_name="steps")
    arrival = models.ForeignKey("clearance.Arrival", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    worker_index = models.CharField(max_length=64, db_index=True, blank=True)
    employer_ref = models.CharField(_("employer ID"), max_length=60)
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    party = models.CharField(_("party that did not pay"), max_length=200, blank=True)
    next_party = models.CharField(_("next party liable"), max_length=200, blank=True)
    fund = models.CharField(_("wage guarantee fund"), max_length=40, blank=True)
    total = models.DecimalField(_("arrears"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("liability step")
        constraints = [models.CheckConstraint(condition=Q(kind__in=StepKind.values), name="liability_step_kind_known")]

    def __str__(self) -> str:
        return f"{self.kind} {self.party} -> {self.next_party or self.fund}"


class FundPayment(models.Model):
    """Append-only posting: the destination's wage guarantee fund (law data, `rules/wage_law.toml`) paid a worker's
    arrears; the fund then claims the amount from the employer. Arrears are net of these payments."""

    fund = models.CharField(_("wage guarantee fund"), max_length=40)
    arrival = models.ForeignKey("clearance.Arrival", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    worker_index = models.CharField(max_length=64, db_index=True, blank=True)
    employer_ref = models.CharField(_("employer ID"), max_length=60)
    employer = models.ForeignKey("registry.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("fund's reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-id"]
        verbose_name = _("wage guarantee fund payment")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_payment_positive")]

    def __str__(self) -> str:
        return f"{self.fund} {self.amount} {self.currency}"
