"""Statuses of a contract and of each of its versions, and which actions each status allows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting the origin officer")
    RETURNED = "returned", _("Returned to the agency")
    REGISTERED = "registered", _("Registered")


class VersionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the origin officer")
    RETURNED = "returned", _("Returned to the agency")
    AWAITING_WORKER = "awaiting_worker", _("Approved, awaiting the worker's acceptance")
    DECLINED = "declined", _("Declined by the worker")
    REGISTERED = "registered", _("Registered")
    SUPERSEDED = "superseded", _("Superseded by a later amendment")


class CheckSource(models.TextChoices):
    API = "api", _("API")
    PAGE = "page", _("Check page")
    REGISTER = "register", _("Registration")


# What each version status allows. An officer decides a submitted version; the worker answers an approved
# amendment; a registered version is never changed, only followed by an amendment.
