"""Completeness and timeliness of reporting for one data set and period."""

from __future__ import annotations

from collections import OrderedDict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..access import _get_dataset_for_user, access_to_unit
from ..models import Report, Unit
from .common import parse_period

_DONE = (Report.Status.SUBMITTED, Report.Status.APPROVED)


def rate(part: int, whole: int) -> str:
    if whole == 0:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


@login_required
def completeness(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    dataset = _get_dataset_for_user(request.user, dataset_pk)
    period_obj = parse_period(period, dataset)
    if not access_to_unit(request.user, dataset.township).read:
        raise PermissionDenied
    units = list(
        Unit.objects.filter(
            township_id=dataset.township_id, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        ).select_related("parent")
    )
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(dataset=dataset, period=period).select_related("dataset")
    }
    deadline = dataset.deadline(period_obj)
    groups: OrderedDict[str, dict] = OrderedDict()
    rows: list[dict[str, Any]] = []
    for u in sorted(units, key=lambda u: (u.area is None, u.area.code if u.area else "", u.code)):
        r = reports.get(u.pk)
        submitted = (
            r is not None and r.first_submitted_at is not None and r.status != Report.Status.DRAFT
        )
        on_time = bool(submitted and r is not None and r.on_time)
        area = u.area.name if u.area else _("（未分片）")
        g = groups.setdefault(area, {"area": area, "units": 0, "submitted": 0, "on_time": 0})
        g["units"] += 1
        g["submitted"] += submitted
        g["on_time"] += on_time
        rows.append(
            {"unit": u, "area": area, "report": r, "submitted": submitted, "on_time": on_time}
        )
    for g in groups.values():
        g["rate"] = rate(g["submitted"], g["units"])
        g["timely_rate"] = rate(g["on_time"], g["units"])
    total = len(rows)
    submitted_count = sum(1 for r in rows if r["submitted"])
    on_time_count = sum(1 for r in rows if r["on_time"])
    context = {
        "dataset": dataset,
        "period": period,
        "deadline": deadline,
        "rows": rows,
        "groups": list(groups.values()),
        "total": total,
        "submitted": submitted_count,
        "on_time": on_time_count,
        "rate": rate(submitted_count, total),
        "timely_rate": rate(on_time_count, total),
        "target_met": total > 0 and submitted_count == total,
    }
    return render(request, "kaoping/completeness.html", context)
