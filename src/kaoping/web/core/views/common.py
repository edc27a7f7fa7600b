"""Small helpers shared by the views."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone

from kaoping.engine import Period, PeriodError

from ..models import DataSet


def parse_period(text: str, dataset: DataSet | None = None) -> Period:
    try:
        period = Period.parse(text)
    except PeriodError:
        raise Http404 from None
    if str(period) != text:
        raise Http404
    if dataset is not None and period.kind != dataset.frequency:
        raise Http404
    return period


def current_period(dataset: DataSet, today: date | None = None) -> Period:
    """The period being reported now: the last one that has ended."""
    today = today or timezone.localdate()
    if dataset.frequency == "M":
        return Period.month(today.year, today.month).previous()
    return Period.quarter(today.year, (today.month - 1) // 3 + 1).previous()


def recent_periods(dataset: DataSet, count: int = 4) -> list[Period]:
    periods = [current_period(dataset).next()]
    while len(periods) < count + 1:
        periods.append(periods[-1].previous())
    return periods
