"""Ratifications per country, bilateral labour agreements, and joint committees' meetings with their agenda,
decisions and actions (docs/standards.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from corridor.core.lifecycle import LifecycleEvent
from corridor.standards.choices import ActionStatus, AgendaTopic, MeetingStatus, RatificationStatus

USER = settings.AUTH_USER_MODEL
STORED_STATUSES = [s for s in RatificationStatus.values if s != RatificationStatus.UNKNOWN]


class RatificationLoad(models.Model):
    """One load of the three ratification files: which edition (their digest), by whom, how many rows."""

    digest = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    loaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.loaded_at:%Y-%m-%d} {self.digest[:12]}"


class Ratification(models.Model):
    """What a shared data file states about one instrument and one country. A partial instrument with no row for a
    country is unknown (selectors say so), never "not ratified"."""

    instrument = models.CharField(_("instrument"), max_length=8)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    status = models.CharField(_("status"), max_length=15, choices=RatificationStatus.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    ratified_on = models.DateField(_("ratified on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force for the country from"), null=True, blank=True)
    source = models.TextField(_("source"))
    note = models.TextField(_("note"), blank=True)
    load = models.ForeignKey(RatificationLoad, on_delete=models.PROTECT, related_name="ratifications")

    class Meta:
        ordering = ["country", "instrument"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "country"], name="ratification_once"),
            models.CheckConstraint(condition=Q(status__in=STORED_STATUSES), name="ratification_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.country}: {self.status}"


class Agreement(models.Model):
    """A bilateral labour agreement of the node's country, from Chilton & Woda's formation data and, where its text
    was available, their content coding (a provision is None when the agreement was not coded)."""

    treaty_id = models.PositiveIntegerField(_("Chilton & Woda treaty id"), unique=True)
    country_a = models.CharField(max_length=2, blank=True)  # "" for a party with no ISO code today
    country_b = models.CharField(max_length=2, blank=True)
    name_a = models.CharField(_("party"), max_length=100)
    name_b = models.CharField(_("party"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year signed"), null=True, blank=True)  # None: unknown (9999)
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    ratified_on = models.DateField(_("ratified"), null=True, blank=True)
    title = models.TextField(_("title"), blank=True)
    dataset = models.CharField(_("first recorded in"), max_length=40, blank=True)
    copy_available = models.BooleanField(_("a copy of the text is available"), default=False)
    coded = models.BooleanField(_("content coded"), default=False)
    fees = models.BooleanField(null=True)
    passports = models.BooleanField(null=True)
    wages = models.BooleanField(null=True)
    social_security = models.BooleanField(null=True)
    disputes = models.BooleanField(null=True)
    joint_committee = models.BooleanField(null=True)
    contract = models.BooleanField(null=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "treaty_id"]
        verbose_name = _("bilateral agreement")

    def __str__(self) -> str:
        return f"{self.name_a} - {self.name_b} ({self.year or '?'})"

    def other_party(self, country: str) -> str:
        return self.country_b if self.country_a == country else self.country_a


class Meeting(models.Model):
    """A meeting of a joint committee under an agreement. A meeting convened by the peer is a copy of the record
    the peer sent (`convened_by` the peer's country), kept as received."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(Agreement, verbose_name=_("agreement"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="meetings")
    treaty_id = models.PositiveIntegerField(_("Chilton & Woda treaty id"))
    convened_by = models.CharField(_("convened by"), max_length=2)
    peer_country = models.CharField(_("with"), max_length=2)
    number = models.PositiveSmallIntegerField(_("meeting number"))
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    scheduled_for = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)  # a peer's record: when it last arrived

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        verbose_name = _("joint committee meeting")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_known"),
            models.CheckConstraint(condition=~Q(status__in=["held", "minutes_approved"]) | Q(held_on__isnull=False),
                                   name="meeting_held_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.treaty_id} #{self.number} ({self.scheduled_for})"


class MeetingEvent(LifecycleEvent):
    record_field = "meeting"
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("meeting event")


class AgendaItem(models.Model):
    """One item of a meeting's agenda; drafted items carry the corridor figures they were drafted from."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    topic = models.CharField(_("topic"), max_length=20, choices=AgendaTopic.choices)
    title = models.TextField(_("item"))
    figures = models.JSONField(_("figures"), default=dict, blank=True)  # the snapshot it was drafted from
    carried_action = models.ForeignKey("ActionItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_once")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title[:60]}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(models.Model):
    """An action agreed at a meeting, with its owner and deadline; followed at every later meeting until done."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=200)
    owner_country = models.CharField(_("owner's side"), max_length=2)
    due_on = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_known"),
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False), name="action_done_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.owner}, {self.due_on})"

    def overdue_on(self, day) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < day
