"""The one formatter of shown figures (RUBRIC.md §3): two decimals, half up on the
exact value, trailing zeros dropped; rates with a fixed decimal; reported figures
digit for digit."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kaoping.engine import format_exact, format_fixed, format_number, format_percent, to_shown

D, F = Decimal, Fraction


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("0.125"), "0.13"),  # half up; half even would give 0.12
        (D("0.135"), "0.14"),
        (D("2.675"), "2.68"),  # the float 2.675 is below the tie; the decimal is not
        (D("9.499999"), "9.5"),
        (D("9.50"), "9.5"),
        (D("98.00"), "98"),
        (F(701, 12), "58.42"),  # 58.41666…, the ledger's old 58.416666666666666667
        (F(1, 3), "0.33"),
        (F(2, 3), "0.67"),
        (D("63.365"), "63.37"),
        (D("0.004"), "0"),
        (D("0.005"), "0.01"),
        (D("-0.125"), "-0.13"),  # away from zero at a tie, as a clerk expects
        (D("-0.004"), "0"),  # never "-0"
        (D("1E+21"), "1000000000000000000000"),  # never exponent notation
        (7, "7"),
    ],
)
def test_a_computed_figure_is_shown_half_up_to_two_decimals(
    value: Decimal | Fraction | int, shown: str
) -> None:
    assert format_number(value) == shown
    assert to_shown(value) == Decimal(shown)


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (F(1, 8), 2, "0.13"),
        (D("12.5"), 2, "12.50"),
        (D("0.05"), 1, "0.1"),
        (F(-1, 200), 2, "-0.01"),
    ],
)
def test_a_fixed_figure_keeps_its_zeros(value: Decimal | Fraction, places: int, shown: str) -> None:
    assert format_fixed(value, places) == shown


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [(F(484, 490), "98.8%"), (F(1), "100.0%"), (D("0.9995"), "100.0%"), (F(1, 3), "33.3%")],
)
def test_a_rate_is_shown_with_one_decimal(ratio: Decimal | Fraction, shown: str) -> None:
    assert format_percent(ratio) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("99999999999999999999"), "99999999999999999999"),
        (D("0.950000"), "0.95"),
        (D("4E+1"), "40"),
        (D("-0.000001"), "-0.000001"),
        (D("-0"), "0"),
        (D("0.125"), "0.125"),  # a reported figure is never rounded
    ],
)
def test_a_reported_figure_is_shown_as_typed(value: Decimal, shown: str) -> None:
    assert format_exact(value) == shown
