"""An uploaded data file, read by :func:`kaoping.io.read_data`, kept as the Polars
frame the reader returns so that a county's file is checked and written by
column operations, not row by row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from kaoping.engine import format_exact

from .models import DataElement
from .notes import chinese_page


@dataclass
class Problem:
    row: int | None
    column: str | None
    value: str | None
    message: str
    #: The sheet of a workbook with several, of which only the first is read.
    sheet: str | None = None


def problem_sheet(problems: Sequence[Problem]) -> str | None:
    """The sheet the problems' rows are on, when the workbook has several sheets."""
    return next((p.sheet for p in problems if p.sheet is not None), None)


@dataclass
class Upload:
    frame: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)


def scope_rows(units: int, elements: int) -> int:
    """The most data rows an upload for ``units`` units of one period can need:
    one per unit (wide), or one per unit and element (long), plus a margin for
    blank and note rows. Reading stops there: a reporter's file of one village
    is not read to its millionth row before its rows are refused."""
    return units * (elements + 1) + 100


def read_upload(
    path: Path, filename: str, elements: Sequence[DataElement], max_rows: int | None = None
) -> Upload:
    from kaoping.io import DataFileError, read_data

    declared = {e.code: e.as_engine() for e in elements}
    try:
        data = read_data([path], declared, max_rows=max_rows)
    except DataFileError as error:
        # The file is stored under a random name; people know it by theirs.
        shown = str(path)
        # In the reader's language: the readers word every problem in both.
        chinese = chinese_page()
        return Upload(
            problems=[
                Problem(
                    p.row,
                    p.column,
                    p.value,
                    ((p.message_zh or p.message) if chinese else p.message).replace(
                        shown, filename
                    ),
                    p.sheet,
                )
                for p in error.problems
            ]
        )
    return Upload(frame=data.frame)


def as_text(column: pl.Expr) -> pl.Expr:
    """Exact decimals as a person writes them (``40``, ``0.95``), null kept."""
    text = column.cast(pl.Utf8)
    return (
        pl.when(text.str.contains(r"\.", literal=False))
        .then(text.str.replace(r"0+$", "").str.replace(r"\.$", ""))
        .otherwise(text)
    )


def preview_rows(frame: pl.DataFrame, codes: list[str], limit: int) -> list[dict[str, Any]]:
    rows = []
    for record in frame.head(limit).iter_rows(named=True):
        values = {
            c: None if record.get(c) is None else Decimal(format_exact(Decimal(record[c])))
            for c in codes
        }
        rows.append(
            {"unit": str(record["unit"]), "period": str(record["period"]), "values": values}
        )
    return rows


def rows_of_units(path: Path, max_rows: int | None = None) -> dict[tuple[str, str], int]:
    """(unit, period) -> the spreadsheet row it came from, so that problems found
    after reading (a unit the user may not report for) still name their row.
    Read again only when there is such a problem."""
    from kaoping.engine import Period, PeriodError
    from kaoping.io import header_kind, is_data_header, read_table

    table, _problems = read_table(path, is_header=is_data_header, max_rows=max_rows)
    if table is None:
        return {}
    kinds = [header_kind(h) for h in table.headers]
    if "unit" not in kinds or "period" not in kinds or "element" in kinds:
        return {}
    units = table.texts(kinds.index("unit"))
    periods = table.texts(kinds.index("period"))
    found: dict[tuple[str, str], int] = {}
    for row, unit, period in zip(table.rows, units, periods, strict=True):
        if unit is None or period is None:
            continue
        try:
            key = (unit, str(Period.parse(period)))
        except PeriodError:
            continue
        found.setdefault(key, row)
    return found
