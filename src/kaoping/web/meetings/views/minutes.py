"""会议纪要 as a Word document, for whoever may read the meeting."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from kaoping.documents import MinutesAttendee, MinutesFollowUp, MinutesRecord, minutes_docx
from kaoping.engine import Period
from kaoping.web.assessment.rectifications import who_answers

from ..access import meeting_for
from ..models import Meeting

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def record_of(m: Meeting) -> MinutesRecord:
    items = [h.rectification for h in m.handled.select_related("rectification__unit")]
    approvals = []
    for ap in m.approvals.select_related("assessment", "approved_by"):
        a = ap.assessment
        who = "—"
        if ap.approved_by is not None:
            who = ap.approved_by.get_full_name() or ap.approved_by.username
        approvals.append(
            f"{Period.parse(a.period).label_zh()}考评（第{a.version}版），审定人：{who}"
        )
    return MinutesRecord(
        township=m.township.name,
        kind=m.get_kind_display(),
        day=m.date,
        title=m.title,
        place=m.place,
        chair=m.chair,
        recorder=m.recorder,
        attendees=[
            MinutesAttendee(a.name, a.role_label, a.present, a.reason) for a in m.attendees.all()
        ],
        agenda=m.agenda_lines,
        decisions=m.decision_lines,
        follow_ups=[
            MinutesFollowUp(i.unit.name, i.kind, who, i.due, i.get_state_display())
            for i, who in zip(items, who_answers(items), strict=True)
        ],
        approvals=approvals,
    )


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    m, _r = meeting_for(request.user, pk)
    response = HttpResponse(minutes_docx(record_of(m)), content_type=DOCX)
    name = f"{m.date:%Y%m%d}-{m.get_kind_display()}纪要.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
