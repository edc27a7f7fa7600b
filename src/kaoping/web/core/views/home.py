"""The start page: what the user reports or reviews, by data set and period."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..access import access_to_unit, readable_datasets, reporting_units
from ..models import Report, Unit
from ..permissions import memberships
from .common import recent_periods


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_superuser and not memberships(user):
        # Every role revoked: the account still logs in, changes its password and
        # logs out, and says why there is nothing else.
        return render(request, "kaoping/no_role.html")
    units = list(reporting_units(user).select_related("parent"))
    blocks = []
    for dataset in readable_datasets(user).filter(township__in={u.township_id for u in units}):
        periods = recent_periods(dataset)
        mine = [u for u in units if u.township_id == dataset.township_id]
        reports = {
            (r.unit_id, r.period): r
            for r in Report.objects.filter(
                dataset=dataset, unit__in=mine, period__in=[str(p) for p in periods]
            )
        }
        staff = access_to_unit(user, dataset.township).read
        rows = []
        if not staff:
            for u in mine:
                rows.append(
                    {
                        "unit": u,
                        "cells": [
                            {"period": str(p), "report": reports.get((u.pk, str(p)))}
                            for p in periods
                        ],
                    }
                )
        blocks.append(
            {
                "dataset": dataset,
                "periods": [str(p) for p in periods],
                "staff": staff,
                "rows": rows,
            }
        )
    from ..access import is_admin_user

    return render(
        request,
        "kaoping/home.html",
        {
            "blocks": blocks,
            "has_units": bool(units),
            "can_add_dataset": is_admin_user(user),
            "needs_setup": user.is_superuser and not Unit.objects.filter(level="township").exists(),
        },
    )
