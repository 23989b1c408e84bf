"""{% load guidance_locale %}: {{ value|lnum }}, {{ value|lnum:2 }}, {{ date|gdate }} in the reader's locale and
its default numbering system (guidance/localise.py)."""

from django import template
from django.utils.html import format_html

from corridor.guidance import localise

register = template.Library()


@register.filter
def lnum(value, places=None) -> str:
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", localise.number(value, places=None if places is None else int(places)))


@register.filter
def gdate(value, fmt="long") -> str:
    return localise.date(value, fmt=fmt)
