from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from kaoping.engine import format_number

from ..services import show

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    """A reported figure exactly as it was typed (``0.95``, ``40``)."""
    return show(value) if value is not None else "—"


@register.filter
def number(value: Decimal | Fraction | int | None) -> str:
    """A computed figure (points, a total, an amount) as every shell shows it: two
    decimals, half up (RUBRIC.md §3). Templates use this, never ``floatformat``."""
    return format_number(value) if value is not None else "—"


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
