"""A joint meeting's approvals: a leader approves a submitted assessment at the
meeting (the assessment's own guarded approval, and the meeting's record of it, in
one transaction), or the township admin links an approval made before."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.web.assessment.questions import step_questions
from kaoping.web.assessment.services import Refused
from kaoping.web.core.asking import ask_first, confirmed

from .. import services
from ..access import meeting_for
from .meetings import forbidden


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    m, r = meeting_for(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.approve:
        return forbidden(request, _("只有领导可以在联席会议上审定考评"))
    assessment = _int(request.POST.get("assessment", ""))
    if assessment is None:
        messages.error(request, _("请选择要审定的考评"))
        return redirect("meetings:detail", pk=m.pk)
    # A missing revision refuses, as the assessment page's own approve does.
    revision = _int(request.POST.get("revision", "")) or -1
    if not confirmed(request):
        try:
            a = services.refuse_approval_at_meeting(m, assessment, request.user, revision)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("meetings:detail", pk=m.pk)
        return ask_first(
            request,
            title=_("确定审定"),
            question=step_questions(a)["approve"],
            button=_("确定审定"),
            back=reverse("meetings:detail", args=[m.pk]),
        )
    try:
        approval = services.approve_at_meeting(m.pk, m.township, assessment, request.user, revision)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        a = approval.assessment
        messages.success(
            request,
            _("%(period)s考评第%(version)s版已在本次会议审定")
            % {"period": a.period, "version": a.version},
        )
    return redirect("meetings:detail", pk=m.pk)


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    m, r = meeting_for(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.write:
        return forbidden(request, _("只有镇办管理员可以关联审定记录"))
    assessment = _int(request.POST.get("assessment", ""))
    if assessment is None:
        messages.error(request, _("请选择已审定的考评"))
        return redirect("meetings:detail", pk=m.pk)
    try:
        services.link_approval(m.pk, m.township, assessment, request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已记录该考评在本次会议审定"))
    return redirect("meetings:detail", pk=m.pk)
