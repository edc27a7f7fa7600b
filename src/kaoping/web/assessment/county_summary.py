"""The county's 工作总结 of its townships (issue 15): what it reads beside the
assessment, as the township's summary does (document_inputs), and the summaries
of a half-year and a year (``/assessment/county/<code>/summary.docx?period=2026H1``).

Beside a quarter's assessment the summary reads (county_documents.quarter_inputs),
for the townships the county ranked:
the service days their villages held (absences by reason; without any, the
rolled-up ``sd_*`` figures as before), their villages' reporting and timeliness
summed over all of them before the rate (5 of 7 on time is 71.4%, never the mean
of the townships' rates), the follow-ups their previous quarter gave, and the
county's own targets file (a planning ``TargetFile`` of the county unit; a county
has no shipped one), judged on the townships' rolled-up figures.

A half-year or a year is formed from the county's approved (or published)
quarterly assessments in it exactly as a township's is (period_summary.form_from,
the engine's ``over_quarters``), compared with the periods before where all their
quarters are approved, with the same inputs over its quarters.

A province or a city assessing its counties (docs/province.md) has its half-year
and year alike (``/assessment/region/<code>/summary.docx?period=2026H1``), in
the words of its counties (各县（市、区）, 全省 or 全市) and with what its quarter's
summary reads beside the assessment (county_documents.region_inputs): the
service days and reporting of the townships under the counties ranked, no
follow-ups or targets of its own.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from kaoping.engine import Period

from ..core.models import Unit
from . import county_documents, services
from .county_documents import inputs_of, targets_file, townships_named
from .document_inputs import SummaryInputs
from .models import CountyAssessment
from .period_summary import (
    Formed,
    Quarters,
    attendance_of,
    follow_ups_of_all,
    form_from,
    reporting_of,
)

__all__ = ["cache_path", "draw", "file_name", "form", "period_figures", "period_inputs"]

_FROZEN = (CountyAssessment.Status.APPROVED, CountyAssessment.Status.PUBLISHED)


def _effective(county: Unit, quarter: Period) -> CountyAssessment | None:
    return (
        CountyAssessment.objects.filter(county=county, period=str(quarter), status__in=_FROZEN)
        .select_related("county", "rubric")
        .first()
    )


def county_quarters(county: Unit) -> Quarters:
    from kaoping.engine import rolled_rubric

    return Quarters(
        of=lambda p: [_effective(county, q) for q in p.parts("Q")],
        result=lambda a: county_documents.run_engine(a).period(a.period),
        rows=lambda a: county_documents.snapshot_rows(a)[1],
        # A village's yes/no is a township's share: the rubric as it reads rolled-up rows.
        rubric=lambda a: rolled_rubric(services.parsed(a.rubric)),
    )


def form(county: Unit, period: Period) -> Formed:
    """The county's half-year or year from its approved quarters; raises NotFormed."""
    return form_from(county_quarters(county), period)


def _is_region(unit: Unit) -> bool:
    return unit.level != Unit.Level.COUNTY


def period_figures(formed: Formed, period: Period) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The townships' figures of the period as formed from its quarters (those
    that add up over periods): what its targets are judged on."""
    units = formed.result.period(period).units
    codes = list(dict.fromkeys(c for u in units for c in u.values))
    rows = [{"unit": u.unit, "name": u.name, "period": str(period), **u.values} for u in units]
    return ("unit", "name", "period", *codes), rows


def period_inputs(county: Unit, formed: Formed, period: Period, today: date) -> SummaryInputs:
    """The same over a half-year or a year: its quarters' service days, its
    reporting, the follow-ups due in it; the targets judged on the townships'
    figures as formed from the quarters (a target on an element that does not add
    up over periods not judged, with the reason; a province's or a city's: the
    service days and reporting of the townships under its counties ranked)."""
    if _is_region(county):
        units = formed.result.period(period).units
        towns = county_documents.towns_under(county, [u.unit for u in units])
        return SummaryInputs(
            attendance=attendance_of(towns, period), reporting=reporting_of(towns, period)
        )
    figures = period_figures(formed, period)
    towns = townships_named(county, [str(r["unit"]) for r in figures[1]])
    elements = formed.result.rubric.data_elements()
    return inputs_of(county, towns, period, today, figures, [], elements)


def draw(county: Unit, period: Period, today: date) -> bytes:
    """The half-year's or the year's summary; raises NotFormed, or
    kaoping.documents.NoCJKFont without a Chinese font."""
    from kaoping.documents import summary_docx

    formed = form(county, period)
    inputs = period_inputs(county, formed, period, today)
    return summary_docx(
        formed.result,
        period,
        township=county.name,
        when=today,
        targets=inputs.targets,
        attendance=inputs.attendance,
        reporting=inputs.reporting,
        # A province or a city gives no follow-ups of its own: no such section.
        follow_ups=None if _is_region(county) else inputs.follow_ups,
        level=county_documents.level(county),
    )


def file_name(county: Unit, period: Period) -> str:
    """示范县2026年上半年工作总结.docx, 江南省2026年度工作总结.docx."""
    return f"{county.name}{period.label_zh()}工作总结.docx"


def cache_path(county: Unit, period: Period, today: date) -> Path:
    """Keyed by what the document is drawn from: the county's quarterly assessments
    of the period and of those it is compared with, as computed; the townships'
    service days, reporting and follow-ups; the targets file; the date."""
    quarters: list[str] = []
    for p in dict.fromkeys([period, period.previous(), period.same_period_last_year()]):
        quarters += [str(q) for q in p.parts("Q")]
    found = CountyAssessment.objects.filter(
        county=county, period__in=quarters, status__in=_FROZEN
    ).order_by("pk")
    towns = _every_town(county)
    drawn_from: dict[str, Any] = {
        "county": [county.pk, county.name],
        "period": str(period),
        "date": today.isoformat(),
        "quarters": [
            [a.pk, a.revision, a.computed_at.isoformat() if a.computed_at else None] for a in found
        ],
        "attendance": repr(attendance_of(towns, period)),
        "reporting": repr(reporting_of(towns, period)),
    }
    if not _is_region(county):  # a province's or a city's reads neither
        drawn_from["follow_ups"] = repr(follow_ups_of_all(towns, period, today))
        drawn_from["targets"] = targets_file(county)[2]
    digest = hashlib.sha256(json.dumps(drawn_from, sort_keys=True).encode()).hexdigest()[:24]
    name = f"county-summary-{county.pk}-{period}-{digest}.docx"
    return Path(settings.KAOPING_CACHE_DIR) / "documents" / name


def _every_town(county: Unit) -> list[Unit]:
    """Every township of the county, or under a province's or a city's counties (a
    half-year's may rank fewer; the key is then only wider than it needs to be)."""
    if _is_region(county):
        return county_documents.towns_under(county, None)
    return list(Unit.objects.filter(parent=county, level=Unit.Level.TOWNSHIP).order_by("code"))


def summary_periods(county: Unit) -> list[Period]:
    """The half-years and years a county summary may be asked for, newest first:
    those of the years the county has an approved quarter in."""
    years = sorted(
        {
            int(p[:4])
            for p in CountyAssessment.objects.filter(county=county, status__in=_FROZEN)
            .values_list("period", flat=True)
            .distinct()
            if services._is_quarter(p)
        },
        reverse=True,
    )
    out: list[Period] = []
    for y in years:
        out += [Period.whole_year(y), Period.half(y, 2), Period.half(y, 1)]
    return out
