"""The domain events the indicators count (docs/indicators.md lists them). Each adds its record's facts to the
summary tables that declare it (tables.py); the return debrief is kept as a recruitment-cost sample."""

from corridor.core import events
from corridor.indicators import services
from corridor.indicators.tables import TABLES


def _counter(names):
    def count(*, pk: int, **_extra) -> None:
        for name in names:
            services.tally_record(table=TABLES[name], record_id=pk)

    count.__qualname__ = f"count_{'_'.join(sorted(names))}"[:150]
    return count


def register() -> None:
    by_event: dict[str, list[str]] = {}
    for table in TABLES.values():
        for event in table.events:
            by_event.setdefault(event, []).append(table.name)
    for event, names in by_event.items():
        events.subscriber(event)(_COUNTERS.setdefault(event, _counter(names)))


_COUNTERS: dict = {}


@events.subscriber("reintegration.debrief_recorded")
def on_debrief_recorded(*, reference, origin, destination, recruitment_cost, cost_currency, monthly_earnings,
                        earnings_currency, returned_on, agency_licence="", sex="", occupation="", **_extra) -> None:
    services.debrief_record(reference=reference, origin=origin, destination=destination,
                            recruitment_cost=recruitment_cost, cost_currency=cost_currency,
                            monthly_earnings=monthly_earnings, earnings_currency=earnings_currency,
                            returned_on=returned_on, agency_licence=agency_licence, sex=sex, occupation=occupation)


register()
