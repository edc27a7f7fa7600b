"""月通报: the month's birth registrations per village, worked out by hand from
three villages over February and March 2026, and `kaoping report monthly`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from kaoping.cli import main
from kaoping.documents import (
    BirthMonth,
    MonthlyDataError,
    monthly_blocks,
    monthly_villages,
    text_of,
    village_rows,
)
from kaoping.documents._blocks import Heading2, TableBlock
from kaoping.engine import People, Period, Person

RUBRIC = """
kaoping: 1
name: 出生登记月报
total: 10
elements:
  births: {label: 本月出生数, type: count}
  births_reported_on_time: {label: 出生信息按时报告数, type: count}
  births_unreported: {label: 出生信息漏报例数, type: count, default: 0}
checks:
  - {rule: births_reported_on_time <= births, message: 按时报告数不能大于出生数}
items:
  - id: birth_info
    title: 出生信息及时报告
    max: 10
    rules:
      - {rate: births_reported_on_time / births, full_at: 1.0, points: 10, per_point_below: 0.5}
"""

COLUMNS = ("unit", "name", "period", "births", "births_reported_on_time", "births_unreported")
ROWS = [
    # unit, name, month, registered, on time, missed
    ("V01", "东村", "2026-02", 4, 3, 1),
    ("V01", "东村", "2026-03", 6, 6, 0),
    ("V02", "西村", "2026-02", 5, 5, 0),
    ("V02", "西村", "2026-03", 3, 2, 2),
    # 南村 did not report February: left out of the comparison, shown with dashes.
    ("V03", "南村", "2026-03", 2, 1, 0),
    # A quarter's row is not a month: never read.
    ("V01", "东村", "2026Q1", 99, 99, 99),
]

PEOPLE = People(
    [
        Person("V01", "service_worker", "王芳"),
        Person("V01", "liaison_cadre", "李强", date(2026, 1, 1), None),
        # Left before March: answers for nothing in March.
        Person("V01", "secretary", "赵前", None, date(2026, 2, 28)),
        Person("V01", "secretary", "周今", date(2026, 3, 1), None),
        Person("V02", "service_worker", "陈静"),
        # Not a responsible role of the monthly bulletin.
        Person("V02", "director", "孙主任"),
    ]
)

MARCH = Period.month(2026, 3)


def rows() -> list[dict[str, object]]:
    return [dict(zip(COLUMNS, r, strict=True)) for r in ROWS]


def test_each_village_has_its_month_and_the_previous_one() -> None:
    villages = monthly_villages(rows(), MARCH, PEOPLE)
    assert [(v.unit, v.now, v.before) for v in villages] == [
        ("V01", BirthMonth(6, 6, 0), BirthMonth(4, 3, 1)),
        ("V02", BirthMonth(3, 2, 2), BirthMonth(5, 5, 0)),
        ("V03", BirthMonth(2, 1, 0), None),
    ]


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        # 东村: 6/6 = 100.0% against 3/4 = 75.0%: +25.0 points.
        (
            "V01",
            (
                ("出生登记数（人）", "6", "4", "+2"),
                ("按时报告数（人）", "6", "3", "+3"),
                ("漏报数（例）", "0", "1", "-1"),
                ("按时报告率", "100.0%", "75.0%", "+25.0个百分点"),
            ),
        ),
        # 西村: 2/3 = 66.7% against 5/5 = 100.0%: -33.3 points.
        (
            "V02",
            (
                ("出生登记数（人）", "3", "5", "-2"),
                ("按时报告数（人）", "2", "5", "-3"),
                ("漏报数（例）", "2", "0", "+2"),
                ("按时报告率", "66.7%", "100.0%", "-33.3个百分点"),
            ),
        ),
        # 南村: no February, so no change.
        (
            "V03",
            (
                ("出生登记数（人）", "2", "—", "—"),
                ("按时报告数（人）", "1", "—", "—"),
                ("漏报数（例）", "0", "—", "—"),
                ("按时报告率", "50.0%", "—", "—"),
            ),
        ),
    ],
)
def test_the_village_table_holds_the_hand_computed_figures(
    unit: str, expected: tuple[tuple[str, ...], ...]
) -> None:
    village = next(v for v in monthly_villages(rows(), MARCH, PEOPLE) if v.unit == unit)
    assert village_rows(village) == expected


def test_the_township_sentence_compares_like_for_like() -> None:
    text = text_of(monthly_blocks(MARCH, monthly_villages(rows(), MARCH, PEOPLE)))
    overview = next(t for t in text if t.startswith("2026年3月，全镇"))
    # March: 6+3+2 = 11 registered, 6+2+1 = 9 on time (81.8%), 0+2+0 = 2 missed.
    # Against February, only 东村 and 西村 reported both: 9 vs 9, 8 vs 8, 2 vs 1;
    # 8/9 = 88.9% vs 8/9 = 88.9%.
    assert overview == (
        "2026年3月，全镇3个村（居）报送了出生登记情况，共登记出生11人，其中按时报告9人，"
        "按时报告率81.8%；漏报2例。两个月均报送的2个村（居）中，与上月（2026年2月）相比，"
        "出生登记数持平，按时报告数持平，漏报数增加1例，按时报告率持平。"
    )


def test_each_village_is_headed_by_who_answered_for_it_in_the_month() -> None:
    blocks = monthly_blocks(MARCH, monthly_villages(rows(), MARCH, PEOPLE))
    heads = [b.text + b.rest for b in blocks if isinstance(b, Heading2)]
    assert heads == [
        "（一）东村。责任人：书记周今；专干王芳；包村干部李强。",
        "（二）西村。责任人：专干陈静。",
        "（三）南村。责任人：未登记责任人。",
    ]
    assert sum(isinstance(b, TableBlock) for b in blocks) == 3


def test_the_first_month_with_nothing_before_says_there_is_no_comparison() -> None:
    feb = Period.month(2026, 2)
    text = "".join(text_of(monthly_blocks(feb, monthly_villages(rows(), feb))))
    assert "上月（2026年1月）没有报送数据，本月不作比较。" in text


def test_a_month_nobody_reported_is_said_in_words() -> None:
    may = Period.month(2026, 5)
    text = text_of(monthly_blocks(may, monthly_villages(rows(), may)))
    assert "2026年5月各村（居）没有报送出生登记数据，本月不作通报。" in text


def test_a_quarter_is_refused() -> None:
    with pytest.raises(ValueError, match="for a month"):
        monthly_blocks("2026Q1", [])


@pytest.mark.parametrize("bad", ["-1", "1.5", "many"])
def test_a_count_that_is_not_a_whole_number_is_named(bad: str) -> None:
    bad_row = {"unit": "V09", "period": "2026-03", "births": bad, "births_reported_on_time": 0}
    data = [*rows(), bad_row]
    with pytest.raises(MonthlyDataError) as err:
        monthly_villages(data, MARCH)
    assert err.value.problems == [f"V09，2026年3月，births：'{bad}'不是非负整数"]


# -- kaoping report monthly ----------------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    months = [r for r in ROWS if "-" in r[2]]
    lines = [",".join(COLUMNS)] + [",".join(str(v) for v in r) for r in months]
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "people.csv").write_text(
        "unit,role,name,from,to\nV01,专干,王芳,2025-01-01,\nV01,包村干部,李强,2025-01-01,\n",
        encoding="utf-8",
    )
    return {"rubric": str(tmp_path / "rubric.yaml"), "data": str(tmp_path / "data.csv"),
            "people": str(tmp_path / "people.csv"), "dir": str(tmp_path)}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env={"LANG": "C"})
    return result.exit_code, result.stdout, result.stderr


def test_the_command_writes_a_table_per_village(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "月通报.docx"
    code, stdout, stderr = run(
        "report", "monthly", files["rubric"], files["data"], "--period", "2026年3月",
        "--people", files["people"], "--township", "青山镇", "--date", "2026-04-05",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, stderr
    assert stdout == ""
    doc = Document(str(out))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "关于2026年3月出生登记情况的通报"
    assert "（一）东村。责任人：专干王芳；包村干部李强。" in paragraphs
    assert len(doc.tables) == 3
    assert [c.text for c in doc.tables[1].rows[3].cells] == ["漏报数（例）", "2", "0", "+2"]
    assert "2026年4月5日" in paragraphs


def test_the_command_takes_the_latest_month_by_default(files: dict[str, str]) -> None:
    out = Path(files["dir"]) / "m.docx"
    code, _, stderr = run("report", "monthly", files["rubric"], files["data"], "-o", str(out))
    assert code == 0, stderr
    assert Document(str(out)).paragraphs[0].text == "关于2026年3月出生登记情况的通报"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026Q1", "--period 2026Q1: the monthly bulletin is for a month, e.g. 2026-03"),
        ("2026-07", "--period 2026-07: not in the data (months: 2026-02, 2026-03)"),
        ("March", "--period: not a period: 'March'"),
    ],
)
def test_the_command_refuses_a_period_that_is_not_a_reported_month(
    files: dict[str, str], period: str, message: str
) -> None:
    out = Path(files["dir"]) / "m.docx"
    code, _, stderr = run(
        "report", "monthly", files["rubric"], files["data"], "--period", period, "-o", str(out)
    )
    assert code == 2
    assert message in stderr
    assert not out.exists()


def test_the_command_refuses_on_time_above_registered(files: dict[str, str]) -> None:
    Path(files["data"]).write_text(
        ",".join(COLUMNS) + "\nV01,东村,2026-03,2,3,0\n", encoding="utf-8"
    )
    out = Path(files["dir"]) / "m.docx"
    code, _, stderr = run("report", "monthly", files["rubric"], files["data"], "-o", str(out))
    assert code == 2
    assert "按时报告数不能大于出生数" in stderr
    assert not out.exists()
