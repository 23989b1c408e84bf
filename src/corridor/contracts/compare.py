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
# Every other term of corridor.contract/1 has no direction for the worker, for the reason given
# (tests/contracts/test_compare.py walks the schema and fails on a term that is in neither list).
NO_DIRECTION = {
    "corridor.origin": "the countries identify the corridor; a change is a different migration, not a worse term",
    "corridor.destination": "as corridor.origin",
    "worker.full_name": "the worker's own particulars: a change is an identity question, not a term of work",
    "worker.nationality": "as worker.full_name",
    "worker.date_of_birth": "as worker.full_name",
    "worker.sex": "as worker.full_name",
    "worker.passport_number": "as worker.full_name (a renewed passport changes it)",
    "employer.name": "a different employer is neither better nor worse in itself; the officer must look",
    "employer.country": "as employer.name",
    "employer.registration_number": "as employer.name",
    "employer.address": "a place: no direction",
    "employer.principal_contractor.registration_number": "identifies the principal; its presence is judged by "
                                                         "employer.principal_contractor.name",
    "job.title": "a different job is neither better nor worse in itself; the officer must look",
    "job.isco08": "as job.title",
    "job.sector": "as job.title (a change may change which rules apply: the presented contract is checked on its own)",
    "job.worksite": "a place: no direction",
    "job.live_in": "living in can protect (housing) or expose (isolation, hours): no general direction",
    "term.start_date": "a date: no direction",
    "term.duration_months": "a longer contract is more income but longer tie to one employer: no general direction",
    "wage.payment_method": "no method is better in general (bank transfer is required by some laws: the check says so)",
    "wage.national_reference_wage": "a fact about national workers, not a term the worker gets",
    "accommodation.standard": "free text describing the housing: compared by a person, not by direction",
    "food.standard": "as accommodation.standard",
    "dispute_resolution": "free text: compared by a person",
    "signatures.worker_signed_on": "a date: no direction",
    "signatures.employer_signed_on": "a date: no direction",
}
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


CHARGE_TERMS = {"accommodation.charge_to_worker", "food.charge_to_worker"}


def _compare_numbers(term: str, reg: Any, pres: Any) -> bool | None:
    higher = term in HIGHER_IS_BETTER
    if reg is _ABSENT and term in CHARGE_TERMS:  # a charge where none was stated is worse; a zero one is not
        return True if to_fraction(pres) > 0 else None
    if reg is _ABSENT:  # a term added: an entitlement stated is better; a new hours figure says nothing
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


def _items(values: Any, key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for value in values if values is not _ABSENT else []:
        grouped.setdefault(str(value.get(key)), []).append(value)
    return grouped


def _charged(item: Mapping[str, Any]) -> bool:
    try:
        return to_fraction(item.get("amount", "0")) > 0
    except (TypeError, ValueError):
        return True


def _item_by_item(reg: Any, pres: Any, key: str, currency_of_reg, currency_of_pres, target: str | None, rates, on,
                  *, more_is_worse: bool) -> bool | None:
    """Compare lists of money items (fees, deductions, allowances) item by item, grouped by `key`.

    A charge where there was none is worse whatever its currency (more_is_worse); an allowance that disappears is
    worse. Items whose amounts cannot be put in one currency leave the answer unknown unless another item is worse.
    """
    before, after = _items(reg, key), _items(pres, key)
    worse = better = unknown = False
    for name in sorted(set(before) | set(after)):
        was, now = before.get(name, []), after.get(name, [])
        was_charged, now_charged = any(map(_charged, was)), any(map(_charged, now))
        if not was_charged and now_charged:
            worse, better = (True, better) if more_is_worse else (worse, True)
            continue
        if was_charged and not now_charged:
            worse, better = (worse, True) if more_is_worse else (True, better)
            continue
        if not was_charged and not now_charged:
            continue
        if target is None:
            unknown = True
            continue
        total_was = _money_total(was, currency_of_reg, rates, target, on)
        total_now = _money_total(now, currency_of_pres, rates, target, on)
        if total_was is None or total_now is None:
            unknown = True
        elif total_now != total_was:
            if (total_now > total_was) == more_is_worse:
                worse = True
            else:
                better = True
    if worse:
        return True
    if unknown:
        return None
    return False if better else None


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
        if pres is _ABSENT and reg is not _ABSENT and not any(map(_charged, reg)):
            return True  # 'the worker pays nothing' is no longer stated
        return _item_by_item(reg, pres, "item", lambda f: f.get("currency"), lambda f: f.get("currency"),
                             reg_currency or "USD", rates, on, more_is_worse=True)
    if term == "wage.allowances":
        if pres is _ABSENT and reg is not _ABSENT and any(map(_charged, reg)):
            return True
        # an allowance in kind is compared as its own item: cash and kind are not interchangeable
        return _wage_items(reg, pres, "kind", lambda a: f"{a.get('kind')}{' in kind' if a.get('in_kind') else ''}",
                           reg_currency, pres_currency, rates, on, more_is_worse=False)
    if term == "deductions":
        # a recurring deduction and a one-off one of the same purpose are different items
        return _wage_items(reg, pres, "purpose", lambda d: f"{d.get('purpose')} per {d.get('period', 'month')}",
                           reg_currency, pres_currency, rates, on, more_is_worse=True)
    return None


def _wage_items(reg: Any, pres: Any, key: str, label, reg_currency, pres_currency, rates, on, *,
                more_is_worse: bool) -> bool | None:
    """Items in the wage's currency (allowances, deductions) compared item by item, each known by `label(item)`."""

    def keyed(items):
        return [dict(item, **{key: label(item)}) for item in (items if items is not _ABSENT else [])]

    target = reg_currency if reg_currency and pres_currency else None
    return _item_by_item(keyed(reg), keyed(pres), key, lambda _: reg_currency, lambda _: pres_currency, target,
                         rates, on, more_is_worse=more_is_worse)


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

