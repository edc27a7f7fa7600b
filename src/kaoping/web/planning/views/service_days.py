"""Quarterly service days (季度服务日定时定点): plan, notify, record."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms.models import construct_instance
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kaoping.documents import PageBreak, service_notice_blocks, service_notices_docx
from kaoping.documents import render as render_docx
from kaoping.engine import notice_warning
from kaoping.web.core.access import access_to_unit

from ..access import (
    can_manage_township,
    get_service_day_for_user,
    get_township_for_user,
)
from ..forms import RecordForm, ServiceDayForm
from ..models import ABSENT_FIELDS, Deletion, ServiceDay, percent
from ..services import villages
from ..undo import recent_deletions, recorded_token, service_day_blocker
from .common import docx_response, quarter_of, query_period, today
from .undo import service_day_question


def _rates(days: list[ServiceDay]) -> list[dict[str, Any]]:
    """Per village: its days of the quarter, what they counted, the rate."""
    rows: OrderedDict[int, dict[str, Any]] = OrderedDict()
    for sd in days:
        row = rows.setdefault(
            sd.unit_id,
            {"unit": sd.unit, "days": [], "invited": 0, "attended": 0, "recorded": 0},
        )
        row["days"].append(sd)
        if sd.recorded:
            row["invited"] += sd.invited or 0
            row["attended"] += sd.attended or 0
            row["recorded"] += 1
    for row in rows.values():
        row["rate"] = percent(row["attended"], row["invited"])
    return sorted(rows.values(), key=lambda r: r["unit"].code)


@login_required
def service_day_list(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code)
    period = query_period(request) if request.GET.get("period") else quarter_of(today())
    days = list(
        ServiceDay.objects.filter(township=township, period=str(period)).select_related("unit")
    )
    rows = _rates(days)
    planned = {r["unit"].pk for r in rows}
    unplanned = [u for u in villages(township) if u.pk not in planned]
    invited = sum(r["invited"] for r in rows)
    attended = sum(r["attended"] for r in rows)
    return render(
        request,
        "planning/service_day_list.html",
        {
            "township": township,
            "period": period,
            "previous": period.previous(),
            "next": period.next(),
            "rows": rows,
            "unplanned": unplanned,
            "total_rate": percent(attended, invited),
            "can_plan": can_manage_township(request.user, township),
            "deletions": recent_deletions(township, Deletion.Kind.SERVICE_DAY),
        },
    )


def _form_page(request: HttpRequest, form: ServiceDayForm, township: Any, title: str) -> Any:
    return render(
        request,
        "planning/service_day_form.html",
        {"form": form, "township": township, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_day_new(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    form = ServiceDayForm(request.POST or None, township=township)
    if request.method == "POST" and form.is_valid():
        sd = form.save(commit=False)
        sd.created_by = request.user  # type: ignore[assignment]
        sd.save()
        messages.success(request, _("已安排%(u)s的服务日") % {"u": sd.unit.name})
        return redirect("planning:service_day", pk=sd.pk)
    return _form_page(request, form, township, _("安排服务日"))


@login_required
@require_http_methods(["GET", "POST"])
def service_day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sd = get_service_day_for_user(request.user, pk, write="plan")
    form = ServiceDayForm(request.POST or None, instance=sd, township=sd.township)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The form was bound to the row read before: saved from it, a day deleted
            # meanwhile would come back (save() inserts what it cannot update) and
            # attendance recorded meanwhile would be written over. Lock and re-read,
            # then write the plan's own fields only.
            locked = ServiceDay.objects.select_for_update().filter(pk=sd.pk).first()
            if locked is None:
                messages.error(
                    request,
                    _("%(u)s%(d)s的服务日已被删除，修改未保存。")
                    % {"u": sd.unit.name, "d": sd.day.isoformat()},
                )
                return redirect("planning:service_days", code=sd.township.code)
            fields = list(ServiceDayForm.Meta.fields)
            construct_instance(form, locked, fields=fields)
            locked.save(update_fields=fields)
        messages.success(request, _("已保存"))
        return redirect("planning:service_day", pk=sd.pk)
    return _form_page(request, form, sd.township, _("修改服务日"))


@login_required
def notice_check(request: HttpRequest, code: str) -> HttpResponse:
    """htmx: the notice warning for the dates being typed, before saving."""
    get_township_for_user(request.user, code)
    from datetime import date

    try:
        day = date.fromisoformat(request.GET.get("day", ""))
        notice = date.fromisoformat(request.GET.get("notice_on", ""))
    except ValueError:
        return HttpResponse("")
    w = notice_warning(day, notice)
    return render(request, "planning/_notice_warning.html", {"warning": w})


@login_required
def service_day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sd = get_service_day_for_user(request.user, pk)
    # The engine's reasons, said in the page's language (core's catalogue has them).
    absent = [(_(r.label_zh), getattr(sd, f)) for f, r in ABSENT_FIELDS]
    warning = notice_warning(sd.day, sd.notice_on)
    return render(
        request,
        "planning/service_day_detail.html",
        {
            "sd": sd,
            "absent": absent,
            "warning": warning,
            "can_plan": can_manage_township(request.user, sd.township),
            "can_record": access_to_unit(request.user, sd.unit).edit,
            "delete_blocker": service_day_blocker(sd),
            "confirm": service_day_question(sd),
            "seen_recorded": recorded_token(sd),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_day_record(request: HttpRequest, pk: int) -> HttpResponse:
    sd = get_service_day_for_user(request.user, pk, write="record")
    initial = None
    if sd.recorded:
        initial = {"invited": sd.invited, "attended": sd.attended, "declined": sd.declined or 0}
        initial.update({f: getattr(sd, f) or 0 for f, _r in ABSENT_FIELDS})
    form = RecordForm(
        request.POST or None, unit=sd.unit, day=sd.day, today=today(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Saved from the row read before, a day deleted meanwhile would come
            # back (save() inserts what it cannot update): lock it and re-read.
            locked = ServiceDay.objects.select_for_update().filter(pk=sd.pk).first()
            if locked is None:
                messages.error(
                    request,
                    _("%(u)s%(d)s的服务日已被镇里删除，出勤情况未登记。")
                    % {"u": sd.unit.name, "d": sd.day.isoformat()},
                )
                return redirect("planning:village", code=sd.unit.code)
            form.apply(locked)
            locked.recorded_at = timezone.now()
            locked.recorded_by = request.user  # type: ignore[assignment]
            locked.save()
        sd = locked
        messages.success(
            request, _("已记录%(u)s服务日：见面率%(r)s") % {"u": sd.unit.name, "r": sd.rate}
        )
        return redirect("planning:service_day", pk=sd.pk)
    absent_fields = [form[f] for f, _r in ABSENT_FIELDS]
    return render(
        request,
        "planning/service_day_record.html",
        {"sd": sd, "form": form, "absent_fields": absent_fields},
    )


@login_required
def service_day_notice(request: HttpRequest, pk: int) -> HttpResponse:
    sd = get_service_day_for_user(request.user, pk)
    data = service_notices_docx(
        [sd.as_plan()], sd.notice_on, {sd.unit.code: sd.unit.name}, sd.township.name
    )
    return docx_response(data, f"服务通知单-{sd.unit.name}-{sd.day}.docx")


@login_required
def service_day_notices(request: HttpRequest, code: str) -> HttpResponse:
    """Every village's notice of the quarter, one to a page."""
    township = get_township_for_user(request.user, code)
    period = query_period(request) if request.GET.get("period") else quarter_of(today())
    days = list(
        ServiceDay.objects.filter(township=township, period=str(period)).select_related("unit")
    )
    if not days:
        # An empty document would look like a failed download.
        messages.warning(
            request,
            _("%(t)s%(p)s尚未安排服务日，没有服务通知单可下载。")
            % {"p": period.label_zh(), "t": township.name},
        )
        return redirect(f"{reverse('planning:service_days', args=[township.code])}?period={period}")
    names = {sd.unit.code: sd.unit.name for sd in days}
    # Each slip is dated the day its own notice goes out.
    blocks: list[Any] = []
    for i, sd in enumerate(days):
        if i:
            blocks.append(PageBreak())
        blocks += service_notice_blocks([sd.as_plan()], sd.notice_on, names, township.name)
    return docx_response(
        render_docx(blocks).to_bytes(), f"服务通知单-{township.name}-{period}.docx"
    )
