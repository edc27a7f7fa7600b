"""Pages of the quarterly assessment: one assessment: the ranking, a unit's
explanation, manual deductions, computing, the workflow steps and corrections."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import Absorbed, absorbed_lines, format_exact, reading_order
from kaoping.engine import absorbed_text as engine_absorbed_text
from kaoping.web.core.asking import ask_first, confirmed
from kaoping.web.core.labels import role_text, yes_no
from kaoping.web.core.models import Unit
from kaoping.web.jobs import enqueue
from kaoping.web.jobs.access import job_for
from kaoping.web.jobs.models import Job

from .. import services
from ..access import (
    get_assessment_for_user,
    may_see_ranking,
    may_see_unit,
)
from ..forms import CorrectForm, ManualForm, NoteForm
from ..models import Assessment, LedgerEntry, ManualDeduction
from ..notes import reason_shown
from ..notes import shown as notes_shown
from ..questions import correct_question, step_questions
from ..services import Refused
from .common import _forbidden, _show


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
    a, r = get_assessment_for_user(request.user, pk)
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
    versions = list(services.siblings(a).order_by("version"))
    ledger = list(a.ledger.select_related("unit", "area")) if r.read_all else []
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
            "events": notes_shown(list(a.events.select_related("user"))) if r.read_all else [],
            "ledger": [_ledger_row(e) for e in ledger],
            "consequence_warnings": _consequence_warnings(a) if r.read_all else [],
            "notes": a.snapshot.get("notes", []),
            "note_form": NoteForm(),
            "correct_form": CorrectForm(),
            "questions": step_questions(a) if r.read_all else {},
            "correct_question": correct_question(a) if a.frozen and r.publish else "",
            "unapproved": _unapproved_reports(a) if r.read_all and not a.frozen else 0,
            "blocking": services.blocking_reports(a) if r.read_all and not a.frozen else [],
            **(_compute_job(request, a) if r.read_all else {}),
        },
    )


def _compute_job(request: HttpRequest, a: Assessment) -> dict[str, Any]:
    """The latest computing job, while it runs or when it ended without results."""
    latest = Job.objects.filter(kind="assessment.compute", key=f"assessment:{a.pk}").first()
    if latest is None or latest.state == Job.State.SUCCEEDED:
        return {}
    if not latest.active and a.computed_at and latest.created_at < a.computed_at:
        return {}
    job, may_cancel = job_for(request.user, latest.pk)
    from kaoping.web.jobs.queue import KINDS

    return {"job": job, "label": KINDS[job.kind].label, "may_cancel": may_cancel, "follow": True}


def _action_note(act: dict[str, Any]) -> str:
    """Withheld and why, the follow-up's due date, the units a once-per-person award
    came from (RUBRIC.md §5.1)."""
    notes = []
    withheld = act.get("withheld")
    if withheld == "ineligible" and act.get("withheld_by"):
        notes.append(
            _("不予兑现：已在“%(campaign)s”专项活动考评中取消评优资格")
            % {"campaign": act["withheld_by"]}
        )
    elif withheld == "ineligible":
        notes.append(_("不予兑现：已取消评优资格"))
    elif withheld == "veto":
        notes.append(_("不予兑现：一票否决"))
    if act.get("due_rule") == "meeting":
        # RUBRIC.md §5.1 ``at: next_quarter_first_meeting``, no such meeting recorded yet.
        notes.append(
            _("下季度第一次例会召开之日前完成（未召开前暂按%(due)s）") % {"due": act["due"]}
        )
    elif act.get("due"):
        notes.append(_("限%(due)s前完成") % {"due": act["due"]})
    if len(act.get("from") or []) > 1:
        notes.append(
            _("合并兑现：%(units)s") % {"units": pgettext("list separator", "、").join(act["from"])}
        )
    return pgettext("sentence separator", "；").join(notes)


def _consequence_warnings(a: Assessment) -> list[str]:
    """Actions that reach nobody (a role vacant on the quarter's last day), in the
    page's language; the engine words them in both."""
    key = "warnings_en" if _language() == "en" else "warnings"
    return list(a.results.get(key, []))


def _language() -> str:
    """The engine's language for the page's: its English, else its Chinese."""
    return "en" if (get_language() or "").startswith("en") else "zh"


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
        "to": role_text(e.to),
        "person": e.person or ("—" if e.to != "unit" else ""),
        "kind": e.kind,
        "amount": _show(e.amount) if e.amount is not None else "",
        "reason": reason_shown(e.reason, e.period),
        "area": e.area.name if e.area is not None else "",
    }


@login_required
def unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    a, r = get_assessment_for_user(request.user, pk)
    target = Unit.objects.filter(code=code, township=a.township).first()
    if target is None or not may_see_unit(r, a, target):
        raise Http404
    rubric = services.scored_rubric(a)
    result = next((u for u in a.results.get("units", []) if u["unit"] == code), None)
    whatifs = []
    figures = []
    if result is not None:
        env = {k: Fraction(Decimal(v)) for k, v in result["values"].items()}
        from ..whatif import what_ifs

        whatifs = what_ifs(rubric, env, _language())
        for c, e in rubric.data_elements().items():
            v = result["values"].get(c)
            figures.append({"code": c, "label": e.label or c, "value": _figure(e, v)})
    titles = {n.path: n.title for n in rubric.nodes()}
    titles.update({adj.path: adj.title for adj in rubric.adjustments})
    lost = []
    bonuses = []
    if result is not None:
        # The explanations in the page's language: the engine words them again.
        lines, plus = services.explained(a, result, _language())
        lost = _lost_lines(rubric, result, titles, lines, _language())
        bonuses = [
            {**d, "title": titles.get(d["path"], d["path"]), "shown": _show(d["points"])}
            for d in plus
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
                    "to_label": role_text(act["to"]),
                    "amount_shown": _show(act["amount"]) if act["amount"] else "",
                    "note": _action_note(act),
                }
                for act in (result["actions"] if result else [])
            ],
            "can_see_ranking": may_see_ranking(r, a),
        },
    )


def absorbed_text(a: Absorbed, lang: str) -> str:
    """The line of a parent whose cap absorbed some of its parts' losses, in the
    reader's language, from the engine's one wording."""
    return engine_absorbed_text(a.title, a.max, a.parts_max, a.points, lang)


def _lost_lines(
    rubric: Any,
    result: dict[str, Any],
    titles: dict[str, str],
    deductions: list[dict[str, Any]],
    lang: str,
) -> list[dict[str, Any]]:
    """The unit's deductions (worded in ``lang``), and after them the line of each
    parent whose cap absorbed some of them (from the stored scores), so that the
    扣分 column adds up to what each item lost."""
    scores = {k: Decimal(v) for k, v in result["scores"].items()}
    out: list[dict[str, Any]] = []
    lines = reading_order(rubric, deductions, absorbed_lines(rubric, scores), lambda d: d["path"])
    for d in lines:
        if isinstance(d, Absorbed):
            out.append(
                {"path": d.path, "title": titles.get(d.path, d.title),
                 "shown": _show(-d.points), "text": absorbed_text(d, lang), "absorbed": True}
            )  # fmt: skip
        else:
            out.append(
                {**d, "title": titles.get(d["path"], d["path"]), "shown": _show(d["points"])}
            )
    return out


def _figure(e: Any, v: str | None) -> str:
    if v is None:
        return "—"
    if e.type.value == "bool":
        return yes_no(bool(Decimal(v)))
    return format_exact(Decimal(v))


@login_required
@require_POST
def manual(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    a, r = get_assessment_for_user(request.user, pk)
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
    a, r = get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以计算"))
    if a.status != Assessment.Status.DRAFT:
        # Said at once; the job checks it again under the assessment's lock.
        return _refused(
            request, a, _("该考评%(status)s，不能重新计算") % {"status": a.get_status_display()}, []
        )
    job = enqueue(
        "assessment.compute",
        unit=a.township,
        user=request.user,
        params={"assessment": a.pk},
        key=f"assessment:{a.pk}",
    )
    if job.state == Job.State.FAILED:
        # Run at once (KAOPING_JOBS_IMMEDIATE) and refused: the refusal page as before.
        return _refused(request, a, job.message, job.problems)
    if job.state == Job.State.SUCCEEDED:
        messages.success(request, _("已按考评细则计算完成"))
    return redirect("assessment:detail", pk=a.pk)


def _refused(
    request: HttpRequest, a: Assessment, message: str, problems: list[Any]
) -> HttpResponse:
    return render(
        request,
        "assessment/refused.html",
        {"township": a.township, "a": a, "message": message, "problems": problems},
        status=400,
    )


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


_ASKED = {"approve": gettext_lazy("确定审定"), "publish": gettext_lazy("确定公布")}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in _WHO:
        raise Http404
    a, r = get_assessment_for_user(request.user, pk)
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
    if action in _ASKED and not confirmed(request):
        # Refused before being asked: a preparer, a stale page, a wrong status.
        try:
            services.refuse_step(a, action, request.user, str(note), revision)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("assessment:detail", pk=a.pk)
        return ask_first(
            request,
            title=str(_ASKED[action]),
            question=step_questions(a)[action],
            button=str(_ASKED[action]),
            back=reverse("assessment:detail", args=[a.pk]),
        )
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
    a, r = get_assessment_for_user(request.user, pk)
    if not r.read_all:
        raise Http404
    if not r.publish:
        return _forbidden(request, _("只有镇办管理员和工作人员可以发起更正"))
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明更正原因"))
        return redirect("assessment:detail", pk=a.pk)
    if not confirmed(request):
        # Refused before being asked: a draft, an open correction, an accepted quarter.
        try:
            services.refuse_correction(a, form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("assessment:detail", pk=a.pk)
        return ask_first(
            request,
            title=_("建立更正版本"),
            question=correct_question(a),
            button=_("确定建立"),
            back=reverse("assessment:detail", args=[a.pk]),
        )
    try:
        new = services.correct(a.pk, form.cleaned_data["reason"], request.user)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("assessment:detail", pk=a.pk)
    messages.success(
        request, _("已建立第%(version)s版（草稿），原版本保留") % {"version": new.version}
    )
    return redirect("assessment:detail", pk=new.pk)
