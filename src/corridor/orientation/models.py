"""Pre-departure orientation: providers licensed by the node, courses (modules, hours, languages), sessions,
enrolments with attendance and completion, and the short assessment's attempts (docs/orientation.md)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from corridor.core.lifecycle import LifecycleEvent
from corridor.orientation.choices import EnrolmentStatus, LicenceStatus

USER = settings.AUTH_USER_MODEL


class ProviderLicence(models.Model):
    """The node's licence for an organisation to run pre-departure orientation that counts for clearance."""

    number = models.CharField(_("licence number"), max_length=40, unique=True)
    provider = models.ForeignKey("accounts.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="orientation_licences")
    status = models.CharField(_("status"), max_length=10, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=LicenceStatus.values), name="orientation_licence_status_known"),
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="orientation_licence_dates"),
            models.UniqueConstraint(fields=["provider"], condition=Q(status="active"), name="orientation_one_active_licence"),
        ]

    def __str__(self) -> str:
        return self.number


class ProviderLicenceEvent(LifecycleEvent):
    record_field = "licence"
    licence = models.ForeignKey(ProviderLicence, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("orientation licence event")


class Course(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    provider = models.ForeignKey("accounts.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="orientation_courses")
    destination = models.CharField(_("destination"), max_length=2, blank=True)  # "" = any destination
    languages = models.ManyToManyField("core.Language", verbose_name=_("languages"), related_name="+")
    assessment = models.CharField(_("assessment"), max_length=40, blank=True)  # an id in orientation/assessments/
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def hours(self) -> Decimal:
        """The course's hours, the sum of its modules' (one decimal place on every database)."""
        return Decimal(str(self.modules.aggregate(total=Sum("hours"))["total"] or 0)).quantize(Decimal("0.1"))


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("module"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="orientation_module_position_once"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="orientation_module_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title} ({self.hours} h)"


class Session(models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200)
    language = models.ForeignKey("core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="orientation_session_dates")]

    def __str__(self) -> str:
        return self.reference


class Enrolment(models.Model):
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="enrolments")
    worker = models.ForeignKey("accounts.Worker", verbose_name=_("worker"), on_delete=models.PROTECT,
                               related_name="orientation_enrolments")
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "worker"], name="orientation_enrolment_once"),
            models.CheckConstraint(condition=Q(status__in=EnrolmentStatus.values), name="orientation_enrolment_status_known"),
            models.CheckConstraint(condition=~Q(status="completed") | Q(completed_on__isnull=False),
                                   name="orientation_completed_has_date"),
        ]

    def __str__(self) -> str:
        return self.reference


class EnrolmentEvent(LifecycleEvent):
    record_field = "enrolment"
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("orientation enrolment event")


class Attempt(models.Model):
    """One sitting of the course's assessment, in the worker's language; the answers as given (option indexes)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attempts")
    assessment = models.CharField(max_length=40)
    version = models.CharField(max_length=20)
    language = models.CharField(max_length=8)
    answers = models.JSONField(default=dict)
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    recorded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.correct}/{self.total}"
