"""Closed lists of the guidance app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CentreKind(models.TextChoices):
    RESOURCE_CENTRE = "resource_centre", _("Migrant resource centre")
    TRADE_UNION = "trade_union", _("Trade union centre")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SHELTER = "shelter", _("Shelter")


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")


class ReferralSubject(models.TextChoices):
    CASE = "case", _("Case")
    INSPECTION = "inspection", _("Inspection visit")


class ReferralOutcome(models.TextChoices):
    HELPED = "helped", _("Helped: the worker got the service")
    DECLINED = "declined", _("Declined by the centre")
    WITHDRAWN = "withdrawn", _("The worker withdrew")
    UNREACHABLE = "unreachable", _("The worker could not be reached")
