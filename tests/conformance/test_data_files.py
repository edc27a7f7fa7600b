"""RUBRIC.md §2 and §7: data files, shapes, encodings, spellings, defaults and data errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ._cli import data_problem, kaoping, rubric, totals, write

RUBRIC = rubric(
    """\
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  ok: {label: 记录规范, type: bool}
  late: {label: 迟报份数, type: count, default: 2}
  paid: {label: 发放金额, type: amount, default: 0}
  change: {label: 增减, type: number, default: 0}
items:
  - id: attendance
    title: 到位率
    max: 6
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 6, per_point_below: 1}
  - id: records
    title: 记录
    max: 2
    rules:
      - {check: ok, points: 2}
  - id: reports
    title: 报表
    max: 2
    rules:
      - {per_case: late, deduct: 0.5}
adjustments:
  - {id: paid_bonus, check: paid > 100, bonus: 1}
  - {id: shrink, deduct_if: change < 0, deduct: 1}
"""
)

# V01: 6 + 2 + (2 - 0*0.5) = 10; V02: 93/100 -> 6 - 2 = 4, ok no -> 0, 2 - 1*0.5 = 1.5: 5.5
WIDE = "unit,name,period,invited,attended,ok,late\nV01,东村,2026Q3,100,96,是,0\nV02,西村,2026Q3,100,93,否,1\n"
EXPECTED = {"V01": 10, "V02": 5.5}


def run_score(tmp_path: Path, *files: Path, text: str = RUBRIC) -> Any:
    rubric_path = write(tmp_path, "rubric.yaml", text)
    return kaoping("score", rubric_path, *files, "--format", "json")


def test_wide_csv(tmp_path: Path) -> None:
    result = run_score(tmp_path, write(tmp_path, "d.csv", WIDE)).json()
    assert totals(result) == EXPECTED
    assert {u["unit"]: u["name"] for u in result["units"]} == {"V01": "东村", "V02": "西村"}


def test_long_csv_gives_the_same_scores_as_wide(tmp_path: Path) -> None:
    long = (
        "unit,period,element,value\n"
        "V01,2026Q3,invited,100\nV01,2026Q3,attended,96\nV01,2026Q3,ok,是\nV01,2026Q3,late,0\n"
        "V02,2026Q3,invited,100\nV02,2026Q3,attended,93\nV02,2026Q3,ok,否\nV02,2026Q3,late,1\n"
    )
    assert totals(run_score(tmp_path, write(tmp_path, "d.csv", long)).json()) == EXPECTED


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", ""), ("utf-8", "\ufeff"), ("gb18030", "")],
    ids=["utf-8", "utf-8 with BOM", "gb18030"],
)
def test_csv_in_every_accepted_encoding(tmp_path: Path, encoding: str, prefix: str) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes((prefix + WIDE).encode(encoding))
    result = run_score(tmp_path, path).json()
    assert totals(result) == EXPECTED
    # 是/否 and the names read correctly in every encoding
    assert [u["name"] for u in result["units"]] == ["东村", "西村"]


def test_xlsx_wide_and_long(tmp_path: Path) -> None:
    wide = openpyxl.Workbook()
    sheet = wide.active
    assert sheet is not None
    for row in [line.split(",") for line in WIDE.splitlines()]:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    wide.save(tmp_path / "wide.xlsx")
    long = openpyxl.Workbook()
    sheet = long.active
    assert sheet is not None
    sheet.append(["unit", "period", "element", "value"])
    for element, value in [("invited", 100), ("attended", 93), ("ok", "N"), ("late", 1)]:
        sheet.append(["V02", "2026Q3", element, value])
    long.save(tmp_path / "long.xlsx")
    assert totals(run_score(tmp_path, tmp_path / "wide.xlsx").json()) == EXPECTED
    assert totals(run_score(tmp_path, tmp_path / "long.xlsx").json()) == {"V02": 5.5}


def test_wide_and_long_files_together(tmp_path: Path) -> None:
    wide = write(tmp_path, "w.csv", "unit,period,invited,attended,ok,late\nV01,2026Q3,100,96,1,0\n")
    long = write(
        tmp_path,
        "l.csv",
        "unit,period,element,value\nV02,2026Q3,invited,100\nV02,2026Q3,attended,93\nV02,2026Q3,ok,0\nV02,2026Q3,late,1\n",
    )
    assert totals(run_score(tmp_path, wide, long).json()) == EXPECTED


@pytest.mark.parametrize("period", ["2026Q3", "2026-Q3", "2026年第三季度"])
def test_every_period_spelling_reads_as_the_quarter(tmp_path: Path, period: str) -> None:
    data = WIDE.replace("2026Q3", period)
    result = run_score(tmp_path, write(tmp_path, "d.csv", data)).json()
    assert result["period"] == "2026Q3"
    assert totals(result) == EXPECTED


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("2026年第一季度", "2026Q1"),
        ("2026年第二季度", "2026Q2"),
        ("2026年第四季度", "2026Q4"),
        ("2025-Q4", "2025Q4"),
        ("2027Q1", "2027Q1"),
    ],
)
def test_every_quarter_in_every_spelling(tmp_path: Path, spelling: str, canonical: str) -> None:
    data = WIDE.replace("2026Q3", spelling)
    assert run_score(tmp_path, write(tmp_path, "d.csv", data)).json()["period"] == canonical


def test_gb18030_reads_characters_beyond_gbk(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(WIDE.replace("东村", "㐀村").replace("西村", "𠮷村").encode("gb18030"))
    result = run_score(tmp_path, path).json()
    assert [u["name"] for u in result["units"]] == ["㐀村", "𠮷村"]


def test_two_spellings_of_one_quarter_are_one_quarter(tmp_path: Path) -> None:
    data = WIDE.replace("V02,西村,2026Q3", "V02,西村,2026年第三季度")
    result = run_score(tmp_path, write(tmp_path, "d.csv", data)).json()
    assert totals(result) == EXPECTED


@pytest.mark.parametrize(
    ("yes", "no"),
    [("是", "否"), ("yes", "no"), ("true", "false"), ("Y", "N"), ("1", "0")],
)
def test_every_yes_no_spelling(tmp_path: Path, yes: str, no: str) -> None:
    data = WIDE.replace(",是,", f",{yes},").replace(",否,", f",{no},")
    # records: ok -> 2 points, not ok -> 0; totals as in EXPECTED
    assert totals(run_score(tmp_path, write(tmp_path, "d.csv", data)).json()) == EXPECTED


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # late has default 2: empty cell -> 2 cases -> reports 2 - 1 = 1; 6 + 2 + 1 = 9
        ("unit,period,invited,attended,ok,late\nV01,2026Q3,100,96,1,\n", 9),
        # late column absent -> 2 -> 9
        ("unit,period,invited,attended,ok\nV01,2026Q3,100,96,1\n", 9),
        # amount and number elements: paid 150.5 > 100 -> bonus 1; change -0.5 < 0 -> -1
        (
            "unit,period,invited,attended,ok,late,paid,change\nV01,2026Q3,100,96,1,0,150.5,-0.5\n",
            10,
        ),
        ("unit,period,invited,attended,ok,late,paid,change\nV01,2026Q3,100,96,1,0,150.5,0\n", 11),
    ],
)
def test_defaults_fill_empty_cells_and_absent_columns(
    tmp_path: Path, data: str, expected: float
) -> None:
    assert totals(run_score(tmp_path, write(tmp_path, "d.csv", data)).json()) == {"V01": expected}


BAD = (
    "unit,period,invited,attended,ok,late,paid\n"
    "V01,2026Q3,100,,1,0,0\n"  # row 2: attended missing (no default)
    "V02,2026Q3,1O0,90,1,0,0\n"  # row 3: invited not a number
    "V03,2026Q3,100,90,maybe,0,0\n"  # row 4: ok does not fit bool
    "V04,2026Q3,100,90,1,2.5,0\n"  # row 5: late is not a whole count
    "V05,2026Q3,100,90,1,-1,0\n"  # row 6: negative count
    "V06,2026Q3,100,90,1,0,-5\n"  # row 7: negative amount
    "V07,2026Q3,100,90,2,0,0\n"  # row 8: 2 is not 1/0
)

# (row, column header, value in the cell)
BAD_PLACES = [
    (2, "attended", None),
    (3, "invited", "1O0"),
    (4, "ok", "maybe"),
    (5, "late", "2.5"),
    (6, "late", "-1"),
    (7, "paid", "-5"),
    (8, "ok", "2"),
]


def test_every_data_error_is_reported_in_one_run_with_its_place(tmp_path: Path) -> None:
    long = write(
        tmp_path,
        "long.csv",
        "unit,period,element,value\n"
        "V08,2026Q3,invited,100\nV08,2026Q3,attended,90\nV08,2026Q3,ok,1\n"
        "V08,2026Q3,attended,91\n",  # row 5: duplicate (V08, 2026Q3, attended)
    )
    out = tmp_path / "out.json"
    rubric_path = write(tmp_path, "rubric.yaml", RUBRIC)
    run = kaoping(
        "score", rubric_path, write(tmp_path, "bad.csv", BAD), long, "--format", "json", "-o", out
    )
    assert run.code == 2
    assert run.stdout == ""
    assert not out.exists()
    for row, column, value in BAD_PLACES:
        assert data_problem(run.stderr, tmp_path, "bad.csv", row, column, value or ""), (
            row,
            column,
            run.stderr,
        )
    # the duplicate's column is element, its value attended
    assert data_problem(run.stderr, tmp_path, "long.csv", 5, "element", "attended"), run.stderr


def test_a_duplicate_wide_row_is_a_data_error(tmp_path: Path) -> None:
    data = write(tmp_path, "d.csv", WIDE + "V01,东村,2026Q3,100,96,是,0\n")
    run = run_score(tmp_path, data)
    assert (run.code, run.stdout) == (2, "")
    assert data_problem(run.stderr, tmp_path, "d.csv", 4, "unit", "V01"), run.stderr


def test_a_duplicate_across_two_files_is_a_data_error(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", WIDE)
    second = write(tmp_path, "b.csv", "unit,period,element,value\nV02,2026Q3,late,3\n")
    run = run_score(tmp_path, first, second)
    assert (run.code, run.stdout) == (2, "")
    assert data_problem(run.stderr, tmp_path, "b.csv", 2, "", ""), run.stderr


def test_an_absent_column_without_default_is_missing(tmp_path: Path) -> None:
    data = write(tmp_path, "d.csv", "unit,period,invited,ok\nV01,2026Q3,100,1\n")
    run = run_score(tmp_path, data)
    assert (run.code, run.stdout) == (2, "")
    assert "attended" in run.stderr and "d.csv" in run.stderr


CHECKED = RUBRIC.replace(
    "items:\n",
    "checks:\n  - {rule: attended <= invited, message: 实到人数不能大于应到人数}\n"
    "  - {rule: late <= 3, message: 迟报份数过多}\n"
    "items:\n",
)


def test_checks_stop_scoring_with_every_violation_listed(tmp_path: Path) -> None:
    data = write(
        tmp_path,
        "d.csv",
        "unit,period,invited,attended,ok,late\n"
        "V01,2026Q3,100,101,1,0\n"  # attended > invited
        "V02,2026Q3,100,90,1,0\n"  # fine
        "V03,2026Q3,50,60,1,4\n"  # both checks
        "V01,2026Q2,10,12,1,0\n",  # an earlier quarter is checked too
    )
    run = run_score(tmp_path, data, text=CHECKED)
    assert run.code == 2
    assert run.stdout == ""
    lines = run.stderr.splitlines()

    def listed(unit: str, period: str, message: str, *values: str) -> bool:
        return any(
            unit in line and period in line and message in line and all(v in line for v in values)
            for line in lines
        )

    assert listed("V01", "2026Q3", "实到人数不能大于应到人数", "101", "100"), run.stderr
    assert listed("V03", "2026Q3", "实到人数不能大于应到人数", "60", "50"), run.stderr
    assert listed("V03", "2026Q3", "迟报份数过多", "4"), run.stderr
    assert listed("V01", "2026Q2", "实到人数不能大于应到人数", "12", "10"), run.stderr
    assert not any("V02" in line for line in lines)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # late's value empty in long data -> default 2 -> reports 2 - 2*0.5 = 1; 6 + 2 + 1 = 9
        ("V01,2026Q3,late,\n", 9),
        # no late row at all -> default 2 -> 9
        ("", 9),
        ("V01,2026Q3,late,0\n", 10),
    ],
)
def test_long_data_takes_defaults_for_empty_and_absent_values(
    tmp_path: Path, rows: str, expected: float
) -> None:
    long = (
        "unit,period,element,value\n"
        "V01,2026Q3,invited,100\nV01,2026Q3,attended,96\nV01,2026Q3,ok,1\n" + rows
    )
    assert totals(run_score(tmp_path, write(tmp_path, "d.csv", long)).json()) == {"V01": expected}


def test_long_data_without_an_element_that_has_no_default_is_missing(tmp_path: Path) -> None:
    long = "unit,period,element,value\nV01,2026Q3,invited,100\nV01,2026Q3,ok,1\n"
    run = run_score(tmp_path, write(tmp_path, "d.csv", long))
    assert (run.code, run.stdout) == (2, "")
    assert "attended" in run.stderr and "V01" in run.stderr


MANUAL = rubric(
    """\
items:
  - id: office
    title: 内业
    max: 10
    rules:
      - {manual: true}
"""
)


def test_a_non_numeric_manual_deduction_is_a_data_error(tmp_path: Path) -> None:
    data = write(tmp_path, "d.csv", "unit,period,office.manual\nV01,2026Q3,2\nV02,2026Q3,两分\n")
    run = run_score(tmp_path, data, text=MANUAL)
    assert (run.code, run.stdout) == (2, "")
    assert data_problem(run.stderr, tmp_path, "d.csv", 3, "office.manual", "两分"), run.stderr


def test_xlsx_decimals_are_exact(tmp_path: Path) -> None:
    text = rubric(
        """\
elements:
  x: {label: 扣分一, type: number}
  y: {label: 扣分二, type: number}
items:
  - id: work
    title: 工作
    max: 10
    rules:
      - {per_case: x, deduct: 1}
      - {per_case: y, deduct: 1}
"""
    )
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit", "period", "x", "y"])
    sheet.append(["V02", "2026Q3", 0.3, 0])
    sheet.append(["V01", "2026Q3", 0.1, 0.2])
    book.save(tmp_path / "d.xlsx")
    result = run_score(tmp_path, tmp_path / "d.xlsx", text=text).json()
    # V01: 10 - 0.1 - 0.2 = 9.7; V02: 10 - 0.3 = 9.7; the same exact total: tied
    assert [(u["unit"], u["total"], u["rank"]) for u in result["units"]] == [
        ("V01", 9.7, 1),
        ("V02", 9.7, 1),
    ]
