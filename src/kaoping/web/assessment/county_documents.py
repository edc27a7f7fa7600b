"""The county's documents of an approved assessment of its townships: 县级通报
(with its Excel annex) and the county's 工作总结 (docs/county.md "Documents");
a province's or a city's of an approved assessment of its counties likewise:
省级通报 or 市级通报, its annex and its 工作总结 (docs/province.md "Documents").

They are the township's documents (``kaoping.documents``) in the words of the
level ranked (:func:`level`: ``township``, 各乡镇, 全县, for a county;
``county``, 各县（市、区）, 全省, for a province; ``city_county``, 全市, for a
city), drawn from the engine's
assessment of the snapshot the county approved: the rolled-up rows, the entries'
reasons and the townships' people, scored again as :func:`county.compute` scored
them, so that the command line given the same figures
(``kaoping report bulletin|summary --units --level township``) writes the same
paragraphs. The summary also reads what the township's reads beside its
assessment (quarter_inputs below: the townships' service days, reporting
and follow-ups, the county's targets). Drawn once per computation, inputs and day
by a job, kept as files as the township's documents are (``document_files``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings

from kaoping.engine import Assessment as EngineAssessment
from kaoping.engine import Period

from ..core.models import Unit
from . import services
from .document_inputs import SummaryInputs
from .models import CountyAssessment
from .period_summary import attendance_of, follow_ups_of_all, judged, reporting_of

KINDS = ("bulletin", "summary")
LEVEL = "township"  # the units a county's documents rank
# The bulletin's title by the assessor's level.
_BULLETINS: dict[str, str] = {
    Unit.Level.COUNTY: "县级通报",
    Unit.Level.CITY: "市级通报",
    Unit.Level.PROVINCE: "省级通报",
}
_TEXT_COLUMNS = ("unit", "period", "name", "area")


def level(assessor: Unit) -> str:
    """The document level of the units ``assessor`` ranks: a county's townships,
    a city's or a province's counties (whose whole is 全市 or 全省), as the
    command line picks them from a units file's top level."""
    from kaoping.documents import for_assessor

    return for_assessor(str(assessor.level))


def bulletin_title(assessor: Unit) -> str:
    """县级通报, 市级通报 or 省级通报."""
    return _BULLETINS[assessor.level]


def annex_title(assessor: Unit) -> str:
    return f"{bulletin_title(assessor)}-扣分明细"


def file_name(a: CountyAssessment, what: str, ext: str = "docx") -> str:
    title = {"bulletin": bulletin_title(a.county), "summary": "工作总结"}.get(what, what)
    return f"{a.county.name}{Period.parse(a.period).label_zh()}{title}.{ext}"


def cache_path(a: CountyAssessment, what: str, today: date) -> Path:
    drawn_from: dict[str, Any] = {
        "county_assessment": a.pk,
        "revision": a.revision,
        "computed_at": a.computed_at.isoformat() if a.computed_at else None,
        "county": a.county.name,
        "date": today.isoformat(),
    }
    if what == "summary":
        # The townships' service days, reporting, follow-ups and the county's targets.
        drawn_from["inputs"] = repr(quarter_inputs(a, today))
    digest = hashlib.sha256(json.dumps(drawn_from, sort_keys=True).encode()).hexdigest()[:24]
    return Path(settings.KAOPING_CACHE_DIR) / "documents" / f"county-{a.pk}-{what}-{digest}.docx"


def _value(v: Any) -> Any:
    """A figure as the snapshot keeps it (``_plain``) read back exactly."""
    if v is None or isinstance(v, int):
        return v
    text = str(v)
    return Fraction(text) if "/" in text else Decimal(text)


def snapshot_rows(a: CountyAssessment) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The townships' rolled-up rows the assessment was computed on, exact again."""
    from kaoping.engine import as_decimals

    rows = [
        {k: (v if k in _TEXT_COLUMNS else _value(v)) for k, v in r.items()}
        for r in a.snapshot.get("rows", [])
    ]
    as_decimals(rows)
    columns = tuple(rows[0]) if rows else ("unit", "period", "name", "area")
    return columns, rows


def run_engine(a: CountyAssessment) -> EngineAssessment:
    """The engine's assessment of the snapshot: the same figures, reasons and people
    as the computation, hence the same ranking and consequences."""
    from kaoping.engine import Figures, assess, rolled_rubric

    from .county import K

    columns, rows = snapshot_rows(a)
    reasons: dict[tuple[str, str], dict[str, str]] = {}
    for town, kind, key, _value_text, reason in a.snapshot.get("entries", []):
        if kind == K.DEDUCTION:
            reasons.setdefault((town, a.period), {})[key] = reason
    return assess(
        rolled_rubric(services.parsed(a.rubric)),
        Figures(columns, tuple(rows)),
        services.engine_people(a.snapshot.get("people", [])),
        manual_reasons=reasons,
        vectorised=False,
    )


def attendance(a: CountyAssessment) -> list[Any]:
    """The townships' service-day attendance from their rolled-up sd_* figures, as
    the command line reads it from the rows it scored (no reasons for absences):
    the summary's when the townships' villages recorded no service days."""
    from kaoping.engine import SERVICE_DAY_ELEMENTS, attendance_from_figures

    columns, rows = snapshot_rows(a)
    if not set(SERVICE_DAY_ELEMENTS[:2]) <= set(columns):
        return []
    return attendance_from_figures((r["unit"], r) for r in rows)


def draw(a: CountyAssessment, what: str, today: date) -> bytes:
    """The document's bytes; raises kaoping.documents.NoCJKFont without a Chinese font."""
    from kaoping.documents import bulletin_docx, summary_docx

    result = run_engine(a)
    if what == "summary":
        inputs = quarter_inputs(a, today)
        return summary_docx(
            result, a.period, township=a.county.name, when=today, targets=inputs.targets,
            attendance=inputs.attendance, reporting=inputs.reporting,
            # A province or a city gives no follow-ups of its own: no such section.
            follow_ups=inputs.follow_ups if a.county.level == Unit.Level.COUNTY else None,
            level=level(a.county),
        )  # fmt: skip
    people = services.engine_people(a.snapshot.get("people", []))
    return bulletin_docx(
        result, a.period, people if len(people) else None, township=a.county.name, when=today,
        annex_name=file_name(a, annex_title(a.county), "xlsx"), level=level(a.county),
    )  # fmt: skip


def annex(a: CountyAssessment) -> bytes:
    from kaoping.documents import annex_xlsx

    return annex_xlsx(run_engine(a), a.period, level=level(a.county))


# --- what the summary reads beside the assessment (issue 15) --------------------


def townships_named(county: Unit, codes: Sequence[str]) -> list[Unit]:
    return list(
        Unit.objects.filter(
            parent=county, level=Unit.Level.TOWNSHIP, code__in=list(codes)
        ).order_by("code")
    )


def targets_file(county: Unit) -> tuple[Any, list[str], list[Any]]:
    """The county's newest targets file, parsed (None without one), its problems,
    and what it is (for the cache key)."""
    if not apps.is_installed("kaoping.web.planning"):
        return None, [], []
    from kaoping.web.planning.models import TargetFile
    from kaoping.web.planning.services import load_targets

    newest = TargetFile.objects.filter(unit=county).first()
    if newest is None:
        return None, [], []
    loaded, _name, problems = load_targets(county, str(newest.pk))
    return loaded, problems, [newest.pk, newest.text]


def inputs_of(
    county: Unit,
    towns: Sequence[Unit],
    period: Period,
    today: date,
    figures: tuple[Sequence[str], Sequence[dict[str, Any]]],
    fallback: list[Any],
    formed_from: Mapping[str, Any] | None = None,
) -> SummaryInputs:
    """The summary's inputs for the townships ``towns`` over ``period``: their
    service days (else ``fallback``, the rolled-up sd_* figures), their reporting
    summed, their follow-ups due in it, and the county's targets judged on
    ``figures`` (columns and the townships' rows; ``formed_from``: county_targets)."""
    out = SummaryInputs(
        attendance=attendance_of(towns, period) or fallback,
        reporting=reporting_of(towns, period),
        follow_ups=follow_ups_of_all(towns, period, today),
    )
    out.targets, out.target_problems = county_targets(county, figures, period, formed_from)
    return out


def county_targets(
    county: Unit,
    figures: tuple[Sequence[str], Sequence[dict[str, Any]]],
    period: Period,
    formed_from: Mapping[str, Any] | None = None,
) -> tuple[list[Any], list[str]]:
    """The county's targets (its newest targets file) judged on ``figures``, the
    townships' rows, worded for townships (各乡镇); none without a file, and the
    file's or the figures' problems (Chinese). ``formed_from``: the rubric's
    elements when ``figures`` are a half-year or a year formed from its quarters
    (a target they cannot hold is then shown not judged, period_summary.judged)."""
    loaded, problems, _what = targets_file(county)
    if loaded is None:
        return [], problems
    columns, rows = figures
    return judged(loaded, columns, rows, period, (), problems, LEVEL, formed_from)


def quarter_figures(a: CountyAssessment) -> tuple[Sequence[str], list[dict[str, Any]]]:
    """The townships' rolled-up rows of the assessment's own period."""
    columns, rows = snapshot_rows(a)
    return columns, [r for r in rows if str(r["period"]) == a.period]


def region_inputs(a: CountyAssessment) -> SummaryInputs:
    """What a province's or a city's summary reads beside its assessment of its
    counties: the service days and reporting of the townships under them, summed
    (else the counties' rolled-up sd_* figures); no follow-ups or targets of its
    own (those are the townships' and the counties')."""
    towns = towns_under(a.county, [str(r["unit"]) for r in quarter_figures(a)[1]])
    period = Period.parse(a.period)
    return SummaryInputs(
        attendance=attendance_of(towns, period) or attendance(a),
        reporting=reporting_of(towns, period),
    )


def towns_under(region: Unit, codes: Sequence[str] | None) -> list[Unit]:
    """The townships under the province's or the city's counties ``codes`` (None:
    under every county it assesses), by code."""
    counties = [c for c in county_assessed(region) if codes is None or c.code in codes]
    return list(
        Unit.objects.filter(parent__in=counties, level=Unit.Level.TOWNSHIP).order_by("code")
    )


def county_assessed(assessor: Unit) -> list[Unit]:
    from .county import assessed

    return assessed(assessor)


def quarter_inputs(a: CountyAssessment, today: date) -> SummaryInputs:
    """What the county's summary of a quarter (or a month) reads beside its
    assessment: the townships' service days, reporting, previous quarter's
    follow-ups, and the county's targets judged on the rolled-up rows (a
    province's or a city's: :func:`region_inputs`)."""
    if a.county.level != Unit.Level.COUNTY:
        return region_inputs(a)
    columns, rows = quarter_figures(a)
    towns = townships_named(a.county, [str(r["unit"]) for r in rows])
    return inputs_of(
        a.county, towns, Period.parse(a.period), today, (columns, rows),
        attendance(a),
    )  # fmt: skip
