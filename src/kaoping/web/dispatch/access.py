"""Who may see and do what in a campaign's dispatch (docs/dispatch.md).

- Township staff (admin, assessor, leader; a county leader reads) see every
  area, the dispatch board, the bulletins and the work groups; the admin and
  assessors change the settings and work groups, issue bulletins, record the
  dispatch meeting, and may report for any area.
- An area's reporter reports for that area only and sees that area's page: the
  account bound to the area (the 片长's reporter role on the area), or a work-group
  member's account for that area in that campaign.
- Anyone else, a village reporter included: nothing (404).

Invisible objects answer 404; visible but not changeable, 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kaoping.web.core.models import Unit
from kaoping.web.core.permissions import holds
from kaoping.web.planning.models import Campaign

from .models import WorkGroupMember


def is_staff_of(user: Any, township: Unit) -> bool:
    return bool(user.is_authenticated and holds(user, "dispatch.read", township))


def manages(user: Any, township: Unit) -> bool:
    return bool(user.is_authenticated and holds(user, "planning.manage", township))


def reports_for(user: Any, campaign: Campaign, area: Unit) -> bool:
    """Whether ``user`` may report the area's figures in the campaign."""
    if not user.is_authenticated or area.township_id != campaign.township_id:
        return False
    # the township's preparers, and the area's reporter (the 片长's account)
    if holds(user, "dispatch.report", area):
        return True
    return WorkGroupMember.objects.filter(
        user=user, group__campaign=campaign, group__area=area
    ).exists()


def reporter_areas(user: Any, campaign: Campaign) -> list[Unit]:
    """The areas of the campaign's township the user reports for (all for staff)."""
    areas = list(
        Unit.objects.filter(township=campaign.township, level=Unit.Level.AREA).order_by("code")
    )
    return [a for a in areas if reports_for(user, campaign, a)]


def campaign_for(user: Any, pk: int, write: bool = False) -> Campaign:
    """The campaign for its township's staff (``write``: its admin and assessors)."""
    c = Campaign.objects.filter(pk=pk).select_related("township", "allocation").first()
    if c is None or not is_staff_of(user, c.township):
        raise Http404
    if write and not manages(user, c.township):
        raise PermissionDenied
    return c


def area_for(user: Any, pk: int, code: str, write: bool = False) -> tuple[Campaign, Unit, bool]:
    """The campaign and one of its areas, for staff and the area's reporters.
    Returns whether the user may report for it (``write`` refuses otherwise)."""
    c = Campaign.objects.filter(pk=pk).select_related("township", "allocation").first()
    if c is None:
        raise Http404
    area = Unit.objects.filter(code=code, level=Unit.Level.AREA, township=c.township).first()
    if area is None:
        raise Http404
    may_report = reports_for(user, c, area)
    if not (may_report or is_staff_of(user, c.township)):
        raise Http404
    if write and not may_report:
        raise PermissionDenied
    return c, area, may_report
