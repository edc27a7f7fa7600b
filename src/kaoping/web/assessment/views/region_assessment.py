"""Pages of a province's or a city's assessment of its counties (省、市考核县,
docs/province.md): its assessments, rubric versions and ranking; one assessment
with the counties' entries and its workflow. The service is the county's
(``assessment/county.py``: the assessor ranks the level below it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from kaoping.engine import RubricError, rollup_rule
from kaoping.web.core.asking import ask_first, confirmed

from .. import county, services
from ..forms import CountyCreateForm, CountyEntryForm, RubricUploadForm
from ..models import CountyAssessment, RubricVersion
from ..notes import shown as notes_shown
from ..refusals import Refused
from .common import MAX_RUBRIC_BYTES, _english, _forbidden
from .county import _entry_grid, _heat, _ranking

CS = CountyAssessment.Status


def _refused(request: HttpRequest, refused: Refused, back: str) -> HttpResponse:
    return render(
        request,
        "assessment/county_refused.html",
        {"message": refused.message, "problems": refused.problems, "back": back},
        status=400,
    )


def _home_url(code: str) -> str:
    return reverse("assessment:region_assess", args=[code])


def _detail_url(pk: int) -> str:
    return reverse("assessment:region_assess_detail", args=[pk])


@login_required
def home(request: HttpRequest, code: str) -> HttpResponse:
    """The region's assessments of its counties, the chosen one's ranking (its
    counties' own rows for a county's people, once approved), its rubrics."""
    unit, r = county.get_region_assessor(request.user, code)
    qs = CountyAssessment.objects.filter(county=unit).select_related("rubric")
    if not r.read_all:
        qs = qs.filter(status__in=[CS.APPROVED, CS.PUBLISHED])
    assessments = list(qs)
    wanted = request.GET.get("period", "")[:20]
    chosen = next((a for a in assessments if (a.period == wanted if wanted else a.computed)), None)
    units: list[dict[str, Any]] = []
    heads: list[Any] = []
    heat: list[dict[str, Any]] = []
    if chosen is not None:
        units = county.visible_units(r, chosen, chosen.results.get("units", []))
        if units:
            heads, heat = _heat(services.parsed(chosen.rubric), units)
    versions = county.rubric_versions(unit) if r.read_all else []
    return render(
        request,
        "assessment/region_assess.html",
        {
            "region": unit,
            "rights": r,
            "assessments": assessments,
            "chosen": chosen,
            "ranking": _ranking(units),
            "heads": heads,
            "heat": heat,
            "versions": versions,
            "counties": county.assessed(unit) if r.read_all else [],
            "create_form": CountyCreateForm(versions) if r.prepare and versions else None,
            "upload_form": RubricUploadForm() if r.prepare else None,
        },
    )


@login_required
@require_POST
def upload_rubric(request: HttpRequest, code: str) -> HttpResponse:
    unit, r = county.get_region_assessor(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有本省（市）的管理员可以上传考核各县的细则"))
    back = _home_url(code)
    form = RubricUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, Refused(form.errors_text()), back)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_RUBRIC_BYTES:
        return _refused(request, Refused(
            _("%(name)s：文件有 %(size)s 字节，考评细则文件不能超过 %(limit)s 字节")
            % {"name": upload.name, "size": upload.size, "limit": MAX_RUBRIC_BYTES}
        ), back)  # fmt: skip
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refused(
            request,
            Refused(
                _("%(name)s：文件不是 UTF-8 编码的文本，请另存为 UTF-8") % {"name": upload.name}
            ),
            back,
        )
    try:
        rv = county.upload_rubric(unit, text, upload.name, request.user, form.cleaned_data["note"])
    except RubricError as err:
        problems = list(err.problems if _english(request) else err.problems_zh)
        return _refused(
            request,
            Refused(pgettext("sentence separator", "；").join(str(p) for p in problems[:20])),
            back,
        )
    messages.success(request, _("已保存为第%(n)s版：%(name)s") % {"n": rv.number, "name": rv.name})
    return redirect(back)


@login_required
@require_POST
def create(request: HttpRequest, code: str) -> HttpResponse:
    unit, r = county.get_region_assessor(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有本省（市）的管理员可以发起对各县的考评"))
    versions = county.rubric_versions(unit)
    form = CountyCreateForm(versions, request.POST)
    if not form.is_valid():
        return _refused(request, Refused(form.errors_text()), _home_url(code))
    rv = RubricVersion.objects.get(township=unit, number=form.cleaned_data["rubric"])
    try:
        a = county.create(unit, form.cleaned_data["period"], rv, request.user)
    except Refused as refused:
        return _refused(request, refused, _home_url(code))
    return redirect(_detail_url(a.pk))


def step_questions(a: CountyAssessment) -> dict[str, str]:
    """What approving and publishing will do, asked before either is done."""
    n = len(a.results.get("units", []))
    return {
        "approve": _(
            "审定后%(region)s%(period)s考评的结果冻结：%(n)s个县的得分和名次"
            "不能再录入或重新计算。确定审定吗？"
        )
        % {"region": a.county.name, "period": a.period, "n": n},
        "publish": _(
            "公布后%(region)s%(period)s考评%(n)s个县的得分和名次即为正式结果，公布不能撤回。"
            "确定公布吗？"
        )
        % {"region": a.county.name, "period": a.period, "n": n},
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    a, r = county.get_region_assessment(request.user, pk)
    units = county.visible_units(r, a, a.results.get("units", []))
    problems = county.gather(a).problems if r.read_all and a.status == CS.DRAFT else []
    rows = {row["unit"]: row for row in a.snapshot.get("rows", [])}
    elements = services.parsed(a.rubric).data_elements()
    lang = "en" if _english(request) else "zh"
    explained = [
        {
            "u": u,
            "figures": [
                {
                    "label": el.label or c,
                    "value": rows.get(u["unit"], {}).get(c, "—"),
                    "rule": rollup_rule(el),
                }
                for c, el in elements.items()
            ],
        }
        for u in _ranking(units, a, lang)
    ]
    heads, heat = _heat(services.parsed(a.rubric), units) if units else ([], [])
    grid = None
    if r.prepare and a.status == CS.DRAFT:
        grid = _entry_grid(a, county.assessed(a.county))
    return render(
        request,
        "assessment/region_assess_detail.html",
        {
            "a": a,
            "rights": r,
            "region": a.county,
            "ranking": _ranking(units),
            "explained": explained,
            "heads": heads,
            "heat": heat,
            "problems": problems,
            "grid": grid,
            "events": notes_shown(list(a.events.select_related("user"))) if r.read_all else [],
            "warnings": a.results.get("warnings", []) if r.read_all else [],
            "questions": step_questions(a),
        },
    )


def _prepared(request: HttpRequest, pk: int) -> tuple[CountyAssessment, Any]:
    a, r = county.get_region_assessment(request.user, pk)
    if not r.read_all:
        raise Http404
    return a, r


@login_required
@require_POST
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _prepared(request, pk)
    if not r.prepare:
        return _forbidden(request, _("只有本省（市）的管理员可以录入各县数据"))
    form = CountyEntryForm(request.POST)
    if not form.is_valid():
        return _refused(request, Refused(form.errors_text()), _detail_url(a.pk))
    d = form.cleaned_data
    try:
        county.enter(
            a.pk, d["township"], d["kind"], d["key"], d["value"], d["reason"], request.user
        )
    except Refused as refused:
        return _refused(request, refused, _detail_url(a.pk))
    messages.success(request, _("已保存，需重新计算"))
    return redirect(_detail_url(a.pk))


@login_required
@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _prepared(request, pk)
    if not r.prepare:
        return _forbidden(request, _("只有本省（市）的管理员可以计算"))
    try:
        county.compute(a.pk, request.user)
    except Refused as refused:
        return _refused(request, refused, _detail_url(a.pk))
    messages.success(request, _("已计算"))
    return redirect(_detail_url(a.pk))


_WHO = {
    "approve": ("approve", gettext_lazy("只有本省（市）的领导可以审定")),
    "publish": ("prepare", gettext_lazy("只有本省（市）的管理员可以公布")),
}
_DONE = {"approve": gettext_lazy("已审定，结果已冻结"), "publish": gettext_lazy("已公布")}
_BUTTON = {"approve": gettext_lazy("确定审定"), "publish": gettext_lazy("确定公布")}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in _WHO:
        raise Http404
    a, r = _prepared(request, pk)
    right, message = _WHO[action]
    if not getattr(r, right):
        return _forbidden(request, str(message))
    try:
        revision: int | None = int(request.POST.get("revision", "")[:12])
    except ValueError:
        revision = -1 if action == "approve" else None
    if not confirmed(request):
        try:
            county.refuse_step(a, action, request.user, revision)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect(_detail_url(a.pk))
        return ask_first(
            request,
            title=str(_BUTTON[action]),
            question=step_questions(a)[action],
            button=str(_BUTTON[action]),
            back=_detail_url(a.pk),
        )
    try:
        county.transition(a.pk, action, request.user, revision)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(_detail_url(a.pk))
    messages.success(request, str(_DONE[action]))
    return redirect(_detail_url(a.pk))
