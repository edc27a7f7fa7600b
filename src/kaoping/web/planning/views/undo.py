"""Delete an allocation, a service day or a reminder not yet acknowledged: the
township's staff only, asked first on the page, refused with the reason once
something depends on it (kaoping.web.planning.undo decides under the row lock)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import undo
from ..access import (
    can_manage_township,
    get_allocation_for_user,
    get_reminder_for_user,
    get_service_day_for_user,
)


@login_required
@require_POST
def allocation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alloc = get_allocation_for_user(request.user, pk)
    if not can_manage_township(request.user, alloc.township):
        raise PermissionDenied
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
    try:
        undo.delete_reminder(r.pk, request.user)
    except undo.Blocked as blocked:
        messages.error(request, blocked.message)
        return redirect("planning:reminder", pk=r.pk)
    messages.success(request, _("已删除提醒单%(n)s。") % {"n": r.number})
    return redirect("planning:reminders", code=r.township.code)
