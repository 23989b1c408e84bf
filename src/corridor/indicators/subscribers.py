"""The domain events the indicators count (docs/indicators.md lists them). Each adds its record's facts to the
summary tables that declare it (tables.py); the return debrief is kept as a recruitment-cost sample."""

from corridor.core import events
from corridor.indicators import services
from corridor.indicators.tables import TABLES
from corridor.reintegration import selectors as reintegration


def _counter(names):
    def count(payloads: list[dict]) -> None:  # a batch subscriber: many events of one name in one call
        for name in names:
            if TABLES[name].scope is not None:
                services.tally_scoped(table=TABLES[name], payloads=payloads)
            else:
                services.tally_records(table=TABLES[name], record_ids=[payload["pk"] for payload in payloads])

    count.__qualname__ = f"count_{'_'.join(sorted(names))}"[:150]  # the name its deliveries are recorded under
    return count


def register() -> None:
    by_event: dict[str, list[str]] = {}
    for table in TABLES.values():
        for event in table.events:
            by_event.setdefault(event, []).append(table.name)
    for event, names in by_event.items():
        events.subscriber(event, batch=True)(_COUNTERS.setdefault(event, _counter(names)))


_COUNTERS: dict = {}


@events.subscriber("reintegration.debrief_recorded")
def on_debrief_recorded(*, reference, origin, destination, recruitment_cost, cost_currency, monthly_earnings,
                        earnings_currency, returned_on, agency_licence="", sex="", occupation="", **_extra) -> None:
    services.debrief_record(reference=reference, origin=origin, destination=destination,
                            recruitment_cost=recruitment_cost, cost_currency=cost_currency,
                            monthly_earnings=monthly_earnings, earnings_currency=earnings_currency,
                            returned_on=returned_on, agency_licence=agency_licence, sex=sex, occupation=occupation)


@events.subscriber("contract.transitioned")
def on_contract_transitioned(*, pk: int, to_status: str = "", **_extra) -> None:
    """A contract text registered: its worker-paid fees and wage are an SDG 10.7.1 sample (services)."""
    if to_status == "registered":
        services.contract_cost_record(version_id=pk)


@events.subscriber("case.rescreened")
def on_case_rescreened(*, pk: int, indicators_before=(), filed_month: str = "", **_extra) -> None:
    """A re-screening replaces a case's indicators: take the old ones out of the month it was filed, count the new."""
    table = TABLES["complaints_by_indicator"]
    services.tally_remove(table=table, period=str(filed_month)[:7], keys=list(indicators_before or []))
    services.tally_record(table=table, record_id=pk)


@events.subscriber("reintegration.follow_up_recorded")
def on_follow_up_recorded(*, pk: int, **_extra) -> None:
    """A follow-up's outcome: the worker counted in its month and outcome, unless another of their follow-ups
    already counts them there (tables.py: the table counts people)."""
    if not reintegration.follow_up_outcome_counted(pk):
        services.tally_record(table=TABLES["reintegration_outcomes"], record_id=pk)


@events.subscriber("case.transitioned")
def on_case_transitioned(*, pk: int, from_status: str = "", action: str = "", **_extra) -> None:
    """The first response to a complaint: its first transition out of "received" (triaged or closed)."""
    if from_status == "received" and action != "file":
        services.tally_record(table=TABLES["first_response_days"], record_id=pk)


register()
