"""Where kaoping breaks RUBRIC.md: each case states the sentence and what kaoping does.

Every test here is `xfail(strict=True)`: it passes the day kaoping honours the
contract, and then the marker must go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ._cli import data_problem, kaoping, rubric, write

RUBRIC = rubric(
    """\
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  late: {label: 迟报份数, type: count, default: 0}
  change: {label: 增减, type: number, default: 0}
items:
  - id: attendance
    title: 到位率
    max: 8
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 8, per_point_below: 1}
  - id: reports
    title: 报表
    max: 2
    rules:
      - {per_case: late, deduct: 0.5}
adjustments:
  - {id: shrink, deduct_if: change < 0, deduct: 1}
"""
)

HEADER = "unit,period,invited,attended,late,change\n"


def score_csv(tmp_path: Path, *files: tuple[str, str]) -> tuple[int, str, str]:
    rubric_path = write(tmp_path, "rubric.yaml", RUBRIC)
    paths = [write(tmp_path, name, text) for name, text in files]
    run = kaoping("score", rubric_path, *paths, "--format", "json")
    return run.code, run.stdout, run.stderr


@pytest.mark.xfail(
    strict=True,
    reason=(
        "RUBRIC.md §7: bad data is 'reported with file, row, column and value ... and the "
        "command exits with status 2'; exit 1 is 'a failure of the program itself'. A period "
        "cell with a year below 1000 (0026Q3, a slip for 2026Q3) makes kaoping stop with "
        "'kaoping: internal error: PeriodError: not a period: '26Q3'' and exit 1, naming "
        "neither file, row nor column (10000Q1 or 2026Q5 are reported properly)."
    ),
)
@pytest.mark.parametrize("period", ["0026Q3", "0999Q2", "0000年第一季度"])
def test_a_period_with_a_year_below_1000_is_a_data_error_with_its_place(
    tmp_path: Path, period: str
) -> None:
    data = HEADER + "V01,2026Q3,100,96,0,0\n" + f"V02,{period},100,96,0,0\n"
    code, stdout, stderr = score_csv(tmp_path, ("d.csv", data))
    assert (code, stdout) == (2, "")
    assert data_problem(stderr, tmp_path, "d.csv", 3, "period", period), stderr


@pytest.mark.xfail(
    strict=True,
    reason=(
        "RUBRIC.md §7: a non-numeric or unfitting value is 'reported with file, row, column "
        "and value ... status 2'. A number cell 1e999999999 makes kaoping stop with "
        "'kaoping: internal error: Overflow' and exit 1 (1e30 is reported properly as too "
        "large)."
    ),
)
def test_an_enormous_exponent_is_a_data_error_with_its_place(tmp_path: Path) -> None:
    data = HEADER + "V01,2026Q3,100,96,0,1e999999999\n"
    code, stdout, stderr = score_csv(tmp_path, ("d.csv", data))
    assert (code, stdout) == (2, "")
    assert data_problem(stderr, tmp_path, "d.csv", 2, "change", "1e999999999"), stderr


@pytest.mark.xfail(
    strict=True,
    reason=(
        "RUBRIC.md §7: 'Bad data never produces a score: ... a non-numeric cell ... is "
        "reported'. A cell 1_0 (Python's digit grouping, text in any spreadsheet) is "
        "read as the number 10 and scored: late 1_0 -> reports 2 - 10*0.5 -> 0."
    ),
)
@pytest.mark.parametrize(("column", "row"), [("late", "100,96,1_0,0"), ("change", "100,96,0,-1_0")])
def test_a_cell_with_underscores_is_not_a_number(tmp_path: Path, column: str, row: str) -> None:
    code, stdout, stderr = score_csv(tmp_path, ("d.csv", HEADER + f"V01,2026Q3,{row}\n"))
    assert (code, stdout) == (2, "")
    assert data_problem(stderr, tmp_path, "d.csv", 2, column, "_"), stderr


@pytest.mark.xfail(
    strict=True,
    reason=(
        "RUBRIC.md §7: 'a duplicate (unit, period, element): each is reported with file, "
        "row, column and value'. When a long row repeats an element of a wide row, kaoping "
        "says 'b.csv:2:C(element): unit V01, period 2026Q3 is also given in a.csv row 2', "
        "naming neither the element (late) nor the value (3)."
    ),
)
def test_a_duplicate_across_shapes_names_the_element_and_value(tmp_path: Path) -> None:
    wide = HEADER + "V01,2026Q3,100,96,1,0\n"
    long = "unit,period,element,value\nV01,2026Q3,late,3\n"
    code, stdout, stderr = score_csv(tmp_path, ("a.csv", wide), ("b.csv", long))
    assert (code, stdout) == (2, "")
    assert data_problem(stderr, tmp_path, "b.csv", 2, "late", "3"), stderr


def element_rubric(code: str) -> str:
    return rubric(
        f"elements:\n  {code}: {{label: 某指标, type: count}}\n"
        "items:\n  - id: k\n    title: K\n    max: 10\n    rules:\n"
        f"      - {{per_case: {code}, deduct: 1}}\n"
    )


@pytest.mark.xfail(
    strict=True,
    reason=(
        "RUBRIC.md §1/§2: element codes are [a-z][a-z0-9_]*, and a rubric that breaks a rule "
        "is refused by `check` with exit 2; exit 1 is 'a failure of the program itself'. "
        "An element named area, name, unit or period passes `kaoping check` (exit 0, "
        "'valid'), and `kaoping score` on wide data 'unit,period,<code>' then stops with "
        "'kaoping: internal error: DuplicateError: projections contained duplicate output "
        "name ...' and exit 1."
    ),
)
@pytest.mark.parametrize("code", ["area", "name", "unit", "period"])
def test_an_element_named_like_a_data_column_is_refused_or_scored(
    tmp_path: Path, code: str
) -> None:
    path = write(tmp_path, "rubric.yaml", element_rubric(code))
    checked = kaoping("check", path)
    data = write(tmp_path, "d.csv", f"unit,period,{code}\nV01,2026Q3,3\n")
    scored = kaoping("score", path, data, "--format", "json")
    # either check refuses it (2), or it is a valid rubric and scores: 10 - 3*1 = 7
    assert checked.code == 2 or (scored.code == 0 and scored.json()["units"][0]["total"] == 7), (
        checked.stderr + scored.stderr
    )


@pytest.mark.xfail(
    strict=True,
    reason=(
        "RUBRIC.md §7: 'wide: columns unit, period, then one column per element code; long: "
        "columns unit, period, element, value'. With an element named value (or element), "
        "which `kaoping check` accepts, the wide file 'unit,period,value' has no element "
        "column, yet kaoping refuses it: 'd.csv:1: long data needs both an element and a "
        "value column' (exit 2)."
    ),
)
@pytest.mark.parametrize("code", ["value", "element"])
def test_an_element_named_value_reads_as_wide_data(tmp_path: Path, code: str) -> None:
    path = write(tmp_path, "rubric.yaml", element_rubric(code))
    checked = kaoping("check", path)
    data = write(tmp_path, "d.csv", f"unit,period,{code}\nV01,2026Q3,3\n")
    scored = kaoping("score", path, data, "--format", "json")
    # 10 - 3*1 = 7
    assert checked.code == 2 or (scored.code == 0 and scored.json()["units"][0]["total"] == 7), (
        checked.stderr + scored.stderr
    )
