"""A province's or a city's dashboard (docs/province.md): its counties side by
side, each drilled down to the county's own page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import region


@login_required
def home(request: HttpRequest, code: str) -> HttpResponse:
    unit = region.get_region(request.user, code)
    board = region.dashboard(
        unit, request.GET.get("period", "")[:20], request.GET.get("order", "score")[:10]
    )
    return render(request, "assessment/region.html", {"region": unit, **board})
