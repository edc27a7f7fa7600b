"""``kaoping score --period 2026``: the year's result (年度考核) over a data file of
four quarters, by the rubric's annual rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaoping.cli import main

RUBRIC = """\
kaoping: 1
name: 测试细则
total: 10
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  late: {label: 迟报, type: count}
items:
  - id: att
    title: 到位
    max: 6
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 6, per_point_below: 1}
  - id: rep
    title: 报告
    max: 4
    rules:
      - {per_case: late, deduct: 1}
ranking: {top: 1, bottom: 1}
annual:
  rule: mean_of_quarters
  consequences:
    - group: bottom
      streak: 1
      actions:
        - {kind: 年度考核不称职, to: [director]}
"""
DATA = """\
unit,period,invited,attended,late
V1,2026Q1,100,100,0
V2,2026Q1,100,90,1
V1,2026Q2,100,94,0
V2,2026Q2,100,100,0
V1,2026Q3,100,100,1
V2,2026Q3,100,100,0
V1,2026Q4,100,100,0
V2,2026Q4,100,100,3
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "r.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DATA, encoding="utf-8")
    return {"rubric": str(tmp_path / "r.yaml"), "data": str(tmp_path / "d.csv")}


def run(*args: str, lang: str = "en_US.UTF-8") -> tuple[int, str, str]:
    r = CliRunner(env={"LANG": lang, "LC_ALL": None}).invoke(
        main, list(args), catch_exceptions=False
    )
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("period", ["2026", "2026年度", "2026年"])
def test_it_scores_the_year_as_the_mean_of_its_quarters(files: dict[str, str], period: str) -> None:
    code, out, err = run("score", files["rubric"], files["data"], "--period", period,
                         "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["period"] == "2026"
    # V1: 10, 9, 9, 10 → 9.5; V2: 4, 10, 10, 7 → 7.75
    assert [(u["unit"], u["total"], u["rank"], u["group"]) for u in doc["units"]] == [
        ("V1", 9.5, 1, "top"),
        ("V2", 7.75, 2, "bottom"),
    ]
    assert [a["kind"] for a in doc["units"][1]["actions"]] == ["年度考核不称职"]


def test_the_table_says_the_year(files: dict[str, str]) -> None:
    code, out, _err = run("score", files["rubric"], files["data"], "--period", "2026")
    assert code == 0
    assert out.startswith("测试细则  2026年度（2026）")


def test_a_year_under_way_names_the_quarters_missing(files: dict[str, str], tmp_path: Path) -> None:
    half = tmp_path / "half.csv"
    half.write_text("".join(DATA.splitlines(keepends=True)[:5]), encoding="utf-8")
    code, out, err = run("score", files["rubric"], str(half), "--period", "2026",
                         lang="zh_CN.UTF-8")  # fmt: skip
    assert (code, out) == (2, "")
    assert (
        "--period 2026：年度结果为四个季度的平均，但数据中没有2026年第三季度、2026年第四季度" in err
    )


def test_a_rubric_without_an_annual_rule_is_told_what_to_add(
    files: dict[str, str], tmp_path: Path
) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(RUBRIC.split("annual:")[0], encoding="utf-8")
    code, out, err = run("score", str(plain), files["data"], "--period", "2026")
    assert (code, out) == (2, "")
    assert "the rubric has no annual rule; add annual: {rule: mean_of_quarters}" in err


def test_a_quarter_is_still_scored_as_before(files: dict[str, str]) -> None:
    code, out, _err = run("score", files["rubric"], files["data"], "--period", "2026Q1",
                          "--format", "json")  # fmt: skip
    assert code == 0
    assert [(u["unit"], u["total"]) for u in json.loads(out)["units"]] == [("V1", 10), ("V2", 4)]


def test_a_townships_year_is_the_mean_of_its_rolled_up_quarters(
    files: dict[str, str], tmp_path: Path
) -> None:
    units = tmp_path / "units.csv"
    units.write_text(
        "unit,parent,level\nT1,,township\nT2,,township\nV1,T1,village\nV2,T2,village\n",
        encoding="utf-8",
    )
    code, out, err = run("score", files["rubric"], files["data"], "--units", str(units),
                         "--level", "township", "--period", "2026", "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    # One village each: the townships' years are their villages' (9.5 and 7.75).
    assert [(u["unit"], u["total"]) for u in json.loads(out)["units"]] == [
        ("T1", 9.5),
        ("T2", 7.75),
    ]
