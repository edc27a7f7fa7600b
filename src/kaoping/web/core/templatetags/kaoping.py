from __future__ import annotations

from decimal import Decimal

from django import template

from ..services import show

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return show(value) if value is not None else "—"


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
