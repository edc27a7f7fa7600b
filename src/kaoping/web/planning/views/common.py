"""Helpers shared by the planning views."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from kaoping.engine import Period, PeriodError
from kaoping.web.core.models import Report, Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def today() -> date:
    return timezone.localdate()


def query_date(request: HttpRequest, name: str = "as_of") -> date:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return today()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Http404 from None


def quarter_of(day: date) -> Period:
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def query_period(request: HttpRequest, township: Unit | None = None) -> Period:
    """``?period=`` or, by default, the latest period the township has figures
    for (else the current quarter). A month whose quarter is reported too (a
    monthly data set beside the quarterly one) stands for that quarter: the
    township's pages keep to its quarters; one reporting only monthly gets its
    latest month."""
    raw = request.GET.get("period", "").strip()
    if raw:
        try:
            return Period.parse(raw)
        except PeriodError:
            raise Http404 from None
    if township is not None:
        periods = set(
            Report.objects.filter(dataset__township=township).values_list("period", flat=True)
        )
        parsed = {Period.parse(p) for p in periods}
        kept = {p for p in parsed if not (p.is_month and p.enclosing("Q") in parsed)}
        if kept:
            return max(kept)
    return quarter_of(today())
