"""One evaluator per `check` name of the ruleset format: reads contract terms, returns what falls short."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from corridor.core.money import (
    format_amount,
    format_money,
    format_number,
)
from corridor.core.money import to_fraction as _exact_fraction
from corridor.rules.rates import ONE, RateTable

MISSING = object()
_UNREAD = object()  # a Context's memo: not read yet

SECTORS = ("domestic_work", "construction", "agriculture", "manufacturing", "hospitality", "care", "health",
           "transport", "fishing", "other")
FEE_ITEMS = ("placement_fee", "service_fee", "training", "medical_exam", "visa", "work_permit", "travel",
             "documents", "insurance", "other")
PERIODS = ("hour", "day", "week", "month")
INTERVALS = ("weekly", "fortnightly", "monthly", "end_of_contract")  # most to least frequent
METHODS = ("bank_transfer", "cash", "cheque", "mobile_money")
PROVISIONS = ("accommodation", "food")
WEEKS_PER_MONTH = Fraction(52, 12)


@dataclass(frozen=True)
class Breach:
    """What one rule found wrong. kind: breach | missing_term | missing_rate (then `pair` names the rate)."""

    term: str
    expected: str
    actual: str
    kind: str = "breach"
    pair: str = ""


def missing(term: str) -> Breach:
    return Breach(term, "stated in the contract", "absent", "missing_term")


def no_rate(term: str, base: str, quote: str, expected: str, actual: str) -> Breach:
    return Breach(term, expected, f"{actual} (no {base}/{quote} rate in the rate table)", "missing_rate",
                  f"{base}/{quote}")


@functools.lru_cache(maxsize=65_536, typed=True)
def _cached_fraction(value: object) -> Fraction:
    return _exact_fraction(value)


def to_fraction(value: object) -> Fraction:
    """core.money.to_fraction, remembered: rules' parameters and contracts' amounts repeat (issue 12)."""
    if type(value) is Fraction:  # already exact (and a Fraction's hash, for the cache, is dear)
        return value
    try:
        return _cached_fraction(value)
    except TypeError:  # unhashable, or not an amount: the uncached call raises what it always raised
        return _exact_fraction(value)


def exact(value: object) -> Fraction | int:
    """An integer as it is (exact, and compared and multiplied far faster than a Fraction: hours, days and
    percentages are mostly whole, issue 12); anything else as `to_fraction` gives it. Divide with Fraction(a, b)."""
    return value if type(value) is int else to_fraction(value)


@functools.cache
def _steps(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def get(contract: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or MISSING when any step is absent or null."""
    node: Any = contract
    for part in _steps(path):
        if type(node) is dict:  # the parser's dicts: one lookup, no abstract-class check (issue 12)
            node = node.get(part)
            if node is None:
                return MISSING
        elif not isinstance(node, Mapping) or part not in node or node[part] is None:
            return MISSING
        else:
            node = node[part]
    return node


@dataclass
class Context:
    """What every evaluator may use: the contract, the date it is checked at and the rate table."""

    contract: Mapping[str, Any]
    on: dt.date
    rates: RateTable
    _cache: dict[Any, Any] = field(default_factory=dict)
    _values: dict[str, Any] = field(default_factory=dict)  # by path: several rules read the same terms (issue 12)
    _numbers: dict[str, Any] = field(default_factory=dict)

    def get(self, path: str) -> Any:
        value = self._values.get(path, _UNREAD)
        if value is _UNREAD:
            value = self._values[path] = get(self.contract, path)
        return value

    def number(self, path: str) -> Fraction | Any:
        found = self._numbers.get(path, _UNREAD)
        if found is not _UNREAD:
            return found
        value = self.get(path)
        if value is MISSING or isinstance(value, bool):
            found = MISSING
        else:
            try:
                found = exact(value)
            except (TypeError, ValueError):
                found = MISSING
        self._numbers[path] = found
        return found

    def per_month(self, period: str) -> Fraction | str:
        """How many of `period` make a month for this contract, or the missing term that prevents knowing."""
        if period == "month":
            return ONE
        if period == "week":
            return WEEKS_PER_MONTH
        weekly = self.number("hours.normal_weekly")
        if weekly is MISSING or weekly == 0:
            return "hours.normal_weekly"
        if period == "hour":
            return weekly * WEEKS_PER_MONTH
        daily = self.number("hours.normal_daily")
        if daily is MISSING or daily == 0:
            return "hours.normal_daily"
        return Fraction(weekly, daily) * WEEKS_PER_MONTH

    def monthly_wage(self, *, include_allowances: bool = False, include_in_kind: bool = False) -> Fraction | str:
        """The basic wage (plus allowances when asked) per month in the wage currency, or the missing term."""
        key = ("monthly_wage", include_allowances, include_in_kind)
        if key not in self._cache:  # several rules ask for it: worked out once per check (issue 12)
            self._cache[key] = self._monthly_wage(include_allowances, include_in_kind)
        return self._cache[key]

    def _monthly_wage(self, include_allowances: bool, include_in_kind: bool) -> Fraction | str:
        for term in ("wage.amount", "wage.currency", "wage.period"):
            if self.get(term) is MISSING:
                return term
        amount = self.number("wage.amount")
        if include_allowances:
            for allowance in self.get("wage.allowances") if self.get("wage.allowances") is not MISSING else []:
                if allowance.get("in_kind") and not include_in_kind:
                    continue
                amount += to_fraction(allowance.get("amount", "0"))
        factor = self.per_month(self.get("wage.period"))
        if isinstance(factor, str):
            return factor
        return to_fraction(amount) if factor is ONE else amount * factor


# ---------------------------------------------------------------------------------------------------------
# Parameters: each evaluator declares its params, so that the loader refuses a wrong type by name.


@dataclass(frozen=True)
class Param:
    kind: str  # decimal | currency | period | number | bool | term | scalar | scalars | choice | choices
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evaluator:
    name: str
    fn: Callable[[Context, Mapping[str, Any]], list[Breach]]
    params: Mapping[str, Param]
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of params of which exactly one must be given
    strength: Callable[[Context, Mapping[str, Any]], Fraction | None] | None = None  # higher = more protective
    stage: str = "contract"


EVALUATORS: dict[str, Evaluator] = {}


def evaluator(name: str, params: Mapping[str, Param] | None = None, *, one_of=(), strength=None,
              stage: str = "contract"):
    def register(fn):
        EVALUATORS[name] = Evaluator(name, fn, dict(params or {}), tuple(one_of), strength, stage)
        return fn

    return register


# ---------------------------------------------------------------------------------------------------------
# Helpers for wording. `expected` and `actual` are short phrases for people, in English; the message is translated.


def _yes_no(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _at_least(ctx: Context, term: str, floor: Any, phrase: str) -> list[Breach]:
    value = ctx.number(term)
    if value is MISSING:
        return [missing(term)]
    if value < exact(floor):
        return [Breach(term, "at least " + phrase.format(format_number(floor)), phrase.format(format_number(value)))]
    return []


def _at_most(ctx: Context, term: str, ceiling: Any, phrase: str) -> list[Breach]:
    value = ctx.number(term)
    if value is MISSING:
        return [missing(term)]
    if value > exact(ceiling):
        return [Breach(term, "at most " + phrase.format(format_number(ceiling)), phrase.format(format_number(value)))]
    return []


def _higher(param: str):
    return lambda ctx, params: to_fraction(params[param])


def _lower(param: str):
    return lambda ctx, params: -to_fraction(params[param])


# ---------------------------------------------------------------------------------------------------------
# The evaluators


@evaluator("terms_present", {"terms": Param("terms")})
def terms_present(ctx: Context, params) -> list[Breach]:
    return [missing(term) for term in params["terms"] if ctx.get(term) is MISSING]


def _wage_floor_in_contract_currency(ctx: Context, params) -> tuple[Fraction | None, Fraction | str]:
    """(floor per month in the wage currency or None when no rate, monthly factor of the rule's period)."""
    factor = ctx.per_month(params["period"])
    if isinstance(factor, str):
        return None, factor
    rate = ctx.rates.rate(params["currency"], ctx.get("wage.currency"), ctx.on)
    if rate is None:
        return None, factor
    floor = to_fraction(params["amount"])
    for times in (factor, rate):  # a monthly floor in the wage's own currency (most) needs no multiplying
        if times is not ONE:
            floor *= times
    return floor, factor


def _wage_strength(ctx: Context, params) -> Fraction | None:
    if ctx.get("wage.currency") is MISSING:
        return None
    floor, factor = _wage_floor_in_contract_currency(ctx, params)
    return floor if not isinstance(factor, str) else None


@evaluator("wage_at_least", {
    "amount": Param("decimal"), "currency": Param("currency"), "period": Param("period"),
    "include_allowances": Param("bool", False), "include_in_kind": Param("bool", False),
}, strength=_wage_strength)
def wage_at_least(ctx: Context, params) -> list[Breach]:
    monthly = ctx.monthly_wage(include_allowances=params.get("include_allowances", False),
                               include_in_kind=params.get("include_in_kind", False))
    if isinstance(monthly, str):
        return [missing(monthly)]
    period, currency, wage_currency = params["period"], params["currency"], ctx.get("wage.currency")
    floor, factor = _wage_floor_in_contract_currency(ctx, params)
    if isinstance(factor, str):
        return [missing(factor)]
    if floor is not None and monthly >= floor:
        return []  # met: nothing to word (issue 12: most contracts meet the floor)
    actual = f"{format_money(monthly / factor, wage_currency)} per {period}"
    expected = f"{format_money(params['amount'], currency)} per {period}"
    if floor is None:
        return [no_rate("wage.amount", currency, wage_currency, expected, actual)]
    if wage_currency != currency:
        expected += f" ({format_money(floor / factor, wage_currency)} at {currency}/{wage_currency} " \
                    f"{format_amount(ctx.rates.rate(currency, wage_currency, ctx.on), 4)})"
    return [Breach("wage.amount", expected, actual)]


_ALLOWANCE_KIND = {"accommodation": "housing", "food": "food"}


@evaluator("provided_or_allowance_at_least", {
    "provision": Param("choice", True, PROVISIONS), "amount": Param("decimal"), "currency": Param("currency"),
})
def provided_or_allowance_at_least(ctx: Context, params) -> list[Breach]:
    """The employer provides the accommodation (or food) in kind, or pays a cash allowance for it of at least
    `amount` a month on top of the basic wage (Qatar: QAR 500 housing, QAR 300 food)."""
    provision, currency = params["provision"], params["currency"]
    kind = _ALLOWANCE_KIND[provision]
    expected = f"{provision} provided, or a {kind} allowance of at least {format_money(params['amount'], currency)}" \
               " per month"
    provided = ctx.get(f"{provision}.provided")
    if provided is True:
        return []
    allowances = ctx.get("wage.allowances")
    cash = Fraction(0)
    for allowance in allowances if allowances is not MISSING else []:
        if allowance.get("kind") == kind and not allowance.get("in_kind"):
            cash += to_fraction(allowance.get("amount", "0"))
    wage_currency = ctx.get("wage.currency")
    if cash and wage_currency is MISSING:
        return [missing("wage.currency")]
    if cash:  # allowances are stated per wage period, like the basic wage
        factor = ctx.per_month(ctx.get("wage.period")) if ctx.get("wage.period") is not MISSING else "wage.period"
        if isinstance(factor, str):
            return [missing(factor)]
        cash *= factor
    actual = f"{provision} not provided, {kind} allowance {format_money(cash, wage_currency)}" \
        if wage_currency is not MISSING else f"{provision} not provided, no {kind} allowance"
    rate = ctx.rates.rate(currency, wage_currency, ctx.on) if wage_currency is not MISSING else None
    if rate is None and cash:
        return [no_rate("wage.allowances", currency, wage_currency, expected, actual)]
    floor = to_fraction(params["amount"]) * (rate or 1)
    if cash >= floor:
        return []
    if provided is MISSING:
        return [missing(f"{provision}.provided")]
    return [Breach("wage.allowances", expected, actual)]


@evaluator("wage_parity")
def wage_parity(ctx: Context, params) -> list[Breach]:
    reference = ctx.number("wage.national_reference_wage")
    if reference is MISSING:
        return []
    amount = ctx.number("wage.amount")
    if amount is MISSING:
        return [missing("wage.amount")]
    if amount < reference:
        currency, period = ctx.get("wage.currency"), ctx.get("wage.period")
        return [Breach("wage.amount",
                       f"at least {format_money(reference, currency)} per {period}, what national workers get",
                       f"{format_money(amount, currency)} per {period}")]
    return []


@evaluator("wage_payment", {
    "max_interval": Param("choice", False, INTERVALS), "direct": Param("bool", False),
    "methods": Param("choices", False, METHODS), "regularly": Param("bool", False),
})
def wage_payment(ctx: Context, params) -> list[Breach]:
    found = []
    if params.get("regularly"):  # C95 Art. 12(1): at regular intervals; only end-of-contract payment is not
        interval = ctx.get("wage.payment_frequency")
        if interval is MISSING:
            found.append(missing("wage.payment_frequency"))
        elif interval == "end_of_contract":
            found.append(Breach("wage.payment_frequency", "paid at regular intervals", "paid only at the end of the contract"))
    if "max_interval" in params:
        interval = ctx.get("wage.payment_frequency")
        if interval is MISSING:
            found.append(missing("wage.payment_frequency"))
        elif INTERVALS.index(interval) > INTERVALS.index(params["max_interval"]):
            found.append(Breach("wage.payment_frequency", f"paid at least {params['max_interval']}", f"paid {interval}"))
    if params.get("direct"):
        direct = ctx.get("wage.paid_directly_to_worker")
        if direct is MISSING:
            found.append(missing("wage.paid_directly_to_worker"))
        elif direct is not True:
            found.append(Breach("wage.paid_directly_to_worker", "paid directly to the worker",
                                "paid to someone other than the worker"))
    if "methods" in params:
        method = ctx.get("wage.payment_method")
        if method is MISSING:
            found.append(missing("wage.payment_method"))
        elif method not in params["methods"]:
            found.append(Breach("wage.payment_method", "paid by " + " or ".join(params["methods"]), f"paid by {method}"))
    return found


@evaluator("hours_daily_at_most", {"hours": Param("number")}, strength=_lower("hours"))
def hours_daily_at_most(ctx: Context, params) -> list[Breach]:
    return _at_most(ctx, "hours.normal_daily", params["hours"], "{} normal hours a day")


@evaluator("hours_weekly_at_most", {"hours": Param("number")}, strength=_lower("hours"))
def hours_weekly_at_most(ctx: Context, params) -> list[Breach]:
    return _at_most(ctx, "hours.normal_weekly", params["hours"], "{} normal hours a week")


@evaluator("overtime_premium_at_least", {"pct": Param("number")}, strength=_higher("pct"))
def overtime_premium_at_least(ctx: Context, params) -> list[Breach]:
    return _at_least(ctx, "hours.overtime_premium_pct", params["pct"], "an overtime premium of {}%")


@evaluator("daily_rest_at_least", {"hours": Param("number")}, strength=_higher("hours"))
def daily_rest_at_least(ctx: Context, params) -> list[Breach]:
    return _at_least(ctx, "rest.daily_rest_hours", params["hours"], "{} consecutive hours of daily rest")


@evaluator("weekly_rest_at_least", {"hours": Param("number")}, strength=_higher("hours"))
def weekly_rest_at_least(ctx: Context, params) -> list[Breach]:
    return _at_least(ctx, "rest.weekly_rest_hours", params["hours"], "{} consecutive hours of weekly rest")


def _leave_days(ctx: Context, params) -> Fraction | str:
    """The floor in working days: `days`, or `working_weeks` times the contract's working days a week."""
    if "days" in params:
        return exact(params["days"])
    key = ("leave_days", params["working_weeks"])
    if key not in ctx._cache:  # the rule and its strength, and other rulesets' leave rules, ask again (issue 12)
        ctx._cache[key] = _leave_days_of_weeks(ctx, params["working_weeks"])
    return ctx._cache[key]


def _leave_days_of_weeks(ctx: Context, working_weeks) -> Fraction | str:
    weekly, daily = ctx.number("hours.normal_weekly"), ctx.number("hours.normal_daily")
    if weekly is MISSING or not weekly:
        return "hours.normal_weekly"
    if daily is MISSING or not daily:
        return "hours.normal_daily"
    days_a_week = min(7, -(-weekly // daily))  # a part day still is a working day
    return exact(working_weeks) * days_a_week


def _leave_strength(ctx: Context, params) -> Fraction | None:
    days = _leave_days(ctx, params)
    return None if isinstance(days, str) else days


@evaluator("annual_leave_at_least", {"days": Param("number", False), "working_weeks": Param("number", False)},
           one_of=(("days", "working_weeks"),), strength=_leave_strength)
def annual_leave_at_least(ctx: Context, params) -> list[Breach]:
    days = _leave_days(ctx, params)
    if isinstance(days, str):
        return [missing(days)]
    return _at_least(ctx, "rest.annual_leave_days", days, "{} working days of paid annual leave")


def _counted_fees(ctx: Context, params) -> list[dict] | str:
    fees = ctx.get("fees.paid_by_worker")
    if fees is MISSING:
        return "fees.paid_by_worker"
    if not fees:  # none stated (most contracts)
        return fees
    items, allowed = params.get("items"), params.get("allowed_items", ())
    return [fee for fee in fees if (items is None or fee.get("item") in items) and fee.get("item") not in allowed]


def _fee_cap(ctx: Context, params) -> tuple[Fraction | None, str | None, Any]:
    """(cap, its currency, what prevents knowing it: a missing term or None)."""
    if "months_of_wage" in params:
        monthly = ctx.monthly_wage()
        if isinstance(monthly, str):
            return None, None, monthly
        return to_fraction(params["months_of_wage"]) * monthly, ctx.get("wage.currency"), None
    return to_fraction(params["amount"]), params["currency"], None


def _fees_strength(ctx: Context, params) -> Fraction | None:
    cap, currency, _ = _fee_cap(ctx, params)
    wage_currency = ctx.get("wage.currency")
    if cap is None or wage_currency is MISSING:
        return None
    if cap == 0:
        return Fraction(0)
    converted = ctx.rates.convert(cap, currency, wage_currency, ctx.on)
    return None if converted is None else -converted


def _fees_list(fees: list[dict]) -> str:
    return ", ".join(f"{fee.get('item')} {format_money(fee.get('amount', '0'), fee.get('currency', ''))}"
                     for fee in fees) or "none"


@evaluator("fees_at_most", {
    "amount": Param("decimal", False), "currency": Param("currency", False), "months_of_wage": Param("decimal", False),
    "items": Param("choices", False, FEE_ITEMS), "allowed_items": Param("choices", False, FEE_ITEMS),
}, one_of=(("amount", "months_of_wage"),), strength=_fees_strength)
def fees_at_most(ctx: Context, params) -> list[Breach]:
    fees = _counted_fees(ctx, params)
    if isinstance(fees, str):
        return [missing(fees)]
    charged = [fee for fee in fees if to_fraction(fee.get("amount", "0")) > 0]
    if not charged and ("months_of_wage" not in params or not isinstance(ctx.monthly_wage(), str)):
        return []  # nothing charged: within any cap, which is zero or more (issue 12: most contracts)
    cap, currency, lacking = _fee_cap(ctx, params)
    if lacking:
        return [missing(lacking)]
    covered = "" if params.get("items") is None else " (" + ", ".join(params["items"]) + ")"
    if cap == 0:
        if charged:
            return [Breach("fees.paid_by_worker", f"no fees or costs paid by the worker{covered}", _fees_list(charged))]
        return []
    total = Fraction(0)
    for fee in charged:
        converted = ctx.rates.convert(to_fraction(fee["amount"]), fee["currency"], currency, ctx.on)
        if converted is None:
            return [no_rate("fees.paid_by_worker", fee["currency"], currency,
                            f"at most {format_money(cap, currency)}{covered}", _fees_list(charged))]
        total += converted
    if total > cap:
        expected = f"at most {format_money(cap, currency)}{covered}"
        if "months_of_wage" in params:
            expected += f", {format_number(params['months_of_wage'])} month(s) of basic wage"
        return [Breach("fees.paid_by_worker", expected,
                       f"{format_money(total, currency)} ({_fees_list(charged)})")]
    return []


def _charge_cap(ctx: Context, params) -> Fraction | str:
    if "amount" in params:
        return to_fraction(params["amount"])
    monthly = ctx.monthly_wage()
    if isinstance(monthly, str):
        return monthly
    return to_fraction(params["pct_of_wage"]) / 100 * monthly


def _charge_strength(ctx: Context, params) -> Fraction | None:
    cap = _charge_cap(ctx, params)
    return None if isinstance(cap, str) else -cap


@evaluator("provision_charge_at_most", {
    "provision": Param("choice", True, PROVISIONS), "amount": Param("decimal", False),
    "pct_of_wage": Param("number", False),
}, one_of=(("amount", "pct_of_wage"),), strength=_charge_strength)
def provision_charge_at_most(ctx: Context, params) -> list[Breach]:
    provision = params["provision"]
    provided = ctx.get(f"{provision}.provided")
    if provided is MISSING:
        return [missing(f"{provision}.provided")]
    if provided is False:
        return []
    charge = ctx.number(f"{provision}.charge_to_worker")
    if charge is MISSING:
        return [missing(f"{provision}.charge_to_worker")]
    cap = _charge_cap(ctx, params)
    if isinstance(cap, str):
        return [missing(cap)]
    if charge > cap:
        currency = ctx.get("wage.currency")
        basis = f" ({format_number(params['pct_of_wage'])}% of the monthly basic wage)" if "pct_of_wage" in params else ""
        return [Breach(f"{provision}.charge_to_worker", f"at most {format_money(cap, currency)} a month{basis}",
                       f"{format_money(charge, currency)} a month")]
    return []


@evaluator("deductions_total_at_most", {"pct_of_wage": Param("number")}, strength=_lower("pct_of_wage"))
def deductions_total_at_most(ctx: Context, params) -> list[Breach]:
    monthly = ctx.monthly_wage()
    if isinstance(monthly, str):
        return [missing(monthly)]
    total = Fraction(0)
    for provision in PROVISIONS:
        if ctx.get(f"{provision}.provided") is True:
            charge = ctx.number(f"{provision}.charge_to_worker")
            total += 0 if charge is MISSING else charge
    deductions = ctx.get("deductions")
    # A one-off deduction is counted in full, as if taken in one month: the reading that protects the worker.
    for deduction in deductions if deductions is not MISSING else []:
        total += to_fraction(deduction.get("amount", "0"))
    cap = to_fraction(params["pct_of_wage"]) / 100 * monthly
    if total > cap:
        currency = ctx.get("wage.currency")
        return [Breach("deductions", f"at most {format_money(cap, currency)} a month "
                                     f"({format_number(params['pct_of_wage'])}% of the monthly basic wage)",
                       f"{format_money(total, currency)} a month")]
    return []


@evaluator("term_equals", {"term": Param("term"), "value": Param("scalar")})
def term_equals(ctx: Context, params) -> list[Breach]:
    value = ctx.get(params["term"])
    if value is MISSING:
        return [missing(params["term"])]
    if value != params["value"] or type(value) is not type(params["value"]):
        return [Breach(params["term"], _yes_no(params["value"]), _yes_no(value))]
    return []


@evaluator("term_in", {"term": Param("term"), "values": Param("scalars")})
def term_in(ctx: Context, params) -> list[Breach]:
    value = ctx.get(params["term"])
    if value is MISSING:
        return [missing(params["term"])]
    if value not in params["values"]:
        return [Breach(params["term"], "one of " + ", ".join(_yes_no(v) for v in params["values"]), _yes_no(value))]
    return []


@evaluator("term_at_least", {"term": Param("term"), "value": Param("number")}, strength=_higher("value"))
def term_at_least(ctx: Context, params) -> list[Breach]:
    return _at_least(ctx, params["term"], params["value"], "{}")


@evaluator("term_at_most", {"term": Param("term"), "value": Param("number")}, strength=_lower("value"))
def term_at_most(ctx: Context, params) -> list[Breach]:
    return _at_most(ctx, params["term"], params["value"], "{}")


@evaluator("contract_language_understood")
def contract_language_understood(ctx: Context, params) -> list[Breach]:
    written, understood = ctx.get("languages.contract"), ctx.get("worker.languages")
    if written is MISSING:
        return [missing("languages.contract")]
    if understood is MISSING:
        return [missing("worker.languages")]
    if not set(written) & set(understood):
        return [Breach("languages.contract", "written in a language the worker reads: " + ", ".join(understood),
                       "written in " + ", ".join(written))]
    return []


@evaluator("worker_age_at_least", {"years": Param("number")}, stage="clearance")
def worker_age_at_least(ctx: Context, params) -> list[Breach]:
    born = ctx.get("worker.date_of_birth")
    if born is MISSING:
        return [missing("worker.date_of_birth")]
    born = dt.date.fromisoformat(born)
    start = ctx.on
    age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    if age < to_fraction(params["years"]):
        return [Breach("worker.date_of_birth", f"at least {format_number(params['years'])} years old on {start}",
                       f"{age} years old on {start}")]
    return []


# ---------------------------------------------------------------------------------------------------------
# Parameter checking for the loader


def param_problem(param: Param, value: Any) -> str | None:
    """Why `value` does not fit `param`, or None."""
    kind = param.kind
    if kind == "decimal":
        if not isinstance(value, str):
            return "must be a decimal written as a string, such as \"1000.00\""
        try:
            d = Decimal(value)
        except ArithmeticError:
            return "must be a decimal written as a string, such as \"1000.00\""
        return None if d.is_finite() and d >= 0 else "must be zero or more"
    if kind == "currency":
        return None if isinstance(value, str) and len(value) == 3 and value.isupper() and value.isalpha() \
            else "must be an ISO 4217 code such as QAR"
    if kind == "period":
        return None if value in PERIODS else "must be one of " + ", ".join(PERIODS)
    if kind == "number":
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 \
            else "must be a number (zero or more)"
    if kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if kind == "term":
        return None if isinstance(value, str) and value and all(part for part in value.split(".")) \
            else "must be a dotted term path such as documents.worker_keeps_identity_documents"
    if kind == "terms":
        ok = isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)
        return None if ok else "must be a non-empty list of dotted term paths"
    if kind == "scalar":
        return None if isinstance(value, (bool, str, int, float)) else "must be true, false, a string or a number"
    if kind == "scalars":
        ok = isinstance(value, list) and value and all(isinstance(v, (bool, str, int, float)) for v in value)
        return None if ok else "must be a non-empty list of values"
    if kind == "choice":
        return None if value in param.choices else "must be one of " + ", ".join(param.choices)
    if kind == "choices":
        ok = isinstance(value, list) and value and all(v in param.choices for v in value)
        return None if ok else "must be a non-empty list drawn from " + ", ".join(param.choices)
    return f"has an unknown parameter kind {kind}"
