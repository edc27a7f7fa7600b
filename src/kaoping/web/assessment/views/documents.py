"""Pages of the quarterly assessment: an assessment's documents: the bulletin, its
Excel annex, the work summary."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import Period
from kaoping.web.jobs import enqueue
from kaoping.web.jobs.models import Job

from .. import document_files, services
from ..access import get_assessment_for_user, get_township_for_user
from ..models import Assessment


def _document_source(request: HttpRequest, pk: int) -> tuple[Assessment, Any]:
    a, r = get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    if not a.computed:
        raise Http404
    return a, services.run_engine(a)


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(
    request: HttpRequest, town: Any, message: str, status: int, a: Assessment | None = None
) -> HttpResponse:
    if town.level == town.Level.COUNTY:  # the county's own documents: back to the county
        context = {"code": town.code, "a": a, "message": message, "problems": []}
        return render(request, "assessment/county_refused.html", context, status=status)
    return render(
        request,
        "assessment/refused.html",
        {"township": town, "a": a, "message": message, "problems": []},
        status=status,
    )


def _drawn_by_job(
    request: HttpRequest,
    *,
    town: Any,
    path: Any,
    job: tuple[str, dict[str, Any], str],
    page: tuple[str, dict[str, Any]],
    filename: str,
    failed_status: int,
) -> HttpResponse:
    """A document from the cache at ``path``; drawn the first time by the job
    ``(kind, params, key)``, whose page (``(template, context)``) follows it and
    downloads the file once it is there."""
    if not path.exists():
        kind, params, key = job
        found = enqueue(kind, unit=town, user=request.user, params=params, key=key)
        if found.state == Job.State.FAILED:
            return _refused(request, town, found.message, failed_status, page[1].get("a"))
        if not path.exists():
            template, context = page
            context = {**context, "job": found, "may_cancel": True, "follow": True}
            return render(request, template, context)
    return _download(path.read_bytes(), filename, DOCX)


def _cached_document(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    a, r = get_assessment_for_user(request.user, pk)
    if not r.read_all or not a.computed:
        raise Http404
    today = timezone.localdate()
    path = document_files.cache_path(a, what, today)
    params = {"assessment": a.pk, "what": what, "date": today.isoformat()}
    return _drawn_by_job(
        request,
        town=a.township,
        path=path,
        job=("assessment.document", params, f"document:{path.name}"),
        page=("assessment/document_job.html", {"a": a, "label": _("生成文档")}),
        filename=document_files.file_name(a, what),
        failed_status=503,
    )


@login_required
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    return _cached_document(request, pk, "bulletin")


@login_required
def annex(request: HttpRequest, pk: int) -> HttpResponse:
    from kaoping.documents import ANNEX_HEADERS, annex_rows
    from kaoping.io import write_xlsx

    a, result = _document_source(request, pk)
    rows = annex_rows(result, result.period(a.period))
    out = io.BytesIO()
    label = Period.parse(a.period).label_zh()
    write_xlsx(out, {f"{label}扣分明细": (ANNEX_HEADERS, rows)})
    return _download(out.getvalue(), document_files.file_name(a, "考评通报-扣分明细", "xlsx"), XLSX)


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    return _cached_document(request, pk, "summary")


@login_required
def monthly(request: HttpRequest, code: str) -> HttpResponse:
    """月通报 of a month (``?month=2026-03``): from the cache, else drawn by a job
    that the page follows to the download."""
    from kaoping.engine import PeriodError

    from .. import monthly as monthly_files

    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    text = request.GET.get("month", "")[:20]
    try:
        month: Period | None = Period.parse(text)
    except PeriodError:
        month = None
    if month is None or not month.is_month:
        message = _("月份“%(value)s”无效：请选择一个月份，如 2026-03") % {"value": text}
        return _refused(request, town, message, 400)
    today = timezone.localdate()
    path = monthly_files.cache_path(town, month, today)
    params = {"township": town.pk, "month": str(month), "date": today.isoformat()}
    context = {"township": town, "month": month, "label": _("生成月通报")}
    return _drawn_by_job(
        request,
        town=town,
        path=path,
        job=("assessment.monthly", params, f"monthly:{path.name}"),
        page=("assessment/monthly_job.html", context),
        filename=monthly_files.file_name(town, month),
        failed_status=503,
    )


def _half_or_year(request: HttpRequest) -> tuple[Period | None, str]:
    """The half-year or year the request asks for (``?period=2026H1``, ``2026年度``),
    else None and why, naming what was written."""
    from kaoping.engine import PeriodError

    text = request.GET.get("period", "")[:20]
    try:
        period: Period | None = Period.parse(text)
    except PeriodError:
        period = None
    if period is None or not (period.is_half or period.is_year):
        return None, _("期间“%(value)s”无效：请选择半年或年度，如 2026H1、2026年度") % {
            "value": text
        }
    return period, ""


@login_required
def period_summary(request: HttpRequest, code: str) -> HttpResponse:
    """工作总结 of a half-year or a year (``?period=2026H1``), formed from the
    quarters' approved assessments; drawn by a job the page follows."""
    from .. import period_summary as files

    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    period, refusal = _half_or_year(request)
    if period is None:
        return _refused(request, town, refusal, 400)
    today = timezone.localdate()
    path = files.cache_path(town, period, today)
    params = {"township": town.pk, "period": str(period), "date": today.isoformat()}
    context = {"township": town, "period": period, "label": _("生成工作总结")}
    # A half-year refused for its figures (a quarter not approved) is the request's
    # fault, not the server's.
    return _drawn_by_job(
        request,
        town=town,
        path=path,
        job=("assessment.period_summary", params, f"period-summary:{path.name}"),
        page=("assessment/period_summary_job.html", context),
        filename=files.file_name(town, period),
        failed_status=400,
    )


def _assessor_assessment(request: HttpRequest, pk: int, region: bool) -> Any:
    """The approved assessment ``pk`` of a county's townships (``region``: of a
    province's or a city's counties) for whoever reads all of it; else 404 (a
    ranked unit's own people read their row, not the documents)."""
    from .. import county

    get = county.get_region_assessment if region else county.get_assessment
    a, r = get(request.user, pk)
    if not (r.read_all and a.frozen):
        raise Http404
    return a


def _county_document(
    request: HttpRequest, pk: int, what: str, region: bool = False
) -> HttpResponse:
    """县级通报 or the county's 工作总结 of an approved assessment of its townships,
    for the county's staff and leaders (``region``: 省级通报 or 市级通报 and the
    summary of a province's or a city's of its counties, for whoever reads it all);
    drawn by a job as the township's are."""
    from .. import county_documents

    a = _assessor_assessment(request, pk, region)
    today = timezone.localdate()
    path = county_documents.cache_path(a, what, today)
    params = {"assessment": a.pk, "what": what, "date": today.isoformat()}
    kind, label = (
        ("assessment.region_document", _("生成省（市）级文档"))
        if region
        else ("assessment.county_document", _("生成县级文档"))
    )
    return _drawn_by_job(
        request,
        town=a.county,
        path=path,
        job=(kind, params, f"county-document:{path.name}"),
        page=("assessment/county_document_job.html", {"a": a, "label": label}),
        filename=county_documents.file_name(a, what),
        failed_status=503,
    )


def _county_annex(request: HttpRequest, pk: int, region: bool = False) -> HttpResponse:
    from .. import county_documents

    a = _assessor_assessment(request, pk, region)
    name = county_documents.file_name(a, county_documents.annex_title(a.county), "xlsx")
    return _download(county_documents.annex(a), name, XLSX)


@login_required
def county_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    return _county_document(request, pk, "bulletin")


@login_required
def county_summary(request: HttpRequest, pk: int) -> HttpResponse:
    return _county_document(request, pk, "summary")


@login_required
def county_annex(request: HttpRequest, pk: int) -> HttpResponse:
    return _county_annex(request, pk)


@login_required
def region_bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    """省级通报 or 市级通报 of an approved assessment of the counties."""
    return _county_document(request, pk, "bulletin", region=True)


@login_required
def region_summary(request: HttpRequest, pk: int) -> HttpResponse:
    return _county_document(request, pk, "summary", region=True)


@login_required
def region_annex(request: HttpRequest, pk: int) -> HttpResponse:
    return _county_annex(request, pk, region=True)


@login_required
def county_period_summary(request: HttpRequest, code: str) -> HttpResponse:
    """The county's 工作总结 of a half-year or a year (``?period=2026H1``), formed
    from its approved quarterly assessments of its townships; for the county's
    staff and leaders, drawn by a job the page follows."""
    from .. import county

    unit, r = county.get_county(request.user, code)
    return _assessor_period_summary(request, unit, r.read_all, region=False)


@login_required
def region_period_summary(request: HttpRequest, code: str) -> HttpResponse:
    """A province's or a city's 工作总结 of a half-year or a year, formed from its
    approved quarterly assessments of its counties, as the county's is; for
    whoever reads all of its assessments (its admins and leaders)."""
    from .. import county

    unit, r = county.get_region_assessor(request.user, code)
    return _assessor_period_summary(request, unit, r.read_all, region=True)


def _assessor_period_summary(
    request: HttpRequest, unit: Any, read_all: bool, region: bool
) -> HttpResponse:
    from .. import county_summary

    if not read_all:  # a ranked unit's own people read their row, not the summary
        raise Http404
    period, refusal = _half_or_year(request)
    if period is None:
        return _refused(request, unit, refusal, 400)
    today = timezone.localdate()
    path = county_summary.cache_path(unit, period, today)
    params = {"township": unit.pk, "period": str(period), "date": today.isoformat()}
    kind, label, back = (
        (
            "assessment.region_period_summary",
            _("生成省（市）级工作总结"),
            "assessment:region_assess",
        )
        if region
        else ("assessment.county_period_summary", _("生成县级工作总结"), "assessment:county")
    )
    context = {"county": unit, "period": period, "label": label, "back": back}
    return _drawn_by_job(
        request,
        town=unit,
        path=path,
        job=(kind, params, f"county-period-summary:{path.name}"),
        page=("assessment/county_period_summary_job.html", context),
        filename=county_summary.file_name(unit, period),
        failed_status=400,
    )
