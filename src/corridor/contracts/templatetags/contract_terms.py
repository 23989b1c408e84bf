"""{% load contract_terms %}: {{ change.term|term_title }} names a contract term for people, not by its path."""

from django import template

from corridor.contracts import plain

register = template.Library()


@register.filter
def term_title(path) -> str:
    return plain.term_title(str(path or ""))
