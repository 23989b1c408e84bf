"""Guidance's records: the cost of sending money home per corridor and quarter, resource centres, referrals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corridor.core.fields import EncryptedTextField
from corridor.core.lifecycle import LifecycleEvent
from corridor.guidance.choices import CentreKind, ReferralOutcome, ReferralStatus, ReferralSubject

USER = settings.AUTH_USER_MODEL


class RemittanceCostFile(models.Model):
    """One loaded Remittance Prices Worldwide file (corridor averages): what was loaded, when and by whom.
    The same file (same SHA-256) is loaded once: loading it again changes nothing."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    filename = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"))
    added = models.PositiveIntegerField(_("rows added"))
    changed = models.PositiveIntegerField(_("rows changed"))
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    loaded_by = models.ForeignKey(USER, verbose_name=_("loaded by"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("remittance cost file")

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class RemittanceCost(models.Model):
    """The World Bank's average total cost of sending the equivalent of USD 200 in one corridor and quarter
    (series ATCR.CORR), in percent of the amount sent, averaged over every provider surveyed.

    In Corridor's words: money goes from the `destination` (where the migrant works, RPW's sending country) to the
    `origin` (the worker's home, RPW's receiving country). Codes are ISO 3166-1; the file's alpha-3 codes are kept."""

    origin = models.CharField(_("origin (receiving country)"), max_length=2, db_index=True)
    destination = models.CharField(_("destination (sending country)"), max_length=2)
    origin_iso3 = models.CharField(_("receiving country, alpha-3"), max_length=3)
    destination_iso3 = models.CharField(_("sending country, alpha-3"), max_length=3)
    origin_name = models.CharField(_("receiving country, as in the file"), max_length=100)
    destination_name = models.CharField(_("sending country, as in the file"), max_length=100)
    period = models.CharField(_("quarter"), max_length=6)  # "2020Q3": sorts as time does
    cost_pct = models.DecimalField(_("average total cost (percent of USD 200)"), max_digits=9, decimal_places=4)
    file = models.ForeignKey(RemittanceCostFile, verbose_name=_("loaded from"), on_delete=models.PROTECT,
                             related_name="costs")

    class Meta:
        ordering = ["origin", "destination", "period"]
        verbose_name = _("remittance cost")
        constraints = [
            models.UniqueConstraint(fields=["destination_iso3", "origin_iso3", "period"], name="guidance_rpw_one_per_quarter"),
            models.CheckConstraint(condition=models.Q(period__contains="Q"), name="guidance_rpw_period_quarter"),
        ]
        indexes = [models.Index(fields=["origin", "destination", "period"], name="guidance_rpw_corridor")]

    def __str__(self) -> str:
        return f"{self.destination}→{self.origin} {self.period}: {self.cost_pct}%"


class ResourceCentre(models.Model):
    """A resource centre, a trade union's centre, a legal-aid service or a shelter in this node's country, listed in
    the public directory; one that accepts referrals can be given a restricted account (its organisation)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CentreKind.choices)
    organisation = models.OneToOneField("accounts.Organisation", verbose_name=_("organisation (for its accounts)"),
                                        null=True, blank=True, on_delete=models.PROTECT, related_name="resource_centre")
    country = models.ForeignKey("core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    city = models.CharField(_("city"), max_length=100)
    serves = models.CharField(_("who it serves"), max_length=300)
    languages = models.ManyToManyField("core.Language", verbose_name=_("languages spoken"), blank=True, related_name="+")
    hours = models.CharField(_("opening hours"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)
    is_active = models.BooleanField(_("listed"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["country", "city", "name"]
        verbose_name = _("resource centre")
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=CentreKind.values), name="guidance_centre_kind_known")]

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    """A worker referred, with their consent, from a case or an inspection visit to a resource centre. The centre
    sees the referral (reference of the case or visit, what the worker needs, how to reach them), never the case."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    centre = models.ForeignKey(ResourceCentre, verbose_name=_("resource centre"), on_delete=models.PROTECT,
                               related_name="referrals")
    subject_kind = models.CharField(_("referred from"), max_length=12, choices=ReferralSubject.choices)
    subject_reference = models.CharField(_("case or visit reference"), max_length=40)
    need = EncryptedTextField(_("what the worker needs"))
    contact = EncryptedTextField(_("how to reach the worker"), blank=True)
    consent_given_at = models.DateTimeField(_("worker's consent recorded"))
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReferralOutcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    referred_by = models.ForeignKey(USER, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+")
    referred_by_organisation = models.ForeignKey("accounts.Organisation", verbose_name=_("referring office"), null=True,
                                                 blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ReferralStatus.values), name="guidance_referral_status_known"),
            models.CheckConstraint(condition=~models.Q(status="closed") | ~models.Q(outcome=""),
                                   name="guidance_referral_closed_has_outcome"),
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralEvent(LifecycleEvent):
    record_field = "referral"
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("referral event")
