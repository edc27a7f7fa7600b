"""Pages of the inspections from above (上级抽查、验收): the township's list, a new
one, one inspection, and the findings in one sampled unit (docs/inspections.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaoping.engine import format_exact

from .. import inspections, services
from ..access import get_township_for_user
from ..forms import FindingsForm, InspectionForm
from ..models import InspectedUnit, Inspection, InspectionEvent
from ..notes import sampled_shown
from ..services import Refused
from .common import _forbidden
from .townships import _campaigns, _months, _quarters


def _township(request: HttpRequest, code: str) -> Any:
    town, r = get_township_for_user(request.user, code)
    if not inspections.may_read(request.user, town):
        raise Http404
    return town, r


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    i = Inspection.objects.filter(pk=pk).select_related("township", "campaign").first()
    if i is None or not inspections.may_read(request.user, i.township):
        raise Http404
    return i


@login_required
def inspection_list(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _township(request, code)
    items = list(
        Inspection.objects.filter(township=town)
        .select_related("campaign")
        .prefetch_related("sampled__unit")
    )
    return render(
        request,
        "assessment/inspections.html",
        {
            "township": town,
            "rights": r,
            "items": items,
            "may_record": inspections.may_record(request.user, town),
        },
    )


def _form_args(town: Any) -> tuple[list[Any], list[str], list[Any]]:
    # Months after the quarters, where the township reports monthly: a month's
    # inspection samples that month's units and reads its figures.
    months = _months(town) if inspections.reports_monthly(town) else []
    return services.township_units(town), _quarters(town) + months, _campaigns(town)


@login_required
def inspection_new(request: HttpRequest, code: str) -> HttpResponse:
    town, r = _township(request, code)
    if not inspections.may_record(request.user, town):
        return _forbidden(request, _("只有本县及其上级市、省的领导可以登记上级核查"))
    units, quarters, campaigns = _form_args(town)
    levels = inspections.recorder_levels(request.user, town)
    form = InspectionForm(units, quarters, campaigns, request.POST or None, levels=levels)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = [u for u in units if u.code in set(d["units"])]
        campaign = next((c for c in campaigns if c.pk == d["campaign"]), None)
        try:
            i = inspections.record(
                town,
                kind=d["kind"],
                level=d["level"],
                day=d["day"],
                period=d["period"],
                inspectors=d["inspectors"],
                units=chosen,
                user=request.user,
                campaign=campaign,
                note=d["note"],
            )
        except Refused as refused:
            problems.append(refused.message)
        else:
            messages.success(request, _("已登记核查，请逐个单位录入核查结果"))
            return redirect("assessment:inspection", pk=i.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessment/inspection_new.html",
        {"township": town, "rights": r, "form": form, "problems": problems},
        status=status,
    )


def _unit_rows(i: Inspection) -> list[dict[str, Any]]:
    rows = []
    for s in i.sampled.select_related("unit").prefetch_related("figures"):
        figures = [
            {
                "label": f.label or f.element,
                "reported": "—" if f.reported is None else format_exact(f.reported),
                "observed": format_exact(f.observed),
                "differs": f.differs,
            }
            for f in s.figures.all()
        ]
        rows.append({"s": s, "figures": figures})
    return rows


def _note_shown(e: InspectionEvent) -> InspectionEvent:
    e.note_shown = sampled_shown(e)  # type: ignore[attr-defined]
    return e


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    i = _inspection(request, pk)
    _town, r = get_township_for_user(request.user, i.township.code)
    assessed = services._effective(i.township, i.period, i.campaign_id)
    return render(
        request,
        "assessment/inspection_detail.html",
        {
            "township": i.township,
            "rights": r,
            "i": i,
            "rows": _unit_rows(i),
            "followups": list(i.followups.select_related("unit")),
            "events": [_note_shown(e) for e in i.events.select_related("user")],
            "may_record": inspections.may_record(request.user, i.township),
            "frozen": assessed,
        },
    )


@login_required
def inspection_unit(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    i = _inspection(request, pk)
    s = InspectedUnit.objects.filter(inspection=i, unit__code=unit).select_related("unit").first()
    if s is None:
        raise Http404
    if not inspections.may_record(request.user, i.township):
        return _forbidden(request, _("只有本县及其上级市、省的领导可以录入核查结果"))
    _town, r = get_township_for_user(request.user, i.township.code)
    reported = inspections.reported_figures(i, s.unit)
    initial: dict[str, Any] = {
        "verdict": s.verdict,
        "veto": s.veto,
        "veto_reason": s.veto_reason,
        "note": s.note,
        **{f"obs_{f.element}": f.observed for f in s.figures.all()},
    }
    form = FindingsForm(reported, request.POST or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inspections.record_findings(
                s.pk,
                verdict=d["verdict"],
                veto=d["veto"],
                veto_reason=d["veto_reason"],
                note=d["note"],
                observed=form.observed(),
                user=request.user,
            )
        except Refused as refused:
            problems.append(refused.message)
        else:
            messages.success(request, _("已保存%(u)s的核查结果") % {"u": s.unit.name})
            return redirect("assessment:inspection", pk=i.pk)
    fields = [
        (form[f"obs_{code}"], "—" if v is None else format_exact(v)) for code, _l, v in reported
    ]
    return render(
        request,
        "assessment/inspection_unit.html",
        {
            "township": i.township,
            "rights": r,
            "i": i,
            "s": s,
            "form": form,
            "fields": fields,
            "problems": problems,
        },
        status=400 if request.method == "POST" else 200,
    )
