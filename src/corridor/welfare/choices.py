"""States and kinds of the welfare app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Covered")
    ENDED = "ended", _("Ended")


class ReturnCause(models.TextChoices):
    """Why a worker came home (the reintegration app's `worker.returned`)."""

    END_OF_CONTRACT = "end_of_contract", _("End of contract")
    EXIT = "exit", _("Left the job early")
    REPATRIATION = "repatriation", _("Repatriated")
    TRANSFER_ABROAD = "transfer_abroad", _("Moved to another job abroad")
    OTHER = "other", _("Other")


class MembershipSource(models.TextChoices):
    CLEARANCE = "clearance", _("At departure clearance")
    ENROLMENT = "enrolment", _("Enrolled abroad")


class Payer(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    AGENCY = "agency", _("Recruitment agency")
    WORKER = "worker", _("Worker")
    WAIVED = "waived", _("Waived")


class ClaimantKind(models.TextChoices):
    MEMBER = "member", _("The member")
    NEXT_OF_KIN = "next_of_kin", _("Next of kin")
    ATTACHE = "attache", _("An attaché for them")


class ClaimStatus(models.TextChoices):
    PROMPTED = "prompted", _("Opened for the family")
    FILED = "filed", _("Filed")
    RECOMMENDED = "recommended", _("Recommended")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RepatriationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    TICKETED = "ticketed", _("Ticket paid")
    RETURNED = "returned", _("Returned home")
    REFUSED = "refused", _("Refused")


class LoanStatus(models.TextChoices):
    OUTSTANDING = "outstanding", _("Being repaid")
    REPAID = "repaid", _("Repaid")


class AccountKind(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")
    EQUITY = "equity", _("Equity")


class PostingKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution")
    BENEFIT = "benefit", _("Benefit paid")
    REPATRIATION = "repatriation", _("Repatriation paid")
    LOAN = "loan", _("Loan paid out")
    REPAYMENT = "repayment", _("Loan repayment")
    OPENING = "opening", _("Opening balance")
    # The matching-fund programme's books (reintegration), kept in the same ledger tables.
    PLEDGE = "pledge", _("Matching pledge")
    PLEDGE_PAID = "pledge_paid", _("Matching pledge received")
    DISBURSEMENT = "disbursement", _("Project tranche disbursed")


# The chart of accounts every fund's ledger has (code, kind).
CHART = (
    ("bank", AccountKind.ASSET),
    ("loans_receivable", AccountKind.ASSET),
    ("contributions", AccountKind.INCOME),
    ("benefits", AccountKind.EXPENSE),
    ("repatriation", AccountKind.EXPENSE),
    ("fund_balance", AccountKind.EQUITY),
)
