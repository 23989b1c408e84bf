"""Shared reading of the law-as-data files (settlement.toml, transfer.toml): versions, citations, service length."""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from typing import Any

from corridor.core.money import format_number, to_fraction
from corridor.rules import errors
from corridor.rules.loader import Citation

COUNTRY = re.compile(r"^[A-Z]{2}$")
SECTORS = ("domestic", "general")
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?(/[0-9]+)?$")


class LawDataError(ValueError):
    """A law-data file that breaks its format; the message names the file and the entry."""

    code = errors.LAW_DATA_INVALID


def number(value: object, where: str) -> Fraction:
    """A figure of the law: written as a string ("0.5", "1/3", "21"), read exactly."""
    if not isinstance(value, str) or not _NUMBER.match(value):
        raise LawDataError(f"{where}: a figure must be a string such as \"21\", \"0.5\" or \"1/3\" (got {value!r})")
    if "/" in value:
        top, bottom = value.split("/")
        if int(bottom) == 0:
            raise LawDataError(f"{where}: division by zero")
        return to_fraction(top) / to_fraction(bottom)
    return to_fraction(value)


def citation(entry: Mapping[str, Any], where: str) -> Citation:
    raw = entry.get("citation")
    if not isinstance(raw, Mapping) or not all(isinstance(raw.get(k), str) and raw.get(k).strip()
                                               for k in ("instrument", "article", "url")):
        raise LawDataError(f"{where}: needs a citation with instrument, article and url")
    return Citation(raw["instrument"], raw["article"], raw["url"])


def sources(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    found = entry.get("sources")
    if not isinstance(found, list) or not found or not all(isinstance(s, str) and s.strip() for s in found):
        raise LawDataError(f"{where}: every figure needs its `sources` (a non-empty list of strings)")
    return tuple(found)


def day(value: object, where: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise LawDataError(f"{where}: needs an ISO date (got {value!r})")


@dataclass(frozen=True)
class NotChecked:
    """What the law data could not decide: a subject, a reason code, and a translatable explanation."""

    subject: str  # "law", a part ("end_of_service", "notice", ...) or a not_encoded subject
    reason: str  # no_law | law_not_in_force | not_encoded | end_reason_not_verified | ticket_cost_unknown | ...
    explanation_msgid: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    effective_from: dt.date
    effective_to: dt.date | None

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def period(entry: Mapping[str, Any], where: str) -> Period:
    start = day(entry.get("effective_from"), f"{where}: effective_from")
    end = day(entry["effective_to"], f"{where}: effective_to") if "effective_to" in entry else None
    if end is not None and end < start:
        raise LawDataError(f"{where}: effective_to is before effective_from")
    return Period(start, end)


def check_no_overlap(entries: list[tuple[str, Period]], where: str) -> None:
    """Two versions for one country and sector may not be in force on the same day."""
    ordered = sorted(entries, key=lambda e: e[1].effective_from)
    for (key_a, a), (key_b, b) in zip(ordered, ordered[1:], strict=False):
        if a.effective_to is None or a.effective_to >= b.effective_from:
            raise LawDataError(f"{where}: versions {key_a} and {key_b} overlap")


def parse_versions(text: str, origin: str, build) -> dict[tuple[str, str], tuple]:
    """Every version of every (country, sector) in a law file, oldest first: `build(raw, where)` reads one `[[law]]`
    entry (with `country`, `sector`, `version`, `period`); refuses a file that breaks the format or whose versions
    overlap."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LawDataError(f"{origin}: not TOML: {exc}") from exc
    found: dict[tuple[str, str], list] = {}
    for i, raw in enumerate(data.get("law", [])):
        law = build(raw, f"{origin}: law[{i}] ({raw.get('country')}/{raw.get('sector')})")
        found.setdefault((law.country, law.sector), []).append(law)
    for key, versions in found.items():
        check_no_overlap([(law.version, law.period) for law in versions], f"{origin}: {key[0]}/{key[1]}")
    return {key: tuple(sorted(versions, key=lambda law: law.period.effective_from)) for key, versions in found.items()}


def in_force(versions, on: dt.date):
    """The version in force on that day, or None."""
    return next((law for law in versions if law.period.in_force(on)), None)


class LawFile:
    """One law-data file shipped in this package (`filename`) and how to read one of its `[[law]]` entries (`build`):
    `parse(text)` checks a text of the file's format, `versions()` reads the shipped file once, `law_for(...)` finds
    the version in force."""

    def __init__(self, filename: str, build):
        self.filename, self.build = filename, build

    def parse(self, text: str, *, origin: str | None = None) -> dict[tuple[str, str], tuple]:
        """Every version of every (country, sector), oldest first; refuses a file that breaks the format."""
        return parse_versions(text, origin or f"src/corridor/rules/{self.filename}", self.build)

    @functools.cache  # noqa: B019 - one instance per file, kept for the process
    def versions(self) -> dict[tuple[str, str], tuple]:
        """The versions of the shipped file, read and checked once."""
        return self.parse(resources.files("corridor.rules").joinpath(self.filename).read_text("utf-8"))

    def law_for(self, country: str, sector: str, on: dt.date):
        """The version in force on `on` for the country and sector ("general" or "domestic"), or None."""
        return in_force(self.versions().get((country, sector), ()), on)


class InputError(ValueError):
    """Inputs refused; `problems` maps each field to what is wrong with it."""

    code = errors.LAW_DATA_INVALID

    def __init__(self, problems: Mapping[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{name}: {why}" for name, why in self.problems.items()))


def is_day(value: object) -> bool:
    """A date, not a datetime."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def add_years(start: dt.date, years: int) -> dt.date:
    """The anniversary; 29 February falls on 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def add_months(start: dt.date, months: int) -> dt.date:
    """Same day `months` calendar months later, or the month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = start.day
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1  # 31 -> 30 -> 29 -> 28: every month has a 28th


def service_years(start: dt.date, last_day: dt.date, days_in_year: Fraction) -> Fraction:
    """Whole years (anniversaries reached by the day after the last day worked) plus the remaining days / a year."""
    after = last_day + dt.timedelta(days=1)
    whole = after.year - start.year
    while whole > 0 and add_years(start, whole) > after:
        whole -= 1
    rest = (after - add_years(start, whole)).days
    return whole + Fraction(rest) / days_in_year


def decimal_text(value: Fraction, places: int = 4) -> str:
    """A figure for a message or params: exact when it is short, else rounded to `places` (never for money)."""
    return format_number(value if value.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100) else
                         Fraction(round(value * 10**places), 10**places))
