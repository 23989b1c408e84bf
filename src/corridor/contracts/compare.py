"""Compares a registered contract with the one presented at the workplace (substitution, CONTRACTS.md section 3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from corridor.core.money import format_number, to_fraction

# Which way is better for the worker, term by term. Anything not listed has no direction (null):
# places, names, titles, sector, dates, the worker's own particulars.
HIGHER_IS_BETTER = {
    "hours.overtime_premium_pct", "rest.daily_rest_hours", "rest.weekly_rest_hours", "rest.annual_leave_days",
    "termination.notice_days",
}
LOWER_IS_BETTER = {
    "hours.normal_daily", "hours.normal_weekly", "term.probation_days",
    "accommodation.charge_to_worker", "food.charge_to_worker",
}
TRUE_IS_BETTER = {
    "wage.paid_directly_to_worker", "accommodation.provided", "food.provided",
    "medical.care_paid_by_employer", "medical.health_insurance",
    "safety.protective_equipment_free", "safety.safety_training",
    "social_security.work_injury_insurance", "social_security.welfare_fund_member", "social_security.pension_portable",
    "documents.worker_keeps_identity_documents",
    "termination.worker_may_change_employer", "termination.end_of_service_benefit",
}
BEST_FIRST = {  # ordered choices, best for the worker first
    "transport.outbound_paid_by": ("employer", "shared", "worker"),
    "transport.return_paid_by": ("employer", "shared", "worker"),
    "wage.payment_frequency": ("weekly", "fortnightly", "monthly", "end_of_contract"),
}
PRESENCE_PROTECTS = {"employer.principal_contractor.name"}  # someone answerable for unpaid wages
WAGE_TERMS = ("wage.amount", "wage.currency", "wage.period")
LIST_TERMS = ("wage.allowances", "deductions", "fees.paid_by_worker", "recruiters", "worker.languages",
              "languages.contract")
MONEY_TERMS = {"wage.amount", "wage.national_reference_wage", "accommodation.charge_to_worker",
               "food.charge_to_worker"}
NOT_TERMS = {"schema", "reference"}  # identify the document, not its terms
WEEKS_PER_MONTH = Fraction(52, 12)
_ABSENT = object()


def _flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if not prefix and key in NOT_TERMS:
            continue
        if path in LIST_TERMS:
            flat[path] = value
        elif isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        elif value is not None:
            flat[path] = value
    return flat


def _text(term: str, value: Any) -> str | None:
    if value is _ABSENT:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if term in MONEY_TERMS:
        return str(value)
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return format_number(value)
    if term in ("wage.allowances",):
        return "; ".join(f"{a.get('kind')}{' in kind' if a.get('in_kind') else ''} {a.get('amount')}" for a in value) \
            or "none"
    if term == "deductions":
        return "; ".join(f"{d.get('purpose')} {d.get('amount')} per {d.get('period', 'month')}" for d in value) or "none"
    if term == "fees.paid_by_worker":
        return "; ".join(f"{f.get('item')} {f.get('amount')} {f.get('currency')}" for f in value) or "none"
    if term == "recruiters":
        return "; ".join(f"{r.get('role')} {r.get('name')} ({r.get('country')})" for r in value) or "none"
    if isinstance(value, list):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def _same(term: str, a: Any, b: Any) -> bool:
    if a is _ABSENT or b is _ABSENT:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if term in MONEY_TERMS or (isinstance(a, (int, float)) and isinstance(b, (int, float))) or \
            type(a).__name__ == "Decimal" or type(b).__name__ == "Decimal":
        try:
            return to_fraction(a) == to_fraction(b)
        except (TypeError, ValueError):
            return a == b
    if term in ("worker.languages", "languages.contract"):
        return sorted(a) == sorted(b)
    if term in LIST_TERMS:
        return sorted(map(repr, a)) == sorted(map(repr, b))
    return a == b


def _direction(better: bool | None) -> bool | None:
    """less_favourable from 'the presented value is better': better -> False, worse -> True, unknown -> None."""
    return None if better is None else not better


def _compare_numbers(term: str, reg: Any, pres: Any) -> bool | None:
    higher = term in HIGHER_IS_BETTER
    if reg is _ABSENT:  # a term added: an entitlement stated is better; a new hours or charge figure says nothing
        return False if higher else None
    if pres is _ABSENT:  # a stated entitlement or limit removed
        return True
    r, p = to_fraction(reg), to_fraction(pres)
    return (p < r) if higher else (p > r)


def _monthly_wage(doc: Mapping[str, Any]) -> tuple[Fraction, str] | None:
    wage, hours = doc.get("wage") or {}, doc.get("hours") or {}
    try:
        amount, currency, period = to_fraction(wage["amount"]), wage["currency"], wage["period"]
        if period == "month":
            return amount, currency
        if period == "week":
            return amount * WEEKS_PER_MONTH, currency
        weekly = to_fraction(hours["normal_weekly"])
        if period == "hour":
            return amount * weekly * WEEKS_PER_MONTH, currency
        return amount * weekly / to_fraction(hours["normal_daily"]) * WEEKS_PER_MONTH, currency
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None


def _start(doc: Mapping[str, Any]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(doc["term"]["start_date"])
    except (KeyError, TypeError, ValueError):
        return None


def _in_currency(amount: Fraction, currency: str, target: str, rates, on: dt.date | None) -> Fraction | None:
    if currency == target:
        return amount
    if rates is None or on is None:
        return None
    return rates.convert(amount, currency, target, on)


def _wage_less_favourable(registered, presented, rates) -> bool | None:
    reg, pres = _monthly_wage(registered), _monthly_wage(presented)
    if reg is None or pres is None:
        return True if reg is not None and pres is None else None
    converted = _in_currency(pres[0], pres[1], reg[1], rates, _start(registered))
    return None if converted is None else converted < reg[0]


def _money_total(items: list[dict], currency_of, rates, target: str, on) -> Fraction | None:
    total = Fraction(0)
    for item in items:
        converted = _in_currency(to_fraction(item.get("amount", "0")), currency_of(item), target, rates, on)
        if converted is None:
            return None
        total += converted
    return total


def _list_less_favourable(term: str, reg: Any, pres: Any, registered, presented, rates) -> bool | None:
    if term in ("recruiters", "worker.languages"):
        return None
    if term == "languages.contract":
        understood = set((registered.get("worker") or {}).get("languages") or [])
        before = set(reg if reg is not _ABSENT else []) & understood
        after = set(pres if pres is not _ABSENT else []) & understood
        return True if after < before else False if after > before else None
    on = _start(registered)
    reg_currency = (registered.get("wage") or {}).get("currency")
    pres_currency = (presented.get("wage") or {}).get("currency")
    if term == "fees.paid_by_worker":
        if pres is _ABSENT:
            return True  # 'the worker pays nothing' is no longer stated
        if reg is _ABSENT:
            return None
        target = reg_currency or "USD"
        before = _money_total(reg, lambda f: f.get("currency"), rates, target, on)
        after = _money_total(pres, lambda f: f.get("currency"), rates, target, on)
        return None if before is None or after is None or before == after else after > before
    if reg_currency is None or pres_currency is None:
        return None
    if term == "wage.allowances":
        if pres is _ABSENT:
            return True if reg else None
        before = _money_total(reg if reg is not _ABSENT else [], lambda _: reg_currency, rates, reg_currency, on)
        after = _money_total(pres, lambda _: pres_currency, rates, reg_currency, on)
        return None if before is None or after is None or before == after else after < before
    if term == "deductions":
        before = _money_total(reg if reg is not _ABSENT else [], lambda _: reg_currency, rates, reg_currency, on)
        after = _money_total(pres if pres is not _ABSENT else [], lambda _: pres_currency, rates, reg_currency, on)
        return None if before is None or after is None or before == after else after > before
    return None


def _less_favourable(term: str, reg: Any, pres: Any, registered, presented, rates) -> bool | None:
    if term in WAGE_TERMS:
        return _wage_less_favourable(registered, presented, rates)
    if term in LIST_TERMS:
        return _list_less_favourable(term, reg, pres, registered, presented, rates)
    if term in HIGHER_IS_BETTER or term in LOWER_IS_BETTER:
        try:
            return _compare_numbers(term, reg, pres)
        except (TypeError, ValueError):
            return None
    if term in TRUE_IS_BETTER:
        if pres is _ABSENT:
            return True if reg is True else None
        if reg is _ABSENT:
            return False if pres is True else None
        return _direction(pres is True)
    if term in BEST_FIRST:
        order = BEST_FIRST[term]
        if pres is _ABSENT:
            return True if reg == order[0] else None
        if reg is _ABSENT:
            return False if pres == order[0] else None
        if reg in order and pres in order:
            return order.index(pres) > order.index(reg)
        return None
    if term in PRESENCE_PROTECTS:
        if pres is _ABSENT:
            return True
        if reg is _ABSENT:
            return False
    return None


def compare(registered: Mapping[str, Any], presented: Mapping[str, Any], *, rates=None) -> dict[str, Any]:
    """Every changed term, with whether the change is worse for the worker (true), better (false) or neither."""
    before, after = _flatten(registered), _flatten(presented)
    terms = sorted(set(before) | set(after))
    changes = []
    for term in terms:
        reg, pres = before.get(term, _ABSENT), after.get(term, _ABSENT)
        if _same(term, reg, pres):
            continue
        changes.append({
            "term": term,
            "registered": _text(term, reg),
            "presented": _text(term, pres),
            "less_favourable": _less_favourable(term, reg, pres, registered, presented, rates),
        })
    return {"substituted": any(c["less_favourable"] is True for c in changes), "changes": changes}

