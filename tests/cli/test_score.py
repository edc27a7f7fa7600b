"""`kaoping check` and `kaoping score` as RUBRIC.md §7 sets them: outputs, exit codes, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaoping.cli import main

RUBRIC = """\
kaoping: 1
name: 测试细则
total: 20
elements:
  invited:  {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  late:     {label: 未及时报送份数, type: count, default: 0}
checks:
  - {rule: attended <= invited, message: 实到人数不能大于应到人数}
items:
  - id: attendance
    title: 服务日到位率
    max: 14
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 14, per_point_below: 2, partial: ceil}
  - id: reports
    title: 报表及时
    max: 6
    rules:
      - {per_case: late, deduct: 2}
ranking: {top: 1, bottom: 1}
consequences:
  - group: top
    streak: 2
    actions:
      - {kind: 奖励, to: [service_worker], amount: 300}
"""

DATA = """\
unit,name,period,invited,attended,late
V01,东村,2026Q2,100,100,0
V02,西村,2026Q2,100,90,1
V01,东村,2026Q3,100,94,
V02,西村,2026Q3,50,50,2
V03,南村,2026Q3,80,76,0
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "data.csv").write_text(DATA, encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "unit,role,name,from,to\nV03,service_worker,赵敏,2025-01-01,\nV01,专干,钱红,2025-01-01,\n",
        encoding="utf-8",
    )
    return {
        k: str(tmp_path / f)
        for k, f in [("rubric", "rubric.yaml"), ("data", "data.csv"), ("people", "people.csv")]
    }


def run(*args: str, lang: str = "en_US.UTF-8") -> tuple[int, str, str]:
    r = CliRunner(env={"LANG": lang, "LC_ALL": None}).invoke(
        main, list(args), catch_exceptions=False
    )
    return r.exit_code, r.stdout, r.stderr


def test_check_accepts_a_valid_rubric(files: dict[str, str]) -> None:
    code, out, err = run("check", files["rubric"])
    assert code == 0
    assert "valid" in out
    assert err == ""


def test_check_accepts_the_shipped_rubric_by_name() -> None:
    code, _out, err = run("check", "default")
    assert (code, err) == (0, "")


def test_check_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        RUBRIC.replace("max: 14", "max: fourteen").replace("per_case: late", "per_case: lat"),
        encoding="utf-8",
    )
    code, out, err = run("check", str(bad))
    assert code == 2
    assert out == ""
    assert f"{bad}:13:10: item attendance.max must be a number, not 'fourteen'" in err
    assert f"{bad}:20:20: unknown element 'lat' (not declared in elements)" in err


def test_score_prints_json_as_the_contract_says(files: dict[str, str]) -> None:
    code, out, err = run("score", files["rubric"], files["data"], "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["rubric"] == "测试细则"
    assert doc["period"] == "2026Q3"  # the latest by default
    # V02: 100% attendance (14) + 6 - 2*2 = 16; V03: 95% → 14 + 6 = 20; V01: 94% → 12 + 6 = 18
    assert [(u["unit"], u["total"], u["rank"], u["group"], u["streak"]) for u in doc["units"]] == [
        ("V03", 20, 1, "top", 1),
        ("V01", 18, 2, None, 0),
        ("V02", 16, 3, "bottom", 2),
    ]
    v01 = doc["units"][1]
    assert v01["scores"] == {"attendance": 12, "reports": 6}
    assert v01["deductions"] == [
        {
            "path": "attendance",
            "points": 2,
            "text": "服务日到位率94.0%（实到人数94，应到人数100），低于95%，差1个百分点，每个百分点扣2分，扣2分",
        }
    ]
    assert set(v01) >= {
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
    }


def test_score_reports_an_earlier_period_with_streaks_from_before(files: dict[str, str]) -> None:
    code, out, _ = run(
        "score", files["rubric"], files["data"], "--format", "json", "--period", "2026-Q2"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["period"] == "2026Q2"
    assert [(u["unit"], u["group"]) for u in doc["units"]] == [("V01", "top"), ("V02", "bottom")]


def test_actions_name_the_person_from_the_people_file(files: dict[str, str]) -> None:
    # V01 is top in Q2 and... not in Q3; add a third quarter where V03 is top twice running.
    data = Path(files["data"])
    data.write_text(DATA + "V03,南村,2026Q4,10,10,0\nV01,东村,2026Q4,10,9,0\n", encoding="utf-8")
    code, out, _ = run(
        "score", files["rubric"], files["data"], "--format", "json", "--people", files["people"]
    )
    assert code == 0
    top = json.loads(out)["units"][0]
    assert (top["unit"], top["streak"]) == ("V03", 2)
    assert top["actions"] == [
        {"kind": "奖励", "effect": "award", "to": "service_worker", "person": "赵敏", "amount": 300}
    ]
    code, out, _ = run("score", files["rubric"], files["data"], "--format", "json")
    assert json.loads(out)["units"][0]["actions"][0]["person"] is None


def test_the_table_has_chinese_headings(files: dict[str, str]) -> None:
    code, out, _ = run("score", files["rubric"], files["data"])
    assert code == 0
    assert out.splitlines()[2].split() == [
        "名次",
        "代码",
        "单位",
        "总分",
        "分组",
        "连续",
        "主要扣分",
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json", "table"])
def test_it_writes_each_format_to_a_file(files: dict[str, str], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    code, out, _ = run("score", files["rubric"], files["data"], "--format", fmt, "-o", str(target))
    assert code == 0
    assert out == ""
    assert target.stat().st_size > 0


def test_xlsx_holds_ranking_deductions_and_consequences(
    files: dict[str, str], tmp_path: Path
) -> None:
    import openpyxl

    target = tmp_path / "out.xlsx"
    run("score", files["rubric"], files["data"], "--format", "xlsx", "-o", str(target))
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["排名", "扣分明细", "讲评兑现"]
    ranking = list(wb["排名"].iter_rows(values_only=True))
    assert [r[1] for r in ranking[1:]] == ["V03", "V01", "V02"]
    assert [r[4] for r in ranking[1:]] == [20, 18, 16]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "{rubric}", "missing.csv"], "missing.csv: no such file"),
        (["score", "nope.yaml", "{data}"], "nope.yaml: no such file"),
        (
            ["score", "{rubric}", "{data}", "--period", "2025Q1"],
            "--period 2025Q1: not in the data (it has 2026Q2, 2026Q3)",
        ),
        (["score", "{rubric}", "{data}", "--period", "soon"], "--period: not a period: 'soon'"),
        (["score", "{rubric}", "{data}", "--format", "xlsx"], "--format xlsx needs -o FILE"),
    ],
)
def test_a_users_mistake_exits_2_with_a_message(
    files: dict[str, str], args: list[str], message: str
) -> None:
    code, out, err = run(*[a.format(**files) for a in args])
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_bad_data_is_listed_with_file_row_column_and_value(files: dict[str, str]) -> None:
    Path(files["data"]).write_text(
        "unit,period,invited,attended,late\nV01,2026Q3,100,abc,0\nV02,2026Q3,-5,3,0\n",
        encoding="utf-8",
    )
    code, out, err = run("score", files["rubric"], files["data"], "--format", "json")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert ":2:" in lines[0] and "attended" in lines[0] and "abc" in lines[0]
    assert ":3:" in lines[1] and "invited" in lines[1] and "-5" in lines[1]


def test_bad_data_messages_are_chinese_for_a_chinese_locale(files: dict[str, str]) -> None:
    Path(files["data"]).write_text(
        "unit,period,invited,attended,late\nV01,2026Q3,100,abc,0\n", encoding="utf-8"
    )
    code, _, err = run("score", files["rubric"], files["data"], lang="zh_CN.UTF-8")
    assert code == 2
    assert "不是数字" in err


def test_failed_checks_stop_scoring_with_every_violation(
    files: dict[str, str], tmp_path: Path
) -> None:
    Path(files["data"]).write_text(
        "unit,period,invited,attended\nV01,2026Q3,10,12\nV02,2026Q3,10,10\nV03,2026Q3,5,6\n",
        encoding="utf-8",
    )
    target = tmp_path / "never.json"
    code, _out, err = run(
        "score", files["rubric"], files["data"], "--format", "json", "-o", str(target)
    )
    assert code == 2
    assert not target.exists()  # nothing written
    assert err.splitlines() == [
        "V01 2026Q3: 实到人数不能大于应到人数 (attended=12, invited=10)",
        "V03 2026Q3: 实到人数不能大于应到人数 (attended=6, invited=5)",
    ]


def test_a_failure_of_the_program_exits_1_without_a_traceback(
    files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kaoping.engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(kaoping.engine, "assess", broken)
    code, _out, err = run("score", files["rubric"], files["data"])
    assert code == 1
    assert "internal error" in err and "disk on fire" in err
    assert "Traceback" not in err
