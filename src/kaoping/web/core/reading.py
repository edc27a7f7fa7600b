"""An uploaded data file, read by :func:`kaoping.io.read_data`, in the shape the
upload views need: rows of (spreadsheet row, unit, period, values) or problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .models import DataElement
from .services import show


@dataclass
class Problem:
    row: int | None
    column: str | None
    value: str | None
    message: str


@dataclass
class Upload:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_upload(path: Path, filename: str, elements: Sequence[DataElement]) -> Upload:
    from kaoping.io import DataFileError, read_data

    declared = {e.code: e.as_engine() for e in elements}
    try:
        data = read_data([path], declared)
    except DataFileError as error:
        # The file is stored under a random name; people know it by theirs.
        shown = str(path)
        return Upload(
            problems=[
                Problem(
                    p.row,
                    p.column,
                    p.value,
                    (p.message_zh or p.message).replace(shown, filename),
                )
                for p in error.problems
            ]
        )
    frame = data.frame
    codes = [e.code for e in elements]
    rows_of = _rows_of_units(path)
    rows = []
    for record in frame.iter_rows(named=True):
        values: dict[str, Decimal | None] = {}
        for code in codes:
            v = record.get(code)
            # Exact, without the frame's eighteen trailing zeros.
            values[code] = None if v is None else Decimal(show(Decimal(v)))
        unit = str(record["unit"])
        rows.append(
            {
                "row": rows_of.get((unit, str(record["period"]))),
                "unit": unit,
                "period": str(record["period"]),
                "name": record.get("name"),
                "values": values,
            }
        )
    rows.sort(key=lambda r: (r["row"] is None, r["row"] or 0, r["unit"]))
    return Upload(rows=rows)


def _rows_of_units(path: Path) -> dict[tuple[str, str], int]:
    """(unit, period) -> the spreadsheet row it came from, so that problems found
    after reading (a unit the user may not report for) still name their row."""
    from kaoping.engine import Period, PeriodError
    from kaoping.io._data import _ALIAS, _is_data_header, _norm
    from kaoping.io._tables import read_table

    table, _problems = read_table(path, is_header=_is_data_header)
    if table is None:
        return {}
    kinds = [_ALIAS.get(_norm(h or "")) for h in table.headers]
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
