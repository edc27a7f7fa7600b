"""Who may see and do what on the planning pages, on top of core's access rules.

- A township's pages (service-day plans, targets, allocations, campaigns,
  reminders of all villages) are read by its staff (admin, assessor, leader; a
  county leader reads) and changed by its admin and assessors.
- A village's own pages (its service days and their record, its campaign
  figures, its reminders) are read by whoever reads the village, a village
  reporter included, and changed by whoever enters its figures (admin,
  assessor, that village's reporter).
- Resolving a reminder is the township's (admin, assessor); acknowledging it is
  the village's.

Invisible objects answer 404; visible but not changeable, 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kaoping.web.core.access import access_to_unit, get_unit_for_user
from kaoping.web.core.models import Unit
from kaoping.web.core.permissions import holds

from .models import Allocation, Campaign, Reminder, ServiceDay


def can_manage_township(user: Any, township: Unit) -> bool:
    return bool(user.is_authenticated and holds(user, "planning.manage", township))


def get_township_for_user(user: Any, code: str, write: bool = False) -> Unit:
    township = Unit.objects.filter(code=code, level=Unit.Level.TOWNSHIP).first()
    if township is None:
        raise Http404
    a = access_to_unit(user, township)
    if not a.read:
        raise Http404
    if write and not can_manage_township(user, township):
        raise PermissionDenied
    return township


def get_village_for_user(user: Any, code: str, write: bool = False) -> Unit:
    unit, a = get_unit_for_user(user, code)
    if not unit.reports_figures:
        raise Http404
    if write and not a.edit:
        raise PermissionDenied
    return unit


def get_service_day_for_user(user: Any, pk: int, write: str = "") -> ServiceDay:
    """``write``: ``plan`` (township staff) or ``record`` (whoever enters the
    village's figures)."""
    sd = ServiceDay.objects.filter(pk=pk).select_related("unit", "township").first()
    if sd is None or not access_to_unit(user, sd.unit).read:
        raise Http404
    if write == "plan" and not can_manage_township(user, sd.township):
        raise PermissionDenied
    if write == "record" and not access_to_unit(user, sd.unit).edit:
        raise PermissionDenied
    return sd


def get_allocation_for_user(user: Any, pk: int) -> Allocation:
    alloc = Allocation.objects.filter(pk=pk).select_related("township").first()
    if alloc is None or not access_to_unit(user, alloc.township).read:
        raise Http404
    return alloc


def get_campaign_for_user(user: Any, pk: int) -> Campaign:
    c = Campaign.objects.filter(pk=pk).select_related("township", "allocation").first()
    if c is None or not access_to_unit(user, c.township).read:
        raise Http404
    return c


def get_reminder_for_user(user: Any, pk: int, write: str = "") -> Reminder:
    """``write``: ``acknowledge`` (the village's) or ``resolve`` (the township's)."""
    r = Reminder.objects.filter(pk=pk).select_related("unit", "township").first()
    if r is None or not access_to_unit(user, r.unit).read:
        raise Http404
    if write == "acknowledge" and not access_to_unit(user, r.unit).edit:
        raise PermissionDenied
    if write == "resolve" and not can_manage_township(user, r.township):
        raise PermissionDenied
    return r
