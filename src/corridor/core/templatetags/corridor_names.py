"""Template filters for reference names and locale formats: {% load corridor_names %}.

    {{ "PH"|country_name }}          the country in the page's language (CLDR)
    {{ "ne"|language_name }}         the language in the page's language (CLDR)
    {{ amount|money:"SAR" }}         the amount as the page's language writes money, isolated for bidi
    {{ date|ldate }}                 a date as the page's language writes it (never month-first English in Arabic)
"""

from django import template
from django.utils.html import format_html

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
def ldate(value, fmt="long") -> str:
    return names.date(value, fmt=fmt)


@register.filter
def ldatetime(value, fmt="medium") -> str:
    return names.datetime(value, fmt=fmt)
