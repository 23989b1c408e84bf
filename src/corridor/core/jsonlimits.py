"""Limits on JSON checked before parsing: nesting depth and the length of numbers.

Python's parser recurses once per nesting level (2,000 levels exhaust the stack) and refuses integers of more
than 4,300 digits with a ValueError that is not a JSONDecodeError; both used to surface as server errors. Every
place that parses JSON from outside (the API middleware, the contract interchange, the exchange inbox through
the middleware) scans the text first with `check`, which never recurses and costs one pass over the text.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 100

TOO_DEEP = "too_deep"
NUMBER_TOO_LONG = "number_too_long"

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JsonLimitError(ValueError):
    """The text breaks a limit; `kind` is TOO_DEEP or NUMBER_TOO_LONG, `found` the depth or digits seen."""

    def __init__(self, kind: str, message: str, found: int, limit: int):
        super().__init__(message)
        self.kind, self.message, self.found, self.limit = kind, message, found, limit


@functools.cache
def limits() -> tuple[int, int]:
    """(the deepest nesting, the longest number) allowed: the settings, read once (a contract batch asks for every
    line, issue 12) and again after a test changes them."""
    return (getattr(settings, "CORRIDOR_JSON_MAX_DEPTH", MAX_DEPTH),
            getattr(settings, "CORRIDOR_JSON_MAX_NUMBER_DIGITS", MAX_NUMBER_DIGITS))


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs) -> None:
    if setting.startswith("CORRIDOR_JSON_"):
        limits.cache_clear()


def nesting_depth(text: str) -> int:
    """Deepest nesting of arrays and objects outside strings (an unbalanced text is left to the parser)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def longest_number(text: str) -> int:
    """Digits in the longest run of digits outside strings (the integer, fraction or exponent part of a number)."""
    return max((len(m.group()) for m in re.finditer(r"[0-9]+", _STRING.sub('""', text))), default=0)


def check(text: str | bytes, *, max_depth: int | None = None, max_digits: int | None = None) -> None:
    """Raise JsonLimitError when the text nests deeper or has a longer number than allowed."""
    default_depth, default_digits = limits()
    max_depth = default_depth if max_depth is None else max_depth
    max_digits = default_digits if max_digits is None else max_digits
    if isinstance(text, bytes | bytearray | memoryview):
        text = bytes(text).decode("utf-8", errors="replace")
    stripped = _STRING.sub('""', text)
    depth = nesting_depth(stripped)
    if depth > max_depth:
        raise JsonLimitError(TOO_DEEP, f"the JSON nests {depth} levels deep; the limit is {max_depth}", depth, max_depth)
    digits = longest_number(stripped)
    if digits > max_digits:
        raise JsonLimitError(NUMBER_TOO_LONG, f"a number in the JSON has {digits} digits; the limit is {max_digits}",
                             digits, max_digits)
