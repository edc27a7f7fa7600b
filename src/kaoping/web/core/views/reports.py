"""The reporting form of one unit for one period: drafts, submit, return, approve."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..access import Access, get_dataset_for_user, get_unit_for_user, report_access
from ..asking import ask_first, confirmed
from ..forms import ReopenForm, ReturnForm
from ..models import DataSet, Report, Unit
from ..services import Conflict, Refused, show
from .common import parse_period


def get_report_for_user(
    user: Any, dataset_pk: int, unit_code: str, period: str
) -> tuple[Report, Access]:
    """The report (unsaved when nobody has written it yet) and what the user may do."""
    dataset = get_dataset_for_user(user, dataset_pk)
    parse_period(period, dataset)
    unit, _unit_access = get_unit_for_user(user, unit_code)
    if unit.township_id != dataset.township_id or not unit.reports_figures:
        from django.http import Http404

        raise Http404
    report = Report.objects.filter(dataset=dataset, unit=unit, period=period).first()
    if report is None:
        report = Report(dataset=dataset, unit=unit, period=period)
    else:
        # the ones read above, not two more queries on first use
        report.dataset, report.unit = dataset, unit
    return report, report_access(user, report)


def _fields(
    dataset: DataSet,
    report: Report,
    raw: dict[str, str] | None = None,
    errors: dict[str, list[str]] | None = None,
    conflicts: dict[str, tuple[Decimal | None, Decimal | None]] | None = None,
) -> list[dict[str, Any]]:
    saved = report.values() if report.pk else {}
    fields = []
    for e in dataset.elements.all():
        value = raw.get(e.code, "") if raw is not None else show(saved.get(e.code))
        field: dict[str, Any] = {
            "code": e.code,
            "label": e.label,
            "type": e.type,
            "value": value,
            "default": show(e.default) if e.default is not None else "",
            "errors": (errors or {}).get(e.code, []),
        }
        if conflicts and e.code in conflicts:
            mine, theirs = conflicts[e.code]
            field["conflict"] = {"mine": show(mine), "theirs": show(theirs)}
        fields.append(field)
    return fields


def _render(
    request: HttpRequest,
    report: Report,
    access: Access,
    fields: list[dict[str, Any]],
    *,
    version: int | None = None,
    conflict: bool = False,
    saved: str = "",
    refused: Refused | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "report": report,
        "dataset": report.dataset,
        "unit": report.unit,
        "period": report.period,
        "access": access,
        "fields": fields,
        "version": report.version if version is None else version,
        "conflict": conflict,
        "saved": saved,
        "has_errors": any(f["errors"] for f in fields),
        "deadline": report.dataset.deadline(report.period_obj),
        "return_form": ReturnForm(),
        "reopen_form": ReopenForm(),
        "approve_question": approve_question(report) if access.approve else "",
        "reopen_question": _reopen_question_or_refusal(report) if access.reopen else "",
        "refused": refused.message if refused is not None else "",
        "changed": _changed_rows(report.dataset, refused.changed) if refused is not None else [],
    }
    template = "kaoping/_report_form.html" if request.htmx else "kaoping/report.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


def _changed_rows(dataset: DataSet, changes: list[Any]) -> list[dict[str, str]]:
    labels = {e.code: e.label for e in dataset.elements.all()}
    return [
        {
            "label": labels.get(c.element, c.element),
            "old": show(c.old_value) or _("（空）"),
            "new": show(c.new_value) or _("（空）"),
            "user": c.user.get_username() if c.user is not None else "",
            "version": str(c.version),
        }
        for c in sorted(changes, key=lambda c: (c.version, c.pk))
    ]


@login_required
@require_http_methods(["GET", "POST"])
def report_view(request: HttpRequest, dataset_pk: int, unit_code: str, period: str) -> HttpResponse:
    report, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    dataset = report.dataset
    if request.method == "GET":
        return _render(request, report, access, _fields(dataset, report))

    action = request.POST.get("action", "save")
    if action not in ("save", "submit"):
        return HttpResponse(status=400)
    if not access.edit:
        raise PermissionDenied
    if action == "submit" and report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise PermissionDenied
    elements = list(dataset.elements.all())
    raw = {e.code: request.POST.get(e.code, "").strip() for e in elements}
    try:
        base_version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(status=400)
    # Read once for the page's check and the guard's (a submitted report's
    # figures are checked again under its lock).
    checks = (
        list(dataset.checks.all())
        if action == "submit" or report.status == Report.Status.SUBMITTED
        else None
    )
    checked = services.validate(
        dataset, raw, complete=action == "submit", elements=elements, checks=checks
    )
    if not checked.ok:
        return _render(request, report, access, _fields(dataset, report, raw, checked.errors))
    try:
        # A first save creates the report in the transaction of its figures
        # (save_figures): one commit, and no empty report left behind by a refusal.
        services.save_figures(
            report,
            checked.values,
            user=request.user,
            path="form",
            base_version=base_version,
            submit=action == "submit",
            elements=elements,
            checks=checks,
        )
    except Conflict as conflict:
        return _render(
            request,
            report,
            access,
            _fields(dataset, report, raw, conflicts=conflict.conflicts),
            version=conflict.version,
            conflict=True,
            status=409 if not request.htmx else 200,  # type: ignore[attr-defined]
        )
    except Refused as refused:
        # Decided under the report's lock: its status changed meanwhile, or a
        # submitted report would be left with figures that fail its checks.
        report, _access = get_report_for_user(request.user, dataset_pk, unit_code, period)
        return _render(
            request,
            report,
            report_access(request.user, report),
            _fields(dataset, report, raw, refused.errors),
            refused=refused,
            status=(400 if refused.errors else 409) if not request.htmx else 200,  # type: ignore[attr-defined]
        )
    if action == "submit":
        text = _("已提交。")
    else:
        text = _("已保存草稿。") if report.status != Report.Status.SUBMITTED else _("已保存。")
    if request.htmx:  # type: ignore[attr-defined]
        return _render(
            request,
            report,
            report_access(request.user, report),
            _fields(dataset, report),
            saved=text,
        )
    messages.success(request, text)
    return redirect("report", dataset_pk=dataset.pk, unit_code=unit_code, period=period)


@login_required
@require_POST
def report_check_field(
    request: HttpRequest, dataset_pk: int, unit_code: str, period: str, element: str
) -> HttpResponse:
    """One field checked as it is left (htmx): its message slot, nothing saved."""
    report, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    if not access.edit:
        raise PermissionDenied
    found = report.dataset.elements.filter(code=element).first()
    if found is None:
        return HttpResponse(status=404)
    checked = services.validate(
        report.dataset, {element: request.POST.get(element, "")}, complete=False, elements=[found]
    )
    return render(
        request,
        "kaoping/_field_error.html",
        {"code": element, "errors": checked.errors.get(element, [])},
    )


def _names(report: Report) -> dict[str, Any]:
    return {"unit": report.unit.name, "period": report.period, "dataset": report.dataset.name}


def approve_question(report: Report) -> str:
    """What approving the report does, naming it and the version shown: asked by
    the page's dialog and, without scripts, by the server's page alike."""
    return _(
        "审核通过后，%(unit)s %(period)s的%(dataset)s按现在的第%(version)s版锁定，"
        "村里不能再修改，需要修改时须由领导解锁更正。确定审核通过吗？"
    ) % {**_names(report), "version": report.version}


def reopen_question(report: Report) -> str:
    """What unlocking the approved report does, with the approved assessments that
    read it and will each get a correction (services.reopen_corrections); raises
    Refused where the reopening would be refused. Asked by the page's dialog and,
    without scripts, by the server's page alike."""
    corrected = services.reopen_corrections(report)
    if not corrected:
        return _(
            "解锁后，%(unit)s %(period)s的%(dataset)s退回修改，村里可以修改后重新提交；"
            "没有已审定的考评要因此更正。确定解锁吗？"
        ) % _names(report)
    names = pgettext("list separator", "、").join(
        _("%(township)s%(name)s考评第%(version)s版")
        % {"township": township, "name": name, "version": version}
        for township, name, version in corrected
    )
    return _(
        "解锁后，%(unit)s %(period)s的%(dataset)s退回修改，村里可以修改后重新提交；"
        "读过它的%(count)s个已审定考评（%(names)s）将各建立一个更正版本，"
        "需要重新计算和审定。确定解锁吗？"
    ) % {**_names(report), "count": len(corrected), "names": names}


def _reopen_question_or_refusal(report: Report) -> str:
    # On the page: a reopening the county's acceptance refuses asks nothing (the
    # server says why when the button is pressed).
    try:
        return reopen_question(report)
    except Refused:
        return ""


def _step_with_reason(
    request: HttpRequest,
    report_key: tuple[int, str, str],
    may: Callable[[Any], bool],
    form_class: type[forms.Form],
    step: Callable[[Report, Any, str], None],
    missing: str,
    done: str,
) -> HttpResponse:
    """A workflow step that needs a written reason (return, reopen): the same
    refusals, messages and redirect for each, the guard inside ``step``."""
    dataset_pk, unit_code, period = report_key
    report, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    if not may(access) or report.pk is None:
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
    else:
        try:
            step(report, request.user, form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, done)
    return redirect("report", dataset_pk=dataset_pk, unit_code=unit_code, period=period)


@login_required
@require_POST
def report_return(
    request: HttpRequest, dataset_pk: int, unit_code: str, period: str
) -> HttpResponse:
    return _step_with_reason(
        request,
        (dataset_pk, unit_code, period),
        lambda access: access.review,
        ReturnForm,
        services.return_for_correction,
        _("退回时必须填写原因。"),
        _("已退回修改。"),
    )


@login_required
@require_POST
def report_approve(
    request: HttpRequest, dataset_pk: int, unit_code: str, period: str
) -> HttpResponse:
    """Approve the report at the version the approver was shown; a report changed
    since answers 409 with the changes, and stays as it is."""
    report, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    if not access.approve or report.pk is None:
        raise PermissionDenied
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        return HttpResponse(status=400)
    try:
        if not confirmed(request):
            # Refused before being asked: a status or version changed, four eyes.
            services.refuse(report, "approve", request.user, version)
            return ask_first(
                request,
                title=_("审核通过并锁定"),
                question=approve_question(report),
                button=_("确定审核通过"),
                back=reverse("report", args=[dataset_pk, unit_code, period]),
            )
        services.approve(report, request.user, version=version)
    except Refused as refused:
        report.refresh_from_db()
        return _render(
            request,
            report,
            report_access(request.user, report),
            _fields(report.dataset, report),
            refused=refused,
            status=409,
        )
    messages.success(request, _("已审核并锁定。"))
    return redirect("report", dataset_pk=dataset_pk, unit_code=unit_code, period=period)


@login_required
@require_POST
def report_reopen(
    request: HttpRequest, dataset_pk: int, unit_code: str, period: str
) -> HttpResponse:
    """A leader unlocks an approved report for a correction, with a written reason;
    asked first, once the reason, the status and the county's acceptance allow it."""
    report, access = get_report_for_user(request.user, dataset_pk, unit_code, period)
    if not access.reopen or report.pk is None:
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid() and not confirmed(request):
        try:
            services.refuse(report, "reopen", request.user)
            question = reopen_question(report)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("report", dataset_pk=dataset_pk, unit_code=unit_code, period=period)
        return ask_first(
            request,
            title=_("解锁更正"),
            question=question,
            button=_("确定解锁"),
            back=reverse("report", args=[dataset_pk, unit_code, period]),
        )
    return _step_with_reason(
        request,
        (dataset_pk, unit_code, period),
        lambda access: access.reopen,
        ReopenForm,
        services.reopen,
        _("解锁更正时必须写明原因。"),
        _("已解锁，报表退回修改；已审定的考评将另起更正版本。"),
    )


__all__ = ["Unit", "report_approve", "report_reopen", "report_return", "report_view"]
