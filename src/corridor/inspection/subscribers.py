"""Inspection's reactions to other apps' domain events (registered from InspectionConfig.ready()): each fact that
raises an employer's risk becomes a RiskSignal (idempotent), and that employer's score is computed again.

- cases: `case.marked_urgent`, `case.transitioned` (grievance types and forced-labour indicators are read through
  cases' public selector `case_risk_facts`, since the events carry only the case's id);
- clearance: `substitution_matter.transitioned` (the employer through `matter_facts` and the registry's name match;
  opening a matter publishes no event, so a matter counts from its first review or closure);
- registry: `watchlist.entry_added`, `screening.hit_recorded` (confirmed hits);
- wages: `wages.months_reconciled` (months late or short), `wages.arrears_alert` (months unpaid).
"""

from corridor.cases import selectors as case_selectors
from corridor.clearance import selectors as clearance_selectors
from corridor.core import events
from corridor.inspection import services
from corridor.inspection.choices import RiskFactor
from corridor.registry import selectors as registry_selectors


def _score(employer_ids) -> None:
    employer_ids = sorted({e for e in employer_ids if e})
    if employer_ids:
        services.risk_scores_compute(employer_ids=employer_ids)


def _signal(employer_id, factor, source, ref, magnitude=1, occurred_at=None, replace=False) -> bool:
    if not employer_id or registry_selectors.employer_by_id(employer_id) is None:
        return False
    return services.signal_record(employer_id=employer_id, factor=factor, source=source, source_ref=ref,
                                  magnitude=magnitude, occurred_at=occurred_at, replace=replace) is not None


@events.subscriber("case.marked_urgent")
def on_case_urgent(*, pk: int, **_payload) -> None:
    facts = case_selectors.case_risk_facts(pk) or {"employer_ids": []}
    for employer_id in facts["employer_ids"]:
        _signal(employer_id, RiskFactor.CASE_URGENT, "case.marked_urgent", f"case:{pk}:urgent:{employer_id}")
    _score(facts["employer_ids"])


@events.subscriber("case.transitioned")
def on_case_transitioned(*, pk: int, **_payload) -> None:
    facts = case_selectors.case_risk_facts(pk)
    if facts is None:
        return
    for employer_id in facts["employer_ids"]:
        for kind in facts["grievances"]:
            _signal(employer_id, RiskFactor.CASE_GRIEVANCE, "case.transitioned", f"case:{pk}:g:{kind}:{employer_id}")
        for indicator in facts["indicators"]:
            _signal(employer_id, RiskFactor.CASE_FORCED_LABOUR, "case.transitioned", f"case:{pk}:i:{indicator}:{employer_id}")
        if facts["urgent"]:
            _signal(employer_id, RiskFactor.CASE_URGENT, "case.transitioned", f"case:{pk}:urgent:{employer_id}")
    _score(facts["employer_ids"])


@events.subscriber("substitution_matter.transitioned")
def on_substitution_matter(*, pk: int, **_payload) -> None:
    facts = clearance_selectors.matter_facts(pk)
    employer = registry_selectors.party_by_exact_name("employer", facts["employer_name"]) if facts else None
    if employer is not None:
        _signal(employer.pk, RiskFactor.SUBSTITUTION, "substitution_matter.transitioned", f"matter:{pk}",
                occurred_at=facts["opened_at"])
        _score([employer.pk])


@events.subscriber("watchlist.entry_added")
def on_watchlist_entry(*, pk: int, employer_id=None, **_payload) -> None:
    if _signal(employer_id, RiskFactor.WATCHLIST, "watchlist.entry_added", f"watchlist:{pk}"):
        _score([employer_id])


@events.subscriber("screening.hit_recorded")
def on_screening_hit(*, pk: int, status: str = "", employer_id=None, **_payload) -> None:
    if status == "confirmed" and _signal(employer_id, RiskFactor.SCREENING_HIT, "screening.hit_recorded", f"hit:{pk}"):
        _score([employer_id])


@events.subscriber("wages.months_reconciled", batch=True)
def on_months_reconciled(payloads: list[dict]) -> None:
    """Each month late or short is one unit of `wage_late` (a month paid in full and on time adds nothing): one
    signal per payload (an employer's months of one file or one reconciliation) with that many units. The employers
    looked up once each, the signals recorded in bulk, the employers touched scored once."""
    known: dict = {}
    signals = []
    for p in payloads:
        employer_id, units = p.get("employer_id"), int(p.get("late_or_short") or 0)
        if not employer_id or units <= 0:
            continue
        if employer_id not in known:
            known[employer_id] = registry_selectors.employer_by_id(employer_id) is not None
        if known[employer_id]:
            signals.append({"employer_id": employer_id, "factor": RiskFactor.WAGE_LATE, "magnitude": units,
                            "source": "wages.months_reconciled",
                            "source_ref": (f"wages:file:{p['file_id']}:{p.get('currency', '')}" if p.get("file_id")
                                           else f"wages:{(p.get('month_ids') or [''])[0]}:{p.get('period', '')}")})
    if signals:
        services.signals_record_many(signals=signals)
        _score(s["employer_id"] for s in signals)


@events.subscriber("wages.arrears_alert")
def on_arrears_alert(*, pk: int, employer_id=None, months_unpaid=0, **_payload) -> None:
    """Months unpaid are the units of `wage_arrears`; a later alert about the same record replaces the earlier
    count (4 months unpaid after 3 is 4, not 7)."""
    months = max(int(months_unpaid or 0), 0)
    if months and _signal(employer_id, RiskFactor.WAGE_ARREARS, "wages.arrears_alert", f"arrears:{pk}",
                          magnitude=months, replace=True):
        _score([employer_id])
