"""The welfare fund's records: memberships and contributions, the double-entry ledger, claims, repatriations, loans."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from corridor.core.lifecycle import LifecycleEvent
from corridor.welfare.choices import (
    AccountKind,
    ClaimantKind,
    ClaimStatus,
    LoanStatus,
    MembershipSource,
    MembershipStatus,
    Payer,
    PostingKind,
    RepatriationStatus,
    ReturnCause,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 18, "decimal_places": 2}


class Membership(models.Model):
    """A worker's cover by a fund for one contract (or one voluntary enrolment abroad), under a pinned fund version."""

    reference = models.CharField(_("membership number"), max_length=40, unique=True)
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    fund = models.CharField(_("fund"), max_length=20)
    fund_version = models.CharField(_("fund rules version"), max_length=20)
    source = models.CharField(_("how it started"), max_length=12, choices=MembershipSource.choices)
    clearance_reference = models.CharField(_("clearance"), max_length=40, blank=True, db_index=True)
    destination = models.CharField(_("destination country"), max_length=2, blank=True)
    contract_months = models.PositiveIntegerField(_("contract length (months)"))
    starts_on = models.DateField(_("cover from"))
    ends_on = models.DateField(_("cover until"))
    status = models.CharField(_("status"), max_length=12, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    renewal_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The worker's return home, as the reintegration app recorded it (`worker.returned`).
    returned_on = models.DateField(_("returned home on"), null=True, blank=True)
    return_cause = models.CharField(_("why the worker returned"), max_length=20, choices=ReturnCause.choices, blank=True)
    return_reference = models.CharField(_("return"), max_length=40, blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("membership")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MembershipStatus.values), name="welfare_membership_status_known"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="welfare_membership_dates"),
            models.UniqueConstraint(fields=["clearance_reference"], condition=~Q(clearance_reference=""),
                                    name="welfare_one_membership_per_clearance"),
        ]
        indexes = [models.Index(fields=["worker", "-starts_on"], name="welfare_member_worker_idx")]

    def __str__(self) -> str:
        return self.reference


class MembershipEvent(LifecycleEvent):
    record_field = "membership"
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("membership event")


# --- the ledger -------------------------------------------------------------------------------------------------


class Account(models.Model):
    """One account of a fund's chart (bank, contributions, benefits, ...), in the fund's currency."""

    fund = models.CharField(_("fund"), max_length=20)
    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        ordering = ["fund", "code"]
        constraints = [models.UniqueConstraint(fields=["fund", "code"], name="welfare_account_unique")]

    def __str__(self) -> str:
        return f"{self.fund}:{self.code}"


class LedgerTransaction(models.Model):
    """One posting: its legs add up to zero per currency (service, and a statement trigger on PostgreSQL). Append-only."""

    fund = models.CharField(_("fund"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=PostingKind.choices)
    posted_on = models.DateField(_("value date"))
    description = models.CharField(_("description"), max_length=300)
    reference = models.CharField(_("bank or receipt reference"), max_length=60, blank=True, db_index=True)
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions")
    loan = models.ForeignKey("welfare.Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="transactions")
    # A payment made in another currency: what was paid, and the rate that turned it into the fund's currency.
    foreign_amount = models.DecimalField(_("amount paid"), null=True, blank=True, **MONEY)
    foreign_currency = models.CharField(_("currency paid"), max_length=3, blank=True)
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=18, decimal_places=8, null=True, blank=True)
    rate_source = models.CharField(_("rate source"), max_length=100, blank=True)
    posted_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["posted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(foreign_currency="") & Q(exchange_rate__isnull=True) & Q(foreign_amount__isnull=True))
                | (~Q(foreign_currency="") & Q(exchange_rate__gt=0) & Q(foreign_amount__gt=0)),
                name="welfare_txn_foreign_complete"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} #{self.pk} {self.kind}"


class Leg(models.Model):
    """One side of a posting: a signed amount on an account (debit positive, credit negative). Append-only."""

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="legs")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    membership = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="legs")

    class Meta:
        ordering = ["transaction_id", "id"]
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="welfare_leg_not_zero")]
        indexes = [models.Index(fields=["membership", "transaction"], name="welfare_leg_member_idx"),
                   models.Index(fields=["account", "transaction"], name="welfare_leg_account_idx")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount} {self.currency}"


class Contribution(models.Model):
    """A contribution paid (or waived) for a membership, with who paid it; its posting is in the ledger."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="contributions")
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    payer = models.CharField(_("paid by"), max_length=10, choices=Payer.choices)
    paid_on = models.DateField(_("paid on"))
    receipt = models.CharField(_("receipt"), max_length=60, blank=True)
    posting = models.OneToOneField(LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="welfare_contribution_not_negative"),
                       models.CheckConstraint(condition=Q(payer__in=Payer.values), name="welfare_contribution_payer_known")]

    def __str__(self) -> str:
        return f"{self.membership} {self.amount} {self.currency}"


class BankStatementLine(models.Model):
    """A line of the fund's bank statement, imported to reconcile the ledger's bank account against it."""

    fund = models.CharField(_("fund"), max_length=20)
    booked_on = models.DateField(_("booked on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    imported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["booked_on", "id"]

    def __str__(self) -> str:
        return f"{self.fund} {self.booked_on} {self.amount}"


# --- claims ---------------------------------------------------------------------------------------------------


class Claim(models.Model):
    """A claim for a benefit, with the inputs its eligibility was evaluated on frozen beside the answer."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    membership = models.ForeignKey(Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="claims")
    benefit = models.CharField(_("benefit"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.FILED)
    claimant_kind = models.CharField(_("filed by"), max_length=12, choices=ClaimantKind.choices)
    claimant_name = models.CharField(_("claimant"), max_length=200, blank=True)
    claimant_relationship = models.CharField(_("relationship to the member"), max_length=50, blank=True)
    event_date = models.DateField(_("date of the event"))
    cause = models.CharField(_("cause or degree"), max_length=30, blank=True)
    requested_amount = models.DecimalField(_("amount asked"), null=True, blank=True, **MONEY)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    prompted_by = models.CharField(_("prompted by"), max_length=60, blank=True)  # "case:<pk>" when a case opened it
    # The frozen inputs and the answer they gave (the same inputs always give the same answer).
    inputs = models.JSONField(_("inputs evaluated"), default=dict, blank=True)
    inputs_hash = models.CharField(max_length=64, blank=True)
    eligible = models.BooleanField(_("eligible"), null=True)
    decision = models.JSONField(_("reasons"), default=list, blank=True)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    recommended_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    four_eyes_waived = models.BooleanField(default=False)  # at or below the fund's threshold one officer may decide
    posting = models.OneToOneField(LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("claim")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="welfare_claim_status_known"),
            # Four eyes: the approver is not the recommender, unless the amount was at or below the fund's threshold.
            models.CheckConstraint(condition=Q(four_eyes_waived=True) | Q(approved_by__isnull=True)
                                   | Q(recommended_by__isnull=True) | ~Q(approved_by=F("recommended_by")),
                                   name="welfare_claim_four_eyes"),
        ]

    def __str__(self) -> str:
        return self.reference


class ClaimEvent(LifecycleEvent):
    record_field = "claim"
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("claim event")


class ClaimDocument(models.Model):
    """A document supporting a claim (death certificate, medical report): checked by content, stored encrypted."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(_("name"), max_length=200)
    storage_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


# --- repatriation and loans -------------------------------------------------------------------------------------


class Repatriation(models.Model):
    """Bringing a worker (or their remains) home: requested for a case, approved and paid by the fund, told to the
    destination through the exchange, closed when the worker arrives."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    membership = models.ForeignKey(Membership, verbose_name=_("membership"), on_delete=models.PROTECT,
                                   related_name="repatriations")
    case_reference = models.CharField(_("case"), max_length=40, blank=True)
    remains = models.BooleanField(_("repatriation of remains"), default=False)
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=12, choices=RepatriationStatus.choices,
                              default=RepatriationStatus.REQUESTED)
    travel_on = models.DateField(_("travel date"), null=True, blank=True)
    cost = models.DecimalField(_("ticket cost"), null=True, blank=True, **MONEY)
    posting = models.OneToOneField(LedgerTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("arrived home on"), null=True, blank=True)
    requested_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(status__in=RepatriationStatus.values),
                                              name="welfare_repatriation_status_known")]

    def __str__(self) -> str:
        return self.reference


class RepatriationEvent(LifecycleEvent):
    record_field = "repatriation"
    repatriation = models.ForeignKey(Repatriation, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("repatriation event")


class PeerRepatriation(models.Model):
    """On the destination: a peer's notice that its fund is bringing one of its nationals home."""

    source_country = models.CharField(max_length=2)
    reference = models.CharField(max_length=40)
    body = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source_country", "reference"], name="welfare_peer_repatriation_unique")]

    def __str__(self) -> str:
        return f"{self.source_country}:{self.reference}"


class Loan(models.Model):
    """A loan to a member (livelihood on return), paid out and repaid through the ledger."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="loans")
    principal = models.DecimalField(_("principal"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=12, choices=LoanStatus.choices, default=LoanStatus.OUTSTANDING)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(principal__gt=0), name="welfare_loan_positive")]

    def __str__(self) -> str:
        return self.reference


class LoanEvent(LifecycleEvent):
    record_field = "loan"
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("loan event")
