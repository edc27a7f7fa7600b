"""How figures are written in documents: exact decimals rounded half up only when shown."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ..engine import ROLES, format_fixed, format_number, format_percent

__all__ = [
    "ROLE_LABELS",
    "date_zh",
    "fmt_amount",
    "fmt_pct",
    "fmt_points",
    "join_zh",
    "role_label",
    "round_pct",
]

ROLE_LABELS = {"unit": "村（居）", **ROLES}


def role_label(code: str) -> str:
    return ROLE_LABELS.get(code, code)


def fmt_points(value: Decimal | int) -> str:
    """A score or a deduction: two decimals at most, half up (``9.5``, ``93.33``)."""
    return format_number(value)


def fmt_amount(value: Decimal | int) -> str:
    """Yuan: two decimals at most (``300``, ``150.5``)."""
    return fmt_points(value)


def round_pct(ratio: Fraction | Decimal) -> Decimal:
    """A ratio 0..1 as a percentage with one decimal, half up on the exact value
    (484/490 -> 98.8)."""
    return Decimal(format_fixed(Fraction(ratio) * 100, 1))


def fmt_pct(ratio: Fraction | Decimal) -> str:
    """``98.8%``; one decimal always, as offices write rates (``100.0%`` too)."""
    return format_percent(ratio)


def join_zh(parts: Iterable[str]) -> str:
    """Items of a list joined with the enumeration comma 、."""
    return "、".join(parts)


def date_zh(d: date) -> str:
    """成文日期 in Arabic numerals without leading zeros (GB/T 9704-2012 7.3.5.3)."""
    return f"{d.year}年{d.month}月{d.day}日"
