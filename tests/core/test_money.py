"""Amounts for people: rounding half up to the cent from exact rationals, and quantities without needless zeros."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from corridor.core.money import format_amount, format_number, quantize


def _quantize_before(value: Fraction, places: int) -> Decimal:
    """quantize of a Fraction as it was written before issue 12's third pass (by Fraction arithmetic)."""
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    n = abs(scaled)
    return Decimal(sign * ((n.numerator * 2 + n.denominator) // (2 * n.denominator))).scaleb(-places)


@given(st.fractions(max_denominator=10**6), st.integers(0, 6))
def test_a_rational_rounds_as_it_did_by_fraction_arithmetic(value, places):
    assert quantize(value, places) == _quantize_before(value, places)
    assert str(quantize(value, places)) == str(_quantize_before(value, places))


def test_halves_round_away_from_zero_and_thirds_to_the_nearest_cent():
    assert format_amount(Fraction(1, 200)) == "0.01"  # 0.005
    assert format_amount(Fraction(-1, 200)) == "-0.01"
    assert format_amount(Fraction(1, 3)) == "0.33"
    assert format_amount(Fraction(2, 3)) == "0.67"
    assert format_amount(Fraction(52, 12) * 1000, 4) == "4333.3333"


@given(st.one_of(st.integers(-10**20, 10**20), st.fractions(max_denominator=1000).filter(lambda f: abs(f) < 10**12)))
def test_a_quantity_is_written_without_needless_zeros(value):
    written = format_number(value)
    exact = Decimal(value) if isinstance(value, int) else quantize(value, 4)
    assert Decimal(written) == exact and not (written.endswith("0") and "." in written)
    if value == int(value):
        assert written == str(int(value))
