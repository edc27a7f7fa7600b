"""The county's own targets (县级目标) of its townships: a targets file of the
county unit (docs/targets.md's format), uploaded by the county's admins and
assessors (``county.prepare``) and read by its staff and leaders
(``county.read``); a township's people, who read only their own row of the
county's assessment, and outsiders get 404. The page judges the newest file on
the townships' rolled-up figures of one of the county's computed assessments,
as the county's 工作总结 judges it (county_documents.county_targets). The
upload and the clauses' words are the township's targets page's
(planning.services.store_targets, clause_rows), for a county."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import Period
from kaoping.web.core.models import Unit
from kaoping.web.planning.forms import TargetsUploadForm
from kaoping.web.planning.models import TargetFile
from kaoping.web.planning.services import clause_rows, store_targets

from .. import county, county_documents, county_summary
from ..county import CountyRights
from ..models import CountyAssessment
from ..period_summary import NotFormed
from .common import _forbidden


def _county(request: HttpRequest, code: str) -> tuple[Unit, CountyRights]:
    unit, r = county.get_county(request.user, code)
    if not r.read_all:  # a township's people read only their own row: not this
        raise Http404
    return unit, r


@login_required
def targets(request: HttpRequest, code: str) -> HttpResponse:
    unit, r = _county(request, code)
    return render(request, "assessment/county_targets.html", _context(request, unit, r))


def _context(request: HttpRequest, unit: Unit, r: CountyRights) -> dict[str, Any]:
    computed = [
        a for a in CountyAssessment.objects.filter(county=unit).select_related("rubric")
        if a.computed
    ]  # fmt: skip
    # A half-year or a year as its 工作总结 judges it: formed from the approved quarters.
    halves = county_summary.summary_periods(unit)
    wanted = request.GET.get("period", "")[:20]
    chosen = next((a for a in computed if a.period == wanted), None)
    formed = next((p for p in halves if str(p) == wanted), None) if chosen is None else None
    if chosen is None and formed is None and computed:
        chosen = computed[0]
    files = list(TargetFile.objects.filter(unit=unit))
    results: list[Any] = []
    problems: list[str] = []
    if chosen is not None:
        results, problems = county_documents.county_targets(
            unit, county_documents.quarter_figures(chosen), Period.parse(chosen.period)
        )
    elif formed is not None:
        results, problems = _formed_targets(unit, formed)
    elif files:
        problems = county_documents.targets_file(unit)[1]
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    return {
        "county": unit,
        "files": files,
        "newest": files[0] if files else None,
        "computed": computed,
        "chosen": chosen,
        "halves": halves,
        "formed": formed,
        "problems": problems,
        "results": clause_rows(results, lang, county_documents.LEVEL),
        "can_upload": r.prepare,
        "upload_form": TargetsUploadForm(),
        "upload_problems": [],
    }


def _formed_targets(unit: Unit, period: Period) -> tuple[list[Any], list[str]]:
    """The targets of a half-year or a year judged as the county's 工作总结 of it
    judges them (county_summary.period_inputs): a target on an element that does
    not add up over periods is shown not judged, with the reason."""
    try:
        formed = county_summary.form(unit, period)
    except NotFormed as e:
        return [], [e.message]
    return county_documents.county_targets(
        unit,
        county_summary.period_figures(formed, period),
        period,
        formed.result.rubric.data_elements(),
    )


@login_required
@require_POST
def targets_upload(request: HttpRequest, code: str) -> HttpResponse:
    unit, r = _county(request, code)
    if not r.prepare:
        return _forbidden(request, _("只有县级管理员和工作人员可以上传县级目标文件"))
    form = TargetsUploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        tf, problems = store_targets(unit, form.cleaned_data["file"])
        if tf is not None:
            messages.success(request, _("已上传目标文件%(n)s") % {"n": tf.name})
            return redirect(reverse("assessment:county_targets", args=[unit.code]))
    else:
        problems.append(_("请选择要上传的目标文件"))
    # The problems go beside the upload field; the file in force stays in force.
    context = _context(request, unit, r)
    context["upload_problems"] = problems
    return render(request, "assessment/county_targets.html", context, status=400)
