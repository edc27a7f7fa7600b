from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from kaoping.engine import Element, ElementType
from kaoping.io import DataFileError, DataProblem, read_data

from .files import ELEMENTS, d, write

WIDE: list[list[Any]] = [
    ["unit", "name", "area", "period", "invited", "attended", "paid", "records_ok", "outstanding"],
    ["V01", "东村", "A1", "2026Q3", 50, 48, "1200.50", 1, 2],
    ["V02", "西村", "A1", "2026Q3", 40, 30, "0", 0, None],
]
EXPECTED = {
    ("V01", "2026Q3"): {
        "name": "东村",
        "area": "A1",
        "invited": d("50"),
        "attended": d("48"),
        "paid": d("1200.5"),
        "records_ok": d("1"),
        "outstanding": d("2"),
    },
    ("V02", "2026Q3"): {
        "name": "西村",
        "area": "A1",
        "invited": d("40"),
        "attended": d("30"),
        "paid": d("0"),
        "records_ok": d("0"),
        "outstanding": d("0"),
    },
}
LONG: list[list[Any]] = [
    ["unit", "period", "name", "area", "element", "value"],
    ["V01", "2026Q3", "东村", "A1", "invited", 50],
    ["V01", "2026Q3", "东村", "A1", "attended", 48],
    ["V01", "2026Q3", "东村", "A1", "paid", "1200.50"],
    ["V01", "2026Q3", "东村", "A1", "records_ok", 1],
    ["V01", "2026Q3", "东村", "A1", "outstanding", 2],
    ["V02", "2026Q3", "西村", "A1", "invited", 40],
    ["V02", "2026Q3", "西村", "A1", "attended", 30],
    ["V02", "2026Q3", "西村", "A1", "paid", 0],
    ["V02", "2026Q3", "西村", "A1", "records_ok", 0],
]


def records(frame: pl.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for row in frame.iter_rows(named=True):
        found[(row.pop("unit"), row.pop("period"))] = row
    return found


def problems_of(paths: list[Path], elements: dict[str, Element] | None = None) -> list[DataProblem]:
    with pytest.raises(DataFileError) as caught:
        read_data(paths, ELEMENTS if elements is None else elements, ["x.manual"])
    return caught.value.problems


def where(p: DataProblem, tmp_path: Path) -> tuple[str, int | None, str | None, str | None]:
    return (Path(p.file).name, p.row, p.column, p.value)


# --- shapes and encodings ------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["wide.csv", "wide.bom.csv", "wide.gb.csv", "wide.xlsx"], ids=lambda n: n
)
def test_it_reads_wide_files_in_every_encoding(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, WIDE)
    assert records(read_data([path], ELEMENTS).frame) == EXPECTED


@pytest.mark.parametrize("name", ["long.csv", "long.gb.csv", "long.xlsx"])
def test_it_reads_long_files_to_the_same_frame(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, LONG)
    assert records(read_data([path], ELEMENTS).frame) == EXPECTED


def test_the_frame_has_the_engines_columns_and_types(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.csv", WIDE)
    frame = read_data([path], ELEMENTS, ["statistics.report.manual"]).frame
    assert frame.columns == [
        "unit",
        "period",
        "name",
        "area",
        "invited",
        "attended",
        "paid",
        "records_ok",
        "outstanding",
        "statistics.report.manual",
    ]
    assert frame.schema["unit"] == pl.Utf8
    assert frame.schema["period"] == pl.Utf8
    assert frame.schema["invited"] == pl.Decimal(38, 18)
    assert frame["statistics.report.manual"].to_list() == [d("0"), d("0")]


def test_name_and_area_are_null_where_not_given(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bare.csv",
        [
            ["unit", "period", "invited", "attended", "paid", "records_ok"],
            ["V01", "2026Q3", 1, 1, 1, 1],
        ],
    )
    row = records(read_data([path], ELEMENTS).frame)[("V01", "2026Q3")]
    assert (row["name"], row["area"]) == (None, None)


def test_several_files_are_combined_in_period_order(tmp_path: Path) -> None:
    q3 = write(tmp_path, "q3.xlsx", WIDE)
    q2 = write(
        tmp_path,
        "q2.csv",
        [r if i == 0 else [*r[:3], "2026-Q2", *r[4:]] for i, r in enumerate(WIDE)],
    )
    frame = read_data([q3, q2], ELEMENTS).frame
    assert list(zip(frame["period"], frame["unit"], strict=True)) == [
        ("2026Q2", "V01"),
        ("2026Q2", "V02"),
        ("2026Q3", "V01"),
        ("2026Q3", "V02"),
    ]


def test_a_long_file_may_be_split_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", LONG[:4])
    second = write(tmp_path, "b.csv", [LONG[0], *LONG[4:]])
    assert records(read_data([first, second], ELEMENTS).frame) == EXPECTED


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2026Q3", "2026Q3"),
        ("2026-Q3", "2026Q3"),
        ("2026年第三季度", "2026Q3"),
        ("2026-07", "2026-07"),
        ("2026年7月", "2026-07"),
        (dt.date(2026, 7, 1), "2026-07"),  # Excel made a date of a typed 2026-07
    ],
)
@pytest.mark.parametrize("name", ["p.csv", "p.xlsx"])
def test_periods_are_canonical(tmp_path: Path, name: str, text: object, canonical: str) -> None:
    path = write(
        tmp_path,
        name,
        [["unit", "period", "invited", "attended", "paid", "records_ok"], ["V1", text, 1, 1, 1, 1]],
    )
    assert read_data([path], ELEMENTS).frame["period"].to_list() == [canonical]


# --- headers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["单位代码", "单位名称", "片区", "期间"],
        ["代码", "名称", "片", "季度"],
        ["Unit", "村居", "AREA", "月份"],
    ],
)
def test_it_accepts_chinese_header_aliases(tmp_path: Path, header: list[str]) -> None:
    rows = [
        [*header, "invited", "attended", "paid", "records_ok"],
        ["V01", "东村", "A1", "2026Q3", 5, 4, 3, "是"],
    ]
    row = records(read_data([write(tmp_path, "h.csv", rows)], ELEMENTS).frame)[("V01", "2026Q3")]
    assert (row["name"], row["area"], row["attended"], row["records_ok"]) == (
        "东村",
        "A1",
        d("4"),
        d("1"),
    )


def test_it_accepts_element_labels_as_headers(tmp_path: Path) -> None:
    rows = [
        ["单位代码", "期间", "应到人数", "实到人数", "发放金额", "例会记录规范"],
        ["V01", "2026Q3", 50, 48, "99.9", "否"],
    ]
    row = records(read_data([write(tmp_path, "l.xlsx", rows)], ELEMENTS).frame)[("V01", "2026Q3")]
    assert (row["invited"], row["attended"], row["paid"], row["records_ok"]) == (
        d("50"),
        d("48"),
        d("99.9"),
        d("0"),
    )


@pytest.mark.parametrize(
    ("header", "element_col", "value_col"),
    [("指标", "指标", "数值"), ("要素", "要素", "值")],
)
def test_long_data_accepts_chinese_headers_and_labels(
    tmp_path: Path, header: str, element_col: str, value_col: str
) -> None:
    rows = [
        ["单位代码", "期间", element_col, value_col],
        ["V01", "2026Q3", "应到人数", 10],
        ["V01", "2026Q3", "attended", 9],
        ["V01", "2026Q3", "发放金额", 0],
        ["V01", "2026Q3", "例会记录规范", "是"],
    ]
    row = records(read_data([write(tmp_path, "l.csv", rows)], ELEMENTS).frame)[("V01", "2026Q3")]
    assert (row["invited"], row["attended"], row["records_ok"]) == (d("10"), d("9"), d("1"))


def test_a_title_row_above_the_header_is_skipped(tmp_path: Path) -> None:
    rows = [["2026年第三季度村级数据"], [], *WIDE]
    assert records(read_data([write(tmp_path, "t.xlsx", rows)], ELEMENTS).frame) == EXPECTED


def test_unknown_columns_are_a_warning_not_an_error(tmp_path: Path) -> None:
    rows = [[*WIDE[0], "备注"], [*WIDE[1], "按时"], [*WIDE[2], ""]]
    data = read_data([write(tmp_path, "w.xlsx", rows)], ELEMENTS)
    assert records(data.frame) == EXPECTED
    assert len(data.warnings) == 1
    assert "J (备注)" in data.warnings[0]
    assert "备注" in data.warnings_zh[0]


def test_empty_rows_in_between_are_skipped(tmp_path: Path) -> None:
    rows = [WIDE[0], WIDE[1], [None] * 9, WIDE[2]]
    assert records(read_data([write(tmp_path, "e.xlsx", rows)], ELEMENTS).frame) == EXPECTED


# --- values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", "1"),
        ("0", "0"),
        ("是", "1"),
        ("否", "0"),
        ("yes", "1"),
        ("No", "0"),
        ("TRUE", "1"),
        ("false", "0"),
        ("Y", "1"),
        ("n", "0"),
        ("1.0", "1"),
    ],
)
def test_yes_no_spellings(tmp_path: Path, text: str, expected: str) -> None:
    rows = [WIDE[0], [*WIDE[1][:7], text, 0]]
    row = records(read_data([write(tmp_path, "b.csv", rows)], ELEMENTS).frame)[("V01", "2026Q3")]
    assert row["records_ok"] == d(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (0.1, "0.1"),
        (0.30000000000000004, "0.3"),  # what =0.1+0.2 stores; Excel shows 0.3
        (1200.5, "1200.5"),
        (3.0, "3"),
        ("1,234.56", "1234.56"),
        (12345678901.25, "12345678901.25"),
        ("12,345,678,901.5", "12345678901.5"),
    ],
)
def test_xlsx_numbers_are_read_as_excel_shows_them(
    tmp_path: Path, cell: object, expected: str
) -> None:
    rows = [WIDE[0], [*WIDE[1][:6], cell, 1, 0]]
    frame = read_data([write(tmp_path, "f.xlsx", rows)], ELEMENTS).frame
    value = frame["paid"].to_list()[0]
    assert value == Decimal(expected)
    assert str(value.normalize()) == str(Decimal(expected).normalize())


def test_an_excel_boolean_cell_is_yes_or_no(tmp_path: Path) -> None:
    rows = [WIDE[0], [*WIDE[1][:7], True, 0], [*WIDE[2][:7], False, 0]]
    frame = read_data([write(tmp_path, "b.xlsx", rows)], ELEMENTS).frame
    assert frame["records_ok"].to_list() == [d("1"), d("0")]


@pytest.mark.parametrize("name", ["x.csv", "x.xlsx"])
def test_empty_cells_and_absent_columns_take_defaults(tmp_path: Path, name: str) -> None:
    elements = {
        **ELEMENTS,
        "late": Element("late", "迟报次数", ElementType.COUNT, Decimal(0)),
        "bonus": Element("bonus", "加分", ElementType.NUMBER, Decimal("1.5")),
    }
    rows = [
        ["unit", "period", "invited", "attended", "paid", "records_ok", "outstanding", "bonus"],
        ["V01", "2026Q3", 1, 1, 1, 1, None, None],
        ["V02", "2026Q3", 1, 1, 1, 1, 3, 2],
    ]
    frame = read_data([write(tmp_path, name, rows)], elements, ["x.manual"]).frame
    got = records(frame)
    assert [got[(u, "2026Q3")]["outstanding"] for u in ("V01", "V02")] == [d("0"), d("3")]
    assert [got[(u, "2026Q3")]["late"] for u in ("V01", "V02")] == [d("0"), d("0")]
    assert [got[(u, "2026Q3")]["bonus"] for u in ("V01", "V02")] == [d("1.5"), d("2")]
    assert [got[(u, "2026Q3")]["x.manual"] for u in ("V01", "V02")] == [d("0"), d("0")]


def test_manual_columns_are_read_when_given(tmp_path: Path) -> None:
    rows = [[*WIDE[0], "statistics.manual"], [*WIDE[1], "1.5"], [*WIDE[2], None]]
    frame = read_data([write(tmp_path, "m.csv", rows)], ELEMENTS, ["statistics.manual"]).frame
    assert frame["statistics.manual"].to_list() == [d("1.5"), d("0")]


def test_without_declared_elements_every_code_column_is_a_number(tmp_path: Path) -> None:
    rows = [["unit", "period", "births", "备注"], ["V01", "2026Q3", "-2.5", "x"]]
    data = read_data([write(tmp_path, "u.csv", rows)], {})
    assert data.frame.columns == ["unit", "period", "name", "area", "births"]
    assert data.frame["births"].to_list() == [d("-2.5")]
    assert len(data.warnings) == 1


# --- problems ------------------------------------------------------------------

HEAD = ["unit", "period", "invited", "attended", "paid", "records_ok"]


@pytest.mark.parametrize(
    ("rows", "expected", "message"),
    [
        (
            [HEAD, ["V01", "2026Q3", "abc", 1, 1, 1]],
            ("d.csv", 2, "invited", "abc"),
            "'abc' is not a number",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, 1, 1, "maybe"]],
            ("d.csv", 2, "records_ok", "maybe"),
            "not a yes/no value",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, 1, 1, 2]],
            ("d.csv", 2, "records_ok", "2"),
            "not a yes/no value",
        ),
        (
            [HEAD, ["V01", "2026Q3", -3, 1, 1, 1]],
            ("d.csv", 2, "invited", "-3"),
            "negative; a count",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, "2.5", 1, 1]],
            ("d.csv", 2, "attended", "2.5"),
            "not a whole number",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, 1, "-0.01", 1]],
            ("d.csv", 2, "paid", "-0.01"),
            "negative; an amount",
        ),
        (
            [[*HEAD, "x.manual"], ["V01", "2026Q3", 1, 1, 1, 1, -1]],
            ("d.csv", 2, "x.manual", "-1"),
            "negative; a manual deduction must be 0 or more",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, "123456789012345678901", 1, 1]],
            ("d.csv", 2, "attended", "123456789012345678901"),
            "too large",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, None, 1, 1]],
            ("d.csv", 2, "attended", ""),
            "empty and element attended (实到人数) has no default",
        ),
        (
            [HEAD, ["", "2026Q3", 1, 1, 1, 1]],
            ("d.csv", 2, "unit", ""),
            "unit code is blank",
        ),
        (
            [HEAD, ["V01", "2026Q5", 1, 1, 1, 1]],
            ("d.csv", 2, "period", "2026Q5"),
            "'2026Q5' is not a period",
        ),
        (
            [HEAD, ["V01", "", 1, 1, 1, 1]],
            ("d.csv", 2, "period", ""),
            "period is blank",
        ),
        (
            [HEAD, ["V01", "2026Q3", 1, 1, 1, 1], ["V01", "2026-Q3", 2, 2, 2, 0]],
            ("d.csv", 3, "unit", "V01 2026Q3"),
            "given again; first at",
        ),
        (
            [["unit", "invited"], ["V01", 1]],
            ("d.csv", 1, None, None),
            "no period column",
        ),
        (
            [["期间", "invited"], ["2026Q3", 1]],
            ("d.csv", 1, None, None),
            "no unit column",
        ),
        (
            [HEAD[:5], ["V01", "2026Q3", 1, 1, 1]],
            ("d.csv", None, "records_ok", None),
            "no column for element records_ok",
        ),
        (
            [[*HEAD, "应到人数"], ["V01", "2026Q3", 1, 1, 1, 1, 1]],
            ("d.csv", 1, "应到人数", "应到人数"),
            "repeats column C (invited)",
        ),
    ],
)
def test_each_kind_of_problem_names_its_place(
    tmp_path: Path, rows: list[list[object]], expected: tuple[object, ...], message: str
) -> None:
    (problem,) = problems_of([write(tmp_path, "d.csv", rows)])
    assert where(problem, tmp_path) == expected
    assert message in problem.message
    assert problem.message_zh


LONG_HEAD = ["unit", "period", "element", "value"]
FULL = [
    ["V01", "2026Q3", "invited", 1],
    ["V01", "2026Q3", "attended", 1],
    ["V01", "2026Q3", "paid", 1],
    ["V01", "2026Q3", "records_ok", 1],
]


@pytest.mark.parametrize(
    ("rows", "expected", "message"),
    [
        (
            [LONG_HEAD, *FULL, ["V01", "2026Q3", "births", 3]],
            ("d.csv", 6, "element", "births"),
            "'births' is not a known element code",
        ),
        (
            [LONG_HEAD, *FULL, ["V01", "2026Q3", "attended", 1]],
            ("d.csv", 6, "element", "V01 2026Q3 attended"),
            "unit V01, period 2026Q3, element attended is given again; first at",
        ),
        (
            [LONG_HEAD, *FULL[:3]],
            ("d.csv", None, "records_ok", None),
            "no value of element records_ok (例会记录规范) for unit V01 in 2026Q3",
        ),
        (
            [LONG_HEAD, *FULL[:3], ["V01", "2026Q3", "records_ok", "x"]],
            ("d.csv", 5, "value", "x"),
            "'x' is not a yes/no value",
        ),
        (
            [LONG_HEAD, *FULL[:3], ["V01", "2026Q3", "records_ok", None]],
            ("d.csv", 5, "value", ""),
            "the value is empty",
        ),
        (
            [["unit", "period", "element"], *[r[:3] for r in FULL]],
            ("d.csv", 1, None, None),
            "needs both an element and a value column",
        ),
    ],
)
def test_each_kind_of_long_problem_names_its_place(
    tmp_path: Path, rows: list[list[object]], expected: tuple[object, ...], message: str
) -> None:
    (problem,) = problems_of([write(tmp_path, "d.csv", rows)])
    assert where(problem, tmp_path) == expected
    assert message in problem.message


def test_xlsx_problems_name_the_column_letter(tmp_path: Path) -> None:
    rows = [HEAD, ["V01", "2026Q3", 1, "十", 1, 1]]
    (problem,) = problems_of([write(tmp_path, "d.xlsx", rows)])
    assert (problem.row, problem.letter, problem.column, problem.value) == (
        2,
        "D",
        "attended",
        "十",
    )
    assert str(problem) == f"{problem.file}:2:D(attended): '十' is not a number"
    assert problem.format_zh() == f"文件{problem.file}第2行D列（attended）：“十”不是数字"


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    first = write(
        tmp_path,
        "a.csv",
        [HEAD, ["V01", "2026Q3", "x", 1, 1, 1], ["V02", "2026Q3", 1, -1, 1, "?"]],
    )
    second = write(
        tmp_path,
        "b.xlsx",
        [HEAD, ["V02", "2026Q3", 1, 1, 1, 1], ["V03", "2026", 1, 1, 1, 1]],
    )
    found = [where(p, tmp_path) for p in problems_of([first, second])]
    assert found == [
        ("a.csv", 2, "invited", "x"),
        ("a.csv", 3, "attended", "-1"),
        ("a.csv", 3, "records_ok", "?"),
        ("b.xlsx", 2, "unit", "V02 2026Q3"),  # duplicate across files
        ("b.xlsx", 3, "period", "2026"),
    ]


def test_a_unit_given_both_wide_and_long_is_a_duplicate(tmp_path: Path) -> None:
    wide = write(tmp_path, "w.csv", [HEAD, ["V01", "2026Q3", 1, 1, 1, 1]])
    long = write(tmp_path, "l.csv", [LONG_HEAD, ["V01", "2026Q3", "paid", 5]])
    (problem,) = problems_of([wide, long])
    assert where(problem, tmp_path) == ("l.csv", 2, "element", "V01 2026Q3 paid=5")
    assert "also given in" in problem.message


def test_the_exception_text_lists_the_problems(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", [HEAD, ["V01", "2026Q3", "x", "y", 1, 1]])
    with pytest.raises(DataFileError) as caught:
        read_data([path], ELEMENTS)
    assert str(caught.value).splitlines() == [
        f"{path}:2:C(invited): 'x' is not a number",
        f"{path}:2:D(attended): 'y' is not a number",
    ]


# --- files refused -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.xls", b"\xd0\xcf\x11\xe0", "not an .xls workbook"),
        ("data.json", b"{}", "give a .csv, .xlsx, .xls or .ods file"),
        ("data.xlsx", b"unit,period\n", "not an .xlsx workbook"),
        ("data.csv", b"", "the file is empty"),
        ("data.csv", b"unit,period\n\xff\xfe\xff\x00\x81", "neither UTF-8 nor GB18030"),
    ],
)
def test_it_refuses_what_it_cannot_read(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (problem,) = problems_of([path])
    assert message in problem.message
    assert (problem.row, problem.column) == (None, None)


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    (problem,) = problems_of([tmp_path / "nowhere.csv"])
    assert problem.message == "file not found"


def test_it_refuses_more_rows_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kaoping.io import _tables

    monkeypatch.setattr(_tables, "MAX_ROWS", 2)
    rows = [HEAD, *[[f"V{i}", "2026Q3", 1, 1, 1, 1] for i in range(3)]]
    for name in ("r.csv", "r.xlsx"):
        (problem,) = problems_of([write(tmp_path, name, rows)])
        assert "at most 2" in problem.message


def test_each_unit_and_period_knows_its_file_and_row(tmp_path: Path) -> None:
    wide = write(
        tmp_path, "w.xlsx", [HEAD, ["V01", "2026Q3", 1, 1, 1, 1], ["V02", "2026Q3", 1, 1, 1, 1]]
    )
    long = write(tmp_path, "l.csv", [LONG_HEAD, *[["V03", "2026Q2", *r[2:]] for r in FULL]])
    data = read_data([wide, long], ELEMENTS)
    assert data.origin("V02", "2026Q3") == (str(wide), 3)
    assert data.origin("V03", "2026Q2") == (str(long), 2)
    assert data.origin("V09", "2026Q3") is None


def test_the_exception_text_stops_after_fifty_problems_but_keeps_them_all(tmp_path: Path) -> None:
    rows = [HEAD, *[[f"V{i:02d}", "2026Q3", "x", 1, 1, 1] for i in range(60)]]
    with pytest.raises(DataFileError) as caught:
        read_data([write(tmp_path, "many.csv", rows)], ELEMENTS)
    assert len(caught.value.problems) == 60
    lines = str(caught.value).splitlines()
    assert len(lines) == 51
    assert lines[-1] == "... and 10 more problems"
    assert caught.value.format_zh().splitlines()[-1] == "……另有10个问题"
