"""The assessment's long work as jobs (kaoping.web.jobs): computing a quarter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaoping.web.jobs import JobContext, JobRefused, Outcome, job_kind

from . import services


def _user(ctx: JobContext) -> Any:
    if ctx.job.started_by_id is None:
        return None
    return get_user_model().objects.filter(pk=ctx.job.started_by_id).first()


@job_kind("assessment.compute", gettext_lazy("计算考评"))
def compute(ctx: JobContext, prepared: None) -> Outcome:
    pk = int(ctx.params["assessment"])
    ctx.progress(0, 1)
    try:
        # The service locks the assessment and checks its state in this transaction.
        a = services.compute(pk, _user(ctx))
    except services.Refused as refused:
        raise JobRefused(refused.message, [asdict(p) for p in refused.problems]) from None
    return Outcome(
        _("已按考评细则计算完成：%(n)s个单位") % {"n": len(a.results.get("units", []))},
        reverse("assessment:detail", args=[a.pk]),
    )


def _drawn(ctx: JobContext, path: Path, draw: Callable[[], bytes]) -> None:
    """The one way a document job draws: before any transaction (the job writes a
    file, not rows), once per set of inputs (a kept file is not drawn again). A
    server without a Chinese font refuses with a message for the administrator;
    ``draw`` turns its own data errors into a JobRefused."""
    from kaoping.documents import NoCJKFont

    from . import document_files

    ctx.progress(0, 2)
    if path.exists():
        return
    try:
        data = draw()
    except NoCJKFont:
        raise JobRefused(
            _(
                "服务器上没有能显示中文的字体，无法生成含图表的文档；请管理员安装 fonts-noto-cjk 后重试"
            )
        ) from None
    ctx.progress(1, 2)
    document_files.keep(path, data)


def _today(ctx: JobContext) -> date:
    return date.fromisoformat(str(ctx.params["date"]))


def _township(ctx: JobContext) -> Any:
    from kaoping.web.core.models import Unit

    return Unit.objects.get(pk=int(ctx.params["township"]))


def _draw_document(ctx: JobContext) -> str:
    from . import document_files
    from .models import Assessment

    a = Assessment.objects.select_related("township").get(pk=int(ctx.params["assessment"]))
    what, today = str(ctx.params["what"]), _today(ctx)
    _drawn(
        ctx, document_files.cache_path(a, what, today), lambda: document_files.draw(a, what, today)
    )
    return reverse(f"assessment:{what}", args=[a.pk])


@job_kind("assessment.document", gettext_lazy("生成文档"), prepare=_draw_document)
def document(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("文档已生成"), url)


def _draw_monthly(ctx: JobContext) -> str:
    from kaoping.documents import MonthlyDataError
    from kaoping.engine import Period

    from . import monthly

    town, month, today = _township(ctx), Period.parse(str(ctx.params["month"])), _today(ctx)

    def draw() -> bytes:
        try:
            return monthly.draw(town, month, today)
        except MonthlyDataError as err:
            raise JobRefused(_("出生登记数据有误：") + "；".join(err.problems)) from None

    _drawn(ctx, monthly.cache_path(town, month, today), draw)
    return reverse("assessment:monthly", args=[town.code]) + f"?month={month}"


@job_kind("assessment.monthly", gettext_lazy("生成月通报"), prepare=_draw_monthly)
def monthly_bulletin(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("月通报已生成"), url)


def _draw_period_summary(ctx: JobContext) -> str:
    from kaoping.engine import Period

    from . import period_summary

    town, period, today = _township(ctx), Period.parse(str(ctx.params["period"])), _today(ctx)

    def draw() -> bytes:
        try:
            return period_summary.draw(town, period, today)
        except period_summary.NotFormed as err:
            raise JobRefused(err.message) from None

    _drawn(ctx, period_summary.cache_path(town, period, today), draw)
    return reverse("assessment:period_summary", args=[town.code]) + f"?period={period}"


@job_kind("assessment.period_summary", gettext_lazy("生成工作总结"), prepare=_draw_period_summary)
def period_summary_document(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("工作总结已生成"), url)


def _draw_county_document(ctx: JobContext) -> str:
    from . import county_documents
    from .models import CountyAssessment

    a = CountyAssessment.objects.select_related("county", "rubric").get(
        pk=int(ctx.params["assessment"])
    )
    what, today = str(ctx.params["what"]), _today(ctx)
    _drawn(
        ctx,
        county_documents.cache_path(a, what, today),
        lambda: county_documents.draw(a, what, today),
    )
    page = "county" if a.county.level == a.county.Level.COUNTY else "region"
    return reverse(f"assessment:{page}_{what}", args=[a.pk])


@job_kind("assessment.county_document", gettext_lazy("生成县级文档"), prepare=_draw_county_document)
def county_document(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("文档已生成"), url)


# A province's or a city's documents of its counties: drawn as the county's are.
@job_kind(
    "assessment.region_document", gettext_lazy("生成省（市）级文档"), prepare=_draw_county_document
)
def region_document(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("文档已生成"), url)


def _draw_county_period_summary(ctx: JobContext) -> str:
    from kaoping.engine import Period

    from . import county_summary
    from .period_summary import NotFormed

    county, period, today = _township(ctx), Period.parse(str(ctx.params["period"])), _today(ctx)

    def draw() -> bytes:
        try:
            return county_summary.draw(county, period, today)
        except NotFormed as err:
            raise JobRefused(err.message) from None

    _drawn(ctx, county_summary.cache_path(county, period, today), draw)
    page = "county" if county.level == county.Level.COUNTY else "region"
    return reverse(f"assessment:{page}_period_summary", args=[county.code]) + f"?period={period}"


@job_kind(
    "assessment.county_period_summary",
    gettext_lazy("生成县级工作总结"),
    prepare=_draw_county_period_summary,
)
def county_period_summary_document(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("工作总结已生成"), url)


# A province's or a city's half-year or year of its counties: drawn as the county's.
@job_kind(
    "assessment.region_period_summary",
    gettext_lazy("生成省（市）级工作总结"),
    prepare=_draw_county_period_summary,
)
def region_period_summary_document(ctx: JobContext, url: str) -> Outcome:
    return Outcome(_("工作总结已生成"), url)
