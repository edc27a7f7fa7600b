"""Inspections from above on a unit's own page: what the county (city, province)
found in this village when it sampled it, so that the village's reporter sees the
verdicts about their own village. Through a tag, so that core's unit page imports
nothing of this app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..models import InspectedUnit, Rectification

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
    # The follow-up a difference opened (上级核查数据不符整改), one per inspection and unit.
    followups = {
        f.inspection_id: f
        for f in Rectification.objects.filter(
            unit=unit, inspection_id__in=[s.inspection_id for s in found]
        )
    }
    today = timezone.localdate()
    rows = []
    for s in found:
        f = followups.get(s.inspection_id)
        rows.append({"s": s, "followup": f, "overdue": f is not None and f.overdue_on(today)})
    return {"unit": unit, "found": rows}
