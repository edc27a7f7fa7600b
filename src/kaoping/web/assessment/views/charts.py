"""Pages of the quarterly assessment: the charts of the ranking page and of a unit's
trend, each drawn once per computation (chart_files)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from kaoping.web.core.models import Unit

from .. import services
from ..access import (
    get_assessment_for_user,
    may_see_ranking,
    may_see_unit,
)
from ..chart_files import cached_png


def _lang() -> str:
    """The chart's language: the page's English, else its Chinese."""
    return "en" if (get_language() or "").startswith("en") else "zh"


def _png(a: Any, chart: str, draw: Any, unit: str = "") -> HttpResponse:
    from kaoping.documents import NoCJKFont

    try:
        data = cached_png(a, chart, draw, unit, _lang())
    except NoCJKFont:
        # No Chinese font on the server: no picture rather than boxes.
        raise Http404 from None
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _ranking_page_chart(request: HttpRequest, pk: int, chart: str, draw: Any) -> HttpResponse:
    """A chart of the whole quarter: for whoever may see the ranking."""
    a, r = get_assessment_for_user(request.user, pk)
    if not a.computed or not may_see_ranking(r, a):
        raise Http404

    def drawn() -> bytes:
        from kaoping.documents import campaign_chart_title

        result = services.run_engine(a)
        lang = _lang()
        title = campaign_chart_title(chart, a.campaign.title, lang) if a.campaign else None
        png: bytes = draw(result, result.period(a.period), lang, title)
        return png

    return _png(a, chart, drawn)


@login_required
def ranking_chart(request: HttpRequest, pk: int) -> HttpResponse:
    from kaoping.documents import ranking_chart_png

    return _ranking_page_chart(
        request,
        pk,
        "ranking",
        lambda _all, quarter, lang, title: ranking_chart_png(quarter, title, lang),
    )


@login_required
def heatmap_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """Items by village, the share of each item's maximum scored."""
    from kaoping.documents import heatmap_png

    return _ranking_page_chart(request, pk, "heatmap", heatmap_png)


@login_required
def trend_chart(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """A village's total over the quarters of this assessment's data."""
    from kaoping.documents import trend_chart_png

    a, r = get_assessment_for_user(request.user, pk)
    target = Unit.objects.filter(code=code, township=a.township).first()
    if target is None or not a.computed or not may_see_unit(r, a, target):
        raise Http404

    def drawn() -> bytes:
        # Checked while drawing: a kept file exists only for a unit that was found.
        result = services.run_engine(a)
        if not any(u.unit == code for p in result.periods for u in p):
            raise Http404
        png: bytes = trend_chart_png(result, code, lang=_lang())
        return png

    return _png(a, "trend", drawn, code)
