"""Completeness and timeliness of reporting for one data set and period."""

from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import format_percent

from ..access import _get_dataset_for_user, access_to_unit
from ..completeness import reporting_status
from ..models import Report, Unit
from .common import parse_period

_DONE = (Report.Status.SUBMITTED, Report.Status.APPROVED)


def rate(part: int, whole: int) -> str:
    if whole == 0:
        return "—"
    return format_percent(Fraction(part, whole))


@login_required
def completeness(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    return render(request, "kaoping/completeness.html", _completeness(request, dataset_pk, period))


@login_required
def completeness_xlsx(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    """The same table for filing; text cells are neutralised by the writer."""
    import io

    from kaoping.io import write_xlsx

    c = _completeness(request, dataset_pk, period)
    units = [
        [
            r["area"],
            r["unit"].code,
            r["unit"].name,
            r["report"].get_status_display() if r["report"] else _("未填报"),
            timezone.localtime(r["report"].first_submitted_at).strftime("%Y-%m-%d %H:%M")
            if r["report"] and r["report"].first_submitted_at
            else "",
            (_("按时") if r["on_time"] else _("逾期")) if r["submitted"] else "",
        ]
        for r in c["rows"]
    ]
    areas = [
        [g["area"], g["units"], g["submitted"], g["rate"], g["on_time"], g["timely_rate"]]
        for g in c["groups"]
    ]
    areas.append([_("合计"), c["total"], c["submitted"], c["rate"], c["on_time"], c["timely_rate"]])
    out = io.BytesIO()
    write_xlsx(
        out,
        {
            _("汇总"): (
                [_("片"), _("单位数"), _("已上报"), _("上报率"), _("按时上报"), _("及时率")],
                areas,
            ),
            _("各单位"): (
                [_("片"), _("单位代码"), _("单位"), _("状态"), _("首次提交时间"), _("是否按时")],
                units,
            ),
        },
    )
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"completeness-{c['dataset'].code}-{period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _completeness(request: HttpRequest, dataset_pk: int, period: str) -> dict[str, Any]:
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
        submitted, on_time = reporting_status(r)
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
    return context
