"""A job's progress and outcome (an htmx fragment polled by the page that started
it, or a page of its own) and its cancel button; the jobs page (the periodic
entries with their last runs, and the recent jobs) for township admins."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.web.core.access import is_admin_user, readable_units

from . import queue, schedule
from .access import job_for
from .models import Job


def _render(
    request: HttpRequest, job: Job, may_cancel: bool, note: str = "", status: int = 200
) -> HttpResponse:
    kind = queue.KINDS.get(job.kind)
    context = {
        "job": job,
        "label": kind.label if kind else job.kind,
        "may_cancel": may_cancel,
        "note": note,
        "follow": request.GET.get("follow") == "1",
    }
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, "jobs/_job.html", context, status=status)
        if (
            context["follow"]
            and job.state == Job.State.SUCCEEDED
            and job.result_url.startswith("/")
        ):
            # The page that started the job moves on to its result once it is there.
            response["HX-Redirect"] = job.result_url
        return response
    return render(request, "jobs/job.html", context, status=status)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found, may_cancel = job_for(request.user, pk)
    return _render(request, found, may_cancel)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found, may_cancel = job_for(request.user, pk)
    if not may_cancel:
        return _render(request, found, False, _("只有发起人和镇办管理员可以取消"), status=403)
    note = ""
    try:
        if not queue.cancel(found):
            note = _("任务已经结束，无法取消")
    except OperationalError:
        # SQLite: the job holds the database's write lock while it commits.
        note = _("任务正在写入数据，暂时无法取消；请稍后刷新查看结果")
    found.refresh_from_db()
    return _render(request, found, may_cancel, note)


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """The schedule is the installation's, the same for every township, and says
    nothing of any unit's figures; the recent jobs are those of the units the admin
    may read."""
    if not is_admin_user(request.user):
        raise PermissionDenied
    recent = list(
        Job.objects.filter(unit__in=readable_units(request.user))
        # One job per notification sent would crowd out the work people started;
        # the notification log (notify) lists those.
        .exclude(kind="notify.deliver")
        .select_related("unit", "started_by")
        .order_by("-created_at", "-pk")[:50]
    )
    labels = {name: kind.label for name, kind in queue.KINDS.items()}
    return render(
        request,
        "jobs/list.html",
        {
            "entries": schedule.overview(),
            "recent": [(j, labels.get(j.kind, j.kind)) for j in recent],
        },
    )
