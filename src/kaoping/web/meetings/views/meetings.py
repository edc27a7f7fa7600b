"""The township's meetings: the list, recording one, its page, editing it and
marking who came."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.web.assessment.models import Assessment, Rectification
from kaoping.web.assessment.questions import step_questions
from kaoping.web.assessment.rectifications import who_answers
from kaoping.web.assessment.services import Refused

from .. import services
from ..access import MeetingRights, meeting_for, township_for, visible
from ..forms import MeetingForm, initial_of
from ..models import Meeting
from ..notes import shown

St = Rectification.State
#: A township holds a few meetings a month; ten years of them fit.
MAX_ROWS = 1000


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "assessment/forbidden.html", {"message": message}, status=403)


def _linkable(township: Any, meeting: Meeting | None) -> list[Rectification]:
    """Follow-ups a meeting may say it handled: every one not yet verified or
    withdrawn, and whatever the meeting handled already."""
    qs = Rectification.objects.filter(township=township).select_related("unit")
    keep = [h.rectification_id for h in meeting.handled.all()] if meeting else []
    items = [
        i
        for i in qs.order_by("-period", "unit__code", "kind", "id")
        if i.state in (St.OPEN, St.REPORTED) or i.pk in keep
    ]
    return items[:MAX_ROWS]


@login_required
def meeting_list(request: HttpRequest, code: str) -> HttpResponse:
    township, r = township_for(request.user, code)
    kind = request.GET.get("kind", "")
    qs = visible(Meeting.objects.filter(township=township), r)
    if kind in Meeting.Kind.values:
        qs = qs.filter(kind=kind)
    meetings = list(qs.order_by("-date", "-id")[:MAX_ROWS])
    return render(
        request,
        "meetings/list.html",
        {
            "township": township,
            "rights": r,
            "meetings": meetings,
            "kinds": Meeting.Kind.choices,
            "kind": kind,
            "quarter": services.quarter_of(timezone.localdate()),
        },
    )


def _draft_into(form_initial: dict[str, Any], township: Any, day: Any) -> services.AgendaDraft:
    draft = services.draft_agenda(township, services.quarter_of(day))
    form_initial["agenda"] = "\n".join(draft.lines)
    form_initial["handled"] = [str(i.pk) for i in draft.follow_ups]
    return draft


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


@login_required
def meeting_new(request: HttpRequest, code: str) -> HttpResponse:
    township, r = township_for(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.write:
        return forbidden(request, _("只有镇办管理员可以登记会议"))
    follow_ups = _linkable(township, None)
    draft = None
    if request.method == "POST":
        form = MeetingForm(request.POST, township=township, follow_ups=follow_ups)
        if form.is_valid():
            try:
                m = services.save_meeting(township, form.meeting_data(), request.user)
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("会议已登记"))
                return redirect("meetings:detail", pk=m.pk)
    else:
        kind = request.GET.get("kind", Meeting.Kind.REGULAR)
        day = _day(request.GET.get("date", "")) or timezone.localdate()
        initial: dict[str, Any] = {
            "kind": kind if kind in Meeting.Kind.values else Meeting.Kind.REGULAR,
            "date": day,
            "roles": ["secretary", "liaison_cadre", "area_chief"],
        }
        # The quarter's first 例会 hears what the last quarter's assessment asked.
        if initial["kind"] == Meeting.Kind.REGULAR and (
            request.GET.get("draft")
            or services.first_regular_meeting(township, services.quarter_of(day)) is None
        ):
            draft = _draft_into(initial, township, day)
        form = MeetingForm(initial=initial, township=township, follow_ups=follow_ups)
    return render(
        request,
        "meetings/form.html",
        {"township": township, "rights": r, "form": form, "meeting": None, "draft": draft},
    )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    m, r = meeting_for(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.write:
        return forbidden(request, _("只有镇办管理员可以修改会议记录"))
    township = m.township
    follow_ups = _linkable(township, m)
    draft = None
    if request.method == "POST":
        form = MeetingForm(request.POST, township=township, follow_ups=follow_ups)
        if form.is_valid():
            try:
                services.save_meeting(
                    township,
                    form.meeting_data(),
                    request.user,
                    pk=m.pk,
                    revision=form.cleaned_data.get("revision"),
                )
            except Refused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("会议记录已保存"))
                return redirect("meetings:detail", pk=m.pk)
    else:
        initial = initial_of(m)
        if request.GET.get("draft"):
            draft = _draft_into(initial, township, m.date)
        form = MeetingForm(initial=initial, township=township, follow_ups=follow_ups)
    return render(
        request,
        "meetings/form.html",
        {"township": township, "rights": r, "form": form, "meeting": m, "draft": draft},
    )


def _handled_rows(m: Meeting) -> list[dict[str, Any]]:
    items = [h.rectification for h in m.handled.select_related("rectification__unit")]
    today = timezone.localdate()
    return [
        {"item": i, "who": who, "overdue": i.overdue_on(today)}
        for i, who in zip(items, who_answers(items), strict=True)
    ]


def _asked(assessments: Any) -> list[Assessment]:
    """The submitted assessments, each with what approving it will do (its button's
    dialog asks it; the server asks the same without scripts)."""
    out = list(assessments)
    for a in out:
        a.question = step_questions(a).get("approve", "")
    return out


def _approvable(m: Meeting, r: MeetingRights) -> dict[str, list[Assessment]]:
    if m.kind != Meeting.Kind.JOINT or not r.read_all:
        return {"submitted": [], "approved": []}
    qs = Assessment.objects.filter(township=m.township).order_by("-period", "-version")
    return {
        "submitted": _asked(qs.filter(status=Assessment.Status.SUBMITTED)) if r.approve else [],
        "approved": list(
            qs.filter(
                status__in=[Assessment.Status.APPROVED, Assessment.Status.PUBLISHED],
                approving_meeting__isnull=True,
            )
        )
        if r.write
        else [],
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m, r = meeting_for(request.user, pk)
    attendees = list(m.attendees.select_related("unit"))
    events = list(m.events.select_related("user")[:200]) if r.read_all else []
    shown(attendees, events)
    return render(
        request,
        "meetings/detail.html",
        {
            "township": m.township,
            "rights": r,
            "meeting": m,
            "units": list(m.units.order_by("code")),
            "attendees": attendees,
            "handled": _handled_rows(m),
            "approvals": list(m.approvals.select_related("assessment", "approved_by")),
            "events": events,
            **_approvable(m, r),
        },
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    m, r = meeting_for(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.write:
        return forbidden(request, _("只有镇办管理员可以登记出席情况"))
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = -1
    marks: dict[int, tuple[bool, str]] = {}
    for a in m.attendees.all():
        present = request.POST.get(f"present-{a.pk}") == "on"
        reason = str(request.POST.get(f"reason-{a.pk}", ""))[:100]
        marks[a.pk] = (present, reason)
    try:
        services.set_attendance(m.pk, m.township, revision, marks, request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("出席情况已保存"))
    return redirect("meetings:detail", pk=m.pk)
