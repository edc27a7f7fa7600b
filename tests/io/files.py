"""Small hand-made data files written into a test's tmp_path."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from kaoping.engine import Element, ElementType

Rows = Sequence[Any]  # rows of cells of any type: str, int, Decimal, date, None

ELEMENTS = {
    "invited": Element("invited", "应到人数", ElementType.COUNT),
    "attended": Element("attended", "实到人数", ElementType.COUNT),
    "paid": Element("paid", "发放金额", ElementType.AMOUNT),
    "records_ok": Element("records_ok", "例会记录规范", ElementType.BOOL),
    "outstanding": Element("outstanding", "上季度遗留", ElementType.COUNT, Decimal(0)),
}


def write_csv(path: Path, rows: Rows, encoding: str = "utf-8") -> Path:
    """As Excel saves a CSV: quoted only where needed, CRLF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        ["" if c is None else str(c) for c in row] for row in rows
    )
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Rows) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write(tmp_path: Path, name: str, rows: Rows) -> Path:
    """``name`` ending .xlsx -> a workbook; ``.csv`` -> UTF-8 CSV; ``.gb.csv`` -> GB18030;
    ``.bom.csv`` -> UTF-8 with BOM."""
    path = tmp_path / name
    if name.endswith(".xlsx"):
        return write_xlsx(path, rows)
    if name.endswith(".gb.csv"):
        return write_csv(path, rows, "gb18030")
    if name.endswith(".bom.csv"):
        return write_csv(path, rows, "utf-8-sig")
    return write_csv(path, rows)


def d(text: str) -> Decimal:
    return Decimal(text)
