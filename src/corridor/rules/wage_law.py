"""Wages during employment, as cited law data (wage_law.toml): the ceiling on deductions from a month's wage, the
time by which a month's wage must be paid, and the destination's wage guarantee fund where its law establishes one.

Pure functions, no database: `law_for(country, sector, on)` gives the version in force; `deduction_excess` and
`days_late` apply it. The wages app's reconciliation cites the rules these return (docs/wages.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from corridor.rules import lawdata
from corridor.rules.lawdata import LawDataError, citation, number, period, sources
from corridor.rules.loader import Citation

_LAW_KEYS = {"id", "country", "sector", "version", "effective_from", "effective_to", "note", "not_encoded",
             "deduction_ceiling", "payment_deadline", "guarantee_fund"}
_PARTS = ("deduction_ceiling", "payment_deadline", "guarantee_fund")
_RULE_ID = re.compile(r"^[a-z]{2}\.[a-z0-9-]+$")


@dataclass(frozen=True)
class Rule:
    """One cited part: its rule id (as findings cite it) and citation."""

    rule_id: str
    citation: Citation
    note: str = ""


@dataclass(frozen=True)
class PurposeCap:
    purpose: str
    words: tuple[str, ...]
    share: Fraction
    rule: Rule


@dataclass(frozen=True)
class DeductionCeiling:
    share: Fraction | None  # of the month's wage due (the line's gross pay); None: the law caps only some purposes
    rule: Rule
    purpose_caps: tuple[PurposeCap, ...]


@dataclass(frozen=True)
class PaymentDeadline:
    late_after_days: int  # days after the last day of the period paid
    rule: Rule


@dataclass(frozen=True)
class GuaranteeFund:
    fund: str  # stable id, e.g. "qa.wsif"
    name: str
    rule: Rule


@dataclass(frozen=True)
class WageLaw:
    id: str
    country: str
    sector: str
    version: str
    period: lawdata.Period
    note: str
    not_encoded: tuple[tuple[str, str], ...]
    deduction_ceiling: DeductionCeiling | None
    payment_deadline: PaymentDeadline | None
    guarantee_fund: GuaranteeFund | None


def _rule(raw: Mapping[str, Any], where: str) -> Rule:
    rule_id = raw.get("rule_id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise LawDataError(f"{where}: rule_id must look like 'sa.deduction-ceiling'")
    sources(raw, where)
    return Rule(rule_id, citation(raw, where), str(raw.get("note", "")))


def _keys(raw: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise LawDataError(f"{where}: must be a table")
    unknown = set(raw) - allowed
    if unknown:
        raise LawDataError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    return raw


def _share(value: object, where: str) -> Fraction:
    share = number(value, where)
    if not 0 < share <= 1:
        raise LawDataError(f"{where}: a share must be more than 0 and at most 1")
    return share


def _law(raw: Mapping[str, Any], where: str) -> WageLaw:
    raw = _keys(raw, where, _LAW_KEYS)
    for key in ("id", "country", "sector", "version"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise LawDataError(f"{where}: needs {key}")
    if not lawdata.COUNTRY.match(raw["country"]) or raw["sector"] not in lawdata.SECTORS:
        raise LawDataError(f"{where}: country must be two capital letters and sector one of {lawdata.SECTORS}")
    gaps = []
    for i, gap in enumerate(raw.get("not_encoded", [])):
        if not isinstance(gap, Mapping) or set(gap) != {"subject", "reason"} or not all(
                isinstance(gap[k], str) and gap[k] for k in gap):
            raise LawDataError(f"{where}: not_encoded[{i}] needs exactly a subject and a reason")
        gaps.append((gap["subject"], gap["reason"]))
    ceiling = deadline = fund = None
    if "deduction_ceiling" in raw:
        at = f"{where}: deduction_ceiling"
        e = _keys(raw["deduction_ceiling"], at, {"rule_id", "share", "note", "sources", "citation", "purpose_caps"})
        caps = []
        for i, cap in enumerate(e.get("purpose_caps", [])):
            cat = f"{at}: purpose_caps[{i}]"
            cap = _keys(cap, cat, {"purpose", "words", "share", "rule_id", "citation", "sources"})
            words = cap.get("words")
            if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
                raise LawDataError(f"{cat}: words must be a non-empty list of strings")
            caps.append(PurposeCap(str(cap.get("purpose", "")), tuple(w.lower() for w in words),
                                   _share(cap.get("share"), f"{cat}: share"), _rule(cap, cat)))
        if "share" not in e and not caps:
            raise LawDataError(f"{at}: needs a share, or purpose_caps")
        share = _share(e["share"], f"{at}: share") if "share" in e else None
        ceiling = DeductionCeiling(share, _rule(e, at), tuple(caps))
    if "payment_deadline" in raw:
        at = f"{where}: payment_deadline"
        e = _keys(raw["payment_deadline"], at, {"rule_id", "late_after_days", "note", "sources", "citation"})
        days = number(e.get("late_after_days"), f"{at}: late_after_days")
        if days.denominator != 1:
            raise LawDataError(f"{at}: late_after_days must be whole days")
        deadline = PaymentDeadline(int(days), _rule(e, at))
    if "guarantee_fund" in raw:
        at = f"{where}: guarantee_fund"
        e = _keys(raw["guarantee_fund"], at, {"rule_id", "fund", "name", "note", "sources", "citation"})
        if not isinstance(e.get("fund"), str) or not _RULE_ID.match(e["fund"]) or not isinstance(e.get("name"), str):
            raise LawDataError(f"{at}: needs fund (an id such as 'qa.wsif') and name")
        fund = GuaranteeFund(e["fund"], e["name"], _rule(e, at))
    for name, found in zip(_PARTS, (ceiling, deadline, fund), strict=True):
        if found is None and not any(subject == name for subject, _ in gaps):
            raise LawDataError(f"{where}: has no [{name}] and no not_encoded entry saying why")
    return WageLaw(raw["id"], raw["country"], raw["sector"], raw["version"], period(raw, where),
                   str(raw.get("note", "")), tuple(gaps), ceiling, deadline, fund)


_LAWS = lawdata.LawFile("wage_law.toml", _law)
parse_laws = _LAWS.parse
laws = _LAWS.versions
law_for = _LAWS.law_for


def fund_for(country: str, on: dt.date) -> GuaranteeFund | None:
    """The destination's wage guarantee fund established by law, in force on `on`, or None."""
    law = law_for(country, "general", on)
    return law.guarantee_fund if law is not None else None


@dataclass(frozen=True)
class Excess:
    """A deduction (or all of them) beyond what the law allows: the amount over, the limit, and the rule."""

    rule: Rule
    limit: Fraction
    actual: Fraction
    purpose: str = ""  # the line's deduction purpose, for a purpose cap; "" for the overall ceiling

    @property
    def excess(self) -> Fraction:
        return self.actual - self.limit


def deduction_excess(ceiling: DeductionCeiling, wage: Fraction, deductions: list[tuple[str, Fraction]]) -> list[Excess]:
    """Every limit `deductions` [(purpose, amount)] break on a month's `wage` due: a purpose's own cap, then the
    overall ceiling on all of them together."""
    found = []
    for purpose, amount in deductions:
        text = purpose.strip().lower()
        for cap in ceiling.purpose_caps:
            if any(word in text for word in cap.words) and amount > cap.share * wage:
                found.append(Excess(cap.rule, cap.share * wage, amount, purpose))
                break
    total = sum((amount for _, amount in deductions), Fraction(0))
    if ceiling.share is not None and total > ceiling.share * wage:
        found.append(Excess(ceiling.rule, ceiling.share * wage, total))
    return found


def last_day_to_pay(deadline: PaymentDeadline, period_end: dt.date) -> dt.date:
    """The last day a month's wage may be paid without being late: the period's last day plus the days allowed."""
    return period_end + dt.timedelta(days=deadline.late_after_days)
