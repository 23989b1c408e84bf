"""Guidance's records: the cost of sending money home per corridor and quarter, resource centres, referrals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    cost_pct = models.DecimalField(_("average total cost, % of USD 200"), max_digits=9, decimal_places=4)
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
