"""Pages of the quarterly assessment: an assessment's documents: the bulletin, its
Excel annex, the work summary."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import Period

from .. import services
from ..access import _get_assessment_for_user
from ..document_inputs import previous_follow_ups, summary_inputs
from ..models import Assessment

if TYPE_CHECKING:
    pass


def _document_source(request: HttpRequest, pk: int) -> tuple[Assessment, Any]:
    a, r = _get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    if not a.computed:
        raise Http404
    return a, services.run_engine(a)


def _no_font(request: HttpRequest, a: Assessment) -> HttpResponse:
    return render(
        request,
        "assessment/refused.html",
        {
            "township": a.township,
            "a": a,
            "message": _(
                "服务器上没有能显示中文的字体，无法生成含图表的文档；"
                "请管理员安装 fonts-noto-cjk 后重试"
            ),
            "problems": [],
        },
        status=503,
    )


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _doc_name(a: Assessment, what: str, ext: str) -> str:
    return f"{a.township.name}{Period.parse(a.period).label_zh()}{what}（第{a.version}版）.{ext}"


@login_required
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    from kaoping.documents import NoCJKFont, bulletin_docx

    a, result = _document_source(request, pk)
    people = services.engine_people(a.snapshot.get("people", []))
    try:
        data = bulletin_docx(
            result,
            a.period,
            people if len(people) else None,
            township=a.township.name,
            when=timezone.localdate(),
            annex_name=_doc_name(a, "考评通报-扣分明细", "xlsx"),
            follow_ups=previous_follow_ups(a, timezone.localdate()),
        )
    except NoCJKFont:
        return _no_font(request, a)
    return _download(data, _doc_name(a, "考评通报", "docx"), DOCX)


@login_required
def annex(request: HttpRequest, pk: int) -> HttpResponse:
    from kaoping.documents import ANNEX_HEADERS, annex_rows
    from kaoping.io import write_xlsx

    a, result = _document_source(request, pk)
    rows = annex_rows(result, result.period(a.period))
    out = io.BytesIO()
    label = Period.parse(a.period).label_zh()
    write_xlsx(out, {f"{label}扣分明细": (ANNEX_HEADERS, rows)})
    return _download(out.getvalue(), _doc_name(a, "考评通报-扣分明细", "xlsx"), XLSX)


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    from kaoping.documents import NoCJKFont, summary_docx

    a, result = _document_source(request, pk)
    try:
        today = timezone.localdate()
        inputs = summary_inputs(a, today)
        data = summary_docx(
            result,
            a.period,
            township=a.township.name,
            when=today,
            targets=inputs.targets,
            attendance=inputs.attendance,
            reporting=inputs.reporting,
            follow_ups=inputs.follow_ups,
        )
    except NoCJKFont:
        return _no_font(request, a)
    return _download(data, _doc_name(a, "工作总结", "docx"), DOCX)
