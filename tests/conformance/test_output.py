"""RUBRIC.md §3 and §7: what `score` writes, where, in which format; exit statuses."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from ._cli import kaoping, rubric, write

RUBRIC = rubric(
    """\
elements:
  a: {label: 实到, type: count}
  b: {label: 应到, type: count}
  x: {label: 扣分, type: number, default: 0}
items:
  - id: service
    title: 服务
    max: 6
    parts:
      - id: attendance
        title: 到位
        max: 6
        rules:
          - {rate: a / b, full_at: 0.95, points: 6, per_point_below: 1}
  - id: office
    title: 内业
    max: 4
    rules:
      - {per_case: x, deduct: 1}
ranking: {top: 1, bottom: 1}
consequences:
  - group: bottom
    streak: 1
    actions:
      - {kind: 召开分析会, to: [unit]}
"""
)

# V01: attendance 284/300 -> 6 - 1/3 = 5.666..; office 4 - 0.375 = 3.625; total 9.291666.. -> 9.29
# V02: attendance full 6; office 4 - 0.125 = 3.875; total 9.875 -> 9.88
# V03: attendance 6; office 4 - 0.5 = 3.5; total 9.5
DATA = "unit,name,period,a,b,x\nV01,东村,2026Q3,284,300,0.375\nV02,西村,2026Q3,1,1,0.125\nV03,南村,2026Q3,1,1,0.5\n"


def run(tmp_path: Path, *args: object, data: str = DATA) -> Any:
    return kaoping(
        "score", write(tmp_path, "rubric.yaml", RUBRIC), write(tmp_path, "d.csv", data), *args
    )


def numbers(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in numbers(v)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value]
    return []


def test_json_is_one_object_on_stdout_with_the_documented_fields(tmp_path: Path) -> None:
    result = run(tmp_path, "--format", "json")
    assert result.code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["rubric"], data["period"]) == ("测试细则", "2026Q3")
    for unit in data["units"]:
        assert {
            "unit",
            "name",
            "total",
            "rank",
            "vetoed",
            "group",
            "streak",
            "scores",
            "deductions",
            "actions",
        } <= set(unit)
    assert [(u["unit"], u["name"], u["total"], u["rank"]) for u in data["units"]] == [
        ("V02", "西村", 9.88, 1),  # 9.875 half up -> 9.88
        ("V03", "南村", 9.5, 2),
        ("V01", "东村", 9.29, 3),
    ]
    v01 = data["units"][2]
    # every node path; 5.666.. -> 5.67; 3.625 half up -> 3.63 (half-even would give 3.62)
    assert v01["scores"] == {"service": 5.67, "service.attendance": 5.67, "office": 3.63}
    assert sorted((d["path"], d["points"]) for d in v01["deductions"]) == [
        ("office", 0.38),  # 0.375 half up
        ("service.attendance", 0.33),  # 1/3
    ]
    # §5.1: an analysis meeting is a follow-up, due (neither due_days nor at) on the
    # last day of the next quarter's first month: 2026Q3 -> 2026-10-31.
    assert v01["actions"] == [
        {
            "kind": "召开分析会",
            "effect": "analysis_meeting",
            "to": "unit",
            "person": None,
            "amount": None,
            "due": "2026-10-31",
        }
    ]
    assert v01["carried"] == []


def test_every_json_number_has_at_most_two_decimals(tmp_path: Path) -> None:
    text = run(tmp_path, "--format", "json").stdout
    for number in re.findall(r"(?<![\w.])-?\d+\.\d+", text):
        assert len(number.split(".")[1]) <= 2, number
    assert all(round(n, 2) == n for n in numbers(json.loads(text)))


def test_json_to_a_file_with_o(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run(tmp_path, "--format", "json", "-o", out)
    assert result.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["units"][0]["unit"] == "V02"
    assert "{" not in result.stdout


def test_table_is_for_a_persons_eyes_with_chinese_headings(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result.code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    first_unit = next(i for i, line in enumerate(lines) if "V02" in line)
    # the heading is the last line above the first unit that is not a rule of dashes
    heading = next(
        line for line in reversed(lines[:first_unit]) if line.strip() and set(line) - set("- ")
    )
    assert len(re.findall(r"[\u4e00-\u9fff]+", heading)) >= 3, heading
    body = result.stdout
    assert body.index("V02") < body.index("V03") < body.index("V01")
    assert "9.88" in body and "9.5" in body and "9.29" in body


def table_rows(rows: Sequence[Sequence[Any]]) -> list[tuple[str, Sequence[Any]]]:
    """(unit, total) of each row holding a unit code, in order."""
    found = []
    for row in rows:
        codes = [c for c in row if isinstance(c, str) and re.fullmatch(r"V0\d", c)]
        if codes:
            found.append((codes[0], row))
    return [(code, row) for code, row in found]


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "-o"])
def test_csv_for_filing(tmp_path: Path, to_file: bool) -> None:
    out = tmp_path / "out.csv"
    result = run(tmp_path, "--format", "csv", *(["-o", out] if to_file else []))
    assert result.code == 0
    text = out.read_text(encoding="utf-8-sig") if to_file else result.stdout.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    found = table_rows(rows)
    assert [code for code, _ in found] == ["V02", "V03", "V01"]
    assert ["9.88" in row for _, row in found] == [True, False, False]
    assert "9.29" in found[2][1]


def test_xlsx_for_filing(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = run(tmp_path, "--format", "xlsx", "-o", out)
    assert result.code == 0
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    found = table_rows(rows)
    assert [code for code, _ in found] == ["V02", "V03", "V01"]
    # numbers are written rounded half up to two decimals, as shown everywhere:
    # V02 9.875 -> 9.88; V01 9.2916.. -> 9.29, its office 3.625 -> 3.63
    assert 9.88 in found[0][1]
    assert 9.5 in found[1][1]
    assert {9.29, 5.67, 3.63} <= set(found[2][1])


def test_bad_data_leaves_an_existing_output_file_alone(tmp_path: Path) -> None:
    out = write(tmp_path, "out.json", '{"old": 1}')
    result = run(tmp_path, "--format", "json", "-o", out, data=DATA.replace("284,300", "284,abc"))
    assert result.code == 2
    assert out.read_text(encoding="utf-8") == '{"old": 1}'


BAD_DATA = DATA.replace("284,300", "284,abc")


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "table"])
def test_bad_data_writes_nothing_and_exits_2(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = run(tmp_path, "--format", fmt, "-o", out, data=BAD_DATA)
    assert result.code == 2
    assert result.stdout == ""
    assert not out.exists()
    assert "abc" in result.stderr


def test_bad_data_in_a_quarter_not_reported_still_stops_scoring(tmp_path: Path) -> None:
    data = DATA + "V01,东村,2026Q2,x,300,0\n"
    result = run(tmp_path, "--format", "json", "--period", "2026Q3", data=data)
    assert (result.code, result.stdout) == (2, "")
    assert "d.csv" in result.stderr


def test_a_missing_data_file_is_bad_data(tmp_path: Path) -> None:
    rubric_path = write(tmp_path, "rubric.yaml", RUBRIC)
    result = kaoping("score", rubric_path, tmp_path / "nowhere.csv", "--format", "json")
    assert (result.code, result.stdout) == (2, "")
    assert "nowhere.csv" in result.stderr


def test_the_period_option_accepts_every_spelling(tmp_path: Path) -> None:
    data = DATA + "V01,东村,2026Q4,1,1,0\n"
    for spelling in ["2026Q3", "2026-Q3", "2026年第三季度"]:
        result = run(tmp_path, "--format", "json", "--period", spelling, data=data)
        assert json.loads(result.stdout)["period"] == "2026Q3"
        assert len(json.loads(result.stdout)["units"]) == 3
    assert json.loads(run(tmp_path, "--format", "json", data=data).stdout)["period"] == "2026Q4"


def test_data_warnings_leave_stdout_to_the_json(tmp_path: Path) -> None:
    # a column the rubric does not know: whatever kaoping says of it goes to stderr
    data = DATA.replace("x\n", "x,remark\n").replace("0.375\n", "0.375,备注\n")
    data = data.replace("0.125\n", "0.125,\n").replace("0.5\n", "0.5,\n")
    result = run(tmp_path, "--format", "json", data=data)
    assert result.code == 0
    assert [u["unit"] for u in json.loads(result.stdout)["units"]] == ["V02", "V03", "V01"]


@pytest.mark.parametrize(
    ("x", "total", "lost"),
    [
        ("7.325", 2.68, 7.33),  # 10 - 7.325 = 2.675 -> 2.68 (binary floats round it to 2.67)
        ("8.995", 1.01, 9),  # 1.005 -> 1.01 (floats: 1.0); 8.995 -> 9
        ("0.005", 10, 0.01),  # 9.995 -> 10; 0.005 -> 0.01
        (
            "0.015",
            9.99,
            0.02,
        ),  # 9.985 -> 9.99 (half-even would give 9.98); 0.015 -> 0.02
    ],
)
def test_figures_are_rounded_half_up_from_their_exact_value(
    tmp_path: Path, x: str, total: float, lost: float
) -> None:
    text = rubric(
        "elements:\n  x: {label: 扣分, type: number}\n"
        "items:\n  - id: k\n    title: K\n    max: 10\n    rules:\n      - {per_case: x, deduct: 1}\n"
    )
    rubric_path = write(tmp_path, "rubric.yaml", text)
    data = write(tmp_path, "d.csv", f"unit,period,x\nV01,2026Q3,{x}\n")
    unit = kaoping("score", rubric_path, data, "--format", "json").json()["units"][0]
    assert (unit["total"], unit["scores"]["k"], unit["deductions"][0]["points"]) == (
        total,
        total,
        lost,
    )
    csv_text = kaoping("score", rubric_path, data, "--format", "csv").stdout
    assert f",{total}," in csv_text.replace(".0,", ",")
