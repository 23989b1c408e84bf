"""Reference names in the reader's language: countries and languages from CLDR (babel), numbers, money and dates.

Everything takes the language explicitly or uses the active Django language. A code CLDR does not know is shown as
given (it is a code, not English prose).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.forms import Select
from django.forms.models import ModelChoiceField, ModelChoiceIterator, ModelMultipleChoiceField
from django.utils.translation import get_language

from corridor.core.languages import normalise_language


@functools.cache
def babel_locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def current() -> str:
    return normalise_language(get_language())


def country_name(code: str | None, lang: str | None = None) -> str:
    """'PH' -> 'Pilipinas' in Filipino, 'الفلبين' in Arabic."""
    if not code:
        return ""
    return babel_locale(lang or current()).territories.get(code.upper(), code)


def language_name(code: str | None, lang: str | None = None) -> str:
    """'ne' -> 'Nepali' / 'नेपाली' (CLDR's name, never ISO 639's 'Nepali (macrolanguage)')."""
    if not code:
        return ""
    return babel_locale(lang or current()).languages.get(code.lower().replace("-", "_"), code)


def country_choices(codes, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, translated name) sorted by the translated name."""
    lang = lang or current()
    return sorted(((c, country_name(c, lang)) for c in codes), key=lambda pair: pair[1].casefold())


def number(value, lang: str | None = None) -> str:
    return babel_numbers.format_decimal(value, locale=babel_locale(lang or current()))


def money(amount, currency: str, lang: str | None = None) -> str:
    """1500 SAR -> 'SAR 1,500.00' / '١٬٥٠٠٫٠٠ ر.س.‏' as CLDR writes it for the language."""
    locale, code = babel_locale(lang or current()), currency.upper()
    if babel_numbers.get_currency_symbol(code, locale=locale) == code:  # no symbol: 'SAR 1,500.00', spaced
        number_text = babel_numbers.format_decimal(Decimal(str(amount)), format="#,##0.00", locale=locale)
        return f"{code}\u00a0{number_text}"
    return babel_numbers.format_currency(Decimal(str(amount)), code, locale=locale)


def date(value: dt.date | dt.datetime | None, lang: str | None = None, fmt: str = "long") -> str:
    """A date the way the language writes it (Arabic: day, month name, year; never month-first English)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return babel_dates.format_date(value, format=fmt, locale=babel_locale(lang or current()))


def datetime(value: dt.datetime | None, lang: str | None = None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(value, format=fmt, locale=babel_locale(lang or current()))


# Official ISCO-08 titles in other languages: `data/isco08_<lang>.csv` (code,title), added only from a published
# source (ILO or a national statistics office), never machine-drafted. None is shipped yet (docs/i18n.md), so every
# occupation shows its English title, marked as English on pages in other languages.
ISCO_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def _isco_titles(lang: str) -> dict[str, str]:
    path = ISCO_DIR / f"isco08_{lang}.csv"
    if lang == "en" or not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle) if row.get("title")}


def occupation_title(code: str, english: str, lang: str | None = None) -> tuple[str, bool]:
    """The occupation's official title in the language and True, or the English title and False (none published)."""
    lang = lang or current()
    title = _isco_titles(lang).get(str(code))
    return (title, True) if title else (english, lang == "en")


class LocalisedChoiceIterator(ModelChoiceIterator):
    """A model's choices sorted by their label in the active language (countries, languages), not by English."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(obj) for obj in self.queryset), key=lambda pair: str(pair[1]).casefold())


class LocalisedModelChoiceField(ModelChoiceField):
    iterator = LocalisedChoiceIterator


class LocalisedModelMultipleChoiceField(ModelMultipleChoiceField):
    iterator = LocalisedChoiceIterator


class EnglishLabelsSelect(Select):
    """A select whose option labels exist only in English (ISCO-08 titles): each option says so with lang="en"."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if value not in (None, "") and current() != "en":
            option["attrs"]["lang"] = "en"
        return option
