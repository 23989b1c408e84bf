"""Template filters for reference names and locale formats: {% load corridor_names %}.

    {{ "PH"|country_name }}          the country in the page's language (CLDR)
    {{ "ne"|language_name }}         the language in the page's language (CLDR)
    {{ amount|money:"SAR" }}         the amount as the page's language writes money, isolated for bidi
    {{ date|ldate }}                 a date as the page's language writes it (never month-first English in Arabic),
    {{ order.occupation|occupation }} the ISCO-08 title in the page's language, or English marked "(English)"
    {{ at|ldatetime:"short" }}       isolated for bidi (<bdi>); staff and worker pages use these, never |date
"""

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from corridor.core import names

register = template.Library()


@register.filter
def country_name(code) -> str:
    return names.country_name(getattr(code, "code", code))


@register.filter
def language_name(code) -> str:
    return names.language_name(getattr(code, "code", code))


@register.filter
def money(amount, currency) -> str:
    if amount in (None, "") or not currency:
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', names.money(amount, str(currency)))


@register.filter
def number(value) -> str:
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', names.number(value))


@register.filter
def occupation(value) -> str:
    """An ISCO-08 occupation (code and title): its official title in the page's language where one is published,
    else the English title, marked lang="en" and "(English)" so that nobody takes it for a translation."""
    if not value:
        return ""
    code, title = getattr(value, "code", ""), getattr(value, "title", str(value))
    text, translated = names.occupation_title(code, title)
    if translated:
        return format_html('<bdi dir="ltr">{}</bdi> {}', code, text) if code else text
    mark = _("(English)")
    if code:
        return format_html('<bdi dir="ltr">{}</bdi> <span lang="en">{}</span> {}', code, text, mark)
    return format_html('<span lang="en">{}</span> {}', text, mark)


def _when(value):
    """A date or datetime; an ISO string (from a message body or JSON) read as one; anything else as given."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _isolated(text: str) -> str:
    """Isolated for bidi (a date's digits and marks never reorder the right-to-left sentence around it)."""
    return format_html("<bdi>{}</bdi>", text) if text else ""


@register.filter
def ldate(value, fmt="long") -> str:
    value = _when(value)
    if value in (None, "") or not isinstance(value, dt.date):
        return _isolated(str(value or ""))
    return _isolated(names.date(value, fmt=fmt))


@register.filter(expects_localtime=True)
def ldatetime(value, fmt="medium") -> str:
    value = _when(value)
    if not isinstance(value, dt.datetime):
        return ldate(value, "medium" if fmt == "short" else fmt) if isinstance(value, dt.date) else _isolated(str(value or ""))
    return _isolated(names.datetime(value, fmt=fmt))
