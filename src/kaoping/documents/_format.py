"""What the documents share besides figures (those are shown by the engine's
``format_*``): role labels, rates rounded for comparing, lists joined in Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

from ..engine import format_fixed
from ..engine import role_label as engine_role_label
from ._level import words

__all__ = [
    "join_zh",
    "role_label",
    "round_pct",
]


def role_label(code: str) -> str:
    """A consequence's ``to`` in a document: ``unit`` is the ranked unit (村（居）, or
    乡镇 in a county's documents)."""
    return engine_role_label(code, unit=words().unit)


def round_pct(ratio: Fraction | Decimal) -> Decimal:
    """A ratio 0..1 as a percentage with one decimal, half up on the exact value
    (484/490 -> 98.8)."""
    return Decimal(format_fixed(Fraction(ratio) * 100, 1))


def join_zh(parts: Iterable[str]) -> str:
    """Items of a list joined with the enumeration comma 、."""
    return "、".join(parts)
