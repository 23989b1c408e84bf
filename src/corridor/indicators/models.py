"""The indicators' own records: summary tables kept by events, the recruitment-cost samples, peers' tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}


class Tally(models.Model):
    """One cell of a summary table: how many facts (and what amount) of one row in one month."""

    table = models.CharField(_("table"), max_length=60)
    period = models.CharField(_("month"), max_length=7)  # YYYY-MM
    key = models.CharField(_("row"), max_length=100)
    count = models.PositiveIntegerField(_("count"), default=0)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("summary table cell")
        verbose_name_plural = _("summary table cells")
        constraints = [models.UniqueConstraint(fields=["table", "period", "key"], name="indicators_tally_cell_unique")]

    def __str__(self):
        return f"{self.table} {self.period} {self.key}: {self.count}"


class CostSample(models.Model):
    """One worker's recruitment cost and monthly earnings at destination (SDG 10.7.1), from a return debrief (what the
    worker says was paid and earned) or a registered contract (the fees it says the worker pays, the wage it
    promises). No name: the reference of the debrief or the contract text, the corridor and the two amounts."""

    class Source(models.TextChoices):
        DEBRIEF = "debrief", _("return debrief")
        CONTRACT = "contract", _("registered contract")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reference = models.CharField(_("reference"), max_length=40)
    origin = models.CharField(_("origin"), max_length=2)
    destination = models.CharField(_("destination"), max_length=2)
    agency_licence = models.CharField(_("agency licence"), max_length=60, blank=True)
    cost = models.DecimalField(_("recruitment cost paid by the worker"), **MONEY)
    cost_currency = models.CharField(_("currency of the cost"), max_length=3)
    earnings = models.DecimalField(_("monthly earnings at destination"), **MONEY)
    earnings_currency = models.CharField(_("currency of the earnings"), max_length=3)
    occurred_on = models.DateField(_("returned on"))
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    occupation = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recruitment cost sample")
        verbose_name_plural = _("recruitment cost samples")
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="indicators_costsample_once"),
            models.CheckConstraint(condition=models.Q(cost__gte=0) & models.Q(earnings__gt=0),
                                   name="indicators_costsample_amounts"),
        ]

    def __str__(self):
        return f"{self.source} {self.reference} ({self.origin}→{self.destination})"


class PeerCell(models.Model):
    """One published (already suppressed) cell of a table received from a peer node: never a row about a person."""

    peer_country = models.CharField(_("node"), max_length=2)
    key_id = models.CharField(_("signing key id"), max_length=16, blank=True)
    table = models.CharField(_("table"), max_length=60)
    period = models.CharField(_("month"), max_length=7)  # YYYY-MM, or "total" for a row's total
    key = models.CharField(_("row"), max_length=100)  # "total" for a month's total
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)  # None: suppressed by the sender
    generated_at = models.DateTimeField(_("computed by the peer"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("peer's table cell")
        verbose_name_plural = _("peer's table cells")
        constraints = [models.UniqueConstraint(fields=["peer_country", "table", "period", "key"],
                                               name="indicators_peercell_unique")]

    def __str__(self):
        return f"{self.peer_country} {self.table} {self.period} {self.key}"
