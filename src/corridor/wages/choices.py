"""Choices of the wages app: a salary file's status, its format, and the codes of reconciliation findings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded by a corrected file")


class FileFormat(models.TextChoices):
    SIF = "sif", _("WPS Salary Information File")
    CSV = "csv", _("Corridor salary CSV")


class Finding(models.TextChoices):
    SHORTFALL = "wage.shortfall", _("Paid less than the registered contract owes")
    LATE = "wage.late", _("Paid late")
    DEDUCTION = "wage.deduction_unlawful", _("A deduction the law does not allow")
    BELOW_MINIMUM = "wage.below_minimum", _("Pay below the statutory minimum")
    NOT_OWN_ACCOUNT = "wage.not_own_account", _("Not paid into the worker's own account")
    NOT_PAID = "wage.not_paid", _("No payment for the month")
    NO_CONTRACT = "wage.no_contract", _("No registered contract to compare with")
    OVER_CEILING = "wage.deduction_over_ceiling", _("Deductions beyond the legal ceiling")


class SettlementStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed, to be confirmed")
    CONFIRMED = "confirmed", _("Confirmed by the officer")
    PAID = "paid", _("Paid in full")
    PAID_SHORT = "paid_short", _("Paid short: money still owed")


class StepKind(models.TextChoices):
    DEFAULTED = "defaulted", _("Not paid by the deadline: the next party in the chain is liable")
    FUND = "fund_liable", _("Every party defaulted: the wage guarantee fund is asked to pay")
