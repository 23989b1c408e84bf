"""Every read of the indicators app. What leaves the node (pages, API, downloads, peers) is only ever the output of
`published()`: aggregates after suppression (suppression.py). The raw tallies stay inside."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from corridor.guidance import selectors as guidance
from corridor.indicators import suppression
from corridor.indicators.errors import UnknownTable
from corridor.indicators.models import CostSample, PeerCell, Tally
from corridor.indicators.tables import TABLES, families

SDG_10_7_1_SOURCE = (
    "ILO and World Bank, SDG indicator metadata 10.7.1 (updated 2022-05-18), "
    "https://worldbank.github.io/sdg-metadata/metadata/en/10-7-1 ; ILO-World Bank, Guidelines for the collection "
    "of statistics for SDG indicator 10.7.1, https://www.knomad.org/publication/guidelines-statistics-sdg-indicator-1071"
)


def grids(family_tables, *, since: str = "") -> list[suppression.Grid]:
    """The raw tallies of a family's tables, as grids (inside the node only)."""
    names = [t.name for t in family_tables]
    cells = defaultdict(dict)
    amounts = defaultdict(dict)
    qs = Tally.objects.filter(table__in=names)
    if since:
        qs = qs.filter(period__gte=since)
    for table, period, key, count, amount in qs.values_list("table", "period", "key", "count", "amount"):
        cells[table][(key, period)] = count
        if amount is not None:
            amounts[table][(key, period)] = amount
    return [suppression.Grid(name, cells[name], amounts[name]) for name in names]


def fingerprint() -> str:
    """Changes whenever a figure may have changed (one aggregate over the small summary tables): a cache key."""
    tally = Tally.objects.aggregate(n=Count("id"), total=Sum("count"))
    return (f"{tally['n']}:{tally['total']}:{CostSample.objects.count()}:"
            f"{PeerCell.objects.aggregate(m=Max('received_at'))['m']}:{settings.CORRIDOR_COUNTRY}")


def published(*, names: list[str] | None = None, since: str = "") -> dict[str, dict]:
    """The public tables (all, or `names`), each suppressed together with the other tables of its family."""
    if names:
        unknown = [n for n in names if n not in TABLES or not TABLES[n].public]
        if unknown:
            raise UnknownTable()
    key = f"indicators:published:{get_language()}:{fingerprint()}" if not names and not since else None
    out = cache.get(key) if key else None
    if out is not None:
        return out
    out = {}
    for family in families().values():
        public = [t for t in family if t.public]
        if not public or (names and not any(t.name in names for t in public)):
            continue
        tables = suppression.publish(grids(public, since=since))
        for t in public:
            if not names or t.name in names:
                out[t.name] = {"table": t.name, "title": str(t.title), "dimension": str(t.dimension_label),
                               "unit": str(t.unit), "source": str(t.source), "amount": bool(t.amount),
                               **tables[t.name]}
    if key:
        cache.set(key, out, timeout=3600)
    return out


@dataclass(frozen=True)
class RecruitmentCost:
    """SDG 10.7.1 for one corridor and one source: recruitment cost paid by the worker as a share of monthly
    earnings there."""

    origin: str
    destination: str
    basis: str  # "debrief" (return debriefs) or "contract" (registered contracts)
    sample: int  # samples usable (cost and earnings in one currency)
    excluded: int  # samples whose cost and earnings are in different currencies (no exchange rate on this node)
    mean_pct: Decimal | None  # None: fewer than THRESHOLD usable samples (suppressed)
    median_pct: Decimal | None
    method: str
    source: str


def _method(basis: str) -> str:
    if basis == CostSample.Source.CONTRACT:
        return str(_("Per worker: the fees the registered contract says the worker pays (summed; none is a cost of "
                     "0) over the monthly wage the contract promises; mean and median over the corridor's registered "
                     "contract texts. What a contract says, not what was paid: fees paid outside the contract are "
                     "missed. Contracts whose wage is not monthly, or whose fees are in another currency, are left "
                     "out."))
    return str(_("Per worker: recruitment costs paid by the worker (fees and related costs, from the return "
                 "debrief) over that worker's monthly earnings in the destination; mean and median over the "
                 "corridor's debriefs. Debriefs whose cost and earnings are in different currencies are "
                 "left out (no exchange rate is held here)."))


def recruitment_costs() -> list[RecruitmentCost]:
    """SDG 10.7.1 by corridor and source (return debriefs; registered contracts): for each worker the cost over the
    same worker's monthly earnings (numerator and denominator observed for the same individual, as the metadata
    asks), then the mean and the median over the corridor's workers. Suppressed under the threshold."""
    samples = defaultdict(list)
    excluded = defaultdict(int)
    for basis, origin, dest, cost, cc, earn, ec in CostSample.objects.values_list(
            "source", "origin", "destination", "cost", "cost_currency", "earnings", "earnings_currency"):
        if cc != ec:
            excluded[(origin, dest, basis)] += 1
        else:
            samples[(origin, dest, basis)].append(cost / earn * 100)
    out = []
    for corridor in sorted(set(samples) | set(excluded)):
        ratios = samples.get(corridor, [])
        enough = len(ratios) >= suppression.THRESHOLD
        out.append(RecruitmentCost(
            origin=corridor[0], destination=corridor[1], basis=corridor[2], sample=len(ratios),
            excluded=excluded.get(corridor, 0),
            mean_pct=(sum(ratios) / len(ratios)).quantize(Decimal("0.1")) if enough else None,
            median_pct=Decimal(statistics.median(ratios)).quantize(Decimal("0.1")) if enough else None,
            method=_method(corridor[2]), source=SDG_10_7_1_SOURCE))
    return out


@dataclass(frozen=True)
class RemittanceCost:
    origin: str
    destination: str
    period: str
    cost_pct: Decimal
    source: str


def remittance_costs() -> list[RemittanceCost]:
    """SDG 10.c.1 per corridor of this node: the newest quarter of the World Bank's Remittance Prices Worldwide data
    that the guidance app holds (average total cost of sending USD 200 as a share of the amount)."""
    here = settings.CORRIDOR_COUNTRY
    corridors = {(here, d) for d in Tally.objects.filter(table="deployments_by_destination")
                 .values_list("key", flat=True).distinct()} | {(o, here) for o in PeerCell.objects
                 .values_list("peer_country", flat=True).distinct()}
    out = []
    for origin, destination in sorted(corridors):
        latest = guidance.latest_remittance_cost(origin, destination)
        if latest is not None:
            out.append(RemittanceCost(origin, destination, latest.period, latest.cost_pct,
                                      str(_("World Bank, Remittance Prices Worldwide (corridor average total cost, "
                                            "USD 200), as loaded by the guidance app."))))
    return out


def peer_tables() -> dict[str, dict[str, dict]]:
    """The tables received from peers: {country: {table: {"months": [...], "rows": {key: {period: count}}, ...}}}."""
    out: dict = defaultdict(dict)
    for cell in PeerCell.objects.order_by("peer_country", "table", "key", "period"):
        t = out[cell.peer_country].setdefault(cell.table, {"rows": defaultdict(dict), "months": set(),
                                                           "generated_at": cell.generated_at,
                                                           "key_id": cell.key_id})
        t["rows"][cell.key][cell.period] = cell.count
        if cell.period != "total":
            t["months"].add(cell.period)
    for tables in out.values():
        for t in tables.values():
            t["months"] = sorted(t["months"])
            t["rows"] = dict(t["rows"])
    return dict(out)


# --- derived figures: read from the published (suppressed) tables, or suppressed themselves under the threshold ---

@dataclass(frozen=True)
class Rate:
    dimension: str  # "destination", "agency" or "employer_size"
    key: str
    checked: int | None  # None: suppressed
    substituted: int | None
    rate_pct: Decimal | None  # None when either count is suppressed or nothing was checked


def substitution_rates(tables: dict[str, dict] | None = None) -> list[Rate]:
    """Contract substitution rate per destination, per agency and per employer size band: contracts the destination
    found substituted over contracts it checked, over the whole period, from the published row totals (a suppressed
    count gives no rate)."""
    tables = tables if tables is not None else published()
    out = []
    for dimension in ("destination", "agency", "employer_size"):
        checks = {r["key"]: r["total"] for r in tables.get(f"contract_checks_by_{dimension}", {}).get("rows", [])}
        subs = {r["key"]: r["total"] for r in tables.get(f"substitutions_by_{dimension}", {}).get("rows", [])}
        for key in sorted(checks):
            checked, substituted = checks[key], subs.get(key, 0 if checks[key] is not None else None)
            rate = (Decimal(substituted * 100) / checked).quantize(Decimal("0.1")) \
                if checked and substituted is not None else None
            out.append(Rate(dimension, key, checked, substituted, rate))
    return out


@dataclass(frozen=True)
class Duration:
    table: str  # first_response_days or resolution_days
    count: int | None  # None: suppressed (fewer than THRESHOLD)
    median_band: str | None  # the band of days (cases.selectors.DAY_BANDS) that holds the median


def durations() -> list[Duration]:
    """The median time to first response and to resolution over the whole period, with the number of complaints it is
    read from: the band of days holding the median (exact days are not kept). Suppressed under the threshold."""
    out = []
    for name in ("first_response_days", "resolution_days"):
        bands: dict[str, int] = defaultdict(int)
        for key, count in Tally.objects.filter(table=name).values_list("key", "count"):
            bands[key] += count
        n = sum(bands.values())
        median = None
        if n >= suppression.THRESHOLD:
            seen = 0
            for key in sorted(bands):  # zero-padded upper bounds sort in order
                seen += bands[key]
                if seen * 2 >= n:
                    median = key
                    break
        out.append(Duration(name, n if n >= suppression.THRESHOLD or n == 0 else None, median))
    return out


@dataclass(frozen=True)
class Owed:
    currency: str
    claimed: Decimal | None  # None: suppressed
    recovered: Decimal | None
    owed: Decimal | None  # claimed - recovered, when both are published


def amounts_owed(tables: dict[str, dict] | None = None) -> list[Owed]:
    """Per currency, exact decimals: money claimed for workers, recovered, and still owed (claimed minus recovered),
    over the whole period, from the published tables (a suppressed amount gives no difference)."""
    tables = tables if tables is not None else published()
    claimed = {r["key"]: r["amount_total"] for r in tables.get("claims_by_currency", {}).get("rows", [])}
    recovered = {r["key"]: r["amount_total"] for r in tables.get("recoveries_by_currency", {}).get("rows", [])}
    out = []
    for currency in sorted(set(claimed) | set(recovered)):
        c = claimed.get(currency)
        r = recovered.get(currency, Decimal(0) if c is not None and currency not in recovered else None)
        out.append(Owed(currency, c, r, c - r if c is not None and r is not None else None))
    return out


def derived(tables: dict[str, dict] | None = None) -> dict:
    """The figures derived from the published tables (rates, medians, differences), as the API and JSON give them."""
    tables = tables if tables is not None else published()
    return {"substitution_rates": substitution_rates(tables), "durations": durations(),
            "amounts_owed": amounts_owed(tables)}
