"""Statuses and kinds of the registry: licences, sanctions, employers, job orders, watchlists, screening."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    APPLIED = "applied", _("Applied for")
    ACTIVE = "active", _("Licensed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")
    BANNED = "banned", _("Banned for good")
    REFUSED = "refused", _("Application refused")


# What each status allows (one service per action). Expiry is by date, not a stored status:
# an active licence whose valid_until has passed may only be renewed, sanctioned or cancelled.
CURRENT_LICENCE_STATUSES = (LicenceStatus.APPLIED, LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)


class SanctionPenalty(models.TextChoices):
    SUSPEND = "suspend", _("Suspension")
    CANCEL = "cancel", _("Cancellation")
    BAN = "ban", _("Permanent ban")


class SanctionStatus(models.TextChoices):
    NOTIFIED = "notified", _("Charge notified, waiting for the agency's answer")
    ANSWERED = "answered", _("Answered by the agency")
    DECIDED = "decided", _("Decided")


class SanctionOutcome(models.TextChoices):
    SANCTIONED = "sanctioned", _("Sanction imposed")
    DISMISSED = "dismissed", _("Charge dismissed")


class SubAgentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("No longer working for the agency")


class EmployerStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not verified")


class VerifiedBy(models.TextChoices):
    DESTINATION_NODE = "destination_node", _("Destination country's authority")
    CONSULATE = "consulate", _("Origin country's consulate")




class JobOrderStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DELISTED = "delisted", _("Taken off the job board")
    WITHDRAWN = "withdrawn", _("Withdrawn")




class SubjectKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    AGENCY = "agency", _("Recruitment agency")
    PERSON = "person", _("Person")


class HitStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    CONFIRMED = "confirmed", _("Confirmed: same party")
    DISMISSED = "dismissed", _("Dismissed: a different party")


class ScreeningTrigger(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    JOB_ORDER = "job_order", _("Job order approval")
    BULK = "bulk", _("Bulk screening")
    MANUAL = "manual", _("Manual check")
