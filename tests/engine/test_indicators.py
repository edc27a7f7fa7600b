"""Demographic indicators, computed by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from kaoping.engine import (
    IndicatorError,
    Period,
    average_population,
    birth_rate,
    death_rate,
    natural_growth_rate,
)


@pytest.mark.parametrize(
    ("start", "end", "average"),
    [(10000, 10200, Fraction(10100)), (3, 4, Fraction(7, 2)), (0, 0, Fraction(0))],
)
def test_the_average_population_is_the_mean_of_start_and_end(
    start: int, end: int, average: Fraction
) -> None:
    assert average_population(start, end) == average


@pytest.mark.parametrize(
    ("births", "start", "end", "span", "per_mille", "period_per_mille", "basis"),
    [
        # 101 / 10100 * 1000 = 10 per mille over a year
        (101, 10000, 10200, "year", Fraction(10), Fraction(10), "annual"),
        # 30 / 10100 * 1000 = 300/101 in the quarter; x4 = 1200/101 (11.88)
        (
            30,
            10000,
            10200,
            "quarter",
            Fraction(1200, 101),
            Fraction(300, 101),
            "annualised from a quarter (x4)",
        ),
        # 5 / 2000 * 1000 = 2.5 in the month; x12 = 30
        (5, 1990, 2010, "month", Fraction(30), Fraction(5, 2), "annualised from a month (x12)"),
    ],
)
def test_the_birth_rate_is_per_mille_of_the_average_population(
    births: int,
    start: int,
    end: int,
    span: str,
    per_mille: Fraction,
    period_per_mille: Fraction,
    basis: str,
) -> None:
    rate = birth_rate(births, start, end, span)  # type: ignore[arg-type]
    assert (rate.per_mille, rate.period_per_mille, rate.basis) == (
        per_mille,
        period_per_mille,
        basis,
    )


def test_a_period_gives_its_span() -> None:
    quarterly = death_rate(20, 9900, 10100, Period.parse("2026Q2"))
    monthly = death_rate(20, 9900, 10100, Period.parse("2026-05"))
    # 20 / 10000 * 1000 = 2 per mille in the period
    assert (quarterly.per_mille, quarterly.factor) == (Fraction(8), 4)
    assert (monthly.per_mille, monthly.factor) == (Fraction(24), 12)
    assert quarterly.text_zh() == "死亡率8.00‰（按季度折算的年率，×4）"
    assert monthly.text() == "death rate 24.00‰ (annualised from a month (x12))"


def test_the_natural_growth_rate_is_births_minus_deaths_and_may_be_negative() -> None:
    rate = natural_growth_rate(12, 30, 6000, 6000, "year")
    # (12 - 30) / 6000 * 1000 = -3
    assert rate.per_mille == Fraction(-3)
    assert rate.text_zh() == "自然增长率-3.00‰（年率）"
    b = birth_rate(12, 6000, 6000, "year").per_mille
    d = death_rate(30, 6000, 6000, "year").per_mille
    assert b is not None and d is not None
    assert rate.per_mille == b - d


def test_a_rate_over_no_population_is_undefined() -> None:
    rate = birth_rate(0, 0, 0, "quarter")
    assert (rate.per_mille, rate.period_per_mille) == (None, None)
    assert rate.text_zh() == "出生率：无法计算（平均人口为0）"


@pytest.mark.parametrize(
    ("call", "message_zh"),
    [
        (lambda: birth_rate(-1, 100, 100, "year"), "出生数为负数（-1）"),
        (lambda: death_rate(1, -100, 100, "year"), "期初人口为负数（-100）"),
        (lambda: natural_growth_rate(1, 1, 100, -5, "year"), "期末人口为负数（-5）"),
    ],
)
def test_it_refuses_negative_figures(call, message_zh: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IndicatorError) as caught:
        call()
    assert caught.value.message_zh == message_zh


def test_the_arithmetic_is_exact_with_decimal_text_inputs() -> None:
    # 0.1 + 0.2 style traps: a float would not give exactly 1/3 * 1000 here.
    rate = birth_rate("1", "3000.0", "3000.0", "year")
    assert rate.per_mille == Fraction(1, 3)
