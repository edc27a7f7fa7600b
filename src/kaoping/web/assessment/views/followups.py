"""Pages of the follow-ups (整改落实): the township's list, a village's own
items, and each step (报告完成, 验收, 退回) as a small form or htmx fragment."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from kaoping.web.core import followup_sources
from kaoping.web.core.models import Unit

from .. import rectifications
from ..access import Rights, get_township_for_user, rights
from ..forms import (
    ATTACHMENT_EXTENSIONS,
    FilterForm,
    ReopenForm,
    ReportForm,
    VerifyForm,
    max_attachment_bytes,
)
from ..models import Rectification
from ..services import Refused
from .ledger import _shown, period_word

St = Rectification.State
#: A township has a few dozen villages and a few follow-ups each a quarter.
MAX_ROWS = 2000


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "assessment/forbidden.html", {"message": message}, status=403)


def may_see(r: Rights, item: Rectification) -> bool:
    return r.read_all or item.unit_id in r.own_units


def may_report(r: Rights, item: Rectification) -> bool:
    # The village's reporter, or township staff recording a report handed in on paper.
    return r.prepare or item.unit_id in r.own_units


def _rows(items: Any, r: Rights) -> list[dict[str, Any]]:
    today = timezone.localdate()
    items = list(items)
    out = []
    for item, who in zip(items, rectifications.who_answers(items, page=True), strict=True):
        out.append(
            {
                "item": item,
                "who": who,
                "overdue": item.overdue_on(today),
                "escalations": list(item.escalations.all()),
                "may_report": item.state == St.OPEN and may_report(r, item),
                "may_review": item.state == St.REPORTED and r.prepare,
            }
        )
    return out


def _areas(township: Unit) -> list[tuple[str, str]]:
    return list(
        Unit.objects.filter(township=township, level=Unit.Level.AREA)
        .order_by("code")
        .values_list("code", "name")
    )


def _other_items(township: Unit, f: dict[str, Any]) -> list[followup_sources.OtherFollowUp]:
    """Other apps' follow-ups (the dispatch's 限期赶上), under the same filters: a
    state is 待整改 while open and 已验收 once closed."""
    if f.get("state") in (St.REPORTED, St.SUPERSEDED):
        return []
    out = []
    for o in followup_sources.for_township(township, timezone.localdate()):
        if f.get("period") and o.period != f["period"]:
            continue
        if f.get("area") and o.area != f["area"]:
            continue
        if f.get("person") and not (
            f["person"] in o.who or any(f["person"] in e.names for e in o.escalations)
        ):
            continue
        if f.get("escalated") and not o.escalations:
            continue
        if f.get("state") and o.closed != (f["state"] == St.VERIFIED):
            continue
        if f.get("overdue") and not o.overdue:
            continue
        out.append(o)
    return out


def _period_heading(items: list[Rectification], others: list[Any]) -> str:
    """The period column's heading: 季度, or 月份 / 期间 when months are listed
    (a township that assesses some months), as the ledger names it."""
    return _shown(period_word([i.period for i in items] + [o.period for o in others]))


def _filters_shown(form: FilterForm, f: dict[str, Any]) -> list[str]:
    """The filters applied, as a printout names them (the form itself does not
    print): ``状态：待整改``, ``只看逾期``."""
    shown = []
    for name in ("period", "state", "area", "person"):
        value = f.get(name)
        if not value:
            continue
        field: Any = form.fields[name]
        value = dict(getattr(field, "choices", ())).get(value, value)
        shown.append(_("%(label)s：%(value)s") % {"label": field.label, "value": value})
    shown += [str(form.fields[name].label) for name in ("overdue", "escalated") if f.get(name)]
    return shown


@login_required
def township_list(request: HttpRequest, code: str) -> HttpResponse:
    township, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    form = FilterForm(request.GET or None, areas=_areas(township))
    qs = (
        Rectification.objects.filter(township=township)
        .select_related("unit", "township")
        .prefetch_related("escalations", "meeting_links__meeting")
    )
    f: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        f = getattr(form, "cleaned_data", {})
    if f.get("period"):
        qs = qs.filter(period=f["period"])
    if f.get("state"):
        qs = qs.filter(state=f["state"])
    if f.get("area"):
        qs = qs.filter(area=f["area"])
    if f.get("person"):
        named = Rectification.objects.filter(
            Q(person__contains=f["person"]) | Q(escalations__names__contains=f["person"])
        )
        qs = qs.filter(pk__in=named.values("pk"))
    if f.get("escalated"):
        qs = qs.filter(level__gt=0)
    if f.get("overdue"):
        qs = qs.filter(rectifications.overdue_filter(timezone.localdate()))
    items = list(qs.order_by("due", "unit__code", "kind", "id")[: MAX_ROWS + 1])
    others = _other_items(township, f)
    return render(
        request,
        "assessment/followups.html",
        {
            "township": township,
            "rights": r,
            "form": form,
            "rows": _rows(items[:MAX_ROWS], r),
            "others": others[:MAX_ROWS],
            "period_heading": _period_heading(items[:MAX_ROWS], others[:MAX_ROWS]),
            "cut": len(items) > MAX_ROWS or len(others) > MAX_ROWS,
            "max_rows": MAX_ROWS,
            "filters_shown": _filters_shown(form, f),
        },
    )


@login_required
def unit_list(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    township, r = get_township_for_user(request.user, code)
    u = Unit.objects.filter(township=township, code=unit).first()
    if u is None or not (r.read_all or u.pk in r.own_units):
        raise Http404
    items = (
        Rectification.objects.filter(township=township, unit=u)
        .select_related("unit", "township")
        .prefetch_related("escalations", "meeting_links__meeting")
    )
    # A work area's page lists what is addressed to the area itself in other apps
    # (the dispatch's 限期赶上), as the township's list does.
    others = []
    if u.level == Unit.Level.AREA:
        found = followup_sources.for_township(township, timezone.localdate())
        others = [o for o in found if o.area == u.code]
    shown = list(items.order_by("due", "kind", "id")[:MAX_ROWS])
    return render(
        request,
        "assessment/followups_unit.html",
        {
            "township": township,
            "unit": u,
            "rights": r,
            "rows": _rows(shown, r),
            "others": others[:MAX_ROWS],
            "period_heading": _period_heading(shown, others[:MAX_ROWS]),
            "extensions": pgettext("list separator", "、").join(ATTACHMENT_EXTENSIONS),
            "max_bytes": max_attachment_bytes(),
        },
    )


def _item_for(request: HttpRequest, pk: int) -> tuple[Rectification, Rights]:
    item = Rectification.objects.filter(pk=pk).select_related("unit", "township").first()
    if item is None:
        raise Http404
    r = rights(request.user, item.township)
    if not may_see(r, item):
        raise Http404
    return item, r


_FORMS: dict[str, Any] = {"report": ReportForm, "verify": VerifyForm, "reopen": ReopenForm}
_DONE = {
    "report": gettext_lazy("已报告完成，等待镇里验收"),
    "verify": gettext_lazy("已验收"),
    "reopen": gettext_lazy("已退回重新整改"),
}


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in _FORMS:
        raise Http404
    item, r = _item_for(request, pk)
    allowed = may_report(r, item) if action == "report" else r.prepare
    if not allowed:
        if action == "report":
            return _forbidden(request, _("只有本村报表员或镇办工作人员可以报告完成"))
        return _forbidden(request, _("只有镇办管理员和工作人员可以验收或退回"))
    form = _FORMS[action](request.POST, request.FILES)
    error = ""
    if not form.is_valid():
        error = form.errors_text()
    else:
        try:
            item = rectifications.move(
                item.pk,
                action,
                request.user,
                form.cleaned_data.get("note", ""),
                form.cleaned_data.get("attachment"),
            )
        except Refused as refused:
            error = refused.message
    if request.headers.get("HX-Request"):
        item.refresh_from_db()
        return render(
            request,
            "assessment/_followup_row.html",
            {
                "row": _rows([item], r)[0],
                "error": error,
                "done": "" if error else str(_DONE[action]),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, str(_DONE[action]))
    if r.read_all and request.POST.get("back") == "list":
        return redirect("assessment:followups", code=item.township.code)
    return redirect("assessment:followups_unit", code=item.township.code, unit=item.unit.code)


@login_required
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item, _r = _item_for(request, pk)
    if not item.attachment:
        raise Http404
    return FileResponse(
        item.attachment.open("rb"),
        as_attachment=True,
        filename=str(item.attachment.name).rsplit("/", 1)[-1],
    )
