"""Pages of the quarterly assessment: the assessment index and a township's page: its
assessments, a new one."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.engine import Period
from kaoping.web.core.models import Unit

from .. import monthly, services
from ..access import (
    get_township_for_user,
    townships_for,
)
from ..forms import CampaignCreateForm, CreateForm
from ..models import Assessment, RubricVersion
from ..services import Refused
from .common import S, _forbidden


@login_required
def index(request: HttpRequest) -> HttpResponse:
    from ..county import counties_for
    from ..region import regions_for

    townships = townships_for(request.user)
    # County staff find the county's own assessment of its townships here; township
    # staff go straight to their township, whose page links to the county's.
    counties = counties_for(request.user, read_all=True)
    regions = regions_for(request.user)
    if len(townships) == 1 and not counties:
        return redirect("assessment:township", code=townships[0].code)
    return render(
        request,
        "assessment/index.html",
        {"townships": townships, "counties": counties, "regions": regions},
    )


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


def _months(township: Unit) -> list[str]:
    """The months some report of the township is for (a data set reported
    monthly), newest first: the months an assessment may be asked for."""
    from kaoping.web.core.models import Report

    periods = {
        p
        for p in Report.objects.filter(unit__township=township)
        .values_list("period", flat=True)
        .distinct()
        if services._month_of(p) is not None
    }
    return sorted(periods, key=Period.parse, reverse=True)


def _newest_first(a: Assessment) -> tuple[int, int, int]:
    try:
        p = Period.parse(a.period)
    except ValueError:
        return (0, 0, a.version)
    return (p.year * 12 + p.start_month + p.span, p.span, a.version)


@login_required
def township(request: HttpRequest, code: str) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    qs = Assessment.objects.filter(township=town).select_related("rubric", "campaign")
    if not r.read_all:
        qs = qs.filter(status__in=[S.APPROVED, S.PUBLISHED])
    versions = services.rubric_versions(town) if r.read_all else []
    quarters = _quarters(town)
    # Newest first, a campaign's rubric and a monthly one after the quarter's (a
    # campaign's before, for a campaign).
    quarterly_first = sorted(versions, key=services.offered_late_for_a_quarter)
    form = CreateForm(quarterly_first, quarters, months=_months(town)) if r.prepare else None
    campaigns = _campaigns(town)
    campaign_form = (
        CampaignCreateForm(
            sorted(versions, key=lambda v: not services.is_campaign_rubric(v)), campaigns
        )
        if r.prepare and campaigns
        else None
    )
    years = sorted({int(p[:4]) for p in quarters}, reverse=True)
    # Newest first by when the period ends, a quarter before its own months: the
    # period's text put 2026-11 under 2026Q1.
    every = sorted(qs, key=_newest_first, reverse=True)
    months = monthly.months(town) if r.read_all else []
    return render(
        request,
        "assessment/township.html",
        {
            "township": town,
            "rights": r,
            "assessments": [a for a in every if a.campaign_id is None],
            "campaign_assessments": [a for a in every if a.campaign_id is not None],
            "form": form,
            "campaign_form": campaign_form,
            "years": years,
            "months": months,
            "summary_periods": _summary_periods(years) if r.read_all else [],
            "county_link": _county_link(request.user, town),
        },
    )


def _county_link(user: Any, town: Unit) -> Unit | None:
    """The township's county, when the user may open its assessment of the townships."""
    from ..county import county_rights

    parent = town.parent
    if parent is None or parent.level != Unit.Level.COUNTY:
        return None
    return parent if county_rights(user, parent).any else None


def _summary_periods(years: list[int]) -> list[Period]:
    """The half-years and years a work summary may be asked for, newest first."""
    out: list[Period] = []
    for y in years:
        out += [Period.whole_year(y), Period.half(y, 2), Period.half(y, 1)]
    return out


def _campaigns(town: Unit) -> list[Any]:
    from kaoping.web.planning.models import Campaign

    return list(Campaign.objects.filter(township=town).order_by("-start", "title"))


@login_required
@require_POST
def create_campaign(request: HttpRequest, code: str) -> HttpResponse:
    """A campaign's own assessment, beside the quarter's (docs/campaign-assessment.md)."""
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以发起考评"))
    versions = services.saved_rubric_versions(town)
    campaigns = _campaigns(town)
    form = CampaignCreateForm(versions, campaigns, request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查所填内容：") + form.errors_text())
        return redirect("assessment:township", code=code)
    rv = RubricVersion.objects.get(township=town, number=form.cleaned_data["rubric"])
    campaign = next(c for c in campaigns if c.pk == form.cleaned_data["campaign"])
    try:
        a = services.create_assessment(town, "", rv, request.user, campaign=campaign)
    except Refused as refused:
        return render(
            request,
            "assessment/refused.html",
            {"township": town, "message": refused.message, "problems": refused.problems},
            status=400,
        )
    messages.success(
        request, _("已创建“%(c)s”的专项考评（草稿），请点“计算”") % {"c": campaign.title}
    )
    return redirect("assessment:detail", pk=a.pk)


@login_required
@require_POST
def create(request: HttpRequest, code: str) -> HttpResponse:
    town, r = get_township_for_user(request.user, code)
    if not r.read_all:
        raise Http404
    if not r.prepare:
        return _forbidden(request, _("只有镇办管理员和工作人员可以发起考评"))
    versions = services.saved_rubric_versions(town)
    form = CreateForm(versions, _quarters(town), request.POST, months=_months(town))
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
    messages.success(
        request, _("已创建 %(period)s 考评（草稿），请点“计算”") % {"period": a.period}
    )
    from ..demo import add_demo_manual, is_demo_township

    if is_demo_township(town):
        # The demo township's figures carry the assessor's manual deductions: enter
        # them, so that the web app scores the quarter as `kaoping demo` does.
        with contextlib.suppress(Refused):
            if added := add_demo_manual(a, request.user):
                messages.info(
                    request, _("演示数据：已录入%(n)s条人工扣分（见各村页面）") % {"n": added}
                )
    return redirect("assessment:detail", pk=a.pk)
