"""States of a departure clearance and of a substitution matter, the checks, the facts, and what each state allows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClearanceStatus(models.TextChoices):
    APPLIED = "applied", _("Waiting for the officer's decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    HALTED = "halted", _("Halted")
    DEPARTED = "departed", _("Departed")
    RETURNED = "returned", _("Returned home")


# One service per action. A halt can come at any time up to departure, before or after the grant.


class FactKind(models.TextChoices):
    ORIENTATION = "orientation", _("Pre-departure orientation attended")
    WELFARE_FUND = "welfare_fund", _("Welfare fund membership")
    INSURANCE = "insurance", _("Insurance")


class CheckCode(models.TextChoices):
    LICENCE = "licence", _("The agency's licence is valid on the departure date")
    EMPLOYER_VERIFIED = "employer_verified", _("The employer is verified")
    EMPLOYER_WATCHLIST = "employer_watchlist", _("The employer is on no watchlist (ours or a peer's)")
    CONTRACT = "contract", _("The contract is registered and has no standing violation")
    FEES = "fees", _("The fees the worker paid are within the cap")
    ORIENTATION = "orientation", _("Pre-departure orientation is recorded as done")
    WELFARE_FUND = "welfare_fund", _("Welfare fund membership is recorded")
    INSURANCE = "insurance", _("Insurance is recorded")
    MINIMUM_AGE = "minimum_age", _("The worker is of the minimum age for the occupation and destination")


class NoticeKind(models.TextChoices):
    GRANTED = "granted", _("Clearance granted")
    REFUSED = "refused", _("Clearance refused")
    HALTED = "halted", _("Clearance halted")
    SUBSTITUTION = "substitution", _("Contract substitution reported by the destination")
    TRANSFER = "transfer", _("Change of employer decided by the destination")
    ARRIVED = "arrived", _("Arrival reported by the destination")
    HALT_RECEIVED = "halt_received", _("Clearance halted by the origin")
    HALT_ACKNOWLEDGED = "halt_acknowledged", _("Halt received by the destination's node")


class MatterStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UNDER_REVIEW = "under_review", _("Under review")
    CLOSED = "closed", _("Closed")




class PresentedSource(models.TextChoices):
    UPLOAD = "upload", _("Uploaded interchange JSON")
    PAPER = "paper", _("Entered from paper")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested: waiting for the officer")
    CONSENT_ASKED = "consent_asked", _("The current employer's consent is asked")
    ACCEPTED = "accepted", _("Accepted: waiting for the new employment")
    REFUSED = "refused", _("Refused (can be appealed)")
    APPEALED = "appealed", _("Appealed: to be reconsidered")
    COMPLETED = "completed", _("Completed: the worker is with the new employer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TransferGround(models.TextChoices):
    """The ground a worker states. Each is one of the law's grounds (rules/transfer.py GROUNDS), except mutual
    agreement, which is the law's `none` with the current employer's consent asked."""

    NONE = "none", _("No particular ground (the general rule applies)")
    CONTRACT_END = "contract_end", _("The contract has ended")
    UNPAID_WAGES = "unpaid_wages", _("Wages are not paid")
    ABUSE = "abuse", _("Abuse found in a case or an inspection")
    TRAFFICKING = "trafficking", _("The employer is involved in trafficking the worker")
    EMPLOYER_ABSENT = "employer_absent", _("The employer is absent (travel, prison, death)")
    NO_DOCUMENTED_CONTRACT = "no_documented_contract", _("No documented contract with the employer")
    PERMIT_NOT_RENEWED = "permit_not_renewed", _("The employer let the residence or work permit expire")
    MUTUAL_AGREEMENT = "mutual_agreement", _("Mutual agreement with the current employer")


class TransferSector(models.TextChoices):
    GENERAL = "general", _("General (private sector)")
    DOMESTIC = "domestic", _("Domestic work")
