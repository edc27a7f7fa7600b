"""Reading units' figures from CSV and XLSX files into the engine's frame.

Every problem of every file is collected; :func:`read_data` returns a frame only
when there is none. Values are parsed as exact decimals: cells are read as text,
plain numbers are parsed by Polars in bulk and everything else (是/否, 1,234,
mistakes) by :func:`kaoping.engine.parse_value`, which words the problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import Any

import polars as pl

from kaoping.engine import (
    NO_WORDS,
    YES_WORDS,
    Element,
    ElementType,
    Period,
    PeriodError,
    ValueProblem,
    format_number,
    parse_value,
)

from ._headers import (
    _ALIAS,
    _CODE,
    _PLAIN,
    HEADER_ALIASES,
    _is_data_header,
    _norm,
)
from ._problems import DataFileError, DataProblem
from ._tables import RawTable, read_table

__all__ = ["DECIMAL", "HEADER_ALIASES", "DataSet", "read_data"]

#: The dtype of every figure in the frame: exact, 20 integer and 18 fraction digits.
DECIMAL = pl.Decimal(38, 18)
_QUANTUM = Decimal(1).scaleb(-18)
# 20 + 18 digits: the default context's 28 would refuse to quantize 10**10.
_WIDE = Context(prec=40, rounding=ROUND_HALF_EVEN)

#: The yes/no words parse_value reads, as the decimal each stands for.
_YES_NO = {w: Decimal(1) for w in YES_WORDS} | {w: Decimal(0) for w in NO_WORDS}

_FIRST_OF_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-01$")


@dataclass
class DataSet:
    """What :func:`read_data` returns: the frame and the warnings (English and Chinese)."""

    frame: pl.DataFrame
    warnings: list[str] = field(default_factory=list)
    warnings_zh: list[str] = field(default_factory=list)
    #: Where each (unit, period) came from: columns unit, period, file, row (the
    #: wide row, or the first row of long data), so that checks made after
    #: reading can still point at the file.
    sources: pl.DataFrame = field(default_factory=lambda: _sources(_empty_long(), {}))

    def origin(self, unit: str, period: str) -> tuple[str, int] | None:
        """The file and spreadsheet row a (unit, period) came from."""
        found = self.sources.filter((pl.col("unit") == unit) & (pl.col("period") == period))
        if not found.height:
            return None
        return found["file"][0], found["row"][0]


@dataclass
class _Column:
    """What a data column holds: a fixed column, an element, or a manual column."""

    kind: str  # unit, name, area, period, element, value, code
    code: str | None = None


@dataclass
class _Wide:
    table: RawTable
    unit_at: int
    frame: pl.DataFrame  # unit, period, name, area, _row, then every code


@dataclass
class _Reader:
    elements: dict[str, Element]
    manual: list[str]
    undeclared: bool
    problems: list[DataProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    warnings_zh: list[str] = field(default_factory=list)

    # -- headers ---------------------------------------------------------------

    def codes(self) -> list[str]:
        return [*self.elements, *self.manual]

    def element_of(self, code: str) -> Element:
        if code in self.elements:
            return self.elements[code]
        # Manual deductions: points, 0 when absent.
        return Element(code, code, ElementType.NUMBER, Decimal(0))

    def lookup(self) -> dict[str, str]:
        """Header text (casefolded) -> element or manual code; labels included when unique."""
        found: dict[str, str] = {}
        labels: dict[str, list[str]] = {}
        for code, element in self.elements.items():
            found[code.casefold()] = code
            if element.label:
                labels.setdefault(_norm(element.label), []).append(code)
        for label, codes in labels.items():
            if len(codes) == 1 and label not in found:
                found[label] = codes[0]
        for code in self.manual:
            found[code.casefold()] = code
        return found

    def classify(self, table: RawTable) -> dict[int, _Column] | None:
        lookup = self.lookup()
        columns: dict[int, _Column] = {}
        seen: dict[tuple[str, str | None], int] = {}
        for i, header in enumerate(table.headers):
            key = _norm(header)
            if not key:
                if any(t is not None for t in table.texts(i)):
                    self.warn(
                        f"{table.file}: column {table.letter(i)} has no header; ignored",
                        f"文件{table.file}的{table.letter(i)}列没有表头，已忽略",
                    )
                continue
            if key in _ALIAS:
                column = _Column(_ALIAS[key])
            elif key in lookup:
                column = _Column("code", lookup[key])
            elif self.undeclared and _CODE.match(header.strip()):
                code = header.strip()
                self.elements[code] = Element(code, "", ElementType.NUMBER, None)
                column = _Column("code", code)
            else:
                self.warn(
                    f"{table.file}: column {table.letter(i)} ({header}) is neither a known "
                    "element nor unit/period/name/area; ignored",
                    f"文件{table.file}的{table.letter(i)}列（{header}）不是已知的指标，已忽略",
                )
                continue
            ident = (column.kind, column.code)
            if ident in seen:
                first = seen[ident]
                self.problems.append(
                    table.problem(
                        table.header_row,
                        i,
                        header,
                        f"this column repeats column {table.letter(first)} "
                        f"({table.headers[first]}); keep one of them",
                        f"该列与{table.letter(first)}列（{table.headers[first]}）重复，请只保留一列",
                    )
                )
                continue
            seen[ident] = i
            columns[i] = column
        kinds = {c.kind for c in columns.values()}
        ok = True
        for needed, zh in (("unit", "单位代码"), ("period", "期间")):
            if needed not in kinds:
                aliases = ", ".join(HEADER_ALIASES[needed])
                self.problems.append(
                    DataProblem(
                        table.file,
                        table.header_row,
                        None,
                        None,
                        f"no {needed} column: the header row needs one of {aliases}",
                        f"缺少{zh}列：表头应有以下之一：{aliases}",
                        sheet=table.sheet,
                    )
                )
                ok = False
        if ("element" in kinds) != ("value" in kinds):
            self.problems.append(
                DataProblem(
                    table.file,
                    table.header_row,
                    None,
                    None,
                    "long data needs both an element and a value column",
                    "长表数据需要同时有“指标”列和“数值”列",
                    sheet=table.sheet,
                )
            )
            ok = False
        return columns if ok else None

    def warn(self, message: str, message_zh: str) -> None:
        self.warnings.append(message)
        self.warnings_zh.append(message_zh)

    # -- the fixed columns -----------------------------------------------------

    def keys(self, table: RawTable, columns: dict[int, _Column]) -> tuple[pl.DataFrame, list[bool]]:
        """unit, period, name, area and _row of every data row, and which rows are usable."""
        at = {c.kind: i for i, c in columns.items() if c.kind != "code"}
        # Each column's cells as text in bulk (RawTable.series), not cell by cell:
        # at 30,000 villages the four columns were a tenth of reading a workbook.
        units = table.series(at["unit"]).to_list()
        periods = table.series(at["period"]).to_list()
        usable = [True] * len(units)
        for n, unit in enumerate(units):
            if unit is None:
                usable[n] = False
                self.problems.append(
                    table.problem(
                        table.rows[n],
                        at["unit"],
                        "",
                        "the unit code is blank",
                        "单位代码为空",
                    )
                )
        canonical: dict[str, str | None] = {}
        for text in set(periods):
            if text is None:
                continue
            try:
                parsed = Period.parse(text)
                # A data file reports quarters or months (RUBRIC.md §7): a half-year or
                # a year is a period to assess, never one to report figures for.
                canonical[text] = str(parsed) if parsed.kind in ("Q", "M") else None
            except PeriodError:
                # Excel turns a typed 2026-07 into the date 2026-07-01.
                month = _FIRST_OF_MONTH.match(text)
                canonical[text] = f"{month[1]}-{month[2]}" if month else None
        period_values: list[str | None] = []
        for n, text in enumerate(periods):
            value = canonical.get(text) if text is not None else None
            if value is None:
                usable[n] = False
                self.problems.append(
                    table.problem(
                        table.rows[n],
                        at["period"],
                        text or "",
                        f"{text!r} is not a period (use e.g. 2026Q3, 2026年第三季度 or 2026-07)"
                        if text
                        else "the period is blank",
                        f"“{text}”不是期间（应为2026Q3、2026年第三季度或2026-07等）"
                        if text
                        else "期间为空",
                    )
                )
            period_values.append(value)
        n_rows = len(units)
        frame = pl.DataFrame(
            {
                "unit": pl.Series(units, dtype=pl.Utf8),
                "period": pl.Series(period_values, dtype=pl.Utf8),
                "name": table.series(at["name"])
                if "name" in at
                else pl.Series([None] * n_rows, dtype=pl.Utf8),
                "area": table.series(at["area"])
                if "area" in at
                else pl.Series([None] * n_rows, dtype=pl.Utf8),
                "_row": pl.Series(table.rows, dtype=pl.Int64),
            }
        )
        return frame, usable

    # -- values ----------------------------------------------------------------

    def values(
        self,
        table: RawTable,
        index: int,
        texts: pl.Series,
        rows: Sequence[int],
        element: Element,
    ) -> tuple[pl.Series, list[int]]:
        """Parse one column of cell texts; returns the values and the positions of empty cells.

        Bad cells are reported and hold 0 in the result, so that they raise no
        second problem downstream (nothing is returned while problems exist).
        """
        text = pl.col("text")
        # A manual deduction is a number that may not be negative: the amount pattern.
        kind = ElementType.AMOUNT if element.code in self.manual else element.type
        plain = text.str.contains(_PLAIN[kind]).fill_null(False)
        empty = text.is_null() | (text == "")
        cast: pl.Expr = pl.when(plain).then(text.cast(DECIMAL, strict=False))
        if kind is ElementType.BOOL:
            # 是/否 (and the other words parse_value reads) mapped for the whole
            # column: one by one they were most of the time of a yes/no column.
            cast = pl.coalesce(
                cast,
                text.str.to_lowercase().replace_strict(_YES_NO, default=None, return_dtype=DECIMAL),
            )
        parsed = pl.DataFrame({"text": texts.str.strip_chars()}).select(
            text,
            cast.alias("value"),
            empty.alias("empty"),
            # Whatever Polars did not parse goes one by one (never silently null).
            (cast.is_null() & ~empty).alias("slow"),
        )
        stripped = parsed["text"]
        values = parsed["value"]
        slow = parsed["slow"].arg_true().to_list()
        empties = parsed["empty"].arg_true().to_list()
        if slow:
            fixed: list[Decimal] = []
            raw = stripped.gather(slow).to_list()
            for position, text in zip(slow, raw, strict=True):
                fixed.append(self.slow_value(table, index, rows[position], text, element))
            # Through text: building a decimal series from Decimal objects is slow.
            values = values.scatter(slow, pl.Series([str(v) for v in fixed]).cast(DECIMAL))
        return values, empties

    def slow_value(
        self, table: RawTable, index: int, row: int, text: str, element: Element
    ) -> Decimal:
        try:
            value = parse_value(text, element.type)
        except ValueProblem as problem:
            self.problems.append(table.problem(row, index, text, str(problem), problem.message_zh))
            return Decimal(0)
        assert value is not None  # the text is not blank
        if element.code in self.manual and value < 0:
            self.problems.append(
                table.problem(
                    row,
                    index,
                    text,
                    f"{text!r} is negative; a manual deduction must be 0 or more",
                    f"“{text}”是负数，人工扣分不能为负",
                )
            )
            return Decimal(0)
        return value.quantize(_QUANTUM, context=_WIDE)

    def fill_empty(
        self,
        table: RawTable,
        index: int,
        values: pl.Series,
        empties: list[int],
        rows: Sequence[int],
        element: Element,
        where: str,
    ) -> pl.Series:
        if not empties:
            return values
        if element.default is not None:
            return values.scatter(
                empties, pl.Series([element.default] * len(empties), dtype=DECIMAL)
            )
        for position in empties:
            self.problems.append(
                table.problem(
                    rows[position],
                    index,
                    "",
                    f"{where} is empty and element {_show(element)} has no default",
                    f"{where_zh(where)}为空，且指标{_show_zh(element)}没有默认值",
                )
            )
        return values.scatter(empties, pl.Series([Decimal(0)] * len(empties), dtype=DECIMAL))

    # -- one file of each shape ------------------------------------------------

    def wide(self, table: RawTable, columns: dict[int, _Column]) -> _Wide | None:
        frame, usable = self.keys(table, columns)
        at_code = {c.code: i for i, c in columns.items() if c.kind == "code"}
        height = frame.height
        series: list[pl.Series] = []
        for code in self.codes():
            element = self.element_of(code)
            if code in at_code:
                i = at_code[code]
                texts = table.series(i)
                values, empties = self.values(table, i, texts, table.rows, element)
                values = self.fill_empty(table, i, values, empties, table.rows, element, "the cell")
            elif element.default is not None:
                values = pl.repeat(element.default, height, dtype=DECIMAL, eager=True)
            else:
                if height:
                    self.problems.append(
                        DataProblem(
                            table.file,
                            None,
                            code,
                            None,
                            f"the file has no column for element {_show(element)}, "
                            "which has no default",
                            f"文件缺少指标{_show_zh(element)}的列，且该指标没有默认值",
                        )
                    )
                values = pl.repeat(Decimal(0), height, dtype=DECIMAL, eager=True)
            series.append(values.alias(code))
        frame = frame.with_columns(series).filter(pl.Series(usable, dtype=pl.Boolean))
        unit_at = next(i for i, c in columns.items() if c.kind == "unit")
        return _Wide(table, unit_at, frame)

    def long(self, table: RawTable, columns: dict[int, _Column], file_no: int) -> pl.DataFrame:
        frame, usable = self.keys(table, columns)
        at = {c.kind: i for i, c in columns.items() if c.kind != "code"}
        for i, column in columns.items():
            if column.kind == "code":
                self.warn(
                    f"{table.file}: column {table.letter(i)} ({table.headers[i]}) is ignored "
                    "in long data (the element and value columns hold the figures)",
                    f"文件{table.file}为长表，{table.letter(i)}列（{table.headers[i]}）已忽略",
                )
        lookup = self.lookup()
        texts = table.series(at["element"])
        # Resolved once per distinct text: a long file repeats a few dozen codes.
        resolved: dict[str, str | None] = {}
        for text in texts.drop_nulls().unique(maintain_order=True).to_list():
            code = lookup.get(_norm(text))
            if code is None and self.undeclared and _CODE.match(text):
                self.elements[text] = Element(text, "", ElementType.NUMBER, None)
                code = lookup[text.casefold()] = text
            resolved[text] = code
        codes = texts.replace_strict(resolved, default=None, return_dtype=pl.Utf8)
        for n in codes.is_null().arg_true().to_list():
            text = texts[n]
            usable[n] = False
            self.problems.append(
                table.problem(
                    table.rows[n],
                    at["element"],
                    text or "",
                    f"{text!r} is not a known element code" if text else "the element is blank",
                    f"“{text}”不是已知的指标代码" if text else "指标为空",
                )
            )
        frame = frame.with_columns(
            codes.alias("element"),
            table.series(at["value"]).alias("_text"),
            pl.lit(file_no, dtype=pl.Int64).alias("_file"),
            pl.Series("_position", range(frame.height), dtype=pl.Int64),
        ).filter(pl.Series(usable, dtype=pl.Boolean))
        parts = []
        for (code,), part in frame.group_by("element", maintain_order=True):
            element = self.element_of(str(code))
            rows = part["_row"].to_list()
            values, empties = self.values(table, at["value"], part["_text"], rows, element)
            values = self.fill_empty(
                table, at["value"], values, empties, rows, element, "the value"
            )
            parts.append(part.with_columns(values.alias("value")))
        if not parts:
            return _empty_long()
        return pl.concat(parts).sort("_position").drop("_text", "_position")

    # -- all files together ----------------------------------------------------

    def combine(
        self, wides: list[_Wide], longs: list[pl.DataFrame], files: list[tuple[RawTable, int]]
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The frame and its sources (unit, period, file, row)."""
        codes = self.codes()
        wide_frames = []
        for n, w in enumerate(wides):
            frame = w.frame
            missing = [c for c in codes if c not in frame.columns]
            # An element first met in a later file (undeclared mode) is missing here.
            for code in missing:
                element = self.element_of(code)
                if element.default is None and frame.height:
                    self.problems.append(
                        DataProblem(
                            w.table.file,
                            None,
                            code,
                            None,
                            f"the file has no column for element {_show(element)}, "
                            "which has no default",
                            f"文件缺少指标{_show_zh(element)}的列，且该指标没有默认值",
                        )
                    )
            frame = frame.with_columns(
                [pl.lit(self.element_of(c).default or 0, dtype=DECIMAL).alias(c) for c in missing]
            )
            wide_frames.append(frame.with_columns(pl.lit(n, dtype=pl.Int64).alias("_file")))
        wide = (
            pl.concat(
                [
                    f.select(["unit", "period", "name", "area", "_row", "_file", *codes])
                    for f in wide_frames
                ]
            )
            if wide_frames
            else None
        )
        if wide is not None:
            self.duplicates(
                wide,
                ["unit", "period"],
                lambda r: (wides[r["_file"]].table, wides[r["_file"]].unit_at),
                "unit {unit}, period {period} is given again; first at {first}",
                "单位{unit}在{period}的数据重复，首次出现于{first}",
            )

        long = pl.concat(longs) if longs else None
        if long is not None and long.height:
            self.duplicates(
                long,
                ["unit", "period", "element"],
                lambda r: files[r["_file"]],
                "unit {unit}, period {period}, element {element} is given again; first at {first}",
                "单位{unit}在{period}的指标{element}重复，首次出现于{first}",
            )
            if wide is not None:
                clash = long.join(
                    wide.unique(["unit", "period"], keep="first", maintain_order=True).select(
                        "unit",
                        "period",
                        pl.col("_row").alias("_wrow"),
                        pl.col("_file").alias("_wfile"),
                    ),
                    on=["unit", "period"],
                )
                for r in clash.iter_rows(named=True):
                    first = wides[r["_wfile"]].table
                    table, element_at = files[r["_file"]]
                    self.problems.append(
                        table.problem(
                            r["_row"],
                            element_at,
                            f"{r['unit']} {r['period']} {r['element']}={_shown(r['value'])}",
                            f"unit {r['unit']}, period {r['period']}, element {r['element']} "
                            f"(value {_shown(r['value'])}) is also given in {first.file} row {r['_wrow']}",
                            f"单位{r['unit']}在{r['period']}的指标{r['element']}（值{_shown(r['value'])}）"
                            f"已在{first.file}第{r['_wrow']}行给出",
                        )
                    )
                # Reported once above; not again as missing elements of the long data.
                long = long.join(wide.select("unit", "period"), on=["unit", "period"], how="anti")
            long = self.pivot(long, files)

        frames = []
        sources = []
        if wide is not None:
            frames.append(wide.select(["unit", "period", "name", "area", *codes]))
            names = {n: w.table.file for n, w in enumerate(wides)}
            sources.append(_sources(wide, names))
        if long is not None and long.height:
            frames.append(long.select(["unit", "period", "name", "area", *codes]))
            sources.append(_sources(long, {n: t.file for n, (t, _) in enumerate(files)}))
        if not frames:
            return _empty_frame(codes), _sources(_empty_long(), {})
        return pl.concat(frames), pl.concat(sources)

    def pivot(self, long: pl.DataFrame, files: list[tuple[RawTable, int]]) -> pl.DataFrame:
        long = long.unique(["unit", "period", "element"], keep="first", maintain_order=True)
        keys = long.group_by(["unit", "period"], maintain_order=True).agg(
            pl.col("name").drop_nulls().first(),
            pl.col("area").drop_nulls().first(),
            pl.col("_file").first(),
            pl.col("_row").first(),
        )
        wide = keys.join(
            long.pivot(on="element", index=["unit", "period"], values="value"),
            on=["unit", "period"],
            how="left",
        )
        for code in self.codes():
            element = self.element_of(code)
            if code not in wide.columns:
                wide = wide.with_columns(pl.lit(None, dtype=DECIMAL).alias(code))
            missing = wide.filter(pl.col(code).is_null())
            if not missing.height:
                continue
            if element.default is not None:
                wide = wide.with_columns(pl.col(code).fill_null(element.default))
                continue
            for r in missing.iter_rows(named=True):
                self.problems.append(
                    DataProblem(
                        files[r["_file"]][0].file,
                        None,
                        code,
                        None,
                        f"no value of element {_show(element)} for unit {r['unit']} in "
                        f"{r['period']}, and it has no default",
                        f"缺少单位{r['unit']}在{r['period']}的指标{_show_zh(element)}，"
                        "且该指标没有默认值",
                    )
                )
        return wide

    def duplicates(
        self,
        frame: pl.DataFrame,
        key: list[str],
        locate: Callable[[dict[str, Any]], tuple[RawTable, int]],
        message: str,
        message_zh: str,
    ) -> None:
        dup = frame.filter(pl.struct(key).is_duplicated())
        if not dup.height:
            return
        dup = dup.sort(["_file", "_row"])
        first_at: dict[tuple[str, ...], str] = {}
        for r in dup.iter_rows(named=True):
            k = tuple(r[c] for c in key)
            table, column = locate(r)
            if k not in first_at:
                first_at[k] = f"{table.file} row {r['_row']}"
                continue
            fields = {c: r[c] for c in key}
            first = first_at[k]
            self.problems.append(
                table.problem(
                    r["_row"],
                    column,
                    " ".join(str(r[c]) for c in key),
                    message.format(first=first, **fields),
                    message_zh.format(first=first.replace(" row ", "第") + "行", **fields),
                )
            )


def read_data(
    paths: Sequence[str | Path],
    elements: Mapping[str, Element],
    manual_columns: Sequence[str] = (),
    max_rows: int | None = None,
) -> DataSet:
    """Read one or more data files into one frame (see :mod:`kaoping.engine` for its format).

    ``max_rows`` bounds each file's data rows (see :func:`read_table`).

    ``elements`` are the rubric's declared elements; when it is empty every column
    (or element code) that looks like a code is read as a number without default.
    Raises :class:`DataFileError` with every problem of every file.
    """
    reader = _Reader(dict(elements), list(manual_columns), undeclared=not elements)
    wides: list[_Wide] = []
    longs: list[pl.DataFrame] = []
    files: list[tuple[RawTable, int]] = []
    for path in paths:
        table, problems = read_table(path, is_header=_is_data_header, max_rows=max_rows)
        reader.problems.extend(problems)
        if table is None:
            continue
        columns = reader.classify(table)
        if columns is None:
            continue
        if any(c.kind == "element" for c in columns.values()):
            element_at = next(i for i, c in columns.items() if c.kind == "element")
            files.append((table, element_at))
            longs.append(reader.long(table, columns, len(files) - 1))
        else:
            found = reader.wide(table, columns)
            if found is not None:
                wides.append(found)
    # Combined even when files had problems: duplicates across files and missing
    # combinations are reported in the same run (bad cells hold 0 meanwhile).
    frame, sources = reader.combine(wides, longs, files)
    if reader.problems:
        rank = {str(Path(p)): n for n, p in enumerate(paths)}
        raise DataFileError(sorted(reader.problems, key=lambda p: _problem_order(p, rank)))
    return DataSet(_ordered(frame), reader.warnings, reader.warnings_zh, sources)


def _ordered(frame: pl.DataFrame) -> pl.DataFrame:
    periods = sorted({Period.parse(p) for p in frame["period"].unique().to_list()})
    order = {str(p): n for n, p in enumerate(periods)}
    return (
        frame.with_columns(
            pl.col("period").replace_strict(order, return_dtype=pl.Int64).alias("_order")
        )
        .sort(["_order", "unit"])
        .drop("_order")
    )


def _problem_order(problem: DataProblem, rank: dict[str, int]) -> tuple[int, int, int, int]:
    column = 0
    for ch in problem.letter or "":
        column = column * 26 + ord(ch) - 64
    row = problem.row if problem.row is not None else 1 << 40
    return (rank.get(problem.file, len(rank)), row, column, 0)


def _show(element: Element) -> str:
    return f"{element.code} ({element.label})" if element.label else element.code


def _show_zh(element: Element) -> str:
    return f"{element.code}（{element.label}）" if element.label else element.code


def where_zh(where: str) -> str:
    return {"the cell": "单元格", "the value": "数值"}[where]


def _sources(frame: pl.DataFrame, names: dict[int, str]) -> pl.DataFrame:
    return frame.select(
        "unit",
        "period",
        pl.col("_file").replace_strict(names, return_dtype=pl.Utf8, default=None).alias("file"),
        pl.col("_row").alias("row"),
    )


def _empty_long() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "unit": pl.Utf8,
            "period": pl.Utf8,
            "name": pl.Utf8,
            "area": pl.Utf8,
            "_row": pl.Int64,
            "element": pl.Utf8,
            "_file": pl.Int64,
            "value": DECIMAL,
        }
    )


def _empty_frame(codes: list[str]) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {
        "unit": pl.Utf8(),
        "period": pl.Utf8(),
        "name": pl.Utf8(),
        "area": pl.Utf8(),
    }
    schema.update({c: DECIMAL for c in codes})
    return pl.DataFrame(schema=schema)


def _shown(value: object) -> str:
    """A decimal as a clerk typed it: 3, not 3.000000000000000000."""
    return format_number(value, 18) if isinstance(value, Decimal) else str(value)
