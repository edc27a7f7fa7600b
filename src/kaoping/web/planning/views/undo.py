"""Delete an allocation, a service day or a reminder not yet acknowledged: the
township's staff only, asked first (core.asking: on the server, and in the
browser's dialog with the same words), refused with the reason once something
depends on it (kaoping.web.planning.undo decides under the row lock)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kaoping.web.core.asking import ask_first, confirmed

from .. import undo
from ..access import (
    can_manage_township,
    get_allocation_for_user,
    get_reminder_for_user,
    get_service_day_for_user,
)
from ..models import Allocation, Reminder, ServiceDay


def allocation_question(alloc: Allocation) -> str:
    n = alloc.shares.count()
    return ngettext(
        "将删除任务分解“%(t)s”及分到%(n)s个村（社区）的数目，并留下删除记录；删除后可重新分解。确定删除吗？",
        "将删除任务分解“%(t)s”及分到%(n)s个村（社区）的数目，并留下删除记录；删除后可重新分解。确定删除吗？",
        n,
    ) % {"t": alloc.title, "n": n}


def service_day_question(sd: ServiceDay) -> str:
    words = {"u": sd.unit.name, "d": sd.day.isoformat()}
    if sd.recorded:
        return (
            _(
                "将删除%(u)s%(d)s的服务日安排，连同已登记的出勤情况，并留下删除记录；"
                "本季度见面率将不再计入这一次。确定删除吗？"
            )
            % words
        )
    return (
        _(
            "将删除%(u)s%(d)s的服务日安排，并留下删除记录；如已送达服务通知单，请另行告知村民。"
            "确定删除吗？"
        )
        % words
    )


def reminder_question(r: Reminder) -> str:
    return _(
        "将删除提醒单%(n)s（%(u)s），村里不再看到它，并留下删除记录；"
        "如所提问题仍未解决，下次生成提醒单时会重新生成。确定删除吗？"
    ) % {"n": r.number, "u": r.unit.name}


@login_required
@require_POST
def allocation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alloc = get_allocation_for_user(request.user, pk)
    if not can_manage_township(request.user, alloc.township):
        raise PermissionDenied
    # Asked only when the deletion can happen (the decision is still taken
    # under the row lock below).
    if not confirmed(request) and (why := undo.allocation_blocker(alloc)):
        messages.error(request, why)
        return redirect("planning:allocation", pk=alloc.pk)
    if not confirmed(request):
        return ask_first(
            request,
            title=_("删除任务分解"),
            question=allocation_question(alloc),
            button=_("删除这个任务分解"),
            back=reverse("planning:allocation", args=[alloc.pk]),
        )
    try:
        undo.delete_allocation(alloc.pk, request.user)
    except undo.Blocked as blocked:
        messages.error(request, blocked.message)
        return redirect("planning:allocation", pk=alloc.pk)
    messages.success(request, _("已删除任务分解“%(t)s”。") % {"t": alloc.title})
    return redirect("planning:allocations", code=alloc.township.code)


@login_required
@require_POST
def service_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sd = get_service_day_for_user(request.user, pk, write="plan")
    # Asked only when the deletion can happen (the decision is still taken
    # under the row lock below).
    if not confirmed(request) and (why := undo.service_day_blocker(sd)):
        messages.error(request, why)
        return redirect("planning:service_day", pk=sd.pk)
    if not confirmed(request):
        return ask_first(
            request,
            title=_("删除服务日"),
            question=service_day_question(sd),
            button=_("删除这次服务日"),
            back=reverse("planning:service_day", args=[sd.pk]),
        )
    try:
        undo.delete_service_day(sd.pk, request.user, seen=request.POST.get("seen_recorded"))
    except undo.Blocked as blocked:
        messages.error(request, blocked.message)
        return redirect("planning:service_day", pk=sd.pk)
    messages.success(
        request,
        _("已删除%(u)s%(d)s的服务日。") % {"u": sd.unit.name, "d": sd.day.isoformat()},
    )
    return redirect("planning:service_days", code=sd.township.code)


@login_required
@require_POST
def reminder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_reminder_for_user(request.user, pk, write="resolve")
    # Asked only when the deletion can happen (the decision is still taken
    # under the row lock below).
    if not confirmed(request) and (why := undo.reminder_blocker(r)):
        messages.error(request, why)
        return redirect("planning:reminder", pk=r.pk)
    if not confirmed(request):
        return ask_first(
            request,
            title=_("删除提醒单"),
            question=reminder_question(r),
            button=_("删除这张提醒单（尚未签收）"),
            back=reverse("planning:reminder", args=[r.pk]),
        )
    try:
        undo.delete_reminder(r.pk, request.user)
    except undo.Blocked as blocked:
        messages.error(request, blocked.message)
        return redirect("planning:reminder", pk=r.pk)
    messages.success(request, _("已删除提醒单%(n)s。") % {"n": r.number})
    return redirect("planning:reminders", code=r.township.code)
