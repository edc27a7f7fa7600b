"""Reminders (提醒单): generated from what is outstanding, worked to resolution."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.documents import reminders_docx
from kaoping.engine import ReminderError, ReminderStatus, open_by_unit, transition
from kaoping.web.core.access import access_to_unit
from kaoping.web.core.asking import ask_first, confirmed
from kaoping.web.core.services import worded
from kaoping.web.jobs import enqueue
from kaoping.web.jobs.access import job_for
from kaoping.web.jobs.models import Job
from kaoping.web.jobs.queue import KINDS

from ..access import (
    can_manage_township,
    get_reminder_for_user,
    get_township_for_user,
    get_village_for_user,
)
from ..models import Deletion, Reminder, TargetFile
from ..services import as_engine, load_targets, reminders_due
from ..undo import recent_deletions, reminder_blocker
from .common import docx_response, query_period, today
from .undo import reminder_question


@login_required
def reminder_list(request: HttpRequest, code: str) -> HttpResponse:
    """The open reminders per unit, and every reminder of the period."""
    township = get_township_for_user(request.user, code)
    period = query_period(request, township)
    reminders = list(
        Reminder.objects.filter(township=township, period=str(period)).select_related("unit")
    )
    by_id = {r.number: r for r in reminders}
    grouped = open_by_unit(as_engine(r) for r in reminders)
    open_units: list[dict[str, Any]] = [
        {"unit": by_id[rs[0].id].unit, "reminders": [by_id[r.id] for r in rs]}
        for rs in grouped.values()
    ]
    return render(
        request,
        "planning/reminder_list.html",
        {
            "township": township,
            "period": period,
            "reminders": reminders,
            "open_units": open_units,
            "open_count": sum(len(g["reminders"]) for g in open_units),
            "can_issue": can_manage_township(request.user, township),
            "files": TargetFile.objects.filter(unit=township),
            "as_of": today(),
            "deletions": recent_deletions(township, Deletion.Kind.REMINDER),
            **_generating(request, township.pk, str(period)),
        },
    )


def _generating(request: HttpRequest, township_pk: int, period: str) -> dict[str, Any]:
    """The reminders job of this period while it is queued or running."""
    running = Job.objects.filter(
        kind="planning.reminders", key=f"reminders:{township_pk}:{period}", state__in=Job.ACTIVE
    ).first()
    if running is None:
        return {}
    job, may_cancel = job_for(request.user, running.pk)
    # Not followed: the fragment stays to show the outcome and its notes.
    return {"job": job, "label": KINDS[job.kind].label, "may_cancel": may_cancel}


@login_required
@require_POST
def reminder_generate(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    period = query_period(request, township)
    choice = request.POST.get("file", "shipped")[:20]
    if not confirmed(request):
        # A dry run of the same query: how many reminders to how many villages.
        targets, _name, _problems = load_targets(township, choice)
        counts = reminders_due(township, period, today(), targets).by_village()
        if counts:
            return ask_first(
                request,
                title=_("确定生成提醒单"),
                question=_(
                    "将向%(villages)s个村（居）发出%(n)s份%(period)s提醒单（截至%(as_of)s），"
                    "以领导小组名义下发，各村（居）即可看到并须签收办理；已下发过的同一事项"
                    "不重复生成。确定生成吗？"
                )
                % {
                    "villages": len(counts),
                    "n": sum(counts.values()),
                    "period": str(period),
                    "as_of": f"{today():%Y-%m-%d}",
                },
                details=[_("%(unit)s：%(n)s份") % {"unit": u, "n": n} for u, n in counts.items()],
                button=_("确定生成"),
                back=f"{request.path.rsplit('generate/', 1)[0]}?period={period}",
            )
    job = enqueue(
        "planning.reminders",
        unit=township,
        user=request.user,
        params={
            "period": str(period),
            "file": choice,
            "as_of": today().isoformat(),
        },
        key=f"reminders:{township.pk}:{period}",
    )
    if job.state == Job.State.SUCCEEDED:
        *notes, done = job.message.split("\n")
        for note in notes:
            messages.info(request, note)
        messages.success(request, done)
    elif not job.active:
        messages.error(request, job.message)
    return redirect(f"{request.path.rsplit('generate/', 1)[0]}?period={period}")


@login_required
def unit_reminders(request: HttpRequest, code: str) -> HttpResponse:
    """A village's reminders: the open ones first. A reporter sees only these."""
    unit = get_village_for_user(request.user, code)
    reminders = list(Reminder.objects.filter(unit=unit).order_by("-issued_on", "number"))
    return render(
        request,
        "planning/unit_reminders.html",
        {
            "unit": unit,
            "open": [r for r in reminders if r.is_open],
            "today": today(),
            "closed": [r for r in reminders if not r.is_open],
            "can_acknowledge": access_to_unit(request.user, unit).edit,
        },
    )


@login_required
def reminder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_reminder_for_user(request.user, pk)
    return render(request, "planning/reminder_detail.html", _detail_context(request, r))


def _detail_context(request: HttpRequest, r: Reminder, error: str = "") -> dict[str, Any]:
    return {
        "r": r,
        "error": error,
        "notes": [n for n in r.notes.split("\n") if n],
        "can_acknowledge": r.status == "issued" and access_to_unit(request.user, r.unit).edit,
        "can_resolve": r.status == "acknowledged" and can_manage_township(request.user, r.township),
        "can_delete": can_manage_township(request.user, r.township),
        "delete_blocker": reminder_blocker(r),
        "confirm": reminder_question(r),
        "today": today(),
        "escalations": list(r.escalations.all()),
    }


def _step(request: HttpRequest, pk: int, to: ReminderStatus) -> HttpResponse:
    r = get_reminder_for_user(
        request.user, pk, write="acknowledge" if to is ReminderStatus.ACKNOWLEDGED else "resolve"
    )
    note = request.POST.get("note", "").strip()[:500]
    with transaction.atomic():
        found = (
            Reminder.objects.select_for_update()
            .select_related("unit", "township")
            .filter(pk=r.pk)
            .first()
        )
        if found is None:
            # Deleted by the township while this page was open: nothing to sign.
            messages.error(
                request, _("提醒单%(n)s已被镇里删除，无需签收或办结。") % {"n": r.number}
            )
            return redirect("planning:village", code=r.unit.code)
        r = found
        try:
            moved = transition(as_engine(r), to, today(), note or None)
        except ReminderError as e:
            return render(
                request,
                "planning/reminder_detail.html",
                _detail_context(request, r, worded(str(e), e.message_zh)),
                status=409,
            )
        r.status = moved.status.value
        r.acknowledged_on = moved.acknowledged_on
        r.resolved_on = moved.resolved_on
        if note:
            who = request.user.get_username()
            r.notes = (r.notes + "\n" if r.notes else "") + f"{today()} {who}：{note}"
        r.save()
    messages.success(request, _("提醒单%(n)s：%(s)s") % {"n": r.number, "s": moved.status.label_zh})
    return redirect("planning:reminder", pk=r.pk)


@login_required
@require_POST
def reminder_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, ReminderStatus.ACKNOWLEDGED)


@login_required
@require_POST
def reminder_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, ReminderStatus.RESOLVED)


@login_required
def reminder_docx(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_reminder_for_user(request.user, pk)
    return docx_response(
        reminders_docx([as_engine(r)], r.township.name, today()), f"提醒单-{r.number}.docx"
    )


@login_required
def reminders_docx_open(request: HttpRequest, code: str) -> HttpResponse:
    """Every open reminder of the period, one to a page, for printing."""
    township = get_township_for_user(request.user, code)
    period = query_period(request, township)
    rs = [
        as_engine(r)
        for r in Reminder.objects.filter(township=township, period=str(period))
        .exclude(status="resolved")
        .select_related("unit")
    ]
    return docx_response(
        reminders_docx(rs, township.name, today()), f"提醒单-{township.name}-{period}.docx"
    )
