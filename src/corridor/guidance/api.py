"""API: the World Bank's corridor remittance costs (public figures)."""

from decimal import Decimal

from ninja import Query, Router, Schema
from pydantic import Field

from corridor.core.schemas import PUBLIC_ERRORS
from corridor.guidance import selectors

router = Router(tags=["guidance"])


class CorridorQuery(Schema):
    origin: str = Field(..., pattern=r"^[A-Za-z]{2}$", description="the worker's home (RPW's receiving country), ISO alpha-2")
    destination: str = Field(..., pattern=r"^[A-Za-z]{2}$",
                             description="where the worker works (RPW's sending country), ISO alpha-2")


class QuarterOut(Schema):
    period: str
    cost_pct: Decimal = Field(description="average total cost of sending the equivalent of USD 200, percent")
    cost_usd: Decimal
    above_sdg_target: bool


class CostsOut(Schema):
    origin: str
    destination: str
    amount_usd: Decimal
    sdg_target_pct: Decimal
    provider_level_data: bool = Field(description="always false: the data set has corridor averages only")
    quarters: list[QuarterOut]


@router.get("/remittance-costs", auth=None, response={200: CostsOut, **PUBLIC_ERRORS},
            summary="What sending USD 200 costs on a corridor, by quarter (public)")
def remittance_costs(request, params: Query[CorridorQuery]):
    series = selectors.remittance_costs(params.origin, params.destination)
    return {"origin": params.origin.upper(), "destination": params.destination.upper(), "amount_usd": Decimal(200),
            "sdg_target_pct": Decimal(3), "provider_level_data": False,
            "quarters": [{"period": q.period, "cost_pct": q.cost_pct, "cost_usd": q.cost_usd,
                          "above_sdg_target": q.above_sdg_target} for q in series]}
