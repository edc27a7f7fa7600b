"""``kaoping allocate`` and ``kaoping targets``: outputs, messages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kaoping.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_TARGETS = ROOT / "src" / "kaoping" / "rubrics" / "targets.yaml"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner()
    return runner.invoke(main, list(args), env={"LANG": "en_US.UTF-8", **(env or {})})


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def figures(tmp_path: Path) -> str:
    # quotas with weights 1/2, 1/2 and total 10:
    # A = 10 * (1/2 * 10/40 + 1/2 * 100/200) = 3.75, B = 6.25 -> 4 and 6
    return write(
        tmp_path / "figures.csv",
        "unit,name,eligible_women,population\nA,东村,10,100\nB,西村,30,100\n",
    )


# --- allocate ------------------------------------------------------------------------------


def test_allocate_prints_a_table_aligned_for_chinese(figures: str) -> None:
    result = run(
        "allocate", figures, "--total", "10", "--weights", "eligible_women=0.5,population=0.5"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "单位代码  单位名称  eligible_women  population  加权占比%  应分数    余数  余数加1  分得\n"
        "--------  --------  --------------  ----------  ---------  ------  ------  -------  ----\n"
        "A         东村                  10         100    37.5000  3.7500  0.7500  是          4\n"
        "B         西村                  30         100    62.5000  6.2500  0.2500              6\n"
        "合计                                                                                  10\n"
        "总数10，权重：eligible_women 0.5，population 0.5；"
        "最大余数法，余数相同按应分数大者、再按单位代码先后。\n"
    )
    assert result.stderr == ""


def test_allocate_writes_json_with_exact_quotas(figures: str) -> None:
    result = run(
        "allocate", figures, "--total", "10", "--weights", "eligible_women=1,population=1",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["total"], doc["floor"], doc["method"]) == (10, 0, "largest_remainder")
    assert [(u["unit"], u["quota"], u["remainder"], u["plus_one"], u["allocated"]) for u in doc["units"]] == [
        ("A", "15/4", 0.75, True, 4),
        ("B", "25/4", 0.25, False, 6),
    ]  # fmt: skip


def test_allocate_writes_csv_for_excel_with_formulas_neutralised(tmp_path: Path) -> None:
    src = write(tmp_path / "f.csv", "unit,name,population\nA,=cmd(),1\nB,西村,3\n")
    out = tmp_path / "out.csv"
    result = run(
        "allocate", src, "--total", "4", "--weights", "population=1", "--format", "csv",
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff单位代码,单位名称,population,")
    assert "A,'=cmd(),1," in text
    assert text.rstrip().endswith(",3")


def test_allocate_takes_total_weights_and_floor_from_a_targets_entry(tmp_path: Path) -> None:
    rows = "\n".join(f"V{i:02d},{10 * i},{100 * i}" for i in range(1, 22))
    src = write(tmp_path / "villages.csv", "unit,eligible_women,population\n" + rows + "\n")
    result = run(
        "allocate", src, "--targets", str(SHIPPED_TARGETS), "--name", "screening_slots",
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    slots = [u["allocated"] for u in doc["units"]]
    assert (doc["total"], doc["floor"], len(slots)) == (321, 1, 21)
    assert sum(slots) == 321
    assert min(slots) >= 1


def test_allocate_reads_the_period_it_is_told(tmp_path: Path) -> None:
    src = write(
        tmp_path / "f.csv",
        "unit,period,population\nA,2026Q1,1\nB,2026Q1,1\nA,2026Q2,3\nB,2026Q2,1\n",
    )
    latest = run("allocate", src, "--total", "4", "--weights", "population=1", "--format", "json")
    first = run(
        "allocate", src, "--total", "4", "--weights", "population=1", "--format", "json",
        "--period", "2026Q1",
    )  # fmt: skip
    assert [u["allocated"] for u in json.loads(latest.stdout)["units"]] == [3, 1]
    assert [u["allocated"] for u in json.loads(first.stdout)["units"]] == [2, 2]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--total", "10", "--weights", "population=0"], "the weights sum to zero (population=0)"),
        (
            ["--total", "1", "--weights", "population=1", "--floor", "1"],
            "a floor of 1 for 2 units needs 2, more than the total 1",
        ),
        (["--total", "10", "--weights", "households=1"], "no households column"),
        (
            ["--total", "10", "--weights", "population"],
            "--weights: 'population' is not NAME=NUMBER",
        ),
        (
            ["--weights", "population=1"],
            "give --total and --weights, or --targets FILE --name ENTRY",
        ),
        (
            ["--total", "10", "--weights", "population=1", "--name", "x"],
            "--name goes with --targets",
        ),
    ],
)
def test_allocate_refuses_bad_input_with_status_2(
    figures: str, args: list[str], message: str
) -> None:
    result = run("allocate", figures, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_allocate_names_the_row_and_column_of_a_bad_cell(tmp_path: Path) -> None:
    src = write(tmp_path / "f.csv", "unit,population\nA,1\nB,many\nC,-4\n")
    result = run("allocate", src, "--total", "10", "--weights", "population=1")
    assert result.exit_code == 2
    assert f"{src}:3:B(population): 'many' is not a number" in result.stderr


def test_allocate_reports_negative_figures_with_the_unit(tmp_path: Path) -> None:
    src = write(tmp_path / "f.csv", "unit,population\nA,1\nC,-4\n")
    result = run("allocate", src, "--total", "10", "--weights", "population=1")
    assert result.exit_code == 2
    assert result.stderr == f"{src}: unit C: population = -4 is negative\n"


def test_allocate_speaks_chinese_to_a_chinese_locale(figures: str) -> None:
    result = run(
        "allocate", figures, "--total", "10", "--weights", "population=0",
        env={"LANG": "zh_CN.UTF-8"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == f"{figures}: 权重之和为0（population=0）\n"


def test_allocate_refuses_a_missing_file() -> None:
    result = run("allocate", "nowhere.csv", "--total", "10", "--weights", "population=1")
    assert (result.exit_code, result.stderr) == (2, "nowhere.csv: no such file\n")


def test_a_failure_of_the_program_itself_exits_1(
    figures: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kaoping.engine

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(kaoping.engine, "allocate", broken)
    result = run("allocate", figures, "--total", "10", "--weights", "population=1")
    assert result.exit_code == 1
    assert "internal error: RuntimeError: boom" in result.stderr


# --- targets -------------------------------------------------------------------------------

DATA = (
    "unit,name,period,sd_invited,sd_attended,sd_declined,postpartum_due,postpartum_visited,other\n"
    "V01,东村,2026Q1,100,78,0,10,9,x\n"
    "V02,西村,2026Q1,100,86,2,10,10,x\n"  # 86 of 98 = 87.8%
    "V03,南村,2026Q1,100,91,0,10,10,x\n"
)


def test_informed_declines_are_left_out_of_the_shipped_attendance_target(tmp_path: Path) -> None:
    # 东村: 78 attended of 100 is 78%, short of 80%; with 3 informed declines it is
    # 78 of the 97 still to serve, 80.41%, and every unit reaches 80%.
    data = write(
        tmp_path / "d.csv", DATA.replace("V01,东村,2026Q1,100,78,0", "V01,东村,2026Q1,100,78,3")
    )
    result = run("targets", str(SHIPPED_TARGETS), data, "--format", "json")
    assert result.exit_code == 0, result.stderr
    every = json.loads(result.stdout)["targets"][0]["clauses"][0]
    assert (every["kind"], every["qualifying"], every["needed"], every["met"]) == (
        "every_unit", 3, 3, True,
    )  # fmt: skip


def test_targets_prints_each_clause_and_who_falls_short(tmp_path: Path) -> None:
    data = write(tmp_path / "d.csv", DATA)
    result = run("targets", str(SHIPPED_TARGETS), data, "--spot", "V02")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2026年第一季度目标完成情况"
    assert lines[1] == "目标              条款                       结果            达标  需  共"
    assert lines[3] == "季度服务日见面率  所有单位达80%以上          未达到             2   3   3"
    # 1/2 of 3 units rounds up to 2; V02 (86%) and V03 (91%) reach 85%.
    assert lines[4] == "季度服务日见面率  二分之一的单位达85%以上    达到               2   2   3"
    assert (
        "季度服务日见面率 · 所有单位达80%以上：未达标：V01 东村 78.00%（差2.00个百分点）" in lines
    )
    assert result.stderr == ""


def test_targets_writes_json(tmp_path: Path) -> None:
    data = write(tmp_path / "d.csv", DATA)
    result = run("targets", str(SHIPPED_TARGETS), data, "--format", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    attendance = doc["targets"][0]
    assert (attendance["name"], attendance["period"], attendance["met"]) == (
        "service_day_attendance",
        "2026Q1",
        False,
    )
    every = attendance["clauses"][0]
    assert (every["kind"], every["qualifying"], every["needed"], every["met"]) == (
        "every_unit",
        2,
        3,
        False,
    )
    assert every["short"] == [{"unit": "V01", "name": "东村", "value": 0.78, "gap_points": 2}]
    spot = attendance["clauses"][3]
    assert (spot["kind"], spot["evaluated"], spot["met"]) == ("spot_checked_units", False, None)


def test_targets_refuses_a_bad_targets_file_with_file_line_and_column(tmp_path: Path) -> None:
    bad = write(tmp_path / "t.yaml", "a:\n  indicator: x / y\n  every_unit: '>= 0.8'\n  aim: 1\n")
    data = write(tmp_path / "d.csv", DATA)
    result = run("targets", bad, data)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:4:3: target a: unknown key 'aim'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--spot", "V09"], "spot-checked unit V09 is not in the data for 2026Q1"),
        (["--period", "2026Q3"], "the data hold no rows for 2026Q3 (they hold 2026Q1)"),
        (["--period", "autumn"], "--period: not a period: 'autumn'"),
    ],
)
def test_targets_refuses_what_it_cannot_evaluate(
    tmp_path: Path, args: list[str], message: str
) -> None:
    data = write(tmp_path / "d.csv", DATA)
    result = run("targets", str(SHIPPED_TARGETS), data, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_targets_reports_bad_data_with_the_place(tmp_path: Path) -> None:
    data = write(
        tmp_path / "d.csv", DATA.replace("V02,西村,2026Q1,100,86", "V02,西村,2026Q1,100,lots")
    )
    result = run("targets", str(SHIPPED_TARGETS), data)
    assert result.exit_code == 2
    assert f"{data}:3:E(sd_attended)" in result.stderr


def test_allocate_reads_an_xlsx_file_with_chinese_headers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2026年春季服务日任务分解"])  # a title row above the header
    sheet.append(["单位代码", "单位名称", "population"])
    sheet.append(["A", "东村", 5])
    sheet.append(["B", "西村", 3])
    sheet.append(["C", "南村", 2])
    path = tmp_path / "figures.xlsx"
    book.save(path)
    result = run(
        "allocate", str(path), "--total", "7", "--weights", "population=1", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    # quotas 3.5, 2.1, 1.4 -> 4, 2, 1
    doc = json.loads(result.stdout)
    assert [(u["unit"], u["name"], u["allocated"]) for u in doc["units"]] == [
        ("A", "东村", 4),
        ("B", "西村", 2),
        ("C", "南村", 1),
    ]
