"""Choices of the inspection app: sectors, risk factors, visit and order states, findings, sanctions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    DOMESTIC_WORK = "domestic_work", _("Domestic work")
    CONSTRUCTION = "construction", _("Construction")
    AGRICULTURE = "agriculture", _("Agriculture and fishing")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    HOSPITALITY = "hospitality", _("Hospitality and catering")
    CLEANING = "cleaning", _("Cleaning and facility services")
    OTHER = "other", _("Other")


class RiskFactor(models.TextChoices):
    """What a risk score is made of. The weights are data (RiskWeight); these are only the names."""

    WAGE_ARREARS = "wage_arrears", _("Wage arrears (months unpaid)")
    WAGE_LATE = "wage_late", _("Wages late or short (months)")
    CASE_GRIEVANCE = "case_grievance", _("Cases: grievances against the employer")
    CASE_FORCED_LABOUR = "case_forced_labour", _("Cases: forced-labour indicators found")
    CASE_URGENT = "case_urgent", _("Cases marked urgent")
    SUBSTITUTION = "substitution", _("Contract substitution matters")
    WATCHLIST = "watchlist", _("Watchlist entries")
    SCREENING_HIT = "screening_hit", _("Confirmed screening hits")
    FINDING = "finding", _("Past inspection findings (by severity)")
    ORDER_OVERDUE = "order_overdue", _("Inspection orders not complied with in time")
    WORKFORCE = "workforce", _("Workforce size (per 50 workers)")
    SECTOR = "sector", _("Sector")


# Factors fed by signals; the last two come from the worksites themselves.
SIGNAL_FACTORS = [f for f in RiskFactor if f not in {RiskFactor.WORKFORCE, RiskFactor.SECTOR}]


class VisitKind(models.TextChoices):
    PLANNED = "planned", _("Planned (campaign)")
    UNANNOUNCED = "unannounced", _("Unannounced")
    COMPLAINT = "complaint", _("Complaint-driven")
    FOLLOW_UP = "follow_up", _("Follow-up of an order")


class VisitStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_VISIT = [VisitStatus.SCHEDULED, VisitStatus.IN_PROGRESS]


class Answer(models.TextChoices):
    COMPLIANT = "yes", _("Compliant")
    NOT_COMPLIANT = "no", _("Not compliant")
    NOT_APPLICABLE = "na", _("Not applicable")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    CRITICAL = "critical", _("Critical")


class Casualty(models.TextChoices):
    """A death or an injury a visit found (welfare prompts the family's claim: `inspection.death_or_injury_found`)."""

    NONE = "", _("None")
    DEATH = "death", _("A worker died")
    ACCIDENTAL_DEATH = "accidental_death", _("A worker died in an accident")
    INJURY = "injury", _("A worker was injured")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Past its deadline (escalated)")
    COMPLIED = "complied", _("Complied with")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_ORDER = [OrderStatus.OPEN, OrderStatus.ESCALATED]


class SanctionKind(models.TextChoices):
    """The scale, lightest first. The law behind each step, per country, is data: data/sanction_scale.toml."""

    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    RECRUITMENT_SUSPENSION = "recruitment_suspension", _("Suspension of recruitment")
    CLOSURE = "closure", _("Closure")
