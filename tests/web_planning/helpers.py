"""Stored figures for the planning tests: reports as core keeps them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kaoping.web.core.models import Figure, Report


def report(
    ds: Any, unit: Any, period: str, figures: dict[str, int], submitted: str | None = "2026-07-01"
) -> Any:
    """A report of ``figures``; submitted at 09:00 on ``submitted`` (None: a draft)."""
    at = (
        timezone.make_aware(datetime.fromisoformat(f"{submitted}T09:00"))
        if submitted is not None
        else None
    )
    r = Report.objects.create(
        dataset=ds,
        unit=unit,
        period=period,
        status="submitted" if at else "draft",
        version=1,
        first_submitted_at=at,
        submitted_at=at,
    )
    for k, v in figures.items():
        Figure.objects.create(report=r, element=k, value=Decimal(v))
    return r
