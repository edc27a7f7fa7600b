"""Demographic indicators with their standard definitions, in exact arithmetic.

- average population = (population at the start + population at the end) / 2
- birth rate = births / average population x 1000 (‰)
- death rate = deaths / average population x 1000 (‰)
- natural growth rate = (births - deaths) / average population x 1000 (‰)

A rate over a year is annual. A rate over a quarter or a month is *annualised*
(x4, x12) so that it compares with annual rates; the raw rate over the period is
kept beside it and every result says which it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

from ._bounds import NumberOutOfBounds, bounded_whole, number_problem
from ._format import format_fixed
from ._periods import Period

__all__ = [
    "DemographicRate",
    "IndicatorError",
    "Span",
    "average_population",
    "birth_rate",
    "death_rate",
    "exact",
    "natural_growth_rate",
]

Span = Literal["year", "quarter", "month"]
Number = Fraction | Decimal | int | str

_FACTOR: dict[str, int] = {"year": 1, "quarter": 4, "month": 12}
_LABEL_ZH = {"birth_rate": "出生率", "death_rate": "死亡率", "natural_growth_rate": "自然增长率"}
_LABEL = {
    "birth_rate": "birth rate",
    "death_rate": "death rate",
    "natural_growth_rate": "natural growth rate",
}


class IndicatorError(ValueError):
    """An input that no indicator can be computed from (a negative population...)."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def exact(value: object) -> Fraction:
    """A number as an exact fraction. Floats go through their shortest decimal
    representation, so ``0.1`` is 1/10 and not the binary approximation."""
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return Fraction(_bounded(value, str(value)))
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip()
        if "/" in text:
            num, _, den = text.partition("/")
            return Fraction(bounded_whole(num), bounded_whole(den))
        try:
            return Fraction(_bounded(Decimal(text), text))
        except InvalidOperation:
            raise ValueError(f"not a number: {value!r}") from None
    raise TypeError(f"not a number: {value!r}")


def _bounded(value: Decimal, text: str) -> Decimal:
    # Fraction(Decimal("1e999999999")) builds a billion-digit integer: refuse first.
    problem = number_problem(value)
    if problem is not None:
        raise NumberOutOfBounds(f"{text!r} {problem[0]}", f"“{text}”{problem[1]}")
    return value


def average_population(start: Number, end: Number) -> Fraction:
    """(start + end) / 2, exactly."""
    s, e = exact(start), exact(end)
    for label, label_zh, v in (("start", "期初", s), ("end", "期末", e)):
        if v < 0:
            raise IndicatorError(
                f"population at the {label} is negative ({v})", f"{label_zh}人口为负数（{v}）"
            )
    return (s + e) / 2


@dataclass(frozen=True)
class DemographicRate:
    """One rate in ‰. ``per_mille`` is annual or annualised (see ``basis``);
    ``period_per_mille`` is the rate over the period itself. Both are ``None``
    when the average population is 0 (undefined)."""

    indicator: str  # birth_rate | death_rate | natural_growth_rate
    events: Fraction  # births, deaths, or births - deaths
    average_population: Fraction
    span: Span
    per_mille: Fraction | None
    period_per_mille: Fraction | None

    @property
    def factor(self) -> int:
        return _FACTOR[self.span]

    @property
    def annualised(self) -> bool:
        return self.span != "year"

    @property
    def basis(self) -> str:
        if self.span == "year":
            return "annual"
        return f"annualised from a {self.span} (x{self.factor})"

    @property
    def basis_zh(self) -> str:
        if self.span == "year":
            return "年率"
        return f"按{'季度' if self.span == 'quarter' else '月'}折算的年率，×{self.factor}"

    @property
    def label(self) -> str:
        return _LABEL[self.indicator]

    @property
    def label_zh(self) -> str:
        return _LABEL_ZH[self.indicator]

    def text(self) -> str:
        if self.per_mille is None:
            return f"{self.label}: undefined (average population 0)"
        return f"{self.label} {format_fixed(self.per_mille)}‰ ({self.basis})"

    def text_zh(self) -> str:
        if self.per_mille is None:
            return f"{self.label_zh}：无法计算（平均人口为0）"
        return f"{self.label_zh}{format_fixed(self.per_mille)}‰（{self.basis_zh}）"


def _span(span: Span | Period) -> Span:
    if isinstance(span, Period):
        return "quarter" if span.is_quarter else "month"
    if span not in _FACTOR:
        raise ValueError(f"span must be year, quarter or month, not {span!r}")
    return span


def _rate(
    indicator: str, events: Fraction, start: Number, end: Number, span: Span | Period
) -> DemographicRate:
    avg = average_population(start, end)
    s = _span(span)
    if avg == 0:
        return DemographicRate(indicator, events, avg, s, None, None)
    raw = events / avg * 1000
    return DemographicRate(indicator, events, avg, s, raw * _FACTOR[s], raw)


def _count(value: Number, label: str, label_zh: str) -> Fraction:
    v = exact(value)
    if v < 0:
        raise IndicatorError(f"{label} is negative ({v})", f"{label_zh}为负数（{v}）")
    return v


def birth_rate(
    births: Number, population_start: Number, population_end: Number, span: Span | Period
) -> DemographicRate:
    """Births per thousand of the average population; a quarter or a month annualised."""
    b = _count(births, "births", "出生数")
    return _rate("birth_rate", b, population_start, population_end, span)


def death_rate(
    deaths: Number, population_start: Number, population_end: Number, span: Span | Period
) -> DemographicRate:
    """Deaths per thousand of the average population; a quarter or a month annualised."""
    d = _count(deaths, "deaths", "死亡数")
    return _rate("death_rate", d, population_start, population_end, span)


def natural_growth_rate(
    births: Number,
    deaths: Number,
    population_start: Number,
    population_end: Number,
    span: Span | Period,
) -> DemographicRate:
    """(births - deaths) per thousand of the average population: birth rate minus
    death rate, so it may be negative."""
    b = _count(births, "births", "出生数")
    d = _count(deaths, "deaths", "死亡数")
    return _rate("natural_growth_rate", b - d, population_start, population_end, span)
