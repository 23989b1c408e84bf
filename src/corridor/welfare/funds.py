"""Welfare funds as versioned, cited data (funds/*.toml): who joins, what is paid and by whom, and the benefits.

Code evaluates the data; it does not contain the law. Every amount in a fund file carries its source; a figure that
could not be verified is left out of the file and said in its note.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from corridor.core.money import to_decimal

FUNDS_DIR = Path(__file__).parent / "funds"
PAYERS = ("employer", "agency", "worker", "waived")


@dataclass(frozen=True)
class Benefit:
    code: str
    kind: str
    label: str
    claimants: tuple[str, ...]
    requires_cover_on_event: bool
    source: str
    url: str
    amount: Decimal | None = None
    max_amount: Decimal | None = None
    degrees: tuple[tuple[str, Decimal], ...] = ()
    # By degree, a range the fund's schedule pays within (the officer asks the amount; at most the ceiling).
    degree_ranges: tuple[tuple[str, Decimal, Decimal], ...] = ()
    grace_after_cover_days: int = 0
    filing_limit_days: int | None = None
    on_return: bool = False  # prompted to the member when they come home (`worker.returned`)

    def citation(self) -> dict:
        return {"source": self.source, "url": self.url}


@dataclass(frozen=True)
class Band:
    up_to_months: int  # 0: no upper bound
    amount: Decimal


@dataclass(frozen=True)
class Fund:
    id: str
    name: str
    country: str
    currency: str
    version: str
    effective_from: dt.date
    note: str
    citation: dict
    membership: dict
    contribution_kind: str
    contribution_currency: str
    payer: str
    contribution_amount: Decimal | None
    renewal_amount: Decimal | None
    bands: tuple[Band, ...]
    contribution_sources: tuple[str, ...]
    four_eyes_above: Decimal
    benefits: tuple[Benefit, ...] = field(default_factory=tuple)

    @property
    def coverage_max_months(self) -> int:
        return int(self.membership.get("coverage_max_months") or 0)

    def benefit(self, code: str) -> Benefit | None:
        return next((b for b in self.benefits if b.code == code), None)

    def contribution_due(self, *, contract_months: int, renewal: bool = False) -> Decimal:
        """The contribution for one contract, in the contribution's currency (exact)."""
        if contract_months < 1:
            raise ValueError("a contract lasts at least one month")
        if self.contribution_kind == "per_contract":
            if renewal and self.renewal_amount is not None:
                return self.renewal_amount
            assert self.contribution_amount is not None
            return self.contribution_amount
        for band in self.bands:
            if band.up_to_months == 0 or contract_months <= band.up_to_months:
                return band.amount
        raise ValueError(f"{self.id}: no contribution band for {contract_months} months")

    def payer_allowed(self, payer: str) -> bool:
        """Where the law puts the contribution on the employer, the worker may not be charged it."""
        if payer == "waived":
            return True
        if self.payer == "employer":
            return payer in {"employer", "agency"}
        return payer in PAYERS


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else to_decimal(str(value))


def parse(data: dict) -> Fund:
    f, m, c = data["fund"], data["membership"], data["contribution"]
    benefits = []
    for b in data.get("benefits", []):
        benefits.append(Benefit(
            code=b["code"], kind=b["kind"], label=b["label"], claimants=tuple(b["claimants"]),
            requires_cover_on_event=bool(b.get("requires_cover_on_event", True)), source=b["source"], url=b["url"],
            amount=_decimal(b.get("amount")), max_amount=_decimal(b.get("max_amount")),
            degrees=tuple((d["degree"], to_decimal(d["amount"])) for d in b.get("degrees", []) if "amount" in d),
            degree_ranges=tuple((d["degree"], to_decimal(d["min_amount"]), to_decimal(d["max_amount"]))
                                for d in b.get("degrees", []) if "max_amount" in d),
            grace_after_cover_days=int(b.get("grace_after_cover_days", 0)),
            filing_limit_days=b.get("filing_limit_days"), on_return=bool(b.get("on_return", False))))
    return Fund(
        id=f["id"], name=f["name"], country=f["country"], currency=f["currency"], version=f["version"],
        effective_from=dt.date.fromisoformat(f["effective_from"]), note=f.get("note", "").strip(),
        citation=dict(f.get("citation", {})), membership=dict(m), contribution_kind=c["kind"],
        contribution_currency=c["currency"], payer=c["payer"], contribution_amount=_decimal(c.get("amount")),
        renewal_amount=_decimal(c.get("renewal_amount")),
        bands=tuple(Band(int(b["up_to_months"]), to_decimal(b["amount"])) for b in c.get("bands", [])),
        contribution_sources=tuple(c.get("sources", [])),
        four_eyes_above=to_decimal(str(data.get("policy", {}).get("four_eyes_above", "0"))), benefits=tuple(benefits))


@lru_cache(maxsize=1)
def catalogue() -> dict[tuple[str, str], Fund]:
    """Every fund version, keyed by (fund id, version)."""
    found = {}
    for path in sorted(FUNDS_DIR.glob("*.toml")):
        fund = parse(tomllib.loads(path.read_text(encoding="utf-8")))
        found[(fund.id, fund.version)] = fund
    return found


def fund_ids() -> list[str]:
    return sorted({fid for fid, _ in catalogue()})


def fund_for(fund_id: str, on: dt.date | None = None) -> Fund | None:
    """The version of `fund_id` in force on `on` (the newest that started on or before it)."""
    on = on or dt.date.today()
    versions = sorted((f for (fid, _), f in catalogue().items() if fid == fund_id), key=lambda f: f.effective_from)
    current = [f for f in versions if f.effective_from <= on]
    return current[-1] if current else None


def fund_version(fund_id: str, version: str) -> Fund | None:
    return catalogue().get((fund_id, version))


def fund_of_country(country: str, on: dt.date | None = None) -> Fund | None:
    for fid in fund_ids():
        fund = fund_for(fid, on)
        if fund is not None and fund.country == country:
            return fund
    return None
