"""API: the published statistics tables (suppressed aggregates only) and the SDG indicators; public, read-only."""

from decimal import Decimal

from ninja import Router, Schema

from corridor.core.errors import NotFound
from corridor.core.schemas import ErrorOut
from corridor.indicators import selectors
from corridor.indicators.errors import UnknownTable
from corridor.indicators.suppression import THRESHOLD

router = Router(tags=["indicators"])


class RowOut(Schema):
    key: str
    cells: dict[str, int | None]
    total: int | None


class TableOut(Schema):
    table: str
    title: str
    dimension: str
    unit: str
    source: str
    threshold: int
    months: list[str]
    rows: list[RowOut]
    totals: dict[str, int | None]
    grand: int | None


class RecruitmentCostOut(Schema):
    origin: str
    destination: str
    basis: str
    sample: int
    excluded: int
    mean_pct: Decimal | None
    median_pct: Decimal | None
    method: str
    source: str


class RemittanceCostOut(Schema):
    origin: str
    destination: str
    period: str
    cost_pct: Decimal
    source: str


class SdgOut(Schema):
    sdg_10_7_1: list[RecruitmentCostOut]
    sdg_10_c_1: list[RemittanceCostOut]


class RateOut(Schema):
    dimension: str
    key: str
    checked: int | None
    substituted: int | None
    rate_pct: Decimal | None


class DurationOut(Schema):
    table: str
    count: int | None
    median_band: str | None


class OwedOut(Schema):
    currency: str
    claimed: Decimal | None
    recovered: Decimal | None
    owed: Decimal | None


class DerivedOut(Schema):
    substitution_rates: list[RateOut]
    durations: list[DurationOut]
    amounts_owed: list[OwedOut]


def _out(t: dict) -> dict:
    return {**t, "threshold": THRESHOLD}


@router.get("/indicators/tables", auth=None, response=list[TableOut], summary="Published statistics tables")
def tables(request):
    return [_out(t) for t in selectors.published().values()]


@router.get("/indicators/tables/{name}", auth=None, response={200: TableOut, 404: ErrorOut},
            summary="One published statistics table")
def table(request, name: str):
    try:
        return _out(selectors.published(names=[name])[name])
    except UnknownTable:
        raise NotFound() from None


@router.get("/indicators/sdg", auth=None, response=SdgOut, summary="SDG 10.7.1 and 10.c.1 per corridor")
def sdg(request):
    return {"sdg_10_7_1": selectors.recruitment_costs(), "sdg_10_c_1": selectors.remittance_costs()}


@router.get("/indicators/derived", auth=None, response=DerivedOut,
            summary="Contract substitution rates, median times to first response and resolution, amounts owed")
def derived(request):
    return selectors.derived()
