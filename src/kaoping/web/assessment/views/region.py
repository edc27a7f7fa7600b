"""A province's or a city's dashboard (docs/province.md): its counties side by
side, each drilled down to the county's own page; with the region's own approved
assessment of its counties, their item heat map (the county page's)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .. import region, services
from .county import _heat


@login_required
def home(request: HttpRequest, code: str) -> HttpResponse:
    unit = region.get_region(request.user, code)
    board = region.dashboard(
        unit, request.GET.get("period", "")[:20], request.GET.get("order", "")[:10]
    )
    heads: list[Any] = []
    heat: list[dict[str, Any]] = []
    own = board["own"]
    if own is not None:
        # Whoever reads the dashboard (region.read) reads all of the region's own
        # assessment too (county.region_rights): no row is held back here.
        units = sorted(own.results.get("units", []), key=lambda u: (u["rank"] or 0, u["unit"]))
        heads, heat = _heat(services.parsed(own.rubric), units)
        under = {r.county.code for r in board["rows"]}
        for row in heat:
            code_ = row["unit"]["unit"]
            # Down to the county's own page (its townships, then their villages),
            # which every reader of this dashboard may open.
            row["url"] = reverse("assessment:county", args=[code_]) if code_ in under else ""
    return render(
        request,
        "assessment/region.html",
        {"region": unit, **board, "heads": heads, "heat": heat},
    )
