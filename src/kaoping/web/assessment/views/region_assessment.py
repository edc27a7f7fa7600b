"""Pages of a province's or a city's assessment of its counties (省、市考核县,
docs/province.md): its assessments, rubric versions and ranking; one assessment
with the counties' entries and its workflow. The service is the county's
(``assessment/county.py``: the assessor ranks the level below it), and so are the
steps (``views/county.py``), given :data:`REGION`: what differs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import county, county_summary
from ..forms import CountyCreateForm, RubricUploadForm
from ..models import CountyAssessment
from .county import (
    Assessing,
    _chosen,
    _compute,
    _correct,
    _create,
    _detail,
    _entry,
    _ranking,
    _step,
    _upload_rubric,
    correct_question,
)


@login_required
def home(request: HttpRequest, code: str) -> HttpResponse:
    """The region's assessments of its counties, the chosen one's ranking (its
    counties' own rows for a county's people, once approved), its rubrics."""
    unit, r = county.get_region_assessor(request.user, code)
    assessments, chosen, units, heads, heat = _chosen(request, unit, r)
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
            "summary_periods": county_summary.summary_periods(unit) if r.read_all else [],
            "create_form": CountyCreateForm(versions) if r.prepare and versions else None,
            "upload_form": RubricUploadForm() if r.prepare else None,
        },
    )


def step_questions(a: CountyAssessment) -> dict[str, str]:
    """What approving and publishing will do, asked before either is done."""
    n = len(a.results.get("units", []))
    reports = len(a.snapshot.get("reports", []))
    return {
        "approve": _(
            "审定后%(region)s%(period)s考评的结果冻结：%(n)s个县的得分和名次"
            "不能再录入或重新计算；它读取的%(reports)s份村（社区）报表随之锁定，"
            "乡镇不能再解锁更正。确定审定吗？"
        )
        % {"region": a.county.name, "period": a.period, "n": n, "reports": reports},
        "publish": _(
            "公布后%(region)s%(period)s考评%(n)s个县的得分和名次即为正式结果，公布不能撤回。"
            "确定公布吗？"
        )
        % {"region": a.county.name, "period": a.period, "n": n},
        **({"correct": correct_question(a)} if a.frozen else {}),
    }


REGION = Assessing(
    get_assessor=county.get_region_assessor,
    get_assessment=county.get_region_assessment,
    urls="assessment:region_assess",
    template="assessment/region_assess_detail.html",
    assessor="region",
    refusals={
        "upload": gettext_lazy("只有本省（市）的管理员可以上传考核各县的细则"),
        "create": gettext_lazy("只有本省（市）的管理员可以发起对各县的考评"),
        "entry": gettext_lazy("只有本省（市）的管理员可以录入各县数据"),
        "compute": gettext_lazy("只有本省（市）的管理员可以计算"),
        "approve": gettext_lazy("只有本省（市）的领导可以审定"),
        "publish": gettext_lazy("只有本省（市）的管理员可以公布"),
        "correct": gettext_lazy("只有本省（市）的领导可以建立更正版本"),
    },
    questions=step_questions,
    back_home=lambda code: {"back": reverse("assessment:region_assess", args=[code])},
    back_detail=lambda a: {"back": reverse("assessment:region_assess_detail", args=[a.pk])},
)


@login_required
@require_POST
def upload_rubric(request: HttpRequest, code: str) -> HttpResponse:
    return _upload_rubric(REGION, request, code)


@login_required
@require_POST
def create(request: HttpRequest, code: str) -> HttpResponse:
    return _create(REGION, request, code)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(REGION, request, pk)


@login_required
@require_POST
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry(REGION, request, pk)


@login_required
@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    return _compute(REGION, request, pk)


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return _step(REGION, request, pk, action)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _correct(REGION, request, pk)
