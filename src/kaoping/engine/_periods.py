"""Reporting periods: quarters (``2026Q3``) and months (``2026-07``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Period", "PeriodError"]

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_QUARTER = re.compile(r"^([1-9]\d{3})\s*-?\s*[Qq]([1-4])$")
_QUARTER_CN = re.compile(r"^([1-9]\d{3})\s*年\s*第?\s*([一二三四1-4])\s*季度$")
_MONTH = re.compile(r"^([1-9]\d{3})\s*-\s*(\d{1,2})$")
_MONTH_CN = re.compile(r"^([1-9]\d{3})\s*年\s*(\d{1,2})\s*月$")


class PeriodError(ValueError):
    """A text that is not a period kaoping understands."""


@dataclass(frozen=True, order=True)
class Period:
    """A quarter or a month. Ordered by start; a quarter sorts before its first month."""

    year: int
    # Months 1..12 for a month; for a quarter the month it starts in, so that
    # ordering by (year, start_month, kind) is chronological.
    start_month: int
    kind: str  # "Q" or "M"

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError(f"quarter must be 1..4, not {quarter}")
        return cls(year, 3 * (quarter - 1) + 1, "Q")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise PeriodError(f"month must be 1..12, not {month}")
        return cls(year, month, "M")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``2026Q3``, ``2026-Q3``, ``2026年第三季度``, ``2026-07`` or ``2026年7月``."""
        s = str(text).strip()
        if m := _QUARTER.match(s):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _QUARTER_CN.match(s):
            return cls.quarter(int(m[1]), _CN_DIGITS[m[2]])
        if (m := _MONTH.match(s)) or (m := _MONTH_CN.match(s)):
            return cls.month(int(m[1]), int(m[2]))
        raise PeriodError(f"not a period: {text!r} (expected e.g. 2026Q3 or 2026-07)")

    @property
    def is_quarter(self) -> bool:
        return self.kind == "Q"

    @property
    def number(self) -> int:
        """The quarter number (1..4) for a quarter, the month for a month."""
        return (self.start_month - 1) // 3 + 1 if self.is_quarter else self.start_month

    @property
    def months(self) -> tuple[int, ...]:
        if self.is_quarter:
            return (self.start_month, self.start_month + 1, self.start_month + 2)
        return (self.start_month,)

    def first_day(self) -> date:
        return date(self.year, self.start_month, 1)

    def last_day(self) -> date:
        return self.next().first_day() - timedelta(days=1)

    def quarter_of(self) -> Period:
        """The quarter a month falls in (a quarter is its own)."""
        return Period.quarter(self.year, (self.start_month - 1) // 3 + 1)

    def previous(self) -> Period:
        step = 3 if self.is_quarter else 1
        month = self.start_month - step
        if month < 1:
            return Period(self.year - 1, month + 12, self.kind)
        return Period(self.year, month, self.kind)

    def next(self) -> Period:
        step = 3 if self.is_quarter else 1
        month = self.start_month + step
        if month > 12:
            return Period(self.year + 1, month - 12, self.kind)
        return Period(self.year, month, self.kind)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.start_month, self.kind)

    def label_zh(self) -> str:
        """``2026年第三季度`` or ``2026年7月``."""
        if self.is_quarter:
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        return f"{self.year}年{self.start_month}月"

    def __str__(self) -> str:
        if self.is_quarter:
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.start_month:02d}"
