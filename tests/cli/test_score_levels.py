"""``kaoping score --units FILE --level L``: townships and counties scored on their
villages' figures, rolled up exactly; months gathered into quarters."""

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
  standard: {label: 记录规范, type: bool, rollup: share, over_time: last}
  outstanding: {label: 未办结数, type: count, over_time: last}
items:
  - id: att
    title: 到位
    max: 6
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 6, per_point_below: 1}
  - id: std
    title: 规范
    max: 4
    rules:
      - {per_case: 1 - standard, deduct: 3}
      - {per_case: outstanding, deduct: 1}
"""
UNITS = """\
unit,parent,level,name
C1,,county,某县
T1,C1,township,东镇
T2,C1,township,西镇
A1,T1,area,一片
V1,A1,village,甲村
V2,A1,village,乙村
V3,T1,village,丙村
V4,T2,village,丁村
"""
DATA = """\
unit,period,invited,attended,standard,outstanding
V1,2026Q3,100,90,1,0
V2,2026Q3,50,50,0,1
V3,2026Q3,50,48,1,0
V4,2026Q3,40,40,1,0
"""
# V1 reports by month: 30+40+30 invited, 25+35+30 attended, the last month's open
# cases and standard.
MONTHS = """\
unit,period,invited,attended,standard,outstanding
V1,2026-07,30,25,0,2
V1,2026-08,40,35,0,1
V1,2026-09,30,30,1,0
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    out = {}
    for key, text in [("rubric", RUBRIC), ("units", UNITS), ("data", DATA)]:
        p = tmp_path / f"{key}.{'yaml' if key == 'rubric' else 'csv'}"
        p.write_text(text, encoding="utf-8")
        out[key] = str(p)
    return out


def run(*args: str, lang: str = "en_US.UTF-8") -> tuple[int, str, str]:
    r = CliRunner(env={"LANG": lang, "LC_ALL": None}).invoke(
        main, list(args), catch_exceptions=False
    )
    return r.exit_code, r.stdout, r.stderr


def totals(out: str) -> list[tuple[str, float, int]]:
    return [(u["unit"], u["total"], u["rank"]) for u in json.loads(out)["units"]]


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        # 东镇: 188 of 200 = 94%: 6 - 1 = 5; standard 2/3: 1/3 case × 3 = 1; 1 open: 1.
        # 西镇: 40 of 40: 6; standard 1: 0; none open: 4.
        ("township", [("T2", 10, 1), ("T1", 7, 2)]),
        ("乡镇", [("T2", 10, 1), ("T1", 7, 2)]),
        # 一片: 140 of 150 = 93.33…%: 6 - 1.67 = 4.33; standard 1/2: 1.5 and 1 open: 1.5 left.
        ("area", [("A1", 5.83, 1)]),
        # 某县: 228 of 240 = 95%: 6; standard 3/4: 0.75; 1 open: 4 - 1.75 = 2.25.
        ("county", [("C1", 8.25, 1)]),
    ],
)
def test_it_scores_the_units_of_a_level_on_their_villages_figures(
    files: dict[str, str], level: str, expected: list[tuple[str, float, int]]
) -> None:
    code, out, _err = run(
        "score", files["rubric"], files["data"], "--units", files["units"], "--level", level,
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert totals(out) == expected


def test_a_village_reporting_by_month_is_gathered_into_its_quarter(
    files: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "months.csv").write_text(MONTHS, encoding="utf-8")
    (tmp_path / "quarter.csv").write_text(DATA.replace("V1,2026Q3,100,90,1,0\n", ""), "utf-8")
    code, out, err = run(
        "score", files["rubric"], str(tmp_path / "months.csv"), str(tmp_path / "quarter.csv"),
        "--units", files["units"], "--level", "township", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    # Same figures as the quarterly file (100 invited, 90 attended, 0 open at the end).
    assert totals(out) == [("T2", 10, 1), ("T1", 7, 2)]


@pytest.mark.parametrize(
    ("args", "lang", "message"),
    [
        (["--level", "hamlet"], "zh_CN.UTF-8", "--level hamlet：不是层级（应为省、市、县、乡镇、片区、村之一）"),
        (["--level", "township"], "en_US.UTF-8", "--level needs --units FILE"),
        (["--units", "missing.csv", "--level", "township"], "zh_CN.UTF-8", "missing.csv：文件不存在"),
    ],
)  # fmt: skip
def test_a_bad_level_or_units_file_is_refused_in_the_users_language(
    files: dict[str, str], args: list[str], lang: str, message: str
) -> None:
    code, out, err = run("score", files["rubric"], files["data"], *args, lang=lang)
    assert (code, out) == (2, "")
    assert message in err


def test_a_village_missing_from_the_units_file_is_named(
    files: dict[str, str], tmp_path: Path
) -> None:
    data = tmp_path / "extra.csv"
    data.write_text(DATA + "V9,2026Q3,10,10,1,0\n", encoding="utf-8")
    code, out, err = run(
        "score", files["rubric"], str(data), "--units", files["units"], "--level", "township",
        lang="zh_CN.UTF-8",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "V9 2026Q3：单位不在单位层级文件中" in err


def test_a_villages_figures_are_checked_before_they_are_summed(
    files: dict[str, str], tmp_path: Path
) -> None:
    rubric = tmp_path / "checked.yaml"
    rubric.write_text(
        RUBRIC.replace(
            "items:",
            "checks:\n  - {rule: attended <= invited, message: 实到人数不能大于应到人数}\nitems:",
        ),
        encoding="utf-8",
    )
    data = tmp_path / "over.csv"
    # V2 has more attending than invited; 东镇's sums (200 invited, 190 attended) do not show it.
    data.write_text(DATA.replace("V2,2026Q3,50,50", "V2,2026Q3,50,52"), encoding="utf-8")
    code, out, err = run(
        "score", str(rubric), str(data), "--units", files["units"], "--level", "township",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "V2 2026Q3: 实到人数不能大于应到人数 (attended=52, invited=50)" in err


def test_a_townships_own_file_gives_only_what_does_not_add_up(
    files: dict[str, str], tmp_path: Path
) -> None:
    rubric = tmp_path / "own.yaml"
    rubric.write_text(
        RUBRIC.replace(
            "items:",
            "  accuracy: {label: 统计数据准确率, type: number}\nitems:",
        ).replace(
            "      - {per_case: outstanding, deduct: 1}",
            "      - {per_case: outstanding, deduct: 1}\n      - {deduct_if: accuracy < 1, deduct: 2}",
        ),
        encoding="utf-8",
    )
    own = tmp_path / "townships.csv"
    own.write_text("unit,period,accuracy\nT1,2026Q3,1\nT2,2026Q3,0.98\n", encoding="utf-8")
    code, out, err = run(
        "score", str(rubric), files["data"], str(own), "--units", files["units"],
        "--level", "township", "--format", "json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    # 西镇's own accuracy 98% costs it 2 points (10 - 2); 东镇 as before (7).
    assert totals(out) == [("T2", 8, 1), ("T1", 7, 2)]


def test_a_township_that_leaves_out_what_does_not_add_up_is_named(
    files: dict[str, str], tmp_path: Path
) -> None:
    rubric = tmp_path / "own.yaml"
    rubric.write_text(
        RUBRIC.replace("items:", "  accuracy: {label: 统计数据准确率, type: number}\nitems:"),
        encoding="utf-8",
    )
    own = tmp_path / "townships.csv"
    own.write_text("unit,period,accuracy\nT1,2026Q3,1\n", encoding="utf-8")
    villages = tmp_path / "villages.csv"
    villages.write_text(DATA, encoding="utf-8")
    code, out, err = run(
        "score", str(rubric), str(villages), str(own), "--units", files["units"],
        "--level", "township", lang="zh_CN.UTF-8",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "T2 2026Q3：accuracy不能由下级汇总（rollup: none），应由乡镇自行填报" in err
