"""What a worker was owed for a month under the registered contract, against what the salary file says was paid.

Pure computation (no database): `reconcile_month` takes the line's figures, the contract's terms (interchange form,
or None for a line matched to no arrival) and the destination, and returns the amounts and the findings. Every
finding cites its rule the way contract checks do (`rule`, `citation`); amounts are exact (Fractions inside,
Decimals rounded half up to the cent at the end).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings

from corridor.core.money import quantize, to_fraction
from corridor.rules import wage_law
from corridor.rules.loader import default_catalogue
from corridor.rules.rates import default_rates
from corridor.wages.choices import Finding

# C95 Art. 8(1) states no figure: deductions only under conditions prescribed by law or fixed by agreement. A
# deduction is lawful here when the registered contract names it (by purpose) for at least that amount.
C95_ART8 = {"instrument": "ILO Protection of Wages Convention, 1949 (No. 95)", "article": "Art. 8(1)",
            "url": "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C095"}
FEE_WORDS = ("recruit", "placement", "visa", "agency", "fee")
NO_CONTRACT = {"subject": "owed", "reason": "no registered contract: the line matches no arrival"}
NO_PAY_DATE = {"subject": "days_late", "reason": "the file does not say when it was paid"}
NO_ACCOUNT = {"subject": "own_account", "reason": "the file does not say whose account it is"}
NOT_MONTHLY = "not a monthly minimum, or no day worked"


@dataclass
class LineFigures:
    pay_start: dt.date
    pay_end: dt.date
    days_in_period: int
    unpaid_leave_days: int
    basic: Decimal
    allowances: Decimal
    variable: Decimal
    deductions: list[dict]
    paid_amount: Decimal
    paid_on: dt.date | None
    currency: str
    own_account: bool | None


@dataclass
class MonthResult:
    owed: Decimal | None
    paid: Decimal
    shortfall: Decimal
    currency: str
    days_late: int | None
    findings: list[dict[str, Any]] = field(default_factory=list)
    not_checked: list[dict[str, str]] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return sorted({f["code"] for f in self.findings})


def rule_by_id(rule_id: str, on: dt.date):
    catalogue = default_catalogue()
    for versions in catalogue.versions.values():
        for ruleset in reversed(versions):
            if ruleset.effective_from > on:
                continue
            for rule in ruleset.rules:
                if rule.id == rule_id:
                    return rule
            break
    return None


def payment_rule(origin: str, destination: str, sector: str, on: dt.date):
    """The rule that says when and how wages are paid: the destination's own, else the ILO's (C189 for domestic work,
    C95 otherwise)."""
    catalogue = default_catalogue()
    for ruleset in catalogue.applicable(origin or destination, destination, on):
        if ruleset.jurisdiction != "destination":
            continue
        for rule in ruleset.rules:
            if rule.check == "wage_payment" and rule.effective_from <= on and _in_sector(rule, sector):
                return rule
    return rule_by_id("ilo.c189-wage-payment" if sector == "domestic_work" else "ilo.c095-paid-directly", on)


def _in_sector(rule, sector: str) -> bool:
    if rule.sectors and sector not in rule.sectors:
        return False
    return not (rule.exclude_sectors and sector in rule.exclude_sectors)


def finding(code: str, rule, *, expected: str = "", actual: str = "", amount: Decimal | None = None,
            citation: dict | None = None, rule_id: str = "") -> dict[str, Any]:
    return {"code": code, "rule": rule.id if rule is not None else rule_id,
            "citation": rule.citation.as_dict() if rule is not None else (citation or {}),
            "expected": expected, "actual": actual, **({"amount": str(amount)} if amount is not None else {})}


def _monthly(amount: Fraction, period: str) -> Fraction | None:
    return amount if period == "month" else None


def _convert(amount: Fraction, base: str, quote: str, on: dt.date) -> Fraction | None:
    return default_rates().convert(amount, base, quote, on)


def contract_month(terms: dict) -> tuple[Fraction | None, Fraction, str, str]:
    """(monthly basic wage, monthly cash allowances, currency, wage period) of the registered contract."""
    wage = terms.get("wage") or {}
    period = str(wage.get("period") or "")
    basic = _monthly(to_fraction(wage.get("amount", "0")), period)
    allowances = sum((to_fraction(a.get("amount", "0")) for a in wage.get("allowances") or [] if not a.get("in_kind")),
                     Fraction(0))
    return basic, allowances, str(wage.get("currency") or "").upper(), period


@dataclass(frozen=True)
class Floor:
    """A statutory minimum that applies to a month: its rule, the floor in the line's currency (None: not checked,
    `reason` says why), and whether allowances count towards it."""

    rule: Any
    floor: Fraction | None
    include_allowances: bool = False
    reason: str = ""


def minimum_floors(origin: str, destination: str, sector: str, on: dt.date, currency: str) -> list[Floor] | None:
    """The destination's statutory minimums (`wage_at_least` rules in force on `on`) that apply to the sector, each
    with its floor converted to `currency`; None when no rule applies at all."""
    catalogue = default_catalogue()
    floors: list[Floor] = []
    found_rule = False
    for ruleset in catalogue.applicable(origin or destination, destination, on):
        if ruleset.jurisdiction not in ("destination", "bilateral"):
            continue
        for rule in ruleset.rules:
            if rule.check != "wage_at_least" or rule.effective_from > on or (rule.effective_to and rule.effective_to < on):
                continue
            if not sector and rule.sectors:
                continue
            if sector and not _in_sector(rule, sector):
                continue
            found_rule = True
            params = rule.params
            if params.get("period", "month") != "month":
                floors.append(Floor(rule, None, reason=NOT_MONTHLY))
                continue
            floor = _convert(to_fraction(params["amount"]), str(params["currency"]), currency, on)
            floors.append(Floor(rule, floor, bool(params.get("include_allowances")),
                                "" if floor is not None else f"no rate {params['currency']}->{currency}"))
    return floors if found_rule else None


def pay_columns(terms: dict) -> dict:
    """What `ContractPayTerms` keeps of the terms as columns for the set-based month (`wages.services.bulk`): the monthly wage
    and allowances only when the wage is by the month, exact to the cent, and every column holds its value whole."""
    basic, allowances, currency, _period = contract_month(terms)
    origin = str(((terms.get("corridor") or {}).get("origin")) or "").upper()
    sector = str(((terms.get("job") or {}).get("sector")) or "")
    exact = (basic is not None and len(origin) <= 2 and len(sector) <= 40 and len(currency) <= 3
             and all(0 <= v < 10**11 and Fraction(quantize(v)) == v for v in (basic, allowances)))
    return {"origin": origin[:2], "sector": sector[:40], "currency": currency[:3],
            "monthly_basic": quantize(basic) if exact else None, "monthly_allowances": quantize(allowances) if exact else None}


def no_minimum(destination: str, on: dt.date) -> dict[str, str]:
    return {"subject": "wage.below_minimum", "reason": f"no statutory minimum wage rule for {destination} on {on.isoformat()}"}


def _minimum_findings(result: MonthResult, line: LineFigures, origin: str, destination: str, sector: str) -> None:
    """Pay below the destination's statutory minimum (the ruleset's `wage_at_least` rules in force at the end of the
    period paid), on the monthly equivalent of the basic (or fixed) pay for the days worked."""
    on = line.pay_end
    worked = line.days_in_period - line.unpaid_leave_days
    floors = minimum_floors(origin, destination, sector, on, line.currency)
    if floors is None:
        result.not_checked.append(no_minimum(destination, on))
        return
    for item in floors:
        if worked <= 0:
            result.not_checked.append({"subject": item.rule.id, "reason": NOT_MONTHLY})
        elif item.floor is None:
            result.not_checked.append({"subject": item.rule.id, "reason": item.reason})
        else:
            pay = to_fraction(line.basic) + (to_fraction(line.allowances) if item.include_allowances else 0)
            full = pay * line.days_in_period / worked
            if full < item.floor:
                result.findings.append(finding(Finding.BELOW_MINIMUM, item.rule,
                                                expected=f"{quantize(item.floor)} {line.currency}",
                                                actual=f"{quantize(full)} {line.currency}"))


@dataclass(frozen=True)
class Deadline:
    """The last day to pay a month without being late, and what a late payment cites: the law's own deadline
    (rules/wage_law.toml), else the node's grace days and the payment rule (and that no deadline is encoded)."""

    last_day: dt.date
    rule: Any
    cited: dict
    not_checked: list[dict[str, str]]


def payment_deadline(destination: str, sector: str, pay_end: dt.date, pay_rule) -> Deadline:
    law = wage_law.law_for(destination, "domestic" if sector == "domestic_work" else "general", pay_end)
    deadline = law.payment_deadline if law is not None else None
    if deadline is not None:
        return Deadline(wage_law.last_day_to_pay(deadline, pay_end), None,
                        {"rule_id": deadline.rule.rule_id, "citation": deadline.rule.citation.as_dict()}, [])
    grace = dt.timedelta(days=int(getattr(settings, "CORRIDOR_WAGES_GRACE_DAYS", 0)))
    return Deadline(pay_end + grace, pay_rule, {},
                    [{"subject": "payment_deadline", "reason": f"no legal payment deadline encoded for {destination}"}])


def _ceiling_findings(result: MonthResult, line: LineFigures, law, lawful: list[tuple[str, Fraction]],
                      lawful_total: Fraction, destination: str, on: dt.date) -> Fraction:
    """Deductions beyond the destination's legal ceiling (rules/wage_law.toml) on the month's wage due (the line's
    gross: basic + allowances + variable pay): a finding for each limit broken. Returns what may lawfully be kept
    back of the deductions the contract allows: each within its purpose's cap, all within the ceiling."""
    ceiling = law.deduction_ceiling if law is not None else None
    if ceiling is None:
        if line.deductions:
            result.not_checked.append({"subject": "deduction_ceiling",
                                       "reason": f"no legal ceiling on deductions encoded for {destination} on {on.isoformat()}"})
        return lawful_total
    wage = to_fraction(line.basic) + to_fraction(line.allowances) + to_fraction(line.variable)
    every = [(str(d["purpose"]), to_fraction(d["amount"])) for d in line.deductions]
    for over in wage_law.deduction_excess(ceiling, wage, every):
        result.findings.append(finding(
            Finding.OVER_CEILING, None, rule_id=over.rule.rule_id, citation=over.rule.citation.as_dict(),
            expected=f"{quantize(over.limit)} {line.currency}",
            actual=f"{over.purpose + ': ' if over.purpose else ''}{quantize(over.actual)} {line.currency}",
            amount=quantize(over.excess)))
    kept = Fraction(0)
    for purpose, amount in lawful:
        limit = next((cap.share * wage for cap in ceiling.purpose_caps
                      if any(word in purpose.strip().lower() for word in cap.words)), None)
        kept += amount if limit is None else min(amount, limit)
    return kept if ceiling.share is None else min(kept, ceiling.share * wage)


def reconcile_month(line: LineFigures | None, terms: dict | None, *, destination: str, period: dt.date,
                    currency: str = "") -> MonthResult:
    """One worker's month. `line` None: the file of the month has no line for this worker (nothing paid)."""
    origin = str(((terms or {}).get("corridor") or {}).get("origin") or "").upper()
    sector = str(((terms or {}).get("job") or {}).get("sector") or "")
    on = line.pay_end if line else period
    pay_rule = payment_rule(origin, destination, sector, on)
    result = MonthResult(owed=None, paid=Decimal("0.00"), shortfall=Decimal("0.00"),
                         currency=(line.currency if line else currency), days_late=None)
    if line is not None:
        result.paid = quantize(line.paid_amount)
        _minimum_findings(result, line, origin, destination, sector)
    # owed under the registered contract
    owed: Fraction | None = None
    lawful: list[dict] = []
    if terms is None:
        result.not_checked.append(dict(NO_CONTRACT))
    else:
        basic, allowances, contract_currency, wage_period = contract_month(terms)
        if basic is None:
            result.not_checked.append({"subject": "owed", "reason": f"the contract's wage is per {wage_period}"})
        else:
            full_month = basic + allowances
            if line is not None:
                worked = Fraction(line.days_in_period - line.unpaid_leave_days, line.days_in_period)
            else:
                worked = Fraction(1)
            pay_currency = result.currency or contract_currency
            converted = _convert(full_month * worked, contract_currency, pay_currency, on)
            if converted is None:
                result.not_checked.append({"subject": "owed", "reason": f"no rate {contract_currency}->{pay_currency}"})
            else:
                owed = converted
                result.currency = pay_currency
                lawful = [d for d in (terms.get("deductions") or []) if d.get("period", "month") == "month"]
    # deductions: only those the registered contract names, for no more than it says; never a recruitment cost
    lawful_total = Fraction(0)
    law = wage_law.law_for(destination, "domestic" if sector == "domestic_work" else "general", on)
    lawful_items: list[tuple[str, Fraction]] = []
    if line is not None:
        allowed = {str(d.get("purpose", "")).strip().lower(): to_fraction(d.get("amount", "0")) for d in lawful}
        for d in line.deductions:
            purpose = str(d["purpose"]).strip().lower()
            amount = to_fraction(d["amount"])
            if any(word in purpose for word in FEE_WORDS):
                result.findings.append(finding(Finding.DEDUCTION, rule_by_id("ilo.c181-no-fees", on), expected="0",
                                                actual=f"{d['purpose']}: {d['amount']}", amount=quantize(amount)))
            elif terms is not None and (purpose not in allowed or amount > allowed[purpose]):
                result.findings.append(finding(Finding.DEDUCTION, None, rule_id="ilo.c095-art8", citation=C95_ART8,
                                                expected=str(quantize(allowed.get(purpose, Fraction(0)))),
                                                actual=f"{d['purpose']}: {d['amount']}",
                                                amount=quantize(amount - allowed.get(purpose, Fraction(0)))))
            else:
                lawful_total += amount
                lawful_items.append((str(d["purpose"]), amount))
        lawful_total = _ceiling_findings(result, line, law, lawful_items, lawful_total, destination, on)
    if owed is not None:
        result.owed = quantize(owed)
        expected_net = owed - lawful_total
        paid = to_fraction(line.paid_amount) if line else Fraction(0)
        shortfall = max(Fraction(0), expected_net - paid)
        result.shortfall = quantize(shortfall)
        reference = str((terms or {}).get("reference") or "")
        if line is None:
            result.findings.append(finding(Finding.NOT_PAID, pay_rule, expected=f"{result.owed} {result.currency}",
                                            actual="0", amount=result.shortfall))
        elif result.shortfall > 0:
            result.findings.append(finding(Finding.SHORTFALL, pay_rule,
                                            expected=f"{quantize(expected_net)} {result.currency} ({reference})",
                                            actual=f"{result.paid} {result.currency}", amount=result.shortfall))
    # when, and to whom
    if line is not None:
        if line.paid_on is None:
            result.not_checked.append(dict(NO_PAY_DATE))
        else:
            deadline = payment_deadline(destination, sector, line.pay_end, pay_rule)
            result.not_checked.extend(deadline.not_checked)
            last_day = deadline.last_day
            late = (line.paid_on - last_day).days
            result.days_late = max(0, late)
            if late > 0:
                result.findings.append(finding(Finding.LATE, deadline.rule, expected=last_day.isoformat(),
                                                actual=line.paid_on.isoformat(), **deadline.cited))
        if line.own_account is False:
            result.findings.append(finding(Finding.NOT_OWN_ACCOUNT, rule_by_id("ilo.c095-paid-directly", on),
                                            expected="the worker's own account", actual="another account"))
        elif line.own_account is None:
            result.not_checked.append(dict(NO_ACCOUNT))
    return result
