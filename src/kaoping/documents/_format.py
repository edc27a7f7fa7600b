"""What the documents share besides figures (those are shown by the engine's
``format_*``): role labels, rates rounded for comparing, lists joined in Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from ..engine import ROLES, format_fixed

__all__ = [
    "ROLE_LABELS",
    "join_zh",
    "role_label",
    "round_pct",
]

ROLE_LABELS = {"unit": "村（居）", **ROLES}


def role_label(code: str) -> str:
    return ROLE_LABELS.get(code, code)


def round_pct(ratio: Fraction | Decimal) -> Decimal:
    """A ratio 0..1 as a percentage with one decimal, half up on the exact value
    (484/490 -> 98.8)."""
    return Decimal(format_fixed(Fraction(ratio) * 100, 1))


def join_zh(parts: Iterable[str]) -> str:
    """Items of a list joined with the enumeration comma 、."""
    return "、".join(parts)
