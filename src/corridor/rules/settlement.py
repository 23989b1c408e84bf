"""Final settlement at the end of employment: what the destination's law says the worker is owed (settlement.toml).

Pure functions on frozen inputs: no database, no clock. Every line names its rule, version and citation; whatever
the data does not settle is listed in `not_checked`, never computed by guess. Amounts are exact fractions rounded
half-up to 2 decimal places per line (none of the encoded laws says how to round); the total is the sum of the lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from corridor.core.money import format_amount, quantize, to_fraction
from corridor.rules import errors, lawdata
from corridor.rules.lawdata import (
    COUNTRY,
    SECTORS,
    LawDataError,
    NotChecked,
    Period,
    citation,
    decimal_text,
    number,
    period,
    service_years,
    sources,
)
from corridor.rules.loader import Citation

END_REASONS = ("contract_end", "employer_termination", "termination_for_cause", "resignation", "transfer",
               "death_or_disability", "force_majeure")
KINDS = ("unpaid_wages", "end_of_service", "accrued_leave", "return_ticket")
WAGE_BASES = ("basic", "total")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

# -- explanations (msgids; rendered in the reader's language by explain()) ------------------------------------------

MSG_UNPAID = N_("Wages earned and not yet paid, from the salary records: %(amount)s %(currency)s.")
MSG_UNPAID_DEADLINE = N_("Wages earned and not yet paid, from the salary records: %(amount)s %(currency)s. The law "
                         "gives the employer %(employer_ends_days)s days to pay the final dues when it ends the "
                         "contract and %(worker_ends_days)s days when the worker does.")
MSG_UNPAID_WITHIN = N_("Wages earned and not yet paid, from the salary records: %(amount)s %(currency)s. The law "
                       "gives the employer %(pay_within_days)s days from the end of the contract to pay all the "
                       "final dues.")
MSG_EOS = N_("End-of-service award for %(years)s years of service: %(months)s months of a monthly wage of "
             "%(wage)s %(currency)s.")
MSG_EOS_FLAT = N_("End-of-service award after %(years)s years of service (at least %(min_years)s required): "
                  "%(months)s months of a monthly wage of %(wage)s %(currency)s.")
MSG_EOS_REDUCED = N_("End-of-service award for %(years)s years of service: %(months)s months of a monthly wage of "
                     "%(wage)s %(currency)s, of which the worker who resigned receives %(factor)s.")
MSG_EOS_CAPPED = N_("End-of-service award for %(years)s years of service, capped by law at %(cap_months)s months "
                    "of a monthly wage of %(wage)s %(currency)s.")
MSG_EOS_NONE = N_("No end-of-service award: the law lets the employer end the contract without it for the causes "
                  "it lists, and the contract was ended for such a cause.")
MSG_EOS_UNDER_MIN = N_("No end-of-service award: %(years)s years of service is less than the %(min_years)s years "
                       "the law requires.")
MSG_LEAVE = N_("Pay for %(days)s days of annual leave earned and not taken (%(earned)s earned, %(taken)s taken), "
               "at a day's wage of %(daily)s %(currency)s.")
MSG_LEAVE_UNDER_MIN = N_("No annual leave is due yet: %(years)s years of service is less than the %(min_years)s "
                         "years after which the law gives leave.")
MSG_TICKET = N_("The journey home, which the employer bears: %(amount)s %(currency)s.")
MSG_TICKET_PROVIDED = N_("The employer has provided the journey home, which it bears: nothing more is owed for it.")
MSG_TICKET_NOT_OWED = N_("This employer does not owe the journey home when the worker moves to a new employer: the "
                         "new employer bears it.")

NC_NO_LAW = N_("Corridor has no final-settlement law for %(country)s (%(sector)s workers): nothing but the unpaid "
               "wages could be computed.")
NC_NOT_IN_FORCE = N_("Corridor's final-settlement law for %(country)s (%(sector)s workers) does not cover an end "
                     "of employment on %(date)s: nothing but the unpaid wages could be computed.")
NC_NOT_ENCODED = N_("Not computed (%(subject)s): %(reason)s")
NC_REASON = N_("The end-of-service award was not computed: how the law treats this way of ending employment "
               "(%(end_reason)s) was not verified. %(note)s")
NC_TICKET_REASON = N_("The journey home was not computed: whether the employer owes it when employment ends this "
                      "way (%(end_reason)s) was not verified. %(note)s")
NC_TICKET_COST = N_("The employer owes the journey home, but its cost is not known: add the cost of the ticket.")


class SettlementInputError(lawdata.InputError):
    code = errors.SETTLEMENT_INVALID


def _amount_problem(value: object, *, positive: bool = False) -> str | None:
    if not isinstance(value, Decimal):
        return "must be a Decimal amount (never a float or a string)"
    if not value.is_finite():
        return "must be a finite amount"
    if value < 0 or (positive and value == 0):
        return "must be more than zero" if positive else "must not be negative"
    return None


@dataclass(frozen=True)
class SettlementInputs:
    country: str  # ISO 3166-1 alpha-2 of the destination whose law applies
    sector: str  # "domestic" or "general"
    start_date: dt.date  # first day of employment
    end_date: dt.date  # last day of employment
    end_reason: str  # one of END_REASONS
    basic_wage_monthly: Decimal
    total_wage_monthly: Decimal  # basic plus the allowances paid for the work
    currency: str
    unpaid_wages: Decimal  # already computed by the wages app
    annual_leave_days_taken: int  # in the whole service
    return_ticket_provided: bool
    return_ticket_cost: Decimal | None = None

    def __post_init__(self):
        problems = {}
        if not isinstance(self.country, str) or not COUNTRY.match(self.country):
            problems["country"] = "must be an ISO 3166-1 alpha-2 code in capitals, such as SA"
        if self.sector not in SECTORS:
            problems["sector"] = f"must be one of {', '.join(SECTORS)}"
        if not lawdata.is_day(self.start_date):
            problems["start_date"] = "must be a date"
        if not lawdata.is_day(self.end_date):
            problems["end_date"] = "must be a date"
        elif lawdata.is_day(self.start_date) and self.end_date < self.start_date:
            problems["end_date"] = "must not be before start_date"
        if self.end_reason not in END_REASONS:
            problems["end_reason"] = f"must be one of {', '.join(END_REASONS)}"
        for name in ("basic_wage_monthly", "total_wage_monthly"):
            if (why := _amount_problem(getattr(self, name), positive=True)) is not None:
                problems[name] = why
        if "basic_wage_monthly" not in problems and "total_wage_monthly" not in problems \
                and self.total_wage_monthly < self.basic_wage_monthly:
            problems["total_wage_monthly"] = "must not be less than basic_wage_monthly"
        if not isinstance(self.currency, str) or not _CURRENCY.match(self.currency):
            problems["currency"] = "must be an ISO 4217 code in capitals, such as SAR"
        if (why := _amount_problem(self.unpaid_wages)) is not None:
            problems["unpaid_wages"] = why
        if isinstance(self.annual_leave_days_taken, bool) or not isinstance(self.annual_leave_days_taken, int) \
                or self.annual_leave_days_taken < 0:
            problems["annual_leave_days_taken"] = "must be a whole number of days, zero or more"
        if not isinstance(self.return_ticket_provided, bool):
            problems["return_ticket_provided"] = "must be true or false"
        if self.return_ticket_cost is not None and (why := _amount_problem(self.return_ticket_cost)) is not None:
            problems["return_ticket_cost"] = why
        if problems:
            raise SettlementInputError(problems)


@dataclass(frozen=True)
class SettlementLine:
    kind: str  # one of KINDS
    amount: Decimal  # in the inputs' currency, 2 decimal places
    rule_id: str
    citation: Citation
    explanation_msgid: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SettlementResult:
    lines: tuple[SettlementLine, ...]
    total: Decimal
    currency: str
    rules_applied: tuple[tuple[str, str], ...]  # (rule id, version of the law)
    not_checked: tuple[NotChecked, ...]

    def as_dict(self, *, render: bool = True) -> dict[str, Any]:
        """JSON form; `render` adds each explanation in the active language."""
        def line(item: SettlementLine) -> dict[str, Any]:
            out = {"kind": item.kind, "amount": format_amount(item.amount), "rule": item.rule_id,
                   "citation": item.citation.as_dict(), "explanation_msgid": item.explanation_msgid,
                   "params": item.params}
            if render:
                out["explanation"] = explain(item)
            return out

        def gap(item: NotChecked) -> dict[str, Any]:
            out = {"subject": item.subject, "reason": item.reason, "explanation_msgid": item.explanation_msgid,
                   "params": item.params}
            if render:
                out["explanation"] = explain(item)
            return out

        return {"total": format_amount(self.total), "currency": self.currency,
                "lines": [line(item) for item in self.lines],
                "rules_applied": [{"rule": rule, "version": version} for rule, version in self.rules_applied],
                "not_checked": [gap(item) for item in self.not_checked]}


def explain(item: SettlementLine | NotChecked) -> str:
    """The explanation in the active language, its placeholders filled."""
    return gettext(item.explanation_msgid) % item.params


# -- the law as data --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    rule_id: str
    citation: Citation
    note: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Tier:
    from_years: Fraction
    to_years: Fraction | None
    rate: Fraction  # months of wage (end of service) or days of leave, per year of service

    def overlap(self, years: Fraction) -> Fraction:
        top = years if self.to_years is None else min(years, self.to_years)
        return max(Fraction(0), top - self.from_years)


@dataclass(frozen=True)
class ReasonEffect:
    effect: str  # full | none | bands | not_checked
    part: Part | None
    note: str
    bands: tuple[tuple[str, Fraction, Fraction], ...]  # (below_years | up_to_years, threshold, factor)
    otherwise: Fraction


@dataclass(frozen=True)
class EndOfService:
    part: Part
    wage: str
    min_years: Fraction
    tiers: tuple[Tier, ...]
    flat_months: Fraction | None
    cap_months: Fraction | None
    by_reason: Mapping[str, ReasonEffect]
    cap_not_verified: str = ""  # when the cap binds: what about it was not verified (listed as not checked)


@dataclass(frozen=True)
class Leave:
    part: Part
    wage: str
    min_years: Fraction
    below_min: str  # zero | not_checked
    tiers: tuple[Tier, ...]
    short_below_years: Fraction | None
    short_days_per_month: Fraction | None


@dataclass(frozen=True)
class Ticket:
    part: Part
    owed_for: tuple[str, ...]
    not_owed_for: tuple[str, ...]
    not_checked_for: tuple[str, ...]


@dataclass(frozen=True)
class Law:
    id: str
    country: str
    sector: str
    version: str
    period: Period
    days_in_month: Fraction
    days_in_year: Fraction
    note: str
    not_encoded: tuple[tuple[str, str], ...]
    unpaid: Part
    end_of_service: EndOfService | None
    accrued_leave: Leave | None
    return_ticket: Ticket | None


_LAW_KEYS = {"id", "country", "sector", "version", "effective_from", "effective_to", "days_in_month", "days_in_year",
             "note", "sources_days", "not_encoded", "unpaid_wages", "end_of_service", "accrued_leave",
             "return_ticket"}
_PART_KEYS = {"rule_id", "note", "sources", "citation", "params"}


def _part(raw: Mapping[str, Any], where: str, extra: set[str], *, needs_sources: bool = True) -> Part:
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: must be a table")
    unknown = set(raw) - _PART_KEYS - extra
    if unknown:
        raise LawDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    rule_id = raw.get("rule_id")
    if not isinstance(rule_id, str) or not re.match(r"^[a-z]{2}\.[a-z0-9-]+$", rule_id):
        raise LawDataError(f"{where}: rule_id must look like 'sa.end-of-service'")
    if needs_sources:
        sources(raw, where)
    params = raw.get("params", {})
    if not isinstance(params, Mapping):
        raise LawDataError(f"{where}: params must be a table")
    return Part(rule_id, citation(raw, where), str(raw.get("note", "")), dict(params))


def _wage(raw: Mapping[str, Any], where: str) -> str:
    if raw.get("wage") not in WAGE_BASES:
        raise LawDataError(f"{where}: wage must be one of {', '.join(WAGE_BASES)}")
    return raw["wage"]


def _tiers(raw: Mapping[str, Any], where: str, rate_key: str, scale: Fraction) -> tuple[Tier, ...]:
    found = []
    for i, tier in enumerate(raw.get("tiers", [])):
        at = f"{where}: tiers[{i}]"
        if set(tier) - {"from_years", "to_years", rate_key}:
            raise LawDataError(f"{at}: keys are from_years, to_years and {rate_key}")
        start = number(tier.get("from_years"), f"{at}: from_years")
        end = number(tier["to_years"], f"{at}: to_years") if "to_years" in tier else None
        if end is not None and end <= start:
            raise LawDataError(f"{at}: to_years must be more than from_years")
        found.append(Tier(start, end, number(tier.get(rate_key), f"{at}: {rate_key}") * scale))
    for a, b in zip(found, found[1:], strict=False):
        if a.to_years != b.from_years:
            raise LawDataError(f"{where}: tiers must follow each other without gap or overlap")
    if found and (found[0].from_years != 0 or found[-1].to_years is not None):
        raise LawDataError(f"{where}: tiers must start at 0 years and the last must have no to_years")
    return tuple(found)


def _reason(raw: Mapping[str, Any], where: str) -> ReasonEffect:
    effect = raw.get("effect")
    if effect not in ("full", "none", "bands", "not_checked"):
        raise LawDataError(f"{where}: effect must be full, none, bands or not_checked")
    part = None
    if "rule_id" in raw:
        part = _part(raw, where, {"effect", "bands", "otherwise"})
    elif effect in ("none", "bands"):
        raise LawDataError(f"{where}: effect {effect} needs its own rule_id, citation and sources")
    elif set(raw) - {"effect", "note"}:
        raise LawDataError(f"{where}: unknown key(s) {', '.join(sorted(set(raw) - {'effect', 'note'}))}")
    if effect == "not_checked" and not str(raw.get("note", "")).strip():
        raise LawDataError(f"{where}: say in `note` what was not verified")
    bands: list[tuple[str, Fraction, Fraction]] = []
    if effect == "bands":
        for i, band in enumerate(raw.get("bands", [])):
            at = f"{where}: bands[{i}]"
            kinds = [k for k in ("below_years", "up_to_years") if k in band]
            if len(kinds) != 1 or set(band) - {kinds[0], "factor"}:
                raise LawDataError(f"{at}: needs one of below_years or up_to_years, and factor")
            bands.append((kinds[0], number(band[kinds[0]], at), number(band.get("factor"), f"{at}: factor")))
        if not bands:
            raise LawDataError(f"{where}: effect bands needs bands")
    otherwise = number(raw.get("otherwise", "1"), f"{where}: otherwise")
    return ReasonEffect(effect, part, str(raw.get("note", "")), tuple(bands), otherwise)


def _law(raw: Mapping[str, Any], where: str) -> Law:
    unknown = set(raw) - _LAW_KEYS
    if unknown:
        raise LawDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("country"), str) or not COUNTRY.match(raw["country"]):
        raise LawDataError(f"{where}: country must be an ISO alpha-2 code")
    if raw.get("sector") not in SECTORS:
        raise LawDataError(f"{where}: sector must be one of {', '.join(SECTORS)}")
    if not isinstance(raw.get("id"), str) or raw["id"] != raw["country"].lower():
        raise LawDataError(f"{where}: id must be the country in lower case")
    if not isinstance(raw.get("version"), str):
        raise LawDataError(f"{where}: needs a version")
    sources({"sources": raw.get("sources_days")}, f"{where}: sources_days")
    days_in_month = number(raw.get("days_in_month"), f"{where}: days_in_month")
    days_in_year = number(raw.get("days_in_year"), f"{where}: days_in_year")
    gaps = []
    for i, gap in enumerate(raw.get("not_encoded", [])):
        if set(gap) != {"subject", "reason"} or not all(isinstance(gap[k], str) and gap[k] for k in gap):
            raise LawDataError(f"{where}: not_encoded[{i}] needs exactly a subject and a reason")
        gaps.append((gap["subject"], gap["reason"]))
    if "unpaid_wages" not in raw:
        raise LawDataError(f"{where}: needs [unpaid_wages] (the rule the final wages are owed under)")
    unpaid = _part(raw["unpaid_wages"], f"{where}: unpaid_wages", set())

    eos = None
    if "end_of_service" in raw:
        e, at = raw["end_of_service"], f"{where}: end_of_service"
        part = _part(e, at, {"wage", "min_service_years", "tiers", "flat_months", "cap_months", "cap_not_verified",
                             "by_reason"})
        in_months = any("months_per_year" in tier for tier in e.get("tiers", []))
        tiers = _tiers(e, at, "months_per_year", Fraction(1)) if in_months \
            else _tiers(e, at, "days_per_year", 1 / days_in_month)  # days of wage, as months
        flat = number(e["flat_months"], f"{at}: flat_months") if "flat_months" in e else None
        if bool(tiers) == (flat is not None):
            raise LawDataError(f"{at}: needs either tiers or flat_months")
        by_reason = e.get("by_reason", {})
        missing = [r for r in END_REASONS if r not in by_reason]
        extra = [r for r in by_reason if r not in END_REASONS]
        if missing or extra:
            raise LawDataError(f"{at}: by_reason must list every end reason exactly (missing {missing}, unknown {extra})")
        eos = EndOfService(
            part, _wage(e, at), number(e.get("min_service_years"), f"{at}: min_service_years"), tiers, flat,
            number(e["cap_months"], f"{at}: cap_months") if "cap_months" in e else None,
            {r: _reason(by_reason[r], f"{at}: by_reason.{r}") for r in END_REASONS}, str(e.get("cap_not_verified", "")))

    leave = None
    if "accrued_leave" in raw:
        e, at = raw["accrued_leave"], f"{where}: accrued_leave"
        part = _part(e, at, {"wage", "min_service_years", "tiers", "short_service", "below_min"})
        short = e.get("short_service")
        if short is not None and set(short) != {"below_years", "days_per_month"}:
            raise LawDataError(f"{at}: short_service needs below_years and days_per_month")
        below_min = e.get("below_min", "zero")
        if below_min not in ("zero", "not_checked"):
            raise LawDataError(f"{at}: below_min must be zero or not_checked")
        tiers = _tiers(e, at, "days_per_year", Fraction(1))
        if not tiers:
            raise LawDataError(f"{at}: needs tiers")
        leave = Leave(part, _wage(e, at), number(e.get("min_service_years"), f"{at}: min_service_years"), below_min,
                      tiers, number(short["below_years"], at) if short else None,
                      number(short["days_per_month"], at) if short else None)

    ticket = None
    if "return_ticket" in raw:
        e, at = raw["return_ticket"], f"{where}: return_ticket"
        part = _part(e, at, {"owed_for", "not_owed_for", "not_checked_for"})
        lists = {k: tuple(e.get(k, ())) for k in ("owed_for", "not_owed_for", "not_checked_for")}
        listed = [r for group in lists.values() for r in group]
        if sorted(listed) != sorted(END_REASONS):
            raise LawDataError(f"{at}: owed_for, not_owed_for and not_checked_for must list every end reason once")
        ticket = Ticket(part, lists["owed_for"], lists["not_owed_for"], lists["not_checked_for"])

    for name, found in (("end_of_service", eos), ("accrued_leave", leave), ("return_ticket", ticket)):
        if found is None and not any(subject.startswith(name) for subject, _ in gaps):
            raise LawDataError(f"{where}: has no [{name}] and no not_encoded entry saying why")
    return Law(raw["id"], raw["country"], raw["sector"], raw["version"], period(raw, where), days_in_month,
               days_in_year, str(raw.get("note", "")), tuple(gaps), unpaid, eos, leave, ticket)


_LAWS = lawdata.LawFile("settlement.toml", _law)
parse_laws = _LAWS.parse
laws = _LAWS.versions
law_for = _LAWS.law_for


# -- computing ----------------------------------------------------------------------------------------------------


def _money(value: Fraction) -> Decimal:
    return quantize(value, 2)


def _text(value: Fraction) -> str:
    return decimal_text(value)


class _Builder:
    def __init__(self, inputs: SettlementInputs, law: Law | None):
        self.inputs, self.law = inputs, law
        self.lines: list[SettlementLine] = []
        self.applied: list[tuple[str, str]] = []
        self.gaps: list[NotChecked] = []

    def line(self, kind: str, amount: Fraction, part: Part, msgid: str, **params: Any) -> None:
        money = _money(amount)
        params = {"amount": format_amount(money), "currency": self.inputs.currency, **params}
        self.lines.append(SettlementLine(kind, money, part.rule_id, part.citation, msgid, params))
        self.use(part)

    def use(self, part: Part) -> None:
        if self.law is not None and (part.rule_id, self.law.version) not in self.applied:
            self.applied.append((part.rule_id, self.law.version))

    def gap(self, subject_: str, reason_: str, msgid: str, **params: Any) -> None:
        self.gaps.append(NotChecked(subject_, reason_, msgid, params))

    def wage(self, basis: str) -> Fraction:
        return to_fraction(self.inputs.basic_wage_monthly if basis == "basic" else self.inputs.total_wage_monthly)

    def result(self) -> SettlementResult:
        total = sum((line.amount for line in self.lines), Decimal("0.00"))
        return SettlementResult(tuple(self.lines), total, self.inputs.currency, tuple(self.applied),
                                tuple(self.gaps))


_NO_LAW_UNPAID = Part("corridor.unpaid-wages",
                      Citation("Corridor salary records", "unpaid wages computed by the wages app", ""),
                      "", {})


def compute_settlement(inputs: SettlementInputs) -> SettlementResult:
    """What is owed at the end of employment under the law in force on the last day, line by line."""
    if not isinstance(inputs, SettlementInputs):
        raise SettlementInputError({"inputs": "must be a SettlementInputs"})
    law = law_for(inputs.country, inputs.sector, inputs.end_date)
    build = _Builder(inputs, law)
    if law is None:
        reason = "law_not_in_force" if (inputs.country, inputs.sector) in laws() else "no_law"
        build.line("unpaid_wages", to_fraction(inputs.unpaid_wages), _NO_LAW_UNPAID, MSG_UNPAID)
        build.gap("law", reason, NC_NO_LAW if reason == "no_law" else NC_NOT_IN_FORCE, country=inputs.country,
                  sector=inputs.sector, date=inputs.end_date.isoformat())
        return build.result()

    years = service_years(inputs.start_date, inputs.end_date, law.days_in_year)
    _unpaid(build, law)
    _end_of_service(build, law, years)
    _leave(build, law, years)
    _ticket(build, law)
    for subject, why in law.not_encoded:
        build.gap(subject, "not_encoded", NC_NOT_ENCODED, subject=subject, reason=why)
    return build.result()


def _pay_by(end: dt.date, days: int) -> str:
    return (end + dt.timedelta(days=days)).isoformat()


def _unpaid(build: _Builder, law: Law) -> None:
    """The unpaid wages, with the law's time to pay and, where the law settles it, the last day to pay (`pay_by`)."""
    part, end, reason = law.unpaid, build.inputs.end_date, build.inputs.end_reason
    if {"employer_ends_days", "worker_ends_days"} <= set(part.params):
        pay_by = None
        if reason in part.params.get("employer_ends", ()):
            pay_by = _pay_by(end, part.params["employer_ends_days"])
        elif reason in part.params.get("worker_ends", ()):
            pay_by = _pay_by(end, part.params["worker_ends_days"])
        build.line("unpaid_wages", to_fraction(build.inputs.unpaid_wages), part, MSG_UNPAID_DEADLINE,
                   employer_ends_days=part.params["employer_ends_days"],
                   worker_ends_days=part.params["worker_ends_days"], pay_by=pay_by)
    elif "pay_within_days" in part.params:
        build.line("unpaid_wages", to_fraction(build.inputs.unpaid_wages), part, MSG_UNPAID_WITHIN,
                   pay_within_days=part.params["pay_within_days"],
                   pay_by=_pay_by(end, part.params["pay_within_days"]))
    else:
        build.line("unpaid_wages", to_fraction(build.inputs.unpaid_wages), part, MSG_UNPAID)


def _factor(effect: ReasonEffect, years: Fraction) -> Fraction:
    for kind, threshold, factor in effect.bands:
        if (kind == "below_years" and years < threshold) or (kind == "up_to_years" and years <= threshold):
            return factor
    return effect.otherwise


def _end_of_service(build: _Builder, law: Law, years: Fraction) -> None:
    eos = law.end_of_service
    if eos is None:
        return
    reason = build.inputs.end_reason
    effect = eos.by_reason[reason]
    if effect.effect == "not_checked":
        build.gap("end_of_service", "end_reason_not_verified", NC_REASON, end_reason=reason, note=effect.note)
        return
    wage = build.wage(eos.wage)
    common = {"years": _text(years), "wage": format_amount(wage), "wage_basis": eos.wage}
    if effect.effect == "none":
        build.use(eos.part)
        build.line("end_of_service", Fraction(0), effect.part, MSG_EOS_NONE, end_reason=reason, **common)
        return
    if years < eos.min_years:
        build.line("end_of_service", Fraction(0), eos.part, MSG_EOS_UNDER_MIN, min_years=_text(eos.min_years),
                   **common)
        return
    if eos.flat_months is not None:
        months = eos.flat_months
        msgid = MSG_EOS_FLAT
    else:
        months = sum((tier.overlap(years) * tier.rate for tier in eos.tiers), Fraction(0))
        msgid = MSG_EOS
    capped = eos.cap_months is not None and months > eos.cap_months
    if capped:
        months = eos.cap_months
        msgid = MSG_EOS_CAPPED
        if eos.cap_not_verified:
            build.gap("end_of_service_cap", "not_encoded", NC_NOT_ENCODED, subject="end_of_service_cap",
                      reason=eos.cap_not_verified)
    factor = _factor(effect, years) if effect.effect == "bands" else Fraction(1)
    if factor != 1:
        msgid = MSG_EOS_REDUCED
    build.use(eos.part)
    part = effect.part or eos.part  # the reason's own rule (Art. 85, Art. 87) where the law has one
    build.line("end_of_service", months * wage * factor, part, msgid, months=_text(months), factor=str(factor),
               capped=capped, cap_months=_text(eos.cap_months) if eos.cap_months is not None else None,
               min_years=_text(eos.min_years), end_reason=reason, **common)


def _leave(build: _Builder, law: Law, years: Fraction) -> None:
    leave = law.accrued_leave
    if leave is None:
        return
    wage = build.wage(leave.wage)
    if years < leave.min_years:
        if leave.below_min == "not_checked":
            return  # the law's not_encoded entry says why
        build.line("accrued_leave", Fraction(0), leave.part, MSG_LEAVE_UNDER_MIN, years=_text(years),
                   min_years=_text(leave.min_years), wage_basis=leave.wage)
        return
    if leave.short_below_years is not None and years < leave.short_below_years:
        earned = leave.short_days_per_month * years * 12
    else:
        earned = sum((tier.overlap(years) * tier.rate for tier in leave.tiers), Fraction(0))
    taken = Fraction(build.inputs.annual_leave_days_taken)
    owed = max(Fraction(0), earned - taken)
    daily = wage / law.days_in_month
    build.line("accrued_leave", owed * daily, leave.part, MSG_LEAVE, days=_text(owed), earned=_text(earned),
               taken=build.inputs.annual_leave_days_taken, daily=format_amount(daily), wage_basis=leave.wage,
               years=_text(years))


def _ticket(build: _Builder, law: Law) -> None:
    ticket = law.return_ticket
    if ticket is None:
        return
    reason = build.inputs.end_reason
    if reason in ticket.not_checked_for:
        build.gap("return_ticket", "end_reason_not_verified", NC_TICKET_REASON, end_reason=reason,
                  note=ticket.part.note)
    elif reason in ticket.not_owed_for:
        build.line("return_ticket", Fraction(0), ticket.part, MSG_TICKET_NOT_OWED, end_reason=reason)
    elif build.inputs.return_ticket_provided:
        build.line("return_ticket", Fraction(0), ticket.part, MSG_TICKET_PROVIDED, end_reason=reason)
    elif build.inputs.return_ticket_cost is None:
        build.gap("return_ticket", "ticket_cost_unknown", NC_TICKET_COST, end_reason=reason)
    else:
        build.line("return_ticket", to_fraction(build.inputs.return_ticket_cost), ticket.part, MSG_TICKET,
                   end_reason=reason)
