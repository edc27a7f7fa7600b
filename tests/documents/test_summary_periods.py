"""`kaoping report summary --period` for a month, a quarter, a half-year and a year,
formed from monthly figures by each element's over_time (all counts: summed).

Every month of 2025 and 2026, by hand:

| unit | invited | attended | births | on time (2025) | on time (2026) |
|------|---------|----------|--------|----------------|----------------|
| V1   | 10      | 9        | 2      | 2              | 2              |
| V2   | 10      | 10       | 1      | 1              | 0              |

so a period of n months has 20n invited, 19n attended (95.0%), 3n births, and 3n
(100.0%) in 2025 or 2n (66.7%) in 2026 reported on time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from kaoping.cli import main
from kaoping.documents import period_words
from kaoping.engine import Period

RUBRIC = """
kaoping: 1
name: 测试细则
total: 100
elements:
  sd_invited: {label: 服务日应到人数, type: count}
  sd_attended: {label: 服务日实到人数, type: count}
  births: {label: 出生数, type: count}
  births_reported_on_time: {label: 出生信息按时报告数, type: count}
items:
  - id: service_day
    title: 服务日到位率
    max: 50
    rules:
      - {rate: sd_attended / sd_invited, full_at: 0.95, points: 50, per_point_below: 1}
  - id: birth_info
    title: 出生信息及时报告
    max: 50
    rules:
      - {rate: births_reported_on_time / births, full_at: 1.0, points: 50, per_point_below: 0.5}
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    lines = ["unit,name,period,sd_invited,sd_attended,births,births_reported_on_time"]
    for year in (2025, 2026):
        for month in range(1, 13):
            lines.append(f"V1,东村,{year}-{month:02d},10,9,2,2")
            lines.append(f"V2,西村,{year}-{month:02d},10,10,1,{1 if year == 2025 else 0}")
    (tmp_path / "data.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"rubric": str(tmp_path / "rubric.yaml"), "data": str(tmp_path / "data.csv"),
            "dir": str(tmp_path)}  # fmt: skip


def summary(files: dict[str, str], period: str) -> tuple[int, list[str], str]:
    out = Path(files["dir"]) / "总结.docx"
    result = CliRunner().invoke(
        main,
        ["report", "summary", files["rubric"], files["data"], "--period", period,
         "--township", "青山镇", "-o", str(out)],
        env={"LANG": "C"},
    )  # fmt: skip
    if result.exit_code:
        return result.exit_code, [], result.stderr
    return 0, [p.text for p in Document(str(out)).paragraphs], result.stderr


@pytest.mark.parametrize(
    ("period", "title", "months", "this", "compared"),
    [
        ("2026-03", "青山镇2026年3月工作总结", 1, "本月", "与上月和去年同期比较"),
        ("2026年3月", "青山镇2026年3月工作总结", 1, "本月", "与上月和去年同期比较"),
        ("2026Q2", "青山镇2026年第二季度工作总结", 3, "本季度", "与上季度和去年同期比较"),
        ("2026H1", "青山镇2026年上半年工作总结", 6, "上半年", "与去年下半年和去年同期比较"),
        ("2026年下半年", "青山镇2026年下半年工作总结", 6, "下半年", "与上半年和去年同期比较"),
        ("2026年度", "青山镇2026年度工作总结", 12, "本年度", "与上年度比较"),
    ],
)
def test_the_summary_of_any_period_sums_its_months(
    files: dict[str, str], period: str, title: str, months: int, this: str, compared: str
) -> None:
    code, text, stderr = summary(files, period)
    assert code == 0, stderr
    assert text[0] == title
    body = "\n".join(text)
    assert f"现将{this}工作总结如下。" in body
    invited, attended, births, on_time = 20 * months, 19 * months, 3 * months, 2 * months
    assert f"服务日应到{invited}人，实到{attended}人，到位率95.0%。" in body
    assert f"全镇服务日应到{invited}人，实到{attended}人，到位率95.0%；未参加{months}人。" in body
    assert f"出生数为{births}，信息按时报告数为{on_time}，信息及时报告率66.7%。" in body
    assert any(t.endswith(compared) for t in text)
    # 2026 against 2025 on time: 66.7% against 100.0%.
    assert "为100.0%，下降33.3个百分点" in body


def test_the_year_is_compared_with_the_year_before_only(files: dict[str, str]) -> None:
    code, text, stderr = summary(files, "2026")
    assert code == 0, stderr
    body = "\n".join(text)
    assert "上年度为" in body
    assert "去年同期" not in body
    assert "明年工作重点" not in body  # the heading names the next period itself
    assert any(t.endswith("2027年度工作重点") for t in text)


def test_a_period_whose_months_are_not_all_there_is_refused(
    files: dict[str, str], tmp_path: Path
) -> None:
    data = Path(files["data"])
    data.write_text(
        "\n".join(line for line in data.read_text(encoding="utf-8").splitlines()
                  if not line.startswith("V2,西村,2026-05")) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    code, _, stderr = summary(files, "2026H1")
    assert code == 2
    assert "V2" in stderr and "2026-05" in stderr


def test_a_comparison_that_cannot_be_formed_is_warned_of(files: dict[str, str]) -> None:
    # 2025's months are all there, 2024's are not: no 上年度 for 2025.
    code, text, stderr = summary(files, "2025")
    assert code == 0, stderr
    assert "no data for the previous period (2024)" in stderr
    assert "上年度无考评数据，无法比较" in "\n".join(text)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2026-03", ("本月", "上月", "下月", "去年同期")),
        ("2026Q3", ("本季度", "上季度", "下季度", "去年同期")),
        ("2026H1", ("上半年", "去年下半年", "下半年", "去年同期")),
        ("2026H2", ("下半年", "上半年", "明年上半年", "去年同期")),
        ("2026", ("本年度", "上年度", "明年", None)),
    ],
)
def test_each_period_has_its_words(period: str, words: tuple[str | None, ...]) -> None:
    w = period_words(Period.parse(period))
    assert (w.this, w.previous, w.next, w.last_year) == words


def test_a_quarter_of_months_with_a_yes_no_without_over_time_is_refused_with_a_hint(
    files: dict[str, str],
) -> None:
    rubric = Path(files["rubric"])
    rubric.write_text(
        rubric.read_text(encoding="utf-8").replace(
            "  births: {label: 出生数, type: count}",
            "  births: {label: 出生数, type: count}\n  ok: {label: 台账规范, type: bool}",
        ),
        encoding="utf-8",
    )
    data = Path(files["data"])
    lines = data.read_text(encoding="utf-8").splitlines()
    data.write_text(
        "\n".join([lines[0] + ",ok"] + [line + ",1" for line in lines[1:]]) + "\n",
        encoding="utf-8",
    )
    # A half-year is scored from its quarters, but the quarters themselves must be
    # formed from the months, and a yes/no has no quarter's figure without a rule.
    code, _, stderr = summary(files, "2026H1")
    assert code == 2
    assert "V1 2026Q1: ok does not add up over periods (over_time: none)" in stderr
    assert "give 2026Q1 rows of its own, or over_time: last to the element" in stderr


def summary_with(files: dict[str, str], *extra: str) -> tuple[int, list[str], str]:
    out = Path(files["dir"]) / "总结.docx"
    result = CliRunner().invoke(
        main,
        ["report", "summary", files["rubric"], files["data"], "--period", "2026Q2",
         "-o", str(out), *extra],
        env={"LANG": "C"},
    )  # fmt: skip
    if result.exit_code:
        return result.exit_code, [], result.stderr
    return 0, [p.text for p in Document(str(out)).paragraphs], result.stderr


def test_the_reporting_and_follow_ups_given_are_summarised(files: dict[str, str]) -> None:
    csv = Path(files["dir"]) / "follow-ups.csv"
    csv.write_text(
        "unit,kind,person,due,state\n东村,整改,张三,2026-04-30,已验收\n西村,整改,李四,2026-05-31,overdue\n",
        encoding="utf-8",
    )
    code, text, stderr = summary_with(files, "--reporting", "6,5,4", "--follow-ups", str(csv))
    assert code == 0, stderr
    body = "\n".join(text)
    # 5 of 6 is 83.3%, 4 of 6 is 66.7%.
    assert (
        "本季度应报报表6份，已报5份，上报率83.3%，其中按时报送4份，及时率66.7%；未报1份。" in body
    )
    assert "2026年第一季度考评下达整改落实事项2项，其中已验收1项，逾期1项。" in body


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reporting", "6,7,4"], "--reporting 6,7,4: expected DUE,SUBMITTED,ON_TIME"),
        (["--reporting", "six"], "--reporting six: expected"),
        (["--follow-ups", "BAD_DATE"], "line 2: due '4月底' is not a date"),
        (["--follow-ups", "BAD_STATE"], "line 2: state 'done' is not one of verified"),
    ],
)
def test_bad_reporting_or_follow_ups_are_refused_naming_the_value(
    files: dict[str, str], extra: list[str], message: str
) -> None:
    csv = Path(files["dir"]) / "f.csv"
    if extra[1] == "BAD_DATE":
        csv.write_text("unit,kind,person,due,state\n东村,整改,张三,4月底,open\n", encoding="utf-8")
        extra = ["--follow-ups", str(csv)]
    elif extra[1] == "BAD_STATE":
        csv.write_text(
            "unit,kind,person,due,state\n东村,整改,张三,2026-04-30,done\n", encoding="utf-8"
        )
        extra = ["--follow-ups", str(csv)]
    code, _, stderr = summary_with(files, *extra)
    assert code == 2
    assert message in stderr


def test_the_service_days_given_are_told_with_absences_by_reason(files: dict[str, str]) -> None:
    days = Path(files["dir"]) / "service-days.csv"
    days.write_text(
        "unit,invited,attended,declined,moved_away,ill,unreachable,other\n"
        "V1,100,95,2,2,1,0,0\nV2,60,56,1,0,0,3,0\n",
        encoding="utf-8",
    )
    code, text, stderr = summary_with(files, "--service-days", str(days))
    assert code == 0, stderr
    # 160 invited, 3 declined, 151 attended: 151 / 157 = 96.18%; 160-151-3 = 6 absent.
    assert (
        "全镇服务日应到160人，知情后自愿不参加3人，实到151人，到位率96.2%；"
        "未参加6人，其中迁居外地2人、生病1人、联系不上3人。"
    ) in "\n".join(text)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("V1,100,95,2,1,1,0,0", "line 2: V1: attended 95 + declined 2 + absent 2"),
        ("V1,100,9x,2,2,1,0,0", "line 2: attended must be a whole number"),
    ],
)
def test_service_days_that_do_not_add_up_are_refused_naming_the_line(
    files: dict[str, str], line: str, message: str
) -> None:
    days = Path(files["dir"]) / "service-days.csv"
    days.write_text(
        f"unit,invited,attended,declined,moved_away,ill,unreachable,other\n{line}\n",
        encoding="utf-8",
    )
    code, _, stderr = summary_with(files, "--service-days", str(days))
    assert code == 2
    assert message in stderr
