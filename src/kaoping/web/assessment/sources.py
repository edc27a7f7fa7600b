"""Checks across sources (月信息核对): importing counts per unit, period, measure
and source; the page of disagreements and of values far from a unit's history."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from kaoping.engine import (
    MEASURES,
    ElementType,
    OpenDifference,
    Outstanding,
    Period,
    PeriodError,
    SourceValue,
    ValueProblem,
    parse_value,
    robust_outlier,
    source_differences,
    source_label,
    sources_for_period,
)
from kaoping.web.core.models import Figure, Unit
from kaoping.web.core.services import worded

from . import services
from .models import Assessment, FollowUp, SourceFigure

HEADERS = {
    "unit": {"unit", "单位代码", "代码", "单位编码"},
    "period": {"period", "期间", "季度", "月份"},
    "measure": {"measure", "项目", "指标"},
    "source": {"source", "来源"},
    "value": {"value", "数值", "数量", "例数"},
}
NOT_CHECKABLE = gettext_lazy("“%(value)s”不是季度或月份，例如 2026Q4 或 2026-11")
MEASURE_NAMES = {**{k: k for k in MEASURES}, **{v[0]: k for k, v in MEASURES.items()}}
SOURCE_NAMES = {
    name: code for v in MEASURES.values() for code, label in v[2].items() for name in (code, label)
}


def checkable(period: Period) -> bool:
    """Sources are checked by month (月核对) and by quarter; a quarter's count of a
    source may be the sum of its months (``sources_for_period``)."""
    return period.kind in ("Q", "M")


def _is_text_checkable(text: str) -> bool:
    try:
        return checkable(Period.parse(text))
    except PeriodError:
        return False


def _is_header(cells: list[str]) -> bool:
    lowered = {c.strip().lower() for c in cells if c}
    return all(lowered & {h.lower() for h in names} for names in HEADERS.values())


def import_file(township: Unit, upload: Any, user: Any) -> list[str]:
    """Read a CSV/XLSX of (unit, period, measure, source, value) rows and keep them
    all, or none when any row has a problem; returns the problems, located."""
    from django.conf import settings

    from kaoping.io import read_table

    limit = settings.KAOPING_MAX_UPLOAD_BYTES
    if upload.size > limit:
        return [
            _("%(name)s：文件有 %(size)s 字节，超过上限 %(limit)s 字节")
            % {"name": upload.name, "size": upload.size, "limit": limit}
        ]
    suffix = Path(upload.name or "").suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        table, problems = read_table(path, _is_header)
        if table is None:
            return [
                _("%(name)s：%(problem)s")
                % {"name": upload.name, "problem": worded(p.message, p.message_zh)}
                for p in problems
            ]
        index: dict[str, int] = {}
        for i, h in enumerate(table.headers):
            for key, names in HEADERS.items():
                if h and h.strip().lower() in {n.lower() for n in names}:
                    index.setdefault(key, i)
        missing = [k for k in HEADERS if k not in index]
        if missing:
            wanted = pgettext("list separator", "、").join(
                "/".join(sorted(HEADERS[k])) for k in missing
            )
            return [_("%(name)s：缺少列 %(columns)s") % {"name": upload.name, "columns": wanted}]
        cols = {k: table.texts(i) for k, i in index.items()}
        rows = []
        for n, sheet_row in enumerate(table.rows):
            rows.append(
                (
                    _("%(name)s 第%(row)s行") % {"name": upload.name, "row": sheet_row},
                    {k: (cols[k][n] or "") for k in HEADERS},
                    {k: table.letter(index[k]) for k in HEADERS},
                )
            )
    return _save(township, rows, user)


def save_one(township: Unit, data: dict[str, Any], user: Any) -> list[str]:
    row = {k: str(data[k]) for k in HEADERS}
    return _save(township, [(_("表单"), row, {k: "" for k in HEADERS})], user)


def _save(
    township: Unit, rows: list[tuple[str, dict[str, str], dict[str, str]]], user: Any
) -> list[str]:
    units = {u.code: u for u in services.township_units(township)}
    problems: list[str] = []
    parsed: list[tuple[Unit, str, str, str, Decimal]] = []
    for where, row, letters in rows:

        def bad(key: str, message: str, where: str = where, letters: dict = letters) -> None:
            col = _("%(letter)s列") % {"letter": letters[key]} if letters.get(key) else key
            problems.append(
                _("%(where)s %(column)s：%(message)s")
                % {"where": where, "column": col, "message": message}
            )

        unit = units.get(row["unit"].strip())
        if unit is None:
            bad("unit", _("“%(value)s”不是本镇的村（社区）代码") % {"value": row["unit"]})
        try:
            p = Period.parse(row["period"].strip())
            period = str(p) if checkable(p) else ""
            if not period:
                bad("period", str(NOT_CHECKABLE) % {"value": row["period"]})
        except PeriodError:
            period = ""
            bad("period", str(NOT_CHECKABLE) % {"value": row["period"]})
        measure = MEASURE_NAMES.get(row["measure"].strip())
        if measure is None:
            bad(
                "measure",
                _("“%(value)s”不是可核对的项目（出生、初婚）") % {"value": row["measure"]},
            )
        source = SOURCE_NAMES.get(row["source"].strip())
        if source is None or (measure is not None and source not in MEASURES[measure][2]):
            bad("source", _("“%(value)s”不是该项目的来源") % {"value": row["source"]})
        # A count, with the range every reported count has (kaoping.engine.RANGES).
        try:
            value = parse_value(row["value"], ElementType.COUNT)
        except ValueProblem as problem:
            value = Decimal(0)
            bad("value", worded(str(problem), problem.message_zh))
        if value is None:
            value = Decimal(0)
            bad("value", _("数值为空"))
        if unit is not None and period and measure and source:
            parsed.append((unit, period, measure, source, value))
    if problems:
        return problems
    with transaction.atomic():
        for unit, period, measure, source, value in parsed:
            SourceFigure.objects.update_or_create(
                unit=unit,
                period=period,
                measure=measure,
                source=source,
                defaults={"township": township, "value": value, "imported_by": user},
            )
    return []


def resolve(township: Unit, unit: Unit, period: str, measure: str, note: str, user: Any) -> None:
    FollowUp.objects.update_or_create(
        unit=unit,
        period=period,
        measure=measure,
        defaults={"township": township, "note": note.strip()[:2000], "user": user},
    )


def page(township: Unit, period: str, lang: str = "zh") -> dict[str, Any]:
    """Differences of the chosen quarter (default: the latest with any source) and
    the values far from their units' history, worded in ``lang`` (``zh``, ``en``)."""
    figures = list(SourceFigure.objects.filter(township=township).select_related("unit"))
    periods = sorted({f.period for f in figures}, key=Period.parse, reverse=True)
    fig_periods = {
        p for p in Figure.objects.filter(report__unit__township=township)
        .values_list("report__period", flat=True).distinct() if _is_text_checkable(p)
    }  # fmt: skip
    # A quarter whose months were entered can be checked as a quarter too.
    quarters = {str(Period.parse(p).quarter_of()) for p in periods if _is_text_checkable(p)}
    all_periods = sorted(set(periods) | fig_periods | quarters, key=Period.parse, reverse=True)
    if period not in all_periods:
        period = all_periods[0] if all_periods else ""
    names = {u.code: u.name for u in services.township_units(township)}
    every = [SourceValue(f.unit.code, f.period, f.measure, f.source, f.value) for f in figures]
    values = sources_for_period(every, Period.parse(period)) if period else []
    done = {
        (f.unit.code, f.measure): f
        for f in FollowUp.objects.filter(township=township, period=period).select_related(
            "unit", "user"
        )
    }
    differences = [
        {
            "unit": d.unit,
            "name": names.get(d.unit, d.unit),
            "measure": d.measure,
            "text": d.text(lang),
            "values": d.values,
            "unreported": d.unreported,
            "followup": done.get((d.unit, d.measure)),
        }
        for d in source_differences(values)
    ]
    return {
        "period": period,
        "periods": all_periods,
        "differences": differences,
        "open_count": sum(1 for d in differences if d["followup"] is None),
        "outliers": _outliers(township, period, figures, names, lang) if period else [],
    }


def _outliers(
    township: Unit, period: str, figures: list[SourceFigure], names: dict[str, str], lang: str
) -> list[dict[str, Any]]:
    """Values of the quarter far from the same unit's earlier quarters: the sources'
    counts, and the count figures of the rubric the township assesses with."""
    target = Period.parse(period)
    series: dict[tuple[str, str], list[tuple[Period, Decimal]]] = {}
    labels: dict[str, str] = {}
    # A month is compared with the unit's earlier months, a quarter with its earlier
    # quarters: never one with the other.
    for f in figures:
        p = Period.parse(f.period)
        if p.kind == target.kind and p <= target:
            what = source_label(f.measure, f.source, lang)
            series.setdefault((f.unit.code, what), []).append((p, f.value))
    latest = (
        Assessment.objects.filter(township=township, campaign__isnull=True)
        .order_by("-period", "-version")
        .first()
    )
    rv = latest.rubric if latest else services.rubric_versions(township)[0]
    rubric = services.parsed(rv)
    counts = {c: e for c, e in rubric.data_elements().items() if e.type is ElementType.COUNT}
    rows = Figure.objects.filter(
        report__unit__township=township, element__in=list(counts), value__isnull=False
    ).values_list("report__unit__code", "period", "element", "value")
    for unit_code, p_text, element, value in rows:
        if not _is_text_checkable(p_text):
            continue
        p = Period.parse(p_text)
        if p.kind == target.kind and p <= target and value is not None:
            what = counts[element].label or element
            labels[what] = element
            series.setdefault((unit_code, what), []).append((p, value))
    out = []
    for (unit_code, what), points in sorted(series.items()):
        points.sort()
        if not points or points[-1][0] != target:
            continue
        flag = robust_outlier(points[-1][1], [v for _, v in points[:-1]])
        if flag is not None:
            out.append(
                {"unit": unit_code, "name": names.get(unit_code, unit_code), "what": what,
                 "reason": flag.reason(lang)}
            )  # fmt: skip
    return out


def open_differences(township: Unit, period: Period) -> list[tuple[str, Outstanding]]:
    """Counts of the sources (村级报告, 医院分娩, 户籍登记...) that disagree and that
    nobody has followed up: the outstanding items a township's reminders name."""
    values = [
        SourceValue(f.unit.code, f.period, f.measure, f.source, f.value)
        for f in SourceFigure.objects.filter(township=township, period=str(period)).select_related(
            "unit"
        )
    ]
    followed = set(
        FollowUp.objects.filter(township=township, period=str(period)).values_list(
            "unit__code", "measure"
        )
    )
    out: list[tuple[str, Outstanding]] = []
    for d in source_differences(values):
        if (d.unit, d.measure) in followed:
            continue
        label, _ref, sources, _element = MEASURES.get(d.measure, (d.measure, "", {}, ""))
        shown = {sources.get(k, k): v for k, v in d.values.items()}
        out.append((f"difference:{d.measure}", OpenDifference(d.unit, label, shown)))
    return out
