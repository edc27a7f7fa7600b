"""A data upload checked, then imported: the preview's reading and checks, and
the confirmed import that a person (the upload page) or a background job runs.

:func:`perform_import` is the one way to write a confirmed upload: it reads and
checks the kept file again and writes every row in one transaction or none,
refused when a report changed since the preview.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from kaoping.engine import check_data

from . import services
from .access import access_in_status, access_to_units, reporting_units
from .models import DataSet, Figure, FigureImport, Report, Unit
from .reading import Problem, preview_rows, read_upload, rows_of_units, scope_rows


@dataclass
class Parsed:
    frame: pl.DataFrame | None
    rows: list[dict[str, Any]]  # the first PREVIEW_ROWS, for the page
    problems: list[Problem]
    count: int = 0
    units: dict[str, Unit] = field(default_factory=dict)
    # Every existing report the import would overwrite or submit, and the
    # version of every report in the file as the preview saw it (0: none yet).
    affected: list[dict[str, Any]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)


#: Rows shown in the preview; the import writes them all.
PREVIEW_ROWS = 200


def writable_units(user: Any, dataset: DataSet) -> list[Unit]:
    units = list(
        reporting_units(user).filter(township_id=dataset.township_id).select_related("parent")
    )
    return [u for u, access in zip(units, access_to_units(user, units), strict=True) if access.edit]


def parse_upload(user: Any, dataset: DataSet, period: str, path: Path, filename: str) -> Parsed:
    """Read the file and check every row: the reader's problems, then this app's
    (the period is this one, the unit is the user's, its report is not locked,
    the values pass the data set's checks)."""
    elements = list(dataset.elements.all())
    codes = [e.code for e in elements]
    writable = writable_units(user, dataset)
    bound = scope_rows(len(writable), len(elements))
    result = read_upload(path, filename, elements, max_rows=bound)
    if result.frame is None:
        # The file has problems of its own; still name the rows this user may not
        # import at all, so that one round of corrections is enough.
        return Parsed(None, [], _with_row_refusals(user, dataset, period, path, result.problems))
    frame = result.frame
    labels = {e.code: e.label or e.code for e in elements}
    units = {u.code: u for u in writable}
    found: list[tuple[str, str, str, str | None, str]] = []  # unit, period, column, value, message

    for unit, p in frame.filter(pl.col("period") != period).select("unit", "period").iter_rows():
        found.append((unit, p, _("期间"), p, _("期间应为 %(period)s") % {"period": period}))
    ours = frame.filter(pl.col("period") == period)
    for (unit,) in ours.filter(~pl.col("unit").is_in(list(units))).select("unit").iter_rows():
        found.append((unit, period, _("单位代码"), unit, _("无权填报该单位，或单位代码不存在")))
    in_file = set(ours["unit"].to_list())
    # The reports of the units in the file: named by id when the file holds a few
    # of the data set's units; a county's file names thousands, too many to send
    # as a list, and then the period's reports are read whole and kept when in it.
    reports = Report.objects.filter(dataset=dataset, period=period)
    if len(in_file) <= len(units) // 2:
        reports = reports.filter(unit_id__in=[units[c].pk for c in in_file if c in units])
    existing = [
        r
        for r in reports.select_related("unit", "dataset").prefetch_related(
            Prefetch("figures", Figure.objects.filter(period=period))
        )
        if r.unit.code in in_file
    ]
    versions = dict.fromkeys(in_file, 0) | {r.unit.code: r.version for r in existing}
    affected = _affected_reports(existing, ours, codes, labels)
    for r, access in zip(existing, access_to_units(user, [r.unit for r in existing]), strict=True):
        if not access_in_status(access, r.status).edit:
            found.append(
                (
                    r.unit.code,
                    period,
                    _("单位代码"),
                    r.unit.code,
                    _("该单位本期数据状态为“%(status)s”，不能再导入")
                    % {"status": r.get_status_display()},
                )
            )
    # The reader has typed every value and refused missing ones; what is left is
    # the data set's checks, applied by the engine to the whole frame at once.
    for v in check_data(services.checks_rubric(dataset), ours):
        element = next(iter(v.values), "")
        value = v.values.get(element)
        found.append(
            (
                v.unit,
                v.period,
                labels.get(element, element),
                services.show(Decimal(value)) if value is not None else "",
                v.message,
            )
        )
    problems = []
    if found:
        rows_of = rows_of_units(path, max_rows=bound)
        problems = [
            Problem(rows_of.get((unit, p)), column, value, message)
            for unit, p, column, value, message in found
        ]
        problems.sort(key=lambda x: (x.row is None, x.row or 0))
    preview = preview_rows(frame, codes, PREVIEW_ROWS)
    for row in preview:
        unit_obj = units.get(row["unit"])
        row["name"] = unit_obj.name if unit_obj else ""
    return Parsed(frame, preview, problems, frame.height, units, affected, versions)


def _affected_reports(
    existing: list[Report], ours: pl.DataFrame, codes: list[str], labels: dict[str, str]
) -> list[dict[str, Any]]:
    """The existing reports the import would change: figures it overwrites (with
    old and new values) and drafts or returned reports it submits."""
    if not existing:
        return []
    rows = {str(r["unit"]): r for r in ours.iter_rows(named=True)}
    out = []
    for r in sorted(existing, key=lambda r: r.unit.code):
        record = rows.get(r.unit.code)
        if record is None:
            continue
        stored = {f.element: f.value for f in r.figures.all()}
        overwritten = []
        for c in codes:
            new = None if record.get(c) is None else Decimal(str(record[c]))
            old = stored.get(c)
            if old is not None and (new is None or new != old):
                overwritten.append(
                    f"{labels.get(c, c)} {services.show(old)} → {services.show(new) or '—'}"
                )
        submits = r.status in (Report.Status.DRAFT, Report.Status.RETURNED)
        if overwritten or submits:
            out.append(
                {
                    "unit": r.unit.code,
                    "name": r.unit.name,
                    "status": r.get_status_display(),
                    "version": r.version,
                    "overwritten": overwritten,
                    "submits": submits,
                }
            )
    return out


def _with_row_refusals(
    user: Any, dataset: DataSet, period: str, path: Path, problems: list[Problem]
) -> list[Problem]:
    writable = {u.code for u in writable_units(user, dataset)}
    bound = scope_rows(len(writable), dataset.elements.count())
    refusals = []
    for (unit, p), row in rows_of_units(path, max_rows=bound).items():
        if p != period:
            refusals.append(
                Problem(row, _("期间"), p, _("期间应为 %(period)s") % {"period": period})
            )
        elif unit not in writable:
            refusals.append(
                Problem(row, _("单位代码"), unit, _("无权填报该单位，或单位代码不存在"))
            )
    return sorted([*problems, *refusals], key=lambda x: (x.row is None, x.row or 0))


@dataclass
class Imported:
    """What :func:`perform_import` did: the file as read and checked again and,
    when it was written, the import's event. Without a record nothing was
    written: the file has problems (``parsed.problems``), or reports changed or
    were locked since the preview (``refusals``, one sentence each)."""

    parsed: Parsed
    record: FigureImport | None = None
    refusals: list[str] = field(default_factory=list)


def perform_import(
    user: Any,
    dataset: DataSet,
    period: str,
    path: Path,
    *,
    filename: str,
    versions: Mapping[str, int],
    parsed: Parsed | None = None,
) -> Imported:
    """Import a confirmed upload: read and check the kept file at ``path`` again
    (``filename`` is what the person called it), then write every row, submit
    every report and record the import (the file's SHA-256 among it) in one
    transaction, or write nothing.

    Refused, writing nothing, when one of the reports changed since the preview
    that showed ``versions`` (unit code -> version, 0 for none yet) or is locked
    now: the guard's decision, under the reports' locks, in the transaction of
    the write.

    A job reads the file first, outside its transaction, and hands the reading
    over as ``parsed`` so that the transaction holds the write only.
    """
    if parsed is None:
        parsed = parse_upload(user, dataset, period, path, filename)
    if parsed.frame is None or parsed.problems:
        return Imported(parsed)
    try:
        record = services.import_frame(
            dataset,
            period,
            parsed.frame,
            parsed.units,
            user=user,
            path="import",
            versions=versions,
            source=services.ImportSource(filename, file_sha256(path)),
        )
    except services.Refused as refused:
        return Imported(parsed, refusals=[why for _r, why in refused.refusals])
    return Imported(parsed, record)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
