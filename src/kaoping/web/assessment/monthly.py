"""月通报 on the web: the month's birth registrations of the township's villages,
read from their submitted reports, drawn by kaoping.documents as the command
line draws it, and kept as a file keyed by what it is drawn from.

Only submitted or approved reports count: a draft is not yet reported, and a
returned report is being corrected."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from kaoping.engine import Period, PeriodError

from ..core.models import Figure, Report, Unit
from . import services

#: How many months the township page offers, newest first.
MONTHS_SHOWN = 24

_COUNTED = (Report.Status.SUBMITTED, Report.Status.APPROVED)


def _elements() -> tuple[str, ...]:
    from kaoping.documents import MONTHLY_ELEMENTS

    return MONTHLY_ELEMENTS


def months(township: Unit) -> list[Period]:
    """The months some village of the township reported births for, newest first."""
    texts = (
        Report.objects.filter(
            unit__township=township, status__in=_COUNTED, figures__element=_elements()[0]
        )
        .values_list("period", flat=True)
        .distinct()
    )
    found = set()
    for text in texts:
        try:
            p = Period.parse(text)
        except PeriodError:
            continue
        if p.is_month:
            found.add(p)
    return sorted(found, reverse=True)[:MONTHS_SHOWN]


def rows(township: Unit, month: Period) -> list[dict[str, Any]]:
    """One row per village and month (this one and the previous) with its counts."""
    units = {u.pk: u for u in services.township_units(township)}
    periods = [str(month), str(month.previous())]
    cells: dict[tuple[int, str], dict[str, Any]] = {}
    figures = Figure.objects.filter(
        period__in=periods,  # on PostgreSQL, the two months' partitions only
        report__unit_id__in=list(units),
        report__status__in=_COUNTED,
        element__in=_elements(),
    ).values_list("report__unit_id", "period", "element", "value")
    for unit_id, period, element, value in figures:
        cell = cells.setdefault((unit_id, period), {})
        # Two data sets may both carry births; a value beats an empty cell.
        if value is not None or element not in cell:
            cell[element] = value
    out = []
    for (unit_id, period), values in sorted(
        cells.items(), key=lambda kv: (units[kv[0][0]].code, kv[0][1])
    ):
        u = units[unit_id]
        area = u.parent.code if u.parent is not None and u.parent.level == Unit.Level.AREA else None
        out.append({"unit": u.code, "name": u.name, "area": area, "period": period, **values})
    return out


def people(township: Unit) -> Any:
    return services.engine_people(services._people(township))


def cache_path(township: Unit, month: Period, today: date) -> Path:
    drawn_from = {
        "township": [township.pk, township.name],
        "month": str(month),
        "date": today.isoformat(),
        "rows": repr(rows(township, month)),
        "people": repr(services._people(township)),
    }
    digest = hashlib.sha256(json.dumps(drawn_from, sort_keys=True).encode()).hexdigest()[:24]
    name = f"monthly-{township.pk}-{month}-{digest}.docx"
    return Path(settings.KAOPING_CACHE_DIR) / "documents" / name


def draw(township: Unit, month: Period, today: date) -> bytes:
    """The bulletin's bytes; raises kaoping.documents.MonthlyDataError on a figure
    that is not a whole count."""
    from kaoping.documents import monthly_docx, monthly_villages

    villages = monthly_villages(rows(township, month), month, people(township))
    return monthly_docx(month, villages, township=township.name, when=today)


def file_name(township: Unit, month: Period) -> str:
    return f"{township.name}{month.label_zh()}出生登记情况通报.docx"
