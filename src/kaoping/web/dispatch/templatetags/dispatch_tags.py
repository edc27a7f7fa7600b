"""Work groups on other apps' pages: the campaign's page and a work area's page
show them through these tags, so that those apps import nothing of this one."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import WorkGroup

register = template.Library()


@register.inclusion_tag("dispatch/_campaign_groups.html")
def campaign_work_groups(campaign: Any) -> dict[str, Any]:
    groups = (
        WorkGroup.objects.filter(campaign=campaign)
        .select_related("area")
        .prefetch_related("members__person")
    )
    return {"c": campaign, "groups": list(groups)}


@register.inclusion_tag("dispatch/_area_groups.html")
def area_work_groups(unit: Any) -> dict[str, Any]:
    if getattr(unit, "level", None) != "area":
        return {"groups": []}
    groups = (
        WorkGroup.objects.filter(area=unit)
        .select_related("campaign")
        .prefetch_related("members__person")
        .order_by("-campaign__start")
    )
    return {"unit": unit, "groups": list(groups)}


@register.filter
def overdue_on(item: Any, today: Any) -> bool:
    """A 限期赶上 past its due date and not yet caught up (CatchUp.overdue_on)."""
    return bool(item.overdue_on(today))
