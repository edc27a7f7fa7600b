"""Pages of a county's assessment of its townships (docs/county.md): the county's
dashboard (ranking, item heat map, completeness, drill down), its rubric
versions, one assessment with the townships' entries, and its workflow.

A province's or city's assessment of its counties (``region_assessment.py``) is the
same model and service: its pages run the same steps (``_detail``, ``_entry`` ...),
given an :class:`Assessing` that says what differs (the getters, who may, the URLs,
the template, the words)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from kaoping.engine import Period, RubricError, rollup_rule
from kaoping.web.core.asking import ask_first, confirmed
from kaoping.web.core.labels import period_label, role_text
from kaoping.web.core.models import Unit

from .. import acceptance, county, county_summary, services
from ..access import rights as township_rights
from ..county import CountyRights
from ..forms import CountyCreateForm, CountyEntryForm, RubricUploadForm
from ..models import CountyAssessment, RubricVersion
from ..notes import shown as notes_shown
from ..refusals import Refused
from .common import MAX_RUBRIC_BYTES, _english, _forbidden, _show

CS = CountyAssessment.Status

# A heat cell's share in whole percent, half up as every figure shown (62.5% -> 63%).
ONE = Decimal(1)
# How many of the county's approved assessments a township's trend shows.
TREND = 4


def _trend(assessments: list[CountyAssessment], upto: str | None) -> dict[str, list[Any]]:
    """Each township's total in the county's last approved or published assessments
    (one a period) up to ``upto``, oldest first."""
    latest = {a.period: a for a in county.newest_versions(assessments)}
    periods = sorted(latest, key=Period.parse)
    if upto in latest:
        periods = periods[: periods.index(upto) + 1]
    trend: dict[str, list[Any]] = {}
    for p in periods[-TREND:]:
        for u in latest[p].results.get("units", []):
            trend.setdefault(u["unit"], []).append((p, _show(u["total"])))
    return trend


def _refused(request: HttpRequest, refused: Refused, back: Mapping[str, Any]) -> HttpResponse:
    """The refusal page; ``back`` is its link back (``Assessing.back_home`` or
    ``back_detail``)."""
    return render(
        request,
        "assessment/county_refused.html",
        {"message": refused.message, "problems": refused.problems, **back},
        status=400,
    )


@dataclass(frozen=True)
class Assessing:
    """One kind of assessment of the level below: a county's of its townships
    (:data:`COUNTY`) or a province's or city's of its counties
    (``region_assessment.REGION``). Only what differs between them."""

    # The assessor by code, one assessment by pk, each with the reader's rights (404 else).
    get_assessor: Callable[[Any, str], tuple[Unit, CountyRights]]
    get_assessment: Callable[[Any, int], tuple[CountyAssessment, CountyRights]]
    # The URL names: the assessor's page is ``urls``, the rest ``urls`` + "_detail",
    # "_entry", "_compute", "_step", "_correct".
    urls: str
    template: str
    # The context's name for the assessor ("county", "region").
    assessor: str
    # Who may: the refusal of each step ("upload", "create", "entry", "compute",
    # "approve", "publish", "correct") to one who may not.
    refusals: Mapping[str, Promise]
    questions: Callable[[CountyAssessment], dict[str, str]]
    # The refusal page's link back: to the assessor's page and to one assessment.
    back_home: Callable[[str], dict[str, Any]]
    back_detail: Callable[[CountyAssessment], dict[str, Any]]
    # Whether one assessed unit's explanation lists its villages' figures.
    villages: bool = False

    def detail_url(self, a: CountyAssessment) -> str:
        return reverse(self.urls + "_detail", args=[a.pk])

    def links(self, a: CountyAssessment) -> dict[str, str]:
        """The assessment page's links: the assessor's page and its steps."""
        return {
            "home": reverse(self.urls, args=[a.county.code]),
            "entry": reverse(self.urls + "_entry", args=[a.pk]),
            "compute": reverse(self.urls + "_compute", args=[a.pk]),
            "approve": reverse(self.urls + "_step", args=[a.pk, "approve"]),
            "publish": reverse(self.urls + "_step", args=[a.pk, "publish"]),
            "correct": reverse(self.urls + "_correct", args=[a.pk]),
            # The name, for the links to the period's other versions.
            "detail_name": self.urls + "_detail",
        }


def _heat(rubric: Any, units: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """The heat map: one column per top-level item, a cell per township coloured by
    the share of the item's points it kept."""
    items = list(rubric.items)
    rows = []
    for u in units:
        cells = []
        for item in items:
            score = Decimal(u["scores"].get(item.path, "0"))
            cells.append(
                {"score": _show(score), "css": county.heat_class(score, item.max),
                 "share": f"{(score / item.max * 100).quantize(ONE, ROUND_HALF_UP)}%"
                 if item.max else "—"}
            )  # fmt: skip
        rows.append({"unit": u, "cells": cells, "total": _show(u["total"])})
    return [{"title": i.title, "max": _show(i.max)} for i in items], rows


def _ranking(units: list[dict[str, Any]], a: Any = None, lang: str = "zh") -> list[dict[str, Any]]:
    """The townships by rank; with the assessment, each one's lost points in ``lang``
    (worded for all of them at once)."""
    ranked = sorted(units, key=lambda u: (u["rank"] or 0, u["unit"]))
    lines = (
        county.explained_all(a, ranked, lang)
        if a is not None
        else [u["deductions"] for u in ranked]
    )
    return [
        {
            **u,
            "total_shown": _show(u["total"]),
            "lost": [{"text": d["text"], "points": _show(d["points"])} for d in lost],
            "acts": [{**act, "to_label": role_text(act["to"])} for act in u["actions"]],
        }
        for u, lost in zip(ranked, lines, strict=True)
    ]


# The assessments, the one chosen, its units and its heat map's heads and rows.
_Chosen = tuple[
    list[CountyAssessment], CountyAssessment | None, list[dict[str, Any]], list[Any],
    list[dict[str, Any]],
]  # fmt: skip


def _chosen(request: HttpRequest, unit: Unit, r: CountyRights) -> _Chosen:
    """The assessor's assessments the reader may see (approved or published only,
    but for one who reads all), the one chosen (``?period=``, else the newest
    computed), its units the reader sees and their heat map."""
    qs = CountyAssessment.objects.filter(county=unit).select_related("rubric")
    if not r.read_all:
        qs = qs.filter(status__in=[CS.APPROVED, CS.PUBLISHED])
    assessments = list(qs)
    wanted = request.GET.get("period", "")[:20]
    chosen = next((a for a in assessments if (a.period == wanted if wanted else a.computed)), None)
    if chosen is not None:
        # A corrected period is shown by the version that counts, not by its open
        # correction (whose own page shows it).
        counts = county.newest_versions([a for a in assessments if a.period == chosen.period])
        chosen = counts[0] if counts else chosen
    units: list[dict[str, Any]] = []
    heads: list[Any] = []
    heat: list[dict[str, Any]] = []
    if chosen is not None:
        units = county.visible_units(r, chosen, chosen.results.get("units", []))
        if units:
            heads, heat = _heat(services.parsed(chosen.rubric), units)
    return assessments, chosen, units, heads, heat


@login_required
def home(request: HttpRequest, code: str) -> HttpResponse:
    """The county's dashboard and its assessments."""
    unit, r = county.get_county(request.user, code)
    assessments, chosen, units, heads, heat = _chosen(request, unit, r)
    every_town = county.townships(unit)
    towns = every_town if r.read_all else [t for t in every_town if t.pk in r.own_townships]
    villages = county.villages_of(every_town)
    wanted = request.GET.get("period", "")[:20].strip()
    if chosen is not None:
        period: str | None = chosen.period
    elif wanted and acceptance.assessable(wanted):
        # A quarter or month without a county assessment: its completeness and the
        # townships' acceptance (a month where the township assesses months).
        period = str(Period.parse(wanted))
    else:
        period = county.latest_period(villages)
    done = county.completeness(period, towns, villages) if period else {}
    # A total as the ranking shows it (87.9), not its stored exact digits.
    ranked = {u["unit"]: {**u, "total_shown": _show(u["total"])} for u in units}
    quarter = bool(period) and acceptance.assessable(period or "")
    accepted = acceptance.states(towns, period) if period and quarter else {}
    may_accept = r.read_all and acceptance.may_accept(request.user, unit)
    trend = _trend(assessments, chosen.period if chosen is not None else None)
    side = []
    for t in towns:
        c = done.get(t.code, {"villages": 0, "reported": 0, "approved": 0})
        st = accepted.get(t.pk)
        side.append(
            {
                "town": t,
                "result": ranked.get(t.code),
                "done": c,
                "state": st,
                "open_assessment": (
                    st is not None and st.assessment is not None
                    and township_rights(request.user, t).read_all
                ),
                "reported_pct": f"{c['reported'] * 100 / c['villages']:.0f}%" if c["villages"] else "—",
                "approved_pct": f"{c['approved'] * 100 / c['villages']:.0f}%" if c["villages"] else "—",
                "drill": township_rights(request.user, t).any,
                "trend": trend.get(t.code, []),
            }
        )  # fmt: skip
    versions = county.rubric_versions(unit) if r.read_all else []
    return render(
        request,
        "assessment/county.html",
        {
            "above": [
                {**f, "total": _show(f["total"])} for f in county.rows_above(request.user, unit)
            ],
            "county": unit,
            "rights": r,
            "assessments": assessments,
            "chosen": chosen,
            "period": period,
            "side": side,
            "ranking": _ranking(units),
            "heads": heads,
            "heat": heat,
            "versions": versions,
            "may_accept": may_accept,
            "quarter": quarter,
            "acceptance_periods": acceptance.periods(towns) if r.read_all else [],
            "summary_periods": county_summary.summary_periods(unit) if r.read_all else [],
            "create_form": CountyCreateForm(versions) if r.prepare and versions else None,
            "upload_form": RubricUploadForm() if r.prepare else None,
        },
    )


def _upload_rubric(kind: Assessing, request: HttpRequest, code: str) -> HttpResponse:
    unit, r = kind.get_assessor(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, str(kind.refusals["upload"]))
    back = kind.back_home(code)
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
    return redirect(kind.urls, code=code)


def _create(kind: Assessing, request: HttpRequest, code: str) -> HttpResponse:
    unit, r = kind.get_assessor(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, str(kind.refusals["create"]))
    versions = county.rubric_versions(unit)
    form = CountyCreateForm(versions, request.POST)
    if not form.is_valid():
        return _refused(request, Refused(form.errors_text()), kind.back_home(code))
    rv = RubricVersion.objects.get(township=unit, number=form.cleaned_data["rubric"])
    try:
        a = county.create(unit, form.cleaned_data["period"], rv, request.user)
    except Refused as refused:
        return _refused(request, refused, kind.back_home(code))
    return redirect(kind.detail_url(a))


def _entry_grid(a: CountyAssessment, towns: list[Unit]) -> dict[str, Any]:
    """What the assessor's staff enter per assessed unit: the rubric's figures that
    do not add up and its manual items, with what is entered so far."""
    rubric = services.parsed(a.rubric)
    figures = [
        {"key": c, "label": el.label or c}
        for c, el in rubric.data_elements().items()
        if rollup_rule(el) == "none"
    ]
    manual = [{"key": n.path, "label": n.title, "max": _show(n.max)}
              for n in rubric.leaves() if n.has_manual]  # fmt: skip
    entered = {(e.township_id, e.kind, e.key): e for e in a.entries.all()}
    rows = []
    for t in towns:
        rows.append(
            {
                "town": t,
                "figures": [{**f, "entry": entered.get((t.pk, "figure", f["key"]))} for f in figures],
                "manual": [{**m, "entry": entered.get((t.pk, "deduction", m["key"]))} for m in manual],
            }
        )  # fmt: skip
    return {"figures": figures, "manual": manual, "rows": rows}


def _rolled_shown(value: Any) -> Any:
    """A rolled-up figure as the explanations above it say it: a share kept exact
    as a fraction (2/3) in four decimals (0.6667), anything else as kept."""
    text = str(value)
    if "/" not in text:
        return value
    from fractions import Fraction

    from kaoping.engine import format_number

    return format_number(Fraction(text), 4)


def _detail(kind: Assessing, request: HttpRequest, pk: int) -> HttpResponse:
    a, r = kind.get_assessment(request.user, pk)
    units = county.visible_units(r, a, a.results.get("units", []))
    problems = county.gather(a).problems if r.read_all and a.status == CS.DRAFT else []
    villages = a.snapshot.get("villages", {}) if kind.villages else {}
    rows = {row["unit"]: row for row in a.snapshot.get("rows", [])}
    rubric = services.parsed(a.rubric)
    elements = rubric.data_elements()
    explained = []
    lang = "en" if _english(request) else "zh"
    for u in _ranking(units, a, lang):
        rolled = rows.get(u["unit"], {})
        explained.append(
            {
                "u": u,
                "figures": [
                    {"label": el.label or c, "value": _rolled_shown(rolled.get(c, "—")),
                     "rule": rollup_rule(el)}
                    for c, el in elements.items()
                ],
                "villages": [
                    [v["name"], *[v.get(c) if v.get(c) is not None else "—" for c in elements]]
                    for v in villages.get(u["unit"], [])
                ],
            }
        )  # fmt: skip
    heads, heat = _heat(rubric, units) if units else ([], [])
    # Every version of the period (a correction and the one it corrects), for whoever reads all.
    every = county.versions(a) if r.read_all else []
    newer = next((v for v in every if v.version > a.version), None)
    grid = None
    if r.prepare and a.status == CS.DRAFT:
        grid = _entry_grid(a, county.assessed(a.county))
    return render(
        request,
        kind.template,
        {
            "a": a,
            "rights": r,
            kind.assessor: a.county,
            "links": kind.links(a),
            "ranking": _ranking(units),
            "explained": explained,
            "by_village": kind.villages,
            "element_labels": [el.label or c for c, el in elements.items()],
            "heads": heads,
            "heat": heat,
            "problems": problems,
            "grid": grid,
            "events": notes_shown(list(a.events.select_related("user"))) if r.read_all else [],
            "warnings": a.results.get("warnings", []) if r.read_all else [],
            "questions": kind.questions(a),
            "versions": every if len(every) > 1 else [],
            "newer": newer,
            "correctable": r.approve and a.frozen and newer is None,
            "reason_max": county.MAX_CORRECTION_REASON,
        },
    )


def _prepared(
    kind: Assessing, request: HttpRequest, pk: int
) -> tuple[CountyAssessment, CountyRights]:
    a, r = kind.get_assessment(request.user, pk)
    if not r.read_all:
        raise Http404
    return a, r


def _entry(kind: Assessing, request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _prepared(kind, request, pk)
    if not r.prepare:
        return _forbidden(request, str(kind.refusals["entry"]))
    form = CountyEntryForm(request.POST)
    if not form.is_valid():
        return _refused(request, Refused(form.errors_text()), kind.back_detail(a))
    d = form.cleaned_data
    try:
        county.enter(
            a.pk, d["township"], d["kind"], d["key"], d["value"], d["reason"], request.user
        )
    except Refused as refused:
        return _refused(request, refused, kind.back_detail(a))
    messages.success(request, _("已保存，需重新计算"))
    return redirect(kind.detail_url(a))


def _compute(kind: Assessing, request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _prepared(kind, request, pk)
    if not r.prepare:
        return _forbidden(request, str(kind.refusals["compute"]))
    try:
        county.compute(a.pk, request.user)
    except Refused as refused:
        return _refused(request, refused, kind.back_detail(a))
    messages.success(request, _("已计算"))
    return redirect(kind.detail_url(a))


# The right each step needs.
_RIGHT = {"approve": "approve", "publish": "prepare"}
_DONE = {"approve": gettext_lazy("已审定，结果已冻结"), "publish": gettext_lazy("已公布")}
_BUTTON = {"approve": gettext_lazy("确定审定"), "publish": gettext_lazy("确定公布")}


def _step(kind: Assessing, request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in _RIGHT:
        raise Http404
    a, r = _prepared(kind, request, pk)
    if not getattr(r, _RIGHT[action]):
        return _forbidden(request, str(kind.refusals[action]))
    # The page's form carries the revision it showed; an approval without one binds
    # to nothing and is refused like a stale one.
    try:
        revision: int | None = int(request.POST.get("revision", "")[:12])
    except ValueError:
        revision = -1 if action == "approve" else None
    back = kind.detail_url(a)
    if not confirmed(request):
        # Refused before being asked: a preparer, a stale page, a wrong status, a
        # village's report the townships have not approved or changed since.
        try:
            county.refuse_step(a, action, request.user, revision)
            if action == "approve":
                county.refuse_reports(a)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect(back)
        return ask_first(
            request,
            title=str(_BUTTON[action]),
            question=kind.questions(a)[action],
            button=str(_BUTTON[action]),
            back=back,
        )
    try:
        county.transition(a.pk, action, request.user, revision)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(request, str(_DONE[action]))
    return redirect(back)


def _correct(kind: Assessing, request: HttpRequest, pk: int) -> HttpResponse:
    """Start a correction (建立更正版本) of an approved or published assessment: one
    who may approve it, with a reason, asked first; the service decides under the
    assessment's lock."""
    a, r = _prepared(kind, request, pk)
    if not r.approve:
        return _forbidden(request, str(kind.refusals["correct"]))
    back = kind.detail_url(a)
    reason = request.POST.get("reason", "")
    if not confirmed(request):
        # Refused before being asked: a draft, an open correction, no reason.
        try:
            county.refuse_correction(a, reason)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect(back)
        return ask_first(
            request,
            title=_("建立更正版本"),
            question=kind.questions(a)["correct"],
            button=_("确定建立"),
            back=back,
        )
    try:
        new = county.correct(a.pk, reason, request.user)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(
        request, _("已建立第%(version)s版（草稿），原版本保留") % {"version": new.version}
    )
    return redirect(kind.detail_url(new))


def correct_question(a: CountyAssessment) -> str:
    """What starting a correction of the frozen ``a`` does (a county's or a region's
    alike): asked by the page's dialog and by the server's page alike."""
    return _(
        "建立更正版本后，%(assessor)s%(period)s考评新建第%(new)s版（草稿），带上第%(v)s版的"
        "%(entries)s项录入；第%(v)s版保留不变，在第%(new)s版审定前仍是有效版本，但不再锁定"
        "它读取的%(reports)s份村（社区）报表，乡镇可以解锁更正。第%(new)s版需要重新计算，"
        "并由未参与编制的领导审定。确定建立吗？"
    ) % {
        "assessor": a.county.name,
        "period": a.period,
        "v": a.version,
        "new": county.correction_version(a),
        "entries": a.entries.count(),
        "reports": len(a.snapshot.get("reports", [])),
    }


def step_questions(a: CountyAssessment) -> dict[str, str]:
    """What approving and publishing will do, with the number of townships ranked:
    asked by the buttons' dialog and, without scripts, by the server's page alike.
    (Publishing changes the status only: the townships read their rows once the
    assessment is approved, docs/county.md.)"""
    n = len(a.results.get("units", []))
    reports = len(a.snapshot.get("reports", []))
    return {
        "approve": _(
            "审定后%(county)s%(period)s考评的结果冻结：%(n)s个乡镇的得分和名次"
            "不能再录入或重新计算；它读取的%(reports)s份村（社区）报表随之锁定，"
            "乡镇不能再解锁更正。确定审定吗？"
        )
        % {"county": a.county.name, "period": a.period, "n": n, "reports": reports},
        "publish": _(
            "公布后%(county)s%(period)s考评%(n)s个乡镇的得分和名次即为正式结果，公布不能撤回。"
            "确定公布吗？"
        )
        % {"county": a.county.name, "period": a.period, "n": n},
        **({"correct": correct_question(a)} if a.frozen else {}),
    }


COUNTY = Assessing(
    get_assessor=county.get_county,
    get_assessment=county.get_assessment,
    urls="assessment:county",
    template="assessment/county_detail.html",
    assessor="county",
    refusals={
        "upload": gettext_lazy("只有县级管理员和工作人员可以上传考评细则"),
        "create": gettext_lazy("只有县级管理员和工作人员可以发起考评"),
        "entry": gettext_lazy("只有县级管理员和工作人员可以录入乡镇数据"),
        "compute": gettext_lazy("只有县级管理员和工作人员可以计算"),
        "approve": gettext_lazy("只有本县领导可以审定"),
        "publish": gettext_lazy("只有县级管理员和工作人员可以公布"),
        "correct": gettext_lazy("只有本县领导可以建立更正版本"),
    },
    questions=step_questions,
    # The refusal page links back to the county (``code``) or the assessment (``a``).
    back_home=lambda code: {"code": code},
    back_detail=lambda a: {"a": a},
    villages=True,
)


@login_required
@require_POST
def upload_rubric(request: HttpRequest, code: str) -> HttpResponse:
    return _upload_rubric(COUNTY, request, code)


@login_required
@require_POST
def create(request: HttpRequest, code: str) -> HttpResponse:
    return _create(COUNTY, request, code)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(COUNTY, request, pk)


@login_required
@require_POST
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry(COUNTY, request, pk)


@login_required
@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    return _compute(COUNTY, request, pk)


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    return _step(COUNTY, request, pk, action)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _correct(COUNTY, request, pk)


@login_required
@require_POST
def acceptance_step(request: HttpRequest, code: str) -> HttpResponse:
    """The county accepts a township's approved quarter or month (县级验收) or returns it with
    a reason (docs/county.md "Acceptance"); the service decides under its locks."""
    unit, r = county.get_county(request.user, code)
    if not r.read_all:
        raise Http404
    if not acceptance.may_accept(request.user, unit):
        return _forbidden(request, _("只有县级领导和工作人员可以验收或退回乡镇考评"))
    action = request.POST.get("action", "")
    town = request.POST.get("township", "")[:32]
    period = request.POST.get("period", "")[:10]
    back = reverse("assessment:county", args=[code]) + "?period=" + quote(period)
    try:
        if action == "accept":
            try:
                seen = int(request.POST.get("assessment", "")[:12])
            except ValueError:
                raise Refused(_("请从页面上的验收按钮提交")) from None
            row = acceptance.accept(unit, town, period, seen, request.user)
            messages.success(
                request,
                _("已验收%(town)s%(period)s考评（第%(v)s版），其读取的报表已锁定")
                % {
                    "town": row.township.name,
                    "period": period_label(row.period),
                    "v": row.assessment.version,
                },
            )
        elif action == "return":
            row = acceptance.return_to_township(
                unit, town, period, request.POST.get("reason", "")[:2000], request.user
            )
            messages.success(
                request,
                _("已退回%(town)s%(period)s考评，乡镇可解锁更正")
                % {"town": row.township.name, "period": period_label(row.period)},
            )
        else:
            raise Refused(_("操作无法识别：请使用页面上的验收或退回按钮"))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(back)
