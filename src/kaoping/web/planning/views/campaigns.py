"""Campaigns (专项活动): figures per day per unit and the daily progress bulletin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.documents import Heading1, progress_blocks
from kaoping.documents import render as render_docx
from kaoping.engine import UnitProgress, rank_progress

from ..access import (
    can_manage_township,
    get_campaign_for_user,
    get_township_for_user,
    get_village_for_user,
)
from ..forms import CampaignForm, CampaignTargetForm, EntriesForm
from ..models import Allocation, Campaign, CampaignEntry, percent
from ..services import (
    campaign_progress,
    campaign_target_status,
    fraction_str,
    target_blocks,
    villages,
)
from .common import docx_response, query_date, today


@login_required
def campaign_list(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code)
    return render(
        request,
        "planning/campaign_list.html",
        {
            "township": township,
            "campaigns": Campaign.objects.filter(township=township).select_related("allocation"),
            "can_edit": can_manage_township(request.user, township),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest, code: str) -> HttpResponse:
    township = get_township_for_user(request.user, code, write=True)
    form = CampaignForm(request.POST or None, township=township)
    if request.method == "POST" and form.is_valid():
        alloc = form.cleaned_data["allocation"]
        with transaction.atomic():
            # The form saw the allocation before this transaction; a delete in
            # between would leave the campaign pointing at nothing (a 500 at
            # commit). Under the lock, a delete either waits and then sees the
            # campaign, or has already gone and the form says so.
            if Allocation.objects.select_for_update().filter(pk=alloc.pk).exists():
                c = form.save()
                messages.success(request, _("已创建专项活动：%(t)s") % {"t": c.title})
                return redirect("planning:campaign", pk=c.pk)
        form.add_error(
            "allocation",
            _("任务分解“%(t)s”已被删除，专项活动未创建；请另选任务分解。") % {"t": alloc.title},
        )
    return render(
        request,
        "planning/form_page.html",
        {"form": form, "township": township, "title": _("新建专项活动")},
    )


def _as_of(request: HttpRequest, c: Campaign) -> Any:
    if request.GET.get("as_of"):
        return query_date(request)
    return min(max(today(), c.start), c.end)


def bulletin_rows(c: Campaign, as_of: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    progress = rank_progress(campaign_progress(c, as_of))
    names = {u.code: u.name for u in villages(c.township)}
    rows = [_row(i + 1, p, names) for i, p in enumerate(progress)]
    allocated = sum(p.allocated for p in progress)
    done = sum(p.done for p in progress)
    totals = {
        "allocated": allocated,
        "done": done,
        "rate": percent(done, allocated),
        "ahead": sum(1 for p in progress if p.status == "ahead"),
        "behind": sum(1 for p in progress if p.status == "behind"),
        "on_schedule": sum(1 for p in progress if p.status == "on_schedule"),
    }
    return rows, totals


def _row(rank: int, p: UnitProgress, names: dict[str, str]) -> dict[str, Any]:
    return {
        "rank": rank,
        "unit": p.unit,
        "name": names.get(p.unit, p.unit),
        "allocated": p.allocated,
        "done": p.done,
        "rate": percent(p.rate) if p.rate is not None else "—",
        "expected": fraction_str(p.expected),
        "gap": fraction_str(p.gap),
        "status": p.status,
        "status_zh": p.status_zh,
    }


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_campaign_for_user(request.user, pk)
    return _detail_page(request, c)


def _detail_page(
    request: HttpRequest,
    c: Campaign,
    form: EntriesForm | None = None,
    target_form: CampaignTargetForm | None = None,
) -> HttpResponse:
    """The campaign page; with a form that was refused, that form with its
    messages (status 400)."""
    as_of = _as_of(request, c)
    rows, totals = bulletin_rows(c, as_of)
    context: dict[str, Any] = {
        "c": c,
        "township": c.township,
        "as_of": as_of,
        "rows": rows,
        "totals": totals,
        "targets": campaign_target_status(c, as_of),
        "can_edit": can_manage_township(request.user, c.township),
    }
    if getattr(request, "htmx", False) and request.method == "GET":
        return render(request, "planning/_bulletin.html", context)
    can_edit = context["can_edit"]
    units = villages(c.township)
    if can_edit:
        form = form or EntriesForm(campaign=c, units=units, initial={"day": as_of})
        target_form = target_form or CampaignTargetForm(campaign=c)
    context.update(
        {
            "form": form,
            "target_form": target_form,
            "days": _days_table(c, units),
        }
    )
    refused = request.method == "POST"
    return render(request, "planning/campaign_detail.html", context, status=400 if refused else 200)


def _days_table(c: Campaign, units: list[Any]) -> dict[str, Any]:
    entries = list(c.entries.select_related("unit"))
    days = sorted({e.day for e in entries})
    by = {(e.unit_id, e.day): e.count for e in entries}
    return {
        "days": days,
        "rows": [
            {"unit": u, "counts": [by.get((u.pk, d), "") for d in days]}
            for u in units
            if any((u.pk, d) in by for d in days)
        ],
    }


def _save_entries(c: Campaign, form: EntriesForm, user: Any) -> int:
    day = form.cleaned_data["day"]
    with transaction.atomic():
        counts = form.counts()
        for u, n in counts.items():
            CampaignEntry.objects.update_or_create(
                campaign=c, unit=u, day=day, defaults={"count": n, "entered_by": user}
            )
    return len(counts)


@login_required
@require_POST
def campaign_entries(request: HttpRequest, pk: int) -> HttpResponse:
    """One day's counts for every unit, by the township's staff."""
    c = get_campaign_for_user(request.user, pk)
    if not can_manage_township(request.user, c.township):
        raise PermissionDenied
    units = villages(c.township)
    form = EntriesForm(request.POST, campaign=c, units=units)
    if form.is_valid():
        n = _save_entries(c, form, request.user)
        messages.success(request, _("已保存%(n)s个单位的完成数") % {"n": n})
        return redirect(f"{request.path.rsplit('entries/', 1)[0]}?as_of={form.cleaned_data['day']}")
    return _detail_page(request, c, form=form)


@login_required
@require_POST
def campaign_target_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A target of the campaign, set by the township's staff."""
    c = get_campaign_for_user(request.user, pk)
    if not can_manage_township(request.user, c.township):
        raise PermissionDenied
    form = CampaignTargetForm(request.POST, campaign=c)
    if form.is_valid():
        t = form.save()
        messages.success(request, _("已添加目标：%(t)s") % {"t": t.text_zh})
        return redirect("planning:campaign", pk=c.pk)
    return _detail_page(request, c, target_form=form)


@login_required
@require_POST
def campaign_target_delete(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    c = get_campaign_for_user(request.user, pk)
    if not can_manage_township(request.user, c.township):
        raise PermissionDenied
    t = c.targets.filter(pk=target).first()
    if t is None:
        raise Http404
    t.delete()
    messages.success(request, _("已删除目标：%(t)s") % {"t": t.text_zh})
    return redirect("planning:campaign", pk=c.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A village's own figures of a campaign, entered by its reporter."""
    unit = get_village_for_user(request.user, code, write=request.method == "POST")
    c = Campaign.objects.filter(pk=pk, township_id=unit.township_id).first()
    if c is None:
        raise Http404
    share = c.allocation.shares.filter(unit=unit).first()
    form = EntriesForm(
        request.POST or None, campaign=c, units=[unit], initial={"day": _as_of(request, c)}
    )
    if request.method == "POST" and form.is_valid():
        _save_entries(c, form, request.user)
        messages.success(request, _("已保存"))
        return redirect("planning:campaign_unit", pk=c.pk, code=unit.code)
    entries = c.entries.filter(unit=unit).order_by("day")
    return render(
        request,
        "planning/campaign_unit.html",
        {
            "c": c,
            "unit": unit,
            "share": share,
            "form": form,
            "entries": entries,
            "done": sum(e.count for e in entries),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def campaign_bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_campaign_for_user(request.user, pk)
    as_of = _as_of(request, c)
    names = {u.code: u.name for u in villages(c.township)}
    issue = (as_of - c.start).days + 1 if as_of >= c.start else None
    blocks = progress_blocks(
        c.task, campaign_progress(c, as_of), as_of, names, c.township.name, issue
    )
    # The targets go before the annexed table of units.
    at = next((i for i, b in enumerate(blocks) if isinstance(b, Heading1)), len(blocks) - 1)
    blocks[at:at] = target_blocks(campaign_target_status(c, as_of))
    return docx_response(render_docx(blocks).to_bytes(), f"进度通报-{c.title}-{as_of}.docx")
