"""Inspections from above on a unit's own page: what the county (city, province)
found in this village when it sampled it, so that the village's reporter sees the
verdicts about their own village. Through a tag, so that core's unit page imports
nothing of this app."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import InspectedUnit

register = template.Library()

#: The units an inspection samples (docs/inspections.md): villages and communities.
SAMPLED_LEVELS = ("village", "community")


@register.inclusion_tag("assessment/_unit_inspections.html")
def unit_inspections(unit: Any) -> dict[str, Any]:
    if getattr(unit, "level", None) not in SAMPLED_LEVELS:
        return {"found": []}
    found = list(
        InspectedUnit.objects.filter(unit=unit)
        .select_related("inspection", "inspection__campaign")
        .prefetch_related("figures")
        .order_by("-inspection__day", "-inspection_id")[:50]
    )
    return {"unit": unit, "found": found}
