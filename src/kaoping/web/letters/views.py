"""The letters pages: a township's list, a unit's letters, one letter with its
clauses, signing with the scan, acceptance clause by clause, and the .docx."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.documents import LetterClause, LetterParty, letter_blocks
from kaoping.documents import render as render_docx
from kaoping.web.core.access import get_unit_for_user
from kaoping.web.core.asking import ask_first, confirmed
from kaoping.web.planning.access import can_manage_township, get_township_for_user
from kaoping.web.planning.views.common import docx_response, today

from . import notes, services
from .access import get_letter_for_user
from .forms import (
    AllocationLettersForm,
    ClauseEditForm,
    ClauseForm,
    LetterEditForm,
    LetterForm,
    ReasonForm,
    SignForm,
)
from .models import Clause, Letter

K = Clause.Kind


@login_required
def letter_list(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code)
    can_edit = can_manage_township(request.user, township)
    letters = list(
        Letter.objects.filter(township=township).exclude(status=Letter.Status.DELETED)
        .select_related("unit", "campaign")
        .prefetch_related("clauses")
    )  # fmt: skip
    return render(
        request,
        "letters/list.html",
        {
            "township": township,
            "letters": letters,
            "can_edit": can_edit,
            "alloc_form": AllocationLettersForm(township=township) if can_edit else None,
        },
    )


@login_required
def unit_letters(request: HttpRequest, code: str) -> HttpResponse:
    unit, _a = get_unit_for_user(request.user, code)
    letters = (
        Letter.objects.filter(unit=unit)
        .exclude(status=Letter.Status.DELETED)
        .select_related("campaign")
        .prefetch_related("clauses")
    )
    return render(request, "letters/unit.html", {"unit": unit, "letters": letters})


@login_required
@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    form = LetterForm(request.POST or None, township=township, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            letter = services.create_letter(
                township, d["unit"], title=d["title"], year=d["year"], kind=d["kind"],
                campaign=d["campaign"], user=request.user,
            )  # fmt: skip
        except services.Refused as e:
            form.add_error(e.field or None, e.message)
        else:
            messages.success(request, _("已起草目标责任书，请增加条款"))
            return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/form_page.html",
        {"form": form, "township": township, "title": _("起草目标责任书")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def from_allocation(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    form = AllocationLettersForm(request.POST, township=township)
    if not form.is_valid():
        messages.error(request, _("请选择本镇的任务分解"))
        return redirect("letters:list", code=township.code)
    campaign = form.cleaned_data["campaign"]
    made = services.letters_from_allocation(
        form.cleaned_data["allocation"],
        request.user,
        campaign=campaign,
        kind=Letter.Kind.CAMPAIGN if campaign else Letter.Kind.ANNUAL,
    )
    messages.success(request, _("已生成%(n)d份目标责任书") % {"n": len(made)})
    return redirect("letters:list", code=township.code)


def clause_question(clause: Clause) -> str:
    return _("将删除第%(n)s条“%(text)s”，其余条款重新编号。确定删除吗？") % {
        "n": clause.number,
        "text": clause.text,
    }


def letter_question(letter: Letter) -> str:
    return _("将删除草稿“%(title)s”（%(unit)s），此后不再列出，记录保留。确定删除吗？") % {
        "title": letter.title,
        "unit": letter.unit.name,
    }


def _detail(request: HttpRequest, letter: Letter, **extra: Any) -> HttpResponse:
    can_edit = can_manage_township(request.user, letter.township)
    clauses = list(letter.clauses.all())
    for c in clauses:
        c.delete_question = clause_question(c)  # type: ignore[attr-defined]
    draft = letter.status == Letter.Status.DRAFT
    signatories = list(letter.signatories.all())
    events = list(letter.events.select_related("user"))
    notes.shown(clauses, signatories, events)
    context = {
        "letter": letter,
        "township": letter.township,
        "clauses": clauses,
        "signatories": signatories,
        "events": events,
        "can_edit": can_edit,
        "clause_form": ClauseForm() if can_edit and draft else None,
        "delete_form": ReasonForm(prefix="delete") if can_edit and draft else None,
        "correct_form": ReasonForm(prefix="correct")
        if can_edit
        and letter.status in (Letter.Status.SIGNED, Letter.Status.ACCEPTED)
        and not letter.corrections.exclude(status=Letter.Status.DELETED).exists()
        else None,
        "corrections": list(letter.corrections.exclude(status=Letter.Status.DELETED)),
        "draft": draft,
        "delete_question": letter_question(letter),
        "sign_form": SignForm(initial={"signed_on": today()}) if can_edit and draft else None,
        "result": notes.result_shown(letter.clauses_met or 0, len(clauses))
        if letter.clauses_met is not None
        else "",
        **extra,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "letters/detail.html", context, status=status)


@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_letter_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    if letter.status != Letter.Status.DRAFT:
        messages.error(request, _("责任书已签订，不能修改；如需修改，请发起更正"))
        return redirect("letters:detail", pk=letter.pk)
    initial = {"title": letter.title, "year": letter.year, "campaign": letter.campaign}
    form = LetterEditForm(request.POST or None, township=letter.township, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.edit_letter(
                letter.pk, title=d["title"], year=d["year"], campaign=d["campaign"],
                user=request.user,
            )  # fmt: skip
        except services.Refused as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, _("已保存"))
            return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/form_page.html",
        {"form": form, "township": letter.township, "title": _("修改目标责任书")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def letter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="delete")
    if form.is_valid() and letter.status == Letter.Status.DRAFT and not confirmed(request):
        return ask_first(
            request,
            title=_("删除草稿"),
            question=letter_question(letter),
            button=_("删除"),
            back=reverse("letters:detail", args=[letter.pk]),
        )
    if form.is_valid():
        try:
            services.delete_letter(letter.pk, form.cleaned_data["reason"], request.user)
        except services.Refused as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("已删除草稿"))
            return redirect("letters:list", code=letter.township.code)
    return _detail(request, letter, delete_form=form)


@login_required
@require_POST
def letter_correct(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="correct")
    if form.is_valid():
        try:
            new = services.correct(letter.pk, form.cleaned_data["reason"], request.user)
        except services.Refused as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request, _("已起草更正（第%(v)d版），须由另一人签订") % {"v": new.version}
            )
            return redirect("letters:detail", pk=new.pk)
    return _detail(request, letter, correct_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def clause_edit(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    clause = Clause.objects.filter(pk=cpk, letter=letter).first()
    if clause is None:
        raise Http404
    if letter.status != Letter.Status.DRAFT:
        messages.error(request, _("责任书已签订，不能修改；如需修改，请发起更正"))
        return redirect("letters:detail", pk=letter.pk)
    initial = {"text": clause.text, "target": clause.target, "path": clause.path,
               "period": clause.period}  # fmt: skip
    form = ClauseEditForm(request.POST or None, clause=clause, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.edit_clause(
                letter.pk, clause.pk, d["text"], request.user,
                target=d.get("target", "").strip(), path=d.get("path", "").strip(),
                period=d.get("period", "").strip(),
            )  # fmt: skip
        except services.Refused as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/form_page.html",
        {
            "form": form,
            "township": letter.township,
            "title": _("修改第%(n)d条") % {"n": clause.number},
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def clause_delete(request: HttpRequest, pk: int, cpk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    clause = Clause.objects.filter(pk=cpk, letter=letter).first()
    if clause is None:
        raise Http404
    # Asked only while the letter is a draft (a signed one is refused below, under
    # the lock, with its reason).
    if letter.status == Letter.Status.DRAFT and not confirmed(request):
        return ask_first(
            request,
            title=_("删除条款"),
            question=clause_question(clause),
            button=_("删除"),
            back=reverse("letters:detail", args=[letter.pk]),
        )
    try:
        services.remove_clause(letter.pk, cpk, request.user)
    except services.Refused as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("已删除条款"))
    return redirect("letters:detail", pk=letter.pk)


@login_required
@require_POST
def clause_new(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = ClauseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.add_clause(
                letter.pk, d["kind"], d["text"], request.user,
                target=d["target"].strip(), path=d["path"].strip(), period=d["period"].strip(),
            )  # fmt: skip
        except services.Refused as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            return redirect("letters:detail", pk=letter.pk)
    return _detail(request, letter, clause_form=form)


@login_required
@require_POST
def letter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = SignForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["scan"]
        limit = services.settings.KAOPING_LETTER_SCAN_BYTES
        try:
            if upload.size > limit:  # refuse before reading it into memory
                raise services.Refused(
                    str(services.SCAN_TOO_BIG)
                    % {"name": upload.name, "size": upload.size, "limit": limit},
                    "scan",
                )
            services.sign(
                letter.pk, form.cleaned_data["signed_on"], upload.name, upload.read(), request.user
            )
        except services.Refused as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, _("已签订"))
            return redirect("letters:detail", pk=letter.pk)
    return _detail(request, letter, sign_form=form)


@login_required
def letter_scan(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    if not letter.scan:
        return HttpResponse(status=404)
    response = HttpResponse(bytes(letter.scan), content_type=letter.scan_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(letter.scan_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _accept_rows(letter: Letter, on: date) -> list[dict[str, Any]]:
    return [{"clause": c, "figures": services.judge(c, letter, on)} for c in letter.clauses.all()]


@login_required
@require_http_methods(["GET", "POST"])
def letter_accept(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    error, field = "", ""
    on = today()
    if request.method == "POST":
        raw = request.POST.get("accepted_on", "").strip()
        try:
            on = date.fromisoformat(raw)
        except ValueError:
            error = _("验收日期：“%(raw)s”不是日期（例如2026-05-31）") % {"raw": raw[:20]}
            field = "accepted_on"
        if not error:
            judgements: dict[int, tuple[bool | None, str]] = {}
            for c in letter.clauses.all():
                verdict = request.POST.get(f"met_{c.pk}", "")
                met = {"yes": True, "no": False}.get(verdict)
                judgements[c.pk] = (met, request.POST.get(f"note_{c.pk}", "")[:300])
            try:
                services.accept(letter.pk, on, judgements, request.user)
            except services.Refused as e:
                error, field = e.message, e.field
            else:
                messages.success(request, _("已验收"))
                return redirect("letters:detail", pk=letter.pk)
    elif letter.status != Letter.Status.SIGNED:
        return redirect("letters:detail", pk=letter.pk)
    return render(
        request,
        "letters/accept.html",
        {
            "letter": letter,
            "township": letter.township,
            "rows": _accept_rows(letter, on),
            "on": on,
            "error": error,
            "field": field,
            "posted": request.POST,
        },
        status=400 if error else 200,
    )


def docx_blocks(letter: Letter) -> list[Any]:
    clauses = list(letter.clauses.all())
    signers = [(s.role_label, s.name) for s in letter.signatories.all()]
    accepted = letter.status == Letter.Status.ACCEPTED

    def result(c: Clause) -> str | None:
        if not accepted:
            return None
        verdict = "已完成" if c.met else "未完成"
        why = "；".join(x for x in (c.observed, c.note) if x)
        return f"{c.text}：{verdict}" + (f"（{why}）" if why else "")

    return letter_blocks(
        letter.title,
        LetterParty("甲方", letter.party_a),
        LetterParty("乙方", letter.unit.name, signers),
        [LetterClause(c.text, result(c)) for c in clauses],
        letter.signed_on,
        accepted_on=letter.accepted_on if accepted else None,
        overall=services.result_text(letter.clauses_met or 0, len(clauses)) if accepted else None,
    )


@login_required
def letter_docx(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    data = render_docx(docx_blocks(letter)).to_bytes()
    return docx_response(data, f"目标责任书-{letter.unit.name}-{letter.title}.docx")
