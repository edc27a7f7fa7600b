"""Writing tables for filing: XLSX and CSV that Excel opens with Chinese intact.

Every text cell goes through :func:`neutralise`, so that a unit name or a reason
typed as ``=HYPERLINK(...)`` is shown as text and never run as a formula.
"""

from __future__ import annotations

import csv
import functools
import io
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from kaoping.engine import format_number, to_shown

__all__ = ["neutralise", "write_csv", "write_csv_frame", "write_xlsx"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60
_MIN_WIDTH = 6


def neutralise(value: Any) -> Any:
    """A text starting like a formula gets a leading ``'``; anything else is returned as is.

    Numbers (int, float, Decimal) stay numbers, ``-5`` included; only text is touched.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        return neutralise(value)
    return neutralise(str(value))


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return format_number(value)
    return "" if value is None else str(value)


def write_xlsx(
    path: str | Path | IO[bytes],
    sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]],
) -> None:
    """Write one sheet per entry of ``sheets`` (name -> (headers, rows)), in order.

    Headers bold, header row frozen, columns as wide as their longest text,
    numbers stored as numbers (a fractional Decimal shown with two decimals).
    Printed (Excel, WPS, LibreOffice) on A4 landscape with every column on the
    page and the header row repeated, instead of the columns that do not fit
    spilling onto pages of their own.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(_sheet_title(title))
        widths = [text_width(str(h)) for h in headers]
        sheet.append([_cell(h) for h in headers])
        for cell in sheet[1]:
            cell.font = bold
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c, value=_xlsx_value(value))
                if isinstance(value, Decimal) and round2(value) != value.to_integral_value():
                    cell.number_format = "0.00"
                if c > len(widths):
                    widths.append(0)
                widths[c - 1] = max(widths[c - 1], text_width(_shown(value)))
        for c, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = min(
                _MAX_WIDTH, max(_MIN_WIDTH, width + 2)
            )
        sheet.freeze_panes = "A2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
        sheet.print_title_rows = "1:1"
    if not sheets:
        workbook.create_sheet("Sheet1")
    workbook.save(path)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # The stored number is the one shown: rounded half up to two decimals
        # (RUBRIC.md: rounding happens only when a figure is written).
        shown = round2(value)
        return int(shown) if shown == shown.to_integral_value() else float(shown)
    return _cell(value)


def _sheet_title(title: str) -> str:
    # Excel refuses these characters and titles over 31 characters.
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Sheet"


def write_csv(
    path_or_stream: str | Path | IO[str], headers: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Write a CSV. A file gets a UTF-8 BOM, so that Excel opens Chinese text
    correctly; a stream (standard output, a pipe) does not, so that other programs
    read the first header as written."""
    if isinstance(path_or_stream, str | Path):
        with open(path_or_stream, "w", encoding="utf-8-sig", newline="") as stream:
            _write_rows(stream, headers, rows)
    else:
        _write_rows(path_or_stream, headers, rows)


def write_csv_frame(
    path_or_stream: str | Path | IO[str], headers: Sequence[str], cells: Any
) -> None:
    """:func:`write_csv` of a Polars frame of text cells (null: empty), written by
    Polars: the same bytes as the rows through the csv module (minimal quoting,
    CRLF), a file with a BOM, a stream without."""
    head = io.StringIO()
    csv.writer(head, lineterminator="\r\n").writerow([_csv_cell(h) for h in headers])
    body = cells.write_csv(None, include_header=False, line_terminator="\r\n")
    if isinstance(path_or_stream, str | Path):
        with open(path_or_stream, "w", encoding="utf-8-sig", newline="") as stream:
            stream.write(head.getvalue())
            stream.write(body)
    else:
        path_or_stream.write(head.getvalue())
        path_or_stream.write(body)


def _write_rows(stream: IO[str], headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def _csv_cell(value: Any) -> Any:
    kind = value.__class__  # the common cells first: a province writes millions
    if kind is Decimal:
        return _plain_decimal(value)
    if kind is int:
        return value
    if kind is str:
        return neutralise(value)
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    return _cell(value)


@functools.lru_cache(maxsize=1 << 16)
def _plain_decimal(value: Decimal) -> str:
    # Cached: a province's CSV writes a few distinct figures a million times.
    return format_number(value)


def round2(value: Decimal) -> Decimal:
    """Half up to two decimals, as every figure is shown and written."""
    return to_shown(value)
