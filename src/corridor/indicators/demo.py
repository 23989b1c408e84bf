"""Demo figures: a year of return debriefs for the demo corridor published as the reintegration app publishes them
(the real `reintegration.debrief_recorded` event, counted by the real subscriber), then the summary tables rebuilt
from every demo record the other apps made. Fictional, deterministic (seeded) activity; no figure is typed in."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from corridor.cases import demo as cases_demo
from corridor.clearance import demo as clearance_demo
from corridor.core import events
from corridor.indicators import services
from corridor.reintegration import demo as reintegration_demo
from corridor.wages import demo as wages_demo
from corridor.welfare import demo as welfare_demo

# Monthly returns by destination (a mean; the demo draws around it) and the worker's cost and earnings, local money.
DESTINATIONS = {"SA": (30, "SAR", (600, 2400), (1500, 2200)), "AE": (18, "AED", (500, 2000), (1500, 2500)),
                "QA": (6, "QAR", (400, 1800), (1300, 2000))}
SEXES = "FFFM"
OCCUPATIONS = ["9111", "9112", "5131", "7112"]


def load(ctx) -> None:
    # A year of past records on both nodes (each app's backfill, dated on their days), counted by the rebuild below.
    cases_demo.load_year(ctx)
    wages_demo.load_year(ctx)  # on a destination node: its employers' salary files
    origin = "PH" if ctx.country == "PH" else None
    if origin is None:  # the destination's demo: it shows the origin's tables once they are shared
        services.indicators_rebuild(acting_user=None)
        return
    clearance_demo.load_year(ctx)  # a year of past deployments (clearance app), counted by the rebuild below
    welfare_demo.load_year(ctx)  # the fund's year: those deployments as members, claims and repatriations
    reintegration_demo.load_year(ctx)  # returns home and their follow-ups' outcomes
    rng = random.Random(2026)
    first = (timezone.localdate().replace(day=1) - dt.timedelta(days=365)).replace(day=1)
    n = 0
    for month in range(12):
        start = (first + dt.timedelta(days=31 * month)).replace(day=1)
        for destination, (mean, currency, cost, earnings) in DESTINATIONS.items():
            for _i in range(max(0, round(rng.gauss(mean, mean / 4)))):
                n += 1
                with transaction.atomic():
                    events.publish(
                        "reintegration.debrief_recorded", reference=f"DEMO-RD-{n:05d}", origin=origin,
                        destination=destination, agency_licence="DMW-0001-LB",
                        recruitment_cost=str(Decimal(rng.randint(*cost))), cost_currency=currency,
                        monthly_earnings=str(Decimal(rng.randint(*earnings))), earnings_currency=currency,
                        returned_on=(start + dt.timedelta(days=rng.randint(0, 27))).isoformat(),
                        sex=rng.choice(SEXES), occupation=rng.choice(OCCUPATIONS))
    services.indicators_rebuild(acting_user=None)  # every other demo record, counted from the records
