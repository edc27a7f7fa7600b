"""A workbook's unit, period, name and area columns, and its yes/no words, are read
for the whole column at once: the values are what parse_value and xlsx_text give
one by one, and neither is called for each cell any more."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import kaoping.io._data as data_module
import kaoping.io._tables as tables_module
from kaoping.engine import Element, ElementType
from kaoping.io import DataFileError, read_data

from .files import write

ELEMENTS = {"ok": Element("ok", "例会记录规范", ElementType.BOOL)}
# (what the clerk typed, what it stands for)
WORDS = [("是", 1), ("否", 0), ("Yes", 1), ("N", 0), ("√", 1), ("×", 0), ("对", 1), ("错", 0)]
WORDS += [("TRUE", 1), ("f", 0), (" 是 ", 1), ("1", 1), ("0.0", 0)]


def _counting(monkeypatch: Any, module: Any, name: str) -> list[object]:
    calls: list[object] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any) -> Any:
        calls.append(args[0])
        return original(*args)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.parametrize("name", ["words.xlsx", "words.csv"])
def test_yes_no_words_are_read_for_the_whole_column_not_one_by_one(
    tmp_path: Path, monkeypatch: Any, name: str
) -> None:
    rows = [["单位代码", "期间", "例会记录规范"]]
    rows += [[f"V{i}", "2026Q3", typed] for i, (typed, _v) in enumerate(WORDS)]
    path = write(tmp_path, name, rows)
    parsed = _counting(monkeypatch, data_module, "parse_value")
    frame = read_data([path], ELEMENTS).frame.sort("unit")
    got = dict(zip(frame["unit"], frame["ok"], strict=True))
    assert got == {f"V{i}": Decimal(v) for i, (_t, v) in enumerate(WORDS)}
    assert parsed == []


def test_a_word_that_is_neither_yes_nor_no_is_still_a_problem_naming_its_cell(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "x.xlsx", [["单位代码", "期间", "例会记录规范"], ["V1", "2026Q3", "有"]])
    with pytest.raises(DataFileError) as raised:
        read_data([path], ELEMENTS)
    [problem] = raised.value.problems
    assert (problem.row, problem.letter, problem.value) == (2, "C", "有")


def test_a_workbooks_unit_period_name_and_area_are_read_in_bulk_as_xlsx_text_reads_them(
    tmp_path: Path, monkeypatch: Any
) -> None:
    # A unit code typed as a number, codes and names with spaces, a blank name.
    rows: list[list[object]] = [["单位代码", "期间", "单位名称", "片区", "例会记录规范"]]
    rows += [[1001, "2026Q3", " 东村 ", "A1", 1], [" V2 ", " 2026Q3", None, 7, 0]]
    rows += [[f"V{i}", "2026Q3", f"村{i}", "A2", 1] for i in range(3, 200)]
    path = write(tmp_path, "x.xlsx", rows)
    per_cell = _counting(monkeypatch, tables_module, "xlsx_text")
    frame = read_data([path], ELEMENTS).frame
    first = frame.filter(frame["unit"].is_in(["1001", "V2"])).sort("unit")
    assert first.select("unit", "period", "name", "area").rows() == [
        ("1001", "2026Q3", "东村", "A1"),
        ("V2", "2026Q3", None, "7"),
    ]
    assert frame.height == 199
    # The header row only (where the header is looked for), not the 199 rows.
    assert len(per_cell) <= len(rows[0]) * 2
