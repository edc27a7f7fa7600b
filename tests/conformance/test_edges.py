"""Edges of RUBRIC.md where kaoping once broke the contract (found by this suite,
fixed since): element codes that are data columns, digit grouping, years below 1000,
huge exponents, duplicates across the wide and long shapes. Kept as regressions.
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


@pytest.mark.parametrize("period", ["0026Q3", "0999Q2", "0000年第一季度"])
def test_a_period_with_a_year_below_1000_is_a_data_error_with_its_place(
    tmp_path: Path, period: str
) -> None:
    data = HEADER + "V01,2026Q3,100,96,0,0\n" + f"V02,{period},100,96,0,0\n"
    code, stdout, stderr = score_csv(tmp_path, ("d.csv", data))
    assert (code, stdout) == (2, "")
    assert data_problem(stderr, tmp_path, "d.csv", 3, "period", period), stderr


def test_an_enormous_exponent_is_a_data_error_with_its_place(tmp_path: Path) -> None:
    data = HEADER + "V01,2026Q3,100,96,0,1e999999999\n"
    code, stdout, stderr = score_csv(tmp_path, ("d.csv", data))
    assert (code, stdout) == (2, "")
    assert data_problem(stderr, tmp_path, "d.csv", 2, "change", "1e999999999"), stderr


@pytest.mark.parametrize(("column", "row"), [("late", "100,96,1_0,0"), ("change", "100,96,0,-1_0")])
def test_a_cell_with_underscores_is_not_a_number(tmp_path: Path, column: str, row: str) -> None:
    code, stdout, stderr = score_csv(tmp_path, ("d.csv", HEADER + f"V01,2026Q3,{row}\n"))
    assert (code, stdout) == (2, "")
    assert data_problem(
        stderr,
        tmp_path,
        "d.csv",
        2,
        column,
        row.rsplit(",", 2)[-2] if column == "late" else row.rsplit(",", 1)[-1],
    ), stderr


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
