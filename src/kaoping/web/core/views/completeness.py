"""Completeness and timeliness of reporting for one data set and period."""

from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from kaoping.engine import format_percent

from .. import bulk
from ..access import access_to_unit, get_dataset_for_user
from ..asking import ask_first, confirmed
from ..completeness import reporting_status
from ..forms import ReturnForm
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
    dataset = get_dataset_for_user(request.user, dataset_pk)
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
    township_access = access_to_unit(request.user, dataset.township)
    context["can_approve"] = township_access.approve
    context["can_return"] = township_access.review
    context["selectable"] = (township_access.approve or township_access.review) and any(
        r["report"] is not None and r["report"].status == Report.Status.SUBMITTED for r in rows
    )
    context["return_form"] = ReturnForm()
    return context


#: A page holds one township's villages; more than this is not a page of them.
_MAX_SELECTED = 2000


_BULK_BUTTON = {"approve": gettext_lazy("确定审核通过"), "return": gettext_lazy("确定退回")}


def bulk_question(action: str, reports: list[Report]) -> str:
    """What approving or returning the ticked reports will do, how many and whose:
    the sentence the page's dialog fills in from the ticked boxes (app.js), here
    filled in from the reports found."""
    sentence = (
        _("将审核通过并锁定所选的{count}份报表：{names}。锁定后村里不能再修改，确定吗？")
        if action == "approve"
        else _("将退回所选的{count}份报表：{names}，请村里按退回原因修改后重新提交，确定吗？")
    )
    names = pgettext("list separator", "、").join(r.unit.name for r in reports)
    return sentence.replace("{count}", str(len(reports))).replace("{names}", names)


@login_required
@require_POST
def completeness_bulk(request: HttpRequest, dataset_pk: int, period: str) -> HttpResponse:
    """Approve or return the reports ticked on the page, each by its own guarded
    step; the answer says which went through and which were refused, and why."""
    dataset = get_dataset_for_user(request.user, dataset_pk)
    parse_period(period, dataset)
    township_access = access_to_unit(request.user, dataset.township)
    if not (township_access.approve or township_access.review):
        raise PermissionDenied  # refused before their request is read (docs/web.md)
    action = request.POST.get("action", "")
    if action not in ("approve", "return"):
        return HttpResponse(status=400)
    if not (township_access.approve if action == "approve" else township_access.review):
        raise PermissionDenied
    raw = request.POST.getlist("report")
    if len(raw) > _MAX_SELECTED or not all(x.isdigit() and len(x) < 12 for x in raw):
        return HttpResponse(status=400)
    pks = {int(x) for x in raw}
    back = {"dataset": dataset, "period": period}
    if not pks:
        messages.error(request, _("没有勾选任何报表。"))
        return redirect("completeness", dataset_pk=dataset.pk, period=period)
    # Only this data set's and period's reports: a number from elsewhere is
    # ignored rather than acted on (the guard would judge it by its own unit).
    reports = list(
        Report.objects.filter(dataset=dataset, period=period, pk__in=pks)
        .select_related("unit")
        .order_by("unit__code")
    )
    versions: dict[int, int] = {}
    form = ReturnForm(request.POST)
    if action == "approve":
        for r in reports:
            seen = request.POST.get(f"version-{r.pk}", "")
            if not seen.isdigit() or len(seen) > 9:
                return HttpResponse(status=400)
            versions[r.pk] = int(seen)
    elif not form.is_valid():
        messages.error(request, _("批量退回时必须填写退回原因（不超过1000字）。"))
        return redirect("completeness", dataset_pk=dataset.pk, period=period)
    if reports and not confirmed(request):
        return ask_first(
            request,
            title=str(_BULK_BUTTON[action]),
            question=bulk_question(action, reports),
            button=str(_BULK_BUTTON[action]),
            back=reverse("completeness", args=[dataset.pk, period]),
        )
    if action == "approve":
        outcome = bulk.approve_each(reports, request.user, versions)
    else:
        outcome = bulk.return_each(reports, request.user, form.cleaned_data["reason"])
    return render(
        request,
        "kaoping/completeness_bulk.html",
        {**back, "action": action, "outcome": outcome, "ignored": len(pks) - len(reports)},
    )
