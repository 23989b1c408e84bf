"""Choices of the orientation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Licensed")
    REVOKED = "revoked", _("Revoked")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Did not attend")
    COMPLETED = "completed", _("Completed")
