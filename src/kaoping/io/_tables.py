"""Reading a CSV or spreadsheet file (XLSX, XLS, ODS) into a plain table of cell texts, safely.

Every format ends up as the same :class:`RawTable`: the header, the spreadsheet
row number of every data row and, per column, the text of each cell. Typed
parsing happens later (``_data``, ``_people_file``), the same for both formats.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ._problems import DataProblem

if TYPE_CHECKING:  # loaded by the readers that build series, not by every command
    import polars as pl

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_UNCOMPRESSED",
    "SUFFIXES",
    "RawTable",
    "column_letter",
    "read_table",
]

#: Data rows one file may hold (a township has tens of units, a county some
#: thousands; a whole province's villages fit many times over).
MAX_ROWS = 1_000_000
#: Bytes of a CSV file.
MAX_CSV_BYTES = 512 * 1024 * 1024
#: Total uncompressed bytes of all members of an XLSX file. A 100,000-row,
#: 40-column sheet is about 150 MB of XML.
MAX_XLSX_UNCOMPRESSED = 1024 * 1024 * 1024
#: Largest uncompressed/compressed ratio of a member over 1 MiB. Real sheets
#: compress 5-20 times; a zip bomb hundreds or a thousand times.
MAX_XLSX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024

# How far down a header row is looked for, past title rows such as
# "2026年第三季度村级数据" that offices put above their tables.
_HEADER_SEARCH = 10

#: What :func:`read_table` reads. Excel 97-2003 (.xls) and OpenDocument (.ods)
#: go through calamine like .xlsx: offices still keep old .xls templates, and
#: WPS Office and LibreOffice save .ods.
SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")

Cell = object


@dataclass
class RawTable:
    """A file's first sheet (or its CSV records) as text cells."""

    file: str
    headers: list[str]
    header_row: int
    rows: list[int]  # the spreadsheet row number of every data row
    _columns: list[Sequence[Cell]] = field(repr=False)
    _to_text: Callable[[Cell], str | None] = field(repr=False)
    _to_series: Callable[[Sequence[Cell]], pl.Series] = field(repr=False)
    #: The sheet read, when the workbook has more than one (see DataProblem.sheet).
    sheet: str | None = None

    @property
    def width(self) -> int:
        return len(self.headers)

    def letter(self, index: int) -> str:
        return column_letter(index)

    def texts(self, index: int) -> list[str | None]:
        """The cells of column ``index`` as stripped text, ``None`` where empty."""
        to_text = self._to_text
        return [to_text(v) for v in self._columns[index]]

    def series(self, index: int) -> pl.Series:
        """The cells of column ``index`` as a Utf8 series of stripped text, null where empty."""
        return self._to_series(self._columns[index])

    def problem(
        self, row: int | None, index: int | None, value: str | None, message: str, message_zh: str
    ) -> DataProblem:
        return DataProblem(
            file=self.file,
            row=row,
            column=None if index is None else (self.headers[index] or self.letter(index)),
            value=value,
            message=message,
            message_zh=message_zh,
            letter=None if index is None else self.letter(index),
            sheet=self.sheet,
        )


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_table(
    path: str | Path,
    is_header: Callable[[list[str]], bool] | None = None,
    max_rows: int | None = None,
) -> tuple[RawTable | None, list[DataProblem]]:
    """Read ``path`` (``.csv``, ``.xlsx``, ``.xls`` or ``.ods``). Returns the table, or ``None`` and problems.

    ``is_header`` recognises the header row among the first rows; the first
    non-empty row is the header when it recognises none. ``max_rows`` (at most
    :data:`MAX_ROWS`) bounds the data rows: a file with more is refused before
    its cells are turned into values (an XLSX by its sheet's dimension, a CSV
    as soon as the reader passes the bound), so that reading costs what the
    caller can use, not what the file holds.
    """
    limit = MAX_ROWS if max_rows is None else min(max_rows, MAX_ROWS)
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()

    def whole_file(message: str, message_zh: str) -> tuple[None, list[DataProblem]]:
        return None, [DataProblem(name, None, None, None, message, message_zh)]

    if suffix not in SUFFIXES:
        return whole_file(
            f"cannot read a {suffix or 'extensionless'} file: give a .csv, .xlsx, .xls or .ods file",
            f"无法读取{suffix or '无扩展名的'}文件，请提供 .csv、.xlsx、.xls 或 .ods 文件",
        )
    if not path.is_file():
        return whole_file("file not found", "找不到该文件")
    sheet = None
    try:
        if suffix == ".csv":
            rows = _read_csv(path, limit)
            to_text, to_series = _csv_text, _csv_series
        else:
            rows, sheet = _read_workbook(path, suffix, limit)
            to_text, to_series = xlsx_text, _xlsx_series
    except _Refused as refused:
        return whole_file(refused.message, refused.message_zh)
    except OSError as exc:
        return whole_file(f"cannot read the file: {exc.strerror or exc}", "无法读取该文件")
    table, problems = _table(name, rows, to_text, to_series, is_header, limit)
    if table is not None:
        table.sheet = sheet
    return table, problems


class _Refused(Exception):
    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh


def _table(
    name: str,
    rows: list[list[Cell]],
    to_text: Callable[[Cell], str | None],
    to_series: Callable[[Sequence[Cell]], pl.Series],
    is_header: Callable[[list[str]], bool] | None,
    limit: int = MAX_ROWS,
) -> tuple[RawTable | None, list[DataProblem]]:
    width = max(map(len, rows), default=0)
    # A row is empty when every cell is "" or None; count() runs in C, which matters
    # at a million rows.
    nonempty = [i for i, r in enumerate(rows) if r.count("") + r.count(None) < len(r)]
    if not nonempty:
        return None, [DataProblem(name, None, None, None, "the file is empty", "文件为空")]

    header_at = nonempty[0]
    for i in nonempty[:_HEADER_SEARCH]:
        texts = [to_text(v) or "" for v in rows[i]]
        if is_header is not None and is_header(texts):
            header_at = i
            break
    data_at = [i for i in nonempty if i > header_at]
    if len(data_at) > limit:
        return None, [
            DataProblem(
                name,
                None,
                None,
                None,
                f"the file has {len(data_at)} data rows; at most {limit} are accepted",
                f"文件有{len(data_at)}行数据，最多接受{limit}行",
            )
        ]
    header = rows[header_at]
    headers = [to_text(v) or "" for v in header] + [""] * (width - len(header))
    padded = [rows[i] if len(rows[i]) == width else _pad(rows[i], width) for i in data_at]
    columns: list[Sequence[Cell]] = list(zip(*padded, strict=True)) if padded else []
    if not columns:
        columns = [() for _ in range(width)]
    table = RawTable(
        file=name,
        headers=headers,
        header_row=header_at + 1,
        rows=[i + 1 for i in data_at],
        _columns=columns,
        _to_text=to_text,
        _to_series=to_series,
    )
    return table, []


def _pad(row: list[Cell], width: int) -> list[Cell]:
    return list(row) + [""] * (width - len(row))


# --- CSV ---------------------------------------------------------------------


def _read_csv(path: Path, limit: int = MAX_ROWS) -> list[list[Cell]]:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise _Refused(
            f"the file is {size} bytes; at most {MAX_CSV_BYTES} are accepted",
            f"文件大小{size}字节，超过上限{MAX_CSV_BYTES}字节",
        )
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _Refused(
            "the file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8 from Excel",
            "文件不是UTF-8或GB18030编码的文本，请在Excel中另存为“CSV UTF-8”",
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = []
    try:
        # Records, not lines: a quoted cell may span lines, and a spreadsheet
        # numbers records.
        for record in reader:
            rows.append(record)  # type: ignore[arg-type]
            if len(rows) > limit + _HEADER_SEARCH + 1:
                break
    except csv.Error as exc:
        raise _Refused(
            f"row {len(rows) + 1} is not valid CSV: {exc}",
            f"第{len(rows) + 1}行不是有效的CSV：{exc}",
        ) from None
    return rows


def _csv_text(value: Cell) -> str | None:
    text = value.strip()  # type: ignore[attr-defined]
    return text or None


def _csv_series(cells: Sequence[Cell]) -> pl.Series:
    import polars as pl

    return _blank_to_null(pl.Series(cells, dtype=pl.Utf8))


def _blank_to_null(texts: pl.Series) -> pl.Series:
    stripped = texts.str.strip_chars()
    return stripped.set(stripped == "", None)


# --- XLSX, XLS, ODS -----------------------------------------------------------


def _read_workbook(
    path: Path, suffix: str, limit: int = MAX_ROWS
) -> tuple[list[list[Cell]], str | None]:
    """The first sheet's cells, and its name when the workbook has more sheets."""
    # An .xls is an OLE compound file, stored uncompressed: the upload's own size
    # bounds it. .xlsx and .ods are zip archives and are checked before opening.
    if suffix == ".xls":
        _check_ole(path)
    else:
        _check_zip(path, suffix)
    # Imported here: the command line's other paths do not pay for it.
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        sheet = workbook.get_sheet_by_index(0)
        end = sheet.end
        if end is not None and end[0] + 1 > limit + _HEADER_SEARCH + 1:
            raise _Refused(
                f"the first sheet has {end[0] + 1} rows; at most {limit} data rows are accepted",
                f"第一个工作表有{end[0] + 1}行，最多接受{limit}行数据",
            )
        rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
    except _Refused:
        raise
    except Exception as exc:  # calamine raises its own types for broken workbooks
        raise _Refused(
            f"not a readable {suffix} workbook ({type(exc).__name__}: {exc})",
            f"不是可读取的 {suffix} 工作簿",
        ) from None
    return rows, (names[0] if len(names) > 1 else None)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _check_ole(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(8)
    if head != _OLE_MAGIC:
        raise _Refused(
            "not an .xls workbook (Excel 97-2003); a file saved as .xlsx must be named .xlsx",
            "不是 .xls 工作簿（Excel 97-2003格式）；另存为 .xlsx 的文件请使用 .xlsx 扩展名",
        )


def _check_zip(path: Path, suffix: str = ".xlsx") -> None:
    """Refuse a workbook that would decompress to too much, before opening it.

    The sizes in a zip's directory can lie, so every member is also read through
    (Python's zipfile stops at the declared size and checks the CRC): what the
    reader later decompresses is what was counted here.
    """
    import zipfile  # here: a township's CSV opens no zip (zipfile brings shutil too)

    if not zipfile.is_zipfile(path):
        if suffix == ".ods":
            raise _Refused(
                "not an .ods workbook (an .ods file is a zip archive)",
                "不是 .ods 工作簿（OpenDocument 表格）",
            )
        raise _Refused(
            "not an .xlsx workbook (an .xlsx file is a zip archive); "
            "an old Excel 97-2003 file must be named .xls",
            "不是 .xlsx 工作簿；旧版 Excel 97-2003 文件请使用 .xls 扩展名",
        )
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_XLSX_UNCOMPRESSED:
            raise _Refused(
                f"the workbook would decompress to {total} bytes; "
                f"at most {MAX_XLSX_UNCOMPRESSED} are accepted",
                f"工作簿解压后为{total}字节，超过上限{MAX_XLSX_UNCOMPRESSED}字节",
            )
        for m in members:
            if m.file_size > _RATIO_FLOOR and m.file_size > MAX_XLSX_RATIO * max(
                m.compress_size, 1
            ):
                raise _Refused(
                    f"the workbook member {m.filename} is compressed "
                    f"{m.file_size // max(m.compress_size, 1)} times; at most "
                    f"{MAX_XLSX_RATIO} is accepted (a zip bomb?)",
                    f"工作簿内{m.filename}压缩比为{m.file_size // max(m.compress_size, 1)}倍，"
                    f"超过上限{MAX_XLSX_RATIO}倍",
                )
        try:
            bad = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            bad = str(exc)
        if bad is not None:
            raise _Refused(f"the workbook is damaged ({bad})", "工作簿已损坏，无法读取")


def _xlsx_series(cells: Sequence[Cell]) -> pl.Series:
    """Like :func:`xlsx_text` for a whole column, in bulk when it holds only text and numbers."""
    import polars as pl

    types = set(map(type, cells))
    if not types <= {str, float}:
        return pl.Series([xlsx_text(v) for v in cells], dtype=pl.Utf8)
    if float not in types:
        return _blank_to_null(pl.Series(cells, dtype=pl.Utf8))
    numbers = pl.Series(cells, dtype=pl.Float64, strict=False)
    if str not in types:
        texts = pl.Series([None] * len(cells), dtype=pl.Utf8)
    else:
        texts = pl.Series([v if v.__class__ is str else None for v in cells], dtype=pl.Utf8)
    whole = (numbers == numbers.round(0)) & (numbers.abs() < 1e15)
    # 15 significant digits, as Excel shows them (see xlsx_text).
    shown = pl.select(
        pl.when(whole)
        .then(numbers.cast(pl.Int64, strict=False).cast(pl.Utf8))
        .otherwise(numbers.round_sig_figs(15).cast(pl.Utf8))
    ).to_series()
    return pl.select(
        pl.when(numbers.is_not_null()).then(shown).otherwise(_blank_to_null(texts))
    ).to_series()


def xlsx_text(value: Cell) -> str | None:
    """The text of a cell as calamine returns it; numbers as Excel shows them.

    A binary float is cut to the 15 significant digits Excel works with, so the
    0.1 a clerk typed is ``"0.1"`` and a formula's 0.30000000000000004 is ``"0.3"``.
    """
    if value.__class__ is str:
        return value.strip() or None
    if value.__class__ is float:
        f: float = value
        if f.is_integer() and abs(f) < 1e15:
            return str(int(f))
        return format(Decimal(format(f, ".15g")), "f")
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip() or None
