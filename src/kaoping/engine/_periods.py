"""Reporting and assessment periods: months, quarters, half-years and years.

Written the ways people write them: ``2026-07`` / ``2026年7月``, ``2026Q3`` /
``2026年第三季度``, ``2026H1`` / ``2026年上半年``, ``2026`` / ``2026年度``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["PERIOD_KINDS", "Period", "PeriodError"]

# Kind → months it spans. The order is from the longest to the shortest: a period
# sorts before the shorter periods that start with it, so that "2026" comes before
# "2026H1", which comes before "2026Q1", which comes before "2026-01".
PERIOD_KINDS: dict[str, int] = {"Y": 12, "H": 6, "Q": 3, "M": 1}

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_HALF_NUMBER = {"上": 1, "下": 2}

_YEAR = r"([1-9]\d{3})"
_QUARTER = re.compile(rf"^{_YEAR}\s*-?\s*[Qq]([1-4])$")
_QUARTER_CN = re.compile(rf"^{_YEAR}\s*年\s*第?\s*([一二三四1-4])\s*季度$")
_MONTH = re.compile(rf"^{_YEAR}\s*-\s*(\d{{1,2}})$")
_MONTH_CN = re.compile(rf"^{_YEAR}\s*年\s*(\d{{1,2}})\s*月(?:份)?$")
_HALF = re.compile(rf"^{_YEAR}\s*-?\s*[Hh]([12])$")
_HALF_CN = re.compile(rf"^{_YEAR}\s*年\s*([上下])\s*半\s*年(?:度)?$")
_WHOLE_YEAR = re.compile(rf"^{_YEAR}(?:\s*年\s*(?:度)?|\s*-?\s*[Yy])?$")


class PeriodError(ValueError):
    """A text that is not a period kaoping understands."""


@dataclass(frozen=True)
class Period:
    """A month, a quarter, a half-year or a year.

    Ordered by its first day; of two periods starting the same day, the longer
    sorts first (it contains the other).
    """

    year: int
    # The month the period starts in (1..12): months 1..12, quarters 1/4/7/10,
    # halves 1/7, years 1.
    start_month: int
    kind: str  # "M", "Q", "H" or "Y"

    def __post_init__(self) -> None:
        span = PERIOD_KINDS.get(self.kind)
        if span is None:
            raise PeriodError(f"unknown period kind {self.kind!r} (expected one of M, Q, H, Y)")
        if not 1 <= self.start_month <= 12 or (self.start_month - 1) % span:
            raise PeriodError(f"a {self.kind} period cannot start in month {self.start_month}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"month must be 1..12, not {month}")
        return cls(year, month, "M")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"quarter must be 1..4, not {quarter}")
        return cls(year, 3 * (quarter - 1) + 1, "Q")

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        if half not in (1, 2):
            raise PeriodError(f"half-year must be 1 or 2, not {half}")
        return cls(year, 6 * (half - 1) + 1, "H")

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, 1, "Y")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse a month (``2026-07``, ``2026年7月``), a quarter (``2026Q3``,
        ``2026-Q3``, ``2026年第三季度``), a half-year (``2026H1``, ``2026年上半年``)
        or a year (``2026``, ``2026年``, ``2026年度``)."""
        s = str(text).strip()
        if m := _QUARTER.match(s):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _QUARTER_CN.match(s):
            return cls.quarter(int(m[1]), _CN_DIGITS[m[2]])
        if (m := _MONTH.match(s)) or (m := _MONTH_CN.match(s)):
            return cls.month(int(m[1]), int(m[2]))
        if m := _HALF.match(s):
            return cls.half(int(m[1]), int(m[2]))
        if m := _HALF_CN.match(s):
            return cls.half(int(m[1]), _HALF_NUMBER[m[2]])
        if m := _WHOLE_YEAR.match(s):
            return cls.whole_year(int(m[1]))
        raise PeriodError(f"not a period: {text!r} (expected e.g. 2026-07, 2026Q3, 2026H1 or 2026)")

    # -- what it is ---------------------------------------------------------

    @property
    def span(self) -> int:
        """How many months the period covers."""
        return PERIOD_KINDS[self.kind]

    @property
    def is_month(self) -> bool:
        return self.kind == "M"

    @property
    def is_quarter(self) -> bool:
        return self.kind == "Q"

    @property
    def is_half(self) -> bool:
        return self.kind == "H"

    @property
    def is_year(self) -> bool:
        return self.kind == "Y"

    @property
    def number(self) -> int:
        """Its number within the year: the month (1..12), the quarter (1..4), the
        half (1..2); a year is 1."""
        return (self.start_month - 1) // self.span + 1

    @property
    def months(self) -> tuple[int, ...]:
        return tuple(range(self.start_month, self.start_month + self.span))

    # -- how periods relate ---------------------------------------------------

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.start_month, -self.span)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()

    def contains(self, other: Period) -> bool:
        """True when every month of ``other`` lies in this period."""
        return (
            other.year == self.year
            and self.start_month <= other.start_month
            and other.start_month + other.span <= self.start_month + self.span
        )

    def parts(self, kind: str) -> tuple[Period, ...]:
        """The periods of ``kind`` that make this one up, in order: the quarters of a
        year, the months of a quarter. ``kind`` must not be longer than this period."""
        span = PERIOD_KINDS.get(kind)
        if span is None or span > self.span:
            raise PeriodError(f"a {self.kind} period is not made of {kind} periods")
        return tuple(
            Period(self.year, m, kind)
            for m in range(self.start_month, self.start_month + self.span, span)
        )

    def enclosing(self, kind: str) -> Period:
        """The period of ``kind`` this one falls in: the quarter of a month, the
        year of a quarter. ``kind`` must not be shorter than this period."""
        span = PERIOD_KINDS.get(kind)
        if span is None or span < self.span:
            raise PeriodError(f"a {self.kind} period does not fall in one {kind} period")
        return Period(self.year, (self.start_month - 1) // span * span + 1, kind)

    def quarter_of(self) -> Period:
        """The quarter a month falls in (a quarter is its own)."""
        return self.enclosing("Q")

    def first_day(self) -> date:
        return date(self.year, self.start_month, 1)

    def last_day(self) -> date:
        return self.next().first_day() - timedelta(days=1)

    def previous(self) -> Period:
        month = self.start_month - self.span
        if month < 1:
            return Period(self.year - 1, month + 12, self.kind)
        return Period(self.year, month, self.kind)

    def next(self) -> Period:
        month = self.start_month + self.span
        if month > 12:
            return Period(self.year + 1, month - 12, self.kind)
        return Period(self.year, month, self.kind)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.start_month, self.kind)

    # -- how it is written ------------------------------------------------------

    def label_zh(self) -> str:
        """``2026年7月``, ``2026年第三季度``, ``2026年上半年`` or ``2026年度``."""
        if self.is_quarter:
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        if self.is_half:
            return f"{self.year}年{'上下'[self.number - 1]}半年"
        if self.is_year:
            return f"{self.year}年度"
        return f"{self.year}年{self.start_month}月"

    def __str__(self) -> str:
        if self.is_quarter:
            return f"{self.year}Q{self.number}"
        if self.is_half:
            return f"{self.year}H{self.number}"
        if self.is_year:
            return f"{self.year}"
        return f"{self.year}-{self.start_month:02d}"
