"""Exchange rates as data: the fixed official pegs in rates.toml, plus whatever a node adds; never a guess."""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources

from corridor.core.money import to_fraction
from corridor.rules import errors

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")


class RatesError(ValueError):
    code = errors.RATES_INVALID


@dataclass(frozen=True)
class Rate:
    """One unit of `base` buys `rate` units of `quote`, from `effective_from` (until `effective_to`)."""

    base: str
    quote: str
    rate: Fraction
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    url: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _valid_pair(base: object, quote: object) -> bool:
    return isinstance(base, str) and isinstance(quote, str) and bool(_CURRENCY.match(base) and _CURRENCY.match(quote))


def _valid_rate(rate: object) -> bool:
    return isinstance(rate, str) and bool(_DECIMAL.match(rate)) and to_fraction(rate) > 0


class RateTable:
    """Looks a rate up for a pair on a date: direct or its exact inverse. Other pairs are absent, never derived."""

    def __init__(self, rates: tuple[Rate, ...] | list[Rate] = ()):
        self._rates: dict[tuple[str, str], tuple[Rate, ...]] = {}
        for rate in rates:
            key = (rate.base, rate.quote)
            self._rates[key] = tuple(sorted((*self._rates.get(key, ()), rate),
                                            key=lambda r: r.effective_from, reverse=True))

    @classmethod
    def from_toml(cls, text: str, *, origin: str = "rates.toml") -> RateTable:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RatesError(f"{origin}: not TOML: {exc}") from exc
        rates = []
        for i, entry in enumerate(data.get("rates", [])):
            where = f"{origin}: rates[{i}]"
            try:
                base, quote, rate, source = entry["base"], entry["quote"], entry["rate"], entry["source"]
                start = dt.date.fromisoformat(entry["effective_from"])
                end = dt.date.fromisoformat(entry["effective_to"]) if "effective_to" in entry else None
            except (KeyError, TypeError, ValueError) as exc:
                raise RatesError(f"{where}: needs base, quote, rate, source and an ISO effective_from ({exc})") from exc
            if not _valid_pair(base, quote):
                raise RatesError(f"{where}: base and quote must be ISO 4217 codes")
            if not _valid_rate(rate):
                raise RatesError(f"{where}: rate must be a positive decimal written as a string")
            if not isinstance(source, str) or not source.strip():
                raise RatesError(f"{where}: every rate needs its source")
            rates.append(Rate(base, quote, to_fraction(rate), start, end, source, entry.get("url", "")))
        return cls(rates)

    def with_rate(self, base: str, quote: str, rate: str, *, effective_from: dt.date, source: str,
                  effective_to: dt.date | None = None, url: str = "") -> RateTable:
        """A new table with one more rate (a node's own, e.g. its central bank's rate of the day)."""
        if not (_valid_pair(base, quote) and _valid_rate(rate) and source.strip()):
            raise RatesError("a rate needs two ISO 4217 codes, a positive decimal string and a source")
        added = Rate(base, quote, to_fraction(rate), effective_from, effective_to, source, url)
        return RateTable([*self, added])

    def lookup(self, base: str, quote: str, on: dt.date) -> Rate | None:
        """The entry in force on `on` for base->quote exactly (not its inverse)."""
        for rate in self._rates.get((base, quote), ()):
            if rate.in_force(on):
                return rate
        return None

    def rate(self, base: str, quote: str, on: dt.date) -> Fraction | None:
        """Units of `quote` per unit of `base` on `on`; 1 for one currency; None when the table lacks the pair."""
        if base == quote:
            return ONE
        direct = self.lookup(base, quote, on)
        if direct is not None:
            return direct.rate
        inverse = self.lookup(quote, base, on)
        if inverse is not None:
            return 1 / inverse.rate
        return None

    def convert(self, amount: Fraction, base: str, quote: str, on: dt.date) -> Fraction | None:
        rate = self.rate(base, quote, on)
        return None if rate is None else amount * rate

    def __iter__(self):
        for rates in self._rates.values():
            yield from rates


ONE = Fraction(1)  # the rate of a currency to itself: callers skip multiplying by it (`is ONE`)


@functools.cache
def default_rates() -> RateTable:
    """The pegs shipped with Corridor (src/corridor/rules/rates.toml), read once."""
    text = resources.files("corridor.rules").joinpath("rates.toml").read_text("utf-8")
    return RateTable.from_toml(text, origin="src/corridor/rules/rates.toml")
