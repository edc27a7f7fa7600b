"""The planning entry page: the townships a user works for, or their village."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaoping.web.core.access import access_to_unit, readable_units
from kaoping.web.core.models import Unit

from ..access import get_village_for_user
from ..models import Campaign, Reminder, ServiceDay


@login_required
def planning_home(request: HttpRequest) -> HttpResponse:
    units = readable_units(request.user)
    townships = [
        t for t in units.filter(level=Unit.Level.TOWNSHIP) if access_to_unit(request.user, t).read
    ]
    own = list(
        units.filter(level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]).exclude(
            township__in=townships
        )
    )
    return render(request, "planning/home.html", {"townships": townships, "villages": own})


@login_required
def village(request: HttpRequest, code: str) -> HttpResponse:
    """What a village has to do: its service days, campaigns and open reminders."""
    unit = get_village_for_user(request.user, code)
    return render(
        request,
        "planning/village.html",
        {
            "unit": unit,
            "days": ServiceDay.objects.filter(unit=unit).order_by("-day")[:12],
            "campaigns": Campaign.objects.filter(township_id=unit.township_id),
            "open": Reminder.objects.filter(unit=unit).exclude(status="resolved"),
        },
    )
