"""Numbers, amounts and dates on the worker's pages of guidance in the reader's locale: CLDR's symbols and grouping
(babel), written in the locale's default numbering system (CLDR: Bengali digits for bn, Devanagari for ne, Myanmar
for my; Latin digits where CLDR's default is `latn`, as for ar, hi, ta, si, am today). Phone numbers are never
passed through here: they stay dialable ASCII."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from corridor.core import names

# The zero of each decimal numbering system a shipped locale may default to (CLDR numberingSystems.xml: the ten
# digits are consecutive code points from this zero). A system not listed here keeps its digits as babel writes them.
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "mymr": "\u1040",
         "tamldec": "\u0be6", "sinh": "\u0de6", "ethi": None}


def numbering_system(lang: str | None = None) -> str:
    return names.babel_locale(lang or names.current()).default_numbering_system


def digits(text: str, lang: str | None = None) -> str:
    """ASCII digits of `text` in the locale's default numbering system."""
    zero = ZEROS.get(numbering_system(lang))
    if not zero or zero == "0":
        return text
    return text.translate({ord("0") + i: chr(ord(zero) + i) for i in range(10)})


def number(value, lang: str | None = None, *, places: int | None = None) -> str:
    """1234.5 -> '1,234.5' (en), '1.234,5' (id), '১,২৩৪.৫' (bn); `places` fixes the decimals (2: '4.13')."""
    lang = lang or names.current()
    locale, amount = names.babel_locale(lang), Decimal(str(value))
    if places is None:
        text = babel_numbers.format_decimal(amount.normalize(), locale=locale, numbering_system="default")
    else:  # the locale's own pattern (its grouping: 12,34,567 in hi), with exactly `places` decimals
        pattern = copy.copy(babel_numbers.parse_pattern(locale.decimal_formats.get(None)))  # parse_pattern caches
        pattern.frac_prec = (places, places)
        text = pattern.apply(amount, locale, numbering_system="default")
    return digits(text, lang)


def money(amount, currency: str, lang: str | None = None) -> str:
    lang = lang or names.current()
    text = babel_numbers.format_currency(Decimal(str(amount)), currency.upper(), locale=names.babel_locale(lang),
                                         numbering_system="default")
    return digits(text, lang)


def date(value: dt.date | dt.datetime | None, lang: str | None = None, fmt: str = "long") -> str:
    if value is None:
        return ""
    lang = lang or names.current()
    if isinstance(value, dt.datetime):
        value = value.date()
    return digits(babel_dates.format_date(value, format=fmt, locale=names.babel_locale(lang)), lang)


def year(value, lang: str | None = None) -> str:
    """A year without grouping ('2024', '২০২৪')."""
    return digits(str(value), lang)
