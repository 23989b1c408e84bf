"""Money helpers: amounts are Decimal (or exact fractions inside a comparison), never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

CENT = Decimal("0.01")


def to_decimal(value: object) -> Decimal:
    """A money amount or a number from the interchange form as a Decimal.

    Strings are the interchange form of money; ints and Decimals come from the JSON parser;
    a float (only ever from Python callers) goes through its shortest repr, never its binary value.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not an amount")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"not a decimal amount: {value!r}") from exc
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    raise TypeError(f"not an amount: {value!r}")


def to_fraction(value: object) -> Fraction:
    """An exact rational for comparisons (rates such as 3.6725 and week = 52/12 months stay exact)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(to_decimal(value))


def quantize(value: object, places: int = 2) -> Decimal:
    """Round half up to `places` decimals, for display only; comparisons stay exact."""
    if isinstance(value, Fraction):
        # exact rounding of a rational, in integers: scale, round half away from zero, rescale (the numerator and
        # denominator need no reducing first: the quotient's rounding is the same)
        numerator, denominator = value.numerator * 10**places, value.denominator
        rounded = (abs(numerator) * 2 + denominator) // (2 * denominator)
        return Decimal(-rounded if numerator < 0 else rounded).scaleb(-places)
    return to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_amount(value: object, places: int = 2) -> str:
    return f"{quantize(value, places):f}"


def format_money(value: object, currency: str, places: int = 2) -> str:
    """'1000.00 QAR'."""
    return f"{format_amount(value, places)} {currency}"


def format_number(value: object) -> str:
    """A quantity such as hours or days without needless zeros: 8 -> '8', 7.50 -> '7.5'."""
    if type(value) is int or (type(value) is Fraction and value.denominator == 1):  # whole: as written (issue 12)
        return str(int(value))
    d = to_decimal(value) if not isinstance(value, Fraction) else quantize(value, 4)
    if d == d.to_integral_value():
        return f"{d.quantize(Decimal(1)):f}"
    return f"{d.normalize():f}"
