"""Pages of the quarterly assessment: rubrics, the ranking, a unit's explanation,
the workflow, the ledger, the year, checks across sources, documents."""

from __future__ import annotations

import contextlib
import io
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import (
    IMPLIED_EFFECTS,
    MEASURES,
    Period,
    PeriodError,
    RubricError,
    format_exact,
    format_number,
)
from kaoping.web.core.models import Unit

from . import services, sources
from .access import (
    _get_assessment_for_user,
    _get_township_for_user,
    may_see_ranking,
    may_see_unit,
    townships_for,
)
from .forms import CorrectForm, CreateForm, ManualForm, NoteForm, RubricUploadForm, SourceForm
from .models import Assessment, LedgerEntry, ManualDeduction, RubricVersion
from .rubric_diff import diff_rubrics
from .services import ROLE_LABELS, Refused

S = Assessment.Status
#: A rubric is a few kilobytes; anything near this is not one.
MAX_RUBRIC_BYTES = 1024 * 1024


def _english(request: HttpRequest) -> bool:
    return (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en")


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "assessment/forbidden.html", {"message": message}, status=403)


def _show(v: Decimal | str | None) -> str:
    """A computed figure as every shell shows it: two decimals, half up."""
    return "—" if v is None else format_number(Decimal(v))


# --- townships ------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    townships = townships_for(request.user)
    if len(townships) == 1:
        return redirect("assessment:township", code=townships[0].code)
    return render(request, "assessment/index.html", {"townships": townships})


def _quarters(township: Unit) -> list[str]:
    from kaoping.web.core.models import Report

    periods = {
        p
        for p in Report.objects.filter(unit__township=township)
        .values_list("period", flat=True)
        .distinct()
        if services._is_quarter(p)
    }
    return sorted(periods, key=Period.parse, reverse=True)


@login_required
def township(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    qs = Assessment.objects.filter(township=town).select_related("rubric")
    if not r.read_all:
        qs = qs.filter(status__in=[S.APPROVED, S.PUBLISHED])
    versions = services.rubric_versions(town) if r.read_all else []
    quarters = _quarters(town)
    form = CreateForm(versions, quarters) if r.prepare else None
    years = sorted({int(p[:4]) for p in quarters}, reverse=True)
    return render(
        request,
        "assessment/township.html",
        {
            "township": town,
            "rights": r,
            "assessments": list(qs),
            "form": form,
            "years": years,
        },
    )


@login_required
@require_POST
def create(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以发起考评"))
    versions = services.rubric_versions(town)
    form = CreateForm(versions, _quarters(town), request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查所填内容：") + form.errors_text())
        return redirect("assessment:township", code=code)
    rv = RubricVersion.objects.get(township=town, number=form.cleaned_data["rubric"])
    try:
        a = services.create_assessment(
            town, form.cleaned_data["period"], rv, request.user, form.cleaned_data["use_sources"]
        )
    except Refused as refused:
        return render(
            request,
            "assessment/refused.html",
            {"township": town, "message": refused.message, "problems": refused.problems},
            status=400,
        )
    messages.success(request, f"已创建 {a.period} 考评（草稿），请点“计算”")
    from .demo import add_demo_manual, is_demo_township

    if is_demo_township(town):
        # The demo township's figures carry the assessor's manual deductions: enter
        # them, so that the web app scores the quarter as `kaoping demo` does.
        with contextlib.suppress(Refused):
            if added := add_demo_manual(a, request.user):
                messages.info(request, f"演示数据：已录入{added}条人工扣分（见各村页面）")
    return redirect("assessment:detail", pk=a.pk)


# --- rubrics -------------------------------------------------------------------


@login_required
def rubrics(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    problems: list[str] = []
    form = RubricUploadForm()
    if request.method == "POST":
        if not r.prepare:
            return _forbidden(request, _("只有镇办管理员和工作人员可以上传考评细则"))
        form = RubricUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_RUBRIC_BYTES:
                problems = [
                    f"{upload.name}：文件有 {upload.size} 字节，考评细则文件不能超过 "
                    f"{MAX_RUBRIC_BYTES} 字节"
                ]
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    problems = [f"{upload.name}：文件不是 UTF-8 编码的文本，请另存为 UTF-8"]
            if not problems:
                try:
                    rv = services.upload_rubric(
                        town, text, upload.name, request.user, form.cleaned_data["note"]
                    )
                except RubricError as err:
                    problems = list(err.problems if _english(request) else err.problems_zh)
                else:
                    messages.success(request, f"已保存为第{rv.number}版：{rv.name}")
                    return redirect("assessment:rubrics", code=code)
    versions = services.rubric_versions(town)
    return render(
        request,
        "assessment/rubrics.html",
        {
            "township": town,
            "rights": r,
            "versions": versions,
            "form": form,
            "problems": problems,
        },
        status=400 if problems else 200,
    )


def _get_version(town: Unit, number: int) -> RubricVersion:
    rv = RubricVersion.objects.filter(township=town, number=number).first()
    if rv is None:
        raise Http404
    return rv


@login_required
def rubric_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    rv = _get_version(town, number)
    return render(request, "assessment/rubric_detail.html", {"township": town, "rv": rv})


@login_required
def rubric_diff(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        messages.error(request, _("请选择要比较的两个版本"))
        return redirect("assessment:rubrics", code=code)
    old, new = _get_version(town, a), _get_version(town, b)
    lines = diff_rubrics(services.parsed(old), services.parsed(new))
    return render(
        request,
        "assessment/rubric_diff.html",
        {"township": town, "old": old, "new": new, "lines": lines},
    )


# --- one assessment ----------------------------------------------------------------


def _items(a: Assessment) -> list[tuple[str, str, str]]:
    rubric = services.parsed(a.rubric)
    return [(n.path, n.title, _show(n.max)) for n in rubric.items]


_SORTS = {"rank", "unit", "total", "streak", "change", "group"}


def _sorted_rows(a: Assessment, sort: str, desc: bool) -> list[dict[str, Any]]:
    rows = []
    for u in a.results.get("units", []):
        change = None if u["previous_rank"] is None else u["previous_rank"] - u["rank"]
        rows.append({**u, "change": change})
    item_paths = {p for p, _, _ in _items(a)}

    def key(u: dict[str, Any]) -> Any:
        if sort == "unit":
            return u["unit"]
        if sort == "total":
            return Decimal(u["total"])
        if sort == "streak":
            return u["streak"]
        if sort == "change":
            return u["change"] if u["change"] is not None else -(10**6)
        if sort == "group":
            return u["group"] or ""
        if sort in item_paths:
            return Decimal(u["scores"].get(sort, "0"))
        return u["rank"]

    rows.sort(key=lambda u: (key(u), u["unit"]), reverse=desc)
    return rows


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _get_assessment_for_user(request.user, pk)
    if not may_see_ranking(r, a):
        # A reporter before publication: straight to their own village.
        own = Unit.objects.filter(pk__in=r.own_units).order_by("code").first()
        if own is None:
            raise Http404
        return redirect("assessment:unit", pk=a.pk, code=own.code)
    sort = request.GET.get("sort", "rank")
    if sort not in _SORTS and sort not in {p for p, _, _ in _items(a)}:
        sort = "rank"
    desc = request.GET.get("dir") == "desc"
    rows = _sorted_rows(a, sort, desc)
    items = _items(a)
    for u in rows:
        u["item_scores"] = [_show(u["scores"].get(p)) for p, _, _ in items]
        u["total_shown"] = _show(u["total"])
    versions = list(
        Assessment.objects.filter(township=a.township, period=a.period).order_by("version")
    )
    ledger = list(a.ledger.select_related("unit")) if r.read_all else []
    return render(
        request,
        "assessment/detail.html",
        {
            "a": a,
            "rights": r,
            "rows": rows,
            "items": items,
            "sort": sort,
            "desc": desc,
            "versions": versions,
            "events": list(a.events.select_related("user")) if r.read_all else [],
            "ledger": [_ledger_row(e) for e in ledger],
            "consequence_warnings": _consequence_warnings(a) if r.read_all else [],
            "notes": a.snapshot.get("notes", []),
            "note_form": NoteForm(),
            "correct_form": CorrectForm(),
            "unapproved": _unapproved_reports(a) if r.read_all and not a.frozen else 0,
            "blocking": services.blocking_reports(a) if r.read_all and not a.frozen else [],
        },
    )


def _action_note(act: dict[str, Any]) -> str:
    """Withheld and why, the follow-up's due date, the units a once-per-person award
    came from (RUBRIC.md §5.1)."""
    notes = []
    withheld = act.get("withheld")
    if withheld == "ineligible":
        notes.append(_("不予兑现：已取消评优资格"))
    elif withheld == "veto":
        notes.append(_("不予兑现：一票否决"))
    if act.get("due"):
        notes.append(_("限%(due)s前完成") % {"due": act["due"]})
    if len(act.get("from") or []) > 1:
        notes.append(_("合并兑现：%(units)s") % {"units": "、".join(act["from"])})
    return "；".join(notes)


def _consequence_warnings(a: Assessment) -> list[str]:
    """Actions that reach nobody (a role vacant on the quarter's last day), in the
    page's language; the engine words them in both."""
    key = "warnings_en" if (get_language() or "").startswith("en") else "warnings"
    return list(a.results.get(key, []))


def _unapproved_reports(a: Assessment) -> int:
    from kaoping.web.core.models import Report

    return (
        Report.objects.filter(unit__township=a.township, period=a.period)
        .exclude(status=Report.Status.APPROVED)
        .count()
    )


def _ledger_row(e: LedgerEntry) -> dict[str, Any]:
    return {
        "period": e.period,
        "unit": e.unit.name,
        "unit_code": e.unit.code,
        "to": ROLE_LABELS.get(e.to, e.to),
        "person": e.person or ("—" if e.to != "unit" else ""),
        "kind": e.kind,
        "amount": _show(e.amount) if e.amount is not None else "",
        "reason": e.reason,
    }


@login_required
def unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    a, r = _get_assessment_for_user(request.user, pk)
    target = Unit.objects.filter(code=code, township=a.township).first()
    if target is None or not may_see_unit(r, a, target):
        raise Http404
    rubric = services.parsed(a.rubric)
    result = next((u for u in a.results.get("units", []) if u["unit"] == code), None)
    whatifs = []
    figures = []
    if result is not None:
        env = {k: Fraction(Decimal(v)) for k, v in result["values"].items()}
        from .whatif import what_ifs

        whatifs = what_ifs(rubric, env)
        for c, e in rubric.data_elements().items():
            v = result["values"].get(c)
            figures.append({"code": c, "label": e.label or c, "value": _figure(e, v)})
    titles = {n.path: n.title for n in rubric.nodes()}
    titles.update({adj.path: adj.title for adj in rubric.adjustments})
    lost = []
    if result is not None:
        for d in result["deductions"]:
            lost.append(
                {**d, "title": titles.get(d["path"], d["path"]), "shown": _show(d["points"])}
            )
    bonuses = [
        {**d, "title": titles.get(d["path"], d["path"]), "shown": _show(d["points"])}
        for d in (result["bonuses"] if result else [])
    ]
    manual_nodes = [(n.path, n.title, _show(n.max)) for n in rubric.leaves() if n.has_manual]
    manuals = list(
        ManualDeduction.objects.filter(assessment=a, unit=target).select_related("author")
    )
    for m in manuals:
        m.title = titles.get(m.path, m.path)  # type: ignore[attr-defined]
    items = []
    if result is not None:
        for n in rubric.nodes():
            items.append(
                {
                    "path": n.path,
                    "title": n.title,
                    "depth": n.path.count("."),
                    "max": _show(n.max),
                    "score": _show(result["scores"].get(n.path)),
                    "full": Decimal(result["scores"].get(n.path, "0")) >= n.max,
                }
            )
    return render(
        request,
        "assessment/unit.html",
        {
            "a": a,
            "rights": r,
            "unit": target,
            "result": result,
            "total": _show(result["total"]) if result else None,
            "lost": lost,
            "bonuses": bonuses,
            "whatifs": whatifs,
            "figures": figures,
            "items": items,
            "manual_nodes": manual_nodes,
            "manuals": manuals,
            "form": ManualForm(manual_nodes),
            "actions": [
                {
                    **act,
                    "to_label": ROLE_LABELS.get(act["to"], act["to"]),
                    "amount_shown": _show(act["amount"]) if act["amount"] else "",
                    "note": _action_note(act),
                }
                for act in (result["actions"] if result else [])
            ],
            "can_see_ranking": may_see_ranking(r, a),
        },
    )


def _figure(e: Any, v: str | None) -> str:
    if v is None:
        return "—"
    if e.type.value == "bool":
        return "是" if Decimal(v) else "否"
    return format_exact(Decimal(v))


@login_required
@require_POST
def manual(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    a, r = _get_assessment_for_user(request.user, pk)
    target = Unit.objects.filter(code=code, township=a.township).first()
    if target is None or not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以录入人工扣分"))
    rubric = services.parsed(a.rubric)
    nodes = [(n.path, n.title, _show(n.max)) for n in rubric.leaves() if n.has_manual]
    form = ManualForm(nodes, request.POST)
    if not form.is_valid():
        messages.error(request, _("人工扣分未保存：") + form.errors_text())
    else:
        try:
            services.add_manual(
                a.pk,
                target,
                form.cleaned_data["path"],
                form.cleaned_data["points"],
                form.cleaned_data["reason"],
                request.user,
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("人工扣分已保存，请重新计算"))
    return redirect("assessment:unit", pk=a.pk, code=code)


@login_required
@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以计算"))
    try:
        services.compute(a.pk, request.user)
    except Refused as refused:
        return render(
            request,
            "assessment/refused.html",
            {
                "township": a.township,
                "a": a,
                "message": refused.message,
                "problems": refused.problems,
            },
            status=400,
        )
    messages.success(request, _("已按考评细则计算完成"))
    return redirect("assessment:detail", pk=a.pk)


_WHO = {
    "submit": ("prepare", gettext_lazy("只有镇办管理员和工作人员可以提交联席会议")),
    "return": ("approve", gettext_lazy("只有领导可以退回")),
    "approve": ("approve", gettext_lazy("只有领导可以审定")),
    "publish": ("publish", gettext_lazy("只有镇办管理员和工作人员可以公布")),
}
_DONE = {
    "submit": gettext_lazy("已提交联席会议"),
    "return": gettext_lazy("已退回修改"),
    "approve": gettext_lazy("已审定，结果已冻结"),
    "publish": gettext_lazy("已公布"),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in _WHO:
        raise Http404
    a, r = _get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    right, message = _WHO[action]
    if not getattr(r, right):
        return _forbidden(request, str(message))
    form = NoteForm(request.POST)
    note = form.data.get("note", "") if form.is_valid() else ""
    # The page's forms carry the revision they showed; an approval without one
    # binds to nothing and is refused like a stale one.
    try:
        revision: int | None = int(request.POST.get("revision", ""))
    except ValueError:
        revision = -1 if action == "approve" else None
    try:
        services.transition(a.pk, action, request.user, str(note), revision=revision)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("assessment:detail", pk=a.pk)
    messages.success(request, str(_DONE[action]))
    return redirect("assessment:detail", pk=a.pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    a, r = _get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.publish:
        return _forbidden(request, _("只有镇办管理员和工作人员可以发起更正"))
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明更正原因"))
        return redirect("assessment:detail", pk=a.pk)
    try:
        new = services.correct(a.pk, form.cleaned_data["reason"], request.user)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("assessment:detail", pk=a.pk)
    messages.success(request, f"已建立第{new.version}版（草稿），原版本保留")
    return redirect("assessment:detail", pk=new.pk)


# --- documents ---------------------------------------------------------------------


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
        data = summary_docx(result, a.period, township=a.township.name, when=timezone.localdate())
    except NoCJKFont:
        return _no_font(request, a)
    return _download(data, _doc_name(a, "工作总结", "docx"), DOCX)


# --- charts ---------------------------------------------------------------------------


def _png(render_png: Any, *args: Any) -> HttpResponse:
    from kaoping.documents import NoCJKFont

    try:
        data = render_png(*args)
    except NoCJKFont:
        # No Chinese font on the server: no picture rather than boxes.
        raise Http404 from None
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _ranking_page_chart(request: HttpRequest, pk: int, draw: Any) -> HttpResponse:
    """A chart of the whole quarter: for whoever may see the ranking."""
    a, r = _get_assessment_for_user(request.user, pk)
    if not a.computed or not may_see_ranking(r, a):
        raise Http404
    result = services.run_engine(a)
    return _png(draw, result, result.period(a.period))


@login_required
def ranking_chart(request: HttpRequest, pk: int) -> HttpResponse:
    from kaoping.documents import ranking_chart_png

    return _ranking_page_chart(request, pk, lambda _all, quarter: ranking_chart_png(quarter))


@login_required
def heatmap_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """Items by village, the share of each item's maximum scored."""
    from kaoping.documents import heatmap_png

    return _ranking_page_chart(request, pk, heatmap_png)


@login_required
def trend_chart(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A village's total over the quarters of this assessment's data."""
    from kaoping.documents import trend_chart_png

    a, r = _get_assessment_for_user(request.user, pk)
    target = Unit.objects.filter(code=code, township=a.township).first()
    if target is None or not a.computed or not may_see_unit(r, a, target):
        raise Http404
    result = services.run_engine(a)
    if not any(u.unit == code for p in result.periods for u in p):
        raise Http404
    return _png(trend_chart_png, result, code)


# --- ledger and year -----------------------------------------------------------------


# What a ledger entry means (RUBRIC.md §5.1), read from the stored results of its
# assessment: (assessment, unit, kind, to, person) -> (effect, withheld).
Effects = dict[tuple[int, str, str, str, str], tuple[str, str | None]]


def _effects(assessments: list[Assessment]) -> Effects:
    out: Effects = {}
    for a in assessments:
        for u in a.results.get("units", []):
            for act in u.get("actions", []):
                # Results stored before effects existed: the kind's implied effect.
                effect = act.get("effect") or IMPLIED_EFFECTS.get(act["kind"].strip(), "note")
                key = (a.pk, u["unit"], act["kind"], act["to"], act.get("person") or "")
                out.setdefault(key, (effect, act.get("withheld")))
    return out


def _effect_of(e: LedgerEntry, effects: Effects) -> tuple[str, str | None]:
    key = (e.assessment_id, e.unit.code, e.kind, e.to, e.person)
    return effects.get(key, (IMPLIED_EFFECTS.get(e.kind.strip(), "note"), None))


_CATEGORIES = {
    "award": "award",
    "fine": "fine",
    "commend": "commendation",
    "criticize": "criticism",
}


def _category(effect: str, withheld: str | None) -> str:
    if withheld is not None:
        return "withheld"
    return _CATEGORIES.get(effect, "other")


def ledger_totals(entries: list[LedgerEntry], effects: Effects) -> dict[str, dict[str, Any]]:
    """Per quarter and for the year: award and fine amounts, counts of commendations,
    criticisms, other measures and withheld awards, by each entry's effect."""
    totals: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "award": Decimal(0),
            "fine": Decimal(0),
            "commendation": 0,
            "criticism": 0,
            "other": 0,
            "withheld": 0,
        }
    )
    for e in entries:
        cat = _category(*_effect_of(e, effects))
        for key in (e.period, "year"):
            if cat in ("award", "fine"):
                totals[key][cat] += e.amount or Decimal(0)
            else:
                totals[key][cat] += 1
    return dict(totals)


def _year_entries(town: Unit, year: int) -> tuple[list[Assessment], list[LedgerEntry], Effects]:
    effective = services.effective_assessments(town, year)
    entries = list(
        LedgerEntry.objects.filter(assessment__in=effective)
        .select_related("unit", "assessment")
        .order_by("period", "unit__code", "id")
    )
    return effective, entries, _effects(effective)


@login_required
def ledger(request: HttpRequest, code: str, year: int) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    effective, entries, effects = _year_entries(town, year)
    totals = ledger_totals(entries, effects)
    quarters = [
        {"period": a.period, "version": a.version, "status": a.get_status_display(),
         **{k: (_show(v) if isinstance(v, Decimal) else v) for k, v in totals.get(a.period, {}).items()}}
        for a in effective
    ]  # fmt: skip
    year_total = {
        k: (_show(v) if isinstance(v, Decimal) else v) for k, v in totals.get("year", {}).items()
    }
    return render(
        request,
        "assessment/ledger.html",
        {
            "township": town,
            "year": year,
            "rows": [_ledger_row(e) for e in entries],
            "quarters": quarters,
            "year_total": year_total,
            "rights": r,
        },
    )


LEDGER_HEADERS = ["季度", "单位代码", "单位", "对象", "姓名", "措施", "金额（元）", "事由"]


@login_required
def ledger_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    from kaoping.io import write_xlsx

    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    _effective, entries, effects = _year_entries(town, year)
    rows = [
        [
            e.period,
            e.unit.code,
            e.unit.name,
            ROLE_LABELS.get(e.to, e.to),
            e.person,
            e.kind,
            e.amount,
            e.reason,
        ]
        for e in entries
    ]
    totals = ledger_totals(entries, effects)
    total_rows = [
        [
            key if key != "year" else f"{year}年合计",
            t["award"],
            t["fine"],
            t["commendation"],
            t["criticism"],
            t["other"],
            t["withheld"],
        ]
        for key, t in sorted(totals.items(), key=lambda kv: (kv[0] == "year", kv[0]))
    ]
    out = io.BytesIO()
    write_xlsx(
        out,
        {
            f"{year}年奖惩台账": (LEDGER_HEADERS, rows),
            "合计": (
                [
                    "季度",
                    "奖励金额",
                    "罚款金额",
                    "表扬（人次）",
                    "批评（人次）",
                    "其他措施（人次）",
                    "不予兑现（人次）",
                ],
                total_rows,
            ),
        },
    )
    return _download(out.getvalue(), f"{town.name}{year}年考评奖惩台账.xlsx", XLSX)


@login_required
def year_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    effective, entries, effects = _year_entries(town, year)
    periods = [a.period for a in effective]
    by_unit: dict[str, dict[str, Any]] = {}
    for a in effective:
        for u in a.results.get("units", []):
            row = by_unit.setdefault(
                u["unit"], {"unit": u["unit"], "name": u["name"], "cells": {},
                            "yellow_periods": set(), "key_periods": set(), "ineligible": set(),
                            "unfit": set(), "carried": []},
            )  # fmt: skip
            row["cells"][a.period] = u
            for c in u.get("carried", []):
                row["carried"].append(f"{c['kind']}（{Period.parse(c['period']).label_zh()}）")
    for e in entries:
        found = by_unit.get(e.unit.code)
        if found is None:
            continue
        effect, _withheld = _effect_of(e, effects)
        # A card is on the village's record once a quarter, however many lines name it.
        if effect == "yellow_card":
            found["yellow_periods"].add(e.period)
        if effect == "key_management":
            found["key_periods"].add(e.period)
        if effect in ("ineligible", "unfit"):
            found[effect].add(f"{ROLE_LABELS.get(e.to, e.to)}{e.person}")
    for row in by_unit.values():
        row["yellow"] = len(row.pop("yellow_periods"))
        row["key_management"] = len(row.pop("key_periods"))
    group = {"top": "前列", "bottom": "后列"}
    rows = []
    for _code, row in sorted(by_unit.items()):
        cells = []
        for p in periods:
            u = row["cells"].get(p)
            cells.append(
                None
                if u is None
                else {
                    "rank": u["rank"],
                    "total": _show(u["total"]),
                    "group": group.get(u["group"] or "", ""),
                    "streak": u["streak"],
                }
            )
        rows.append(
            {**row, "cells": cells, "ineligible": sorted(row["ineligible"]),
             "unfit": sorted(row["unfit"])}
        )  # fmt: skip
    return render(
        request,
        "assessment/year.html",
        {"township": town, "year": year, "periods": periods, "rows": rows, "rights": r},
    )


# --- checks across sources --------------------------------------------------------------


@login_required
def sources_view(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    problems: list[str] = []
    if request.method == "POST":
        if not r.prepare:
            return _forbidden(request, _("只有镇办管理员和工作人员可以导入核对数据"))
        if "file" in request.FILES:
            problems = sources.import_file(town, request.FILES["file"], request.user)
            if not problems:
                messages.success(request, _("已导入"))
                return redirect("assessment:sources", code=code)
        else:
            form = SourceForm(request.POST)
            if form.is_valid():
                problems = sources.save_one(town, form.cleaned_data, request.user)
                if not problems:
                    messages.success(request, _("已保存"))
                    return redirect(reverse("assessment:sources", args=[code]))
            else:
                problems = [f"表单：{form.errors_text()}"]
    period = request.GET.get("period") or ""
    context = sources.page(town, period)
    context.update(
        {
            "township": town,
            "rights": r,
            "problems": problems,
            "form": SourceForm(),
            "measures": MEASURES,
        }
    )
    return render(request, "assessment/sources.html", context, status=400 if problems else 200)


@login_required
@require_POST
def resolve(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以标记已核实"))
    unit_code = request.POST.get("unit", "")
    period = request.POST.get("period", "")
    measure = request.POST.get("measure", "")
    target = Unit.objects.filter(code=unit_code, township=town).first()
    try:
        Period.parse(period)
    except PeriodError:
        target = None
    if target is None or measure not in MEASURES:
        messages.error(request, _("找不到要标记的核对记录"))
    else:
        sources.resolve(town, target, period, measure, request.POST.get("note", ""), request.user)
        messages.success(request, f"{target.name} {period} 已标记为已核实")
    return redirect(reverse("assessment:sources", args=[code]) + f"?period={period}")
