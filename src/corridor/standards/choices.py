"""Choices of the standards app: ratification status, provisions of an agreement, a joint committee's records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RatificationStatus(models.TextChoices):
    RATIFIED = "ratified", _("Ratified")
    NOT_RATIFIED = "not_ratified", _("Not ratified")
    DENOUNCED = "denounced", _("Denounced")
    SIGNED = "signed", _("Signed, not ratified")
    UNKNOWN = "unknown", _("Unknown (not in the partial data)")  # shown, never stored


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class AgendaTopic(models.TextChoices):
    SUBSTITUTION = "substitution", _("Contract substitution")
    ARREARS = "arrears", _("Wage arrears")
    FORCED_LABOUR = "forced_labour", _("Cases by forced-labour indicator")
    HALTS = "halts", _("Departures halted")
    CARRIED_ACTION = "carried_action", _("Action carried over")
    OTHER = "other", _("Other business")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


# The provisions the content coding records (PROVENANCE.md section 4; numbers are the ILO/KNOMAD criteria), as
# (model field, coding column, label). A provision is None when the agreement was not coded (no text available).
PROVISIONS = (
    ("fees", "recruit_cost_mig", _("(6a) The migrant does not pay recruitment fees")),
    ("passports", "passport", _("(14) Passport confiscation prohibited")),
    ("wages", "wage_prot", _("(12) Wage protection")),
    ("social_security", "social_security", _("Social security")),
    ("disputes", "disputes_emp_mig", _("Settlement of disputes between employer and migrant")),
    ("joint_committee", "joint_commit", _("(5) A joint committee")),
    ("contract", "contract_req", _("(11) A written contract required")),
)
