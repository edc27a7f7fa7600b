"""The one formatter of shown figures (RUBRIC.md §3): two decimals, half up on the
exact value, trailing zeros dropped; rates with a fixed decimal; reported figures
digit for digit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from kaoping.engine import (
    format_date_zh,
    format_exact,
    format_fixed,
    format_gap,
    format_gap_zh,
    format_number,
    format_percent,
    format_scaled,
    format_scaled_fixed,
    to_shown,
)

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
        (F(-1, 8), 2, "-0.13"),  # half away from zero
        (F(1, 3), 4, "0.3333"),
        (F(2, 3), 0, "1"),
        (F(-1, 1000), 2, "0.00"),  # no "-0.00"
        (F(1200, 101), 2, "11.88"),
        (F(5), 2, "5.00"),
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


@pytest.mark.parametrize(
    ("value", "scale", "threshold", "measured"),
    [
        (F(4, 5), "percent", "80%", "80.00%"),
        (F(7, 8), "percent", "87.5%", "87.50%"),
        (F(1, 3), "percent", "33.33%", "33.33%"),  # 33.333…: not exact within 4 places
        (F(2, 3), "percent", "66.67%", "66.67%"),
        (F(12), "permille", "12‰", "12.00‰"),
        (F(45, 4), "permille", "11.25‰", "11.25‰"),
        (F(1, 8), "number", "0.125", "0.13"),  # half up on the exact value
        (F(-1, 8), "number", "-0.125", "-0.13"),
    ],
)
def test_a_target_value_is_shown_on_its_scale(
    value: Fraction, scale: str, threshold: str, measured: str
) -> None:
    assert (format_scaled(value, scale), format_scaled_fixed(value, scale)) == (
        threshold,
        measured,
    )


@pytest.mark.parametrize(
    ("points", "scale", "english", "chinese"),
    [
        (F(2), "percent", "2.00 percentage points", "2.00个百分点"),
        (F(5, 4), "permille", "1.25 per-mille points", "1.25个千分点"),
        (F(1, 200), "number", "0.01", "0.01"),  # 0.005 rounds up
        # 2/3 against ">= 0.666666666666666667": short, by less than two decimals show.
        (
            F("66.6666666666666667") - F(200, 3),
            "percent",
            "less than 0.01 percentage points",
            "不足0.01个百分点",
        ),
        (F(1, 300), "permille", "less than 0.01 per-mille points", "不足0.01个千分点"),
    ],
)
def test_a_gap_is_shown_in_points_of_its_scale(
    points: Fraction, scale: str, english: str, chinese: str
) -> None:
    assert (format_gap(points, scale), format_gap_zh(points, scale)) == (english, chinese)


@pytest.mark.parametrize(
    ("day", "shown"),
    [(date(2026, 4, 3), "2026年4月3日"), (date(2026, 12, 31), "2026年12月31日")],
)
def test_a_date_in_chinese_text_has_no_leading_zeros(day: date, shown: str) -> None:
    assert format_date_zh(day) == shown
