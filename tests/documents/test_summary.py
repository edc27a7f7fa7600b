"""The quarterly work summary's sentences for the prepared quarter of ``town``,
compared with what a clerk would write by hand from its figures."""

from __future__ import annotations

from datetime import date

import pytest

from kaoping.documents import Reporting, attendance_text, summary_blocks, text_of
from kaoping.documents._blocks import Picture, Signature, Title
from kaoping.engine import AbsenceReason, AttendanceRecord, evaluate_targets, parse_targets

from .town import ROWS, TARGETS, frame, town

EXPECTED_Q3 = [
    "2026年第三季度工作总结",
    "2026年第三季度，全镇4个村（居）按照《村级人口与家庭服务工作季度考评细则》接受考评，"
    "平均得分40.94分，最高50分（东村），最低37分（南村）。现将本季度工作总结如下。",
    "一、主要工作完成情况",
    "（一）季度服务日定时定点到位。服务日应到490人，实到474人，到位率96.7%。"
    "4个村（居）中，3个服务日到位率达到95%以上，未达到的1个：南村（91.4%）。"
    "缺席未回访3人，涉及2个村（居）。"
    "该项全镇平均得分17.25分（满分20分），1个村（居）得满分，3个村（居）失分。",
    "（二）出生信息及时报告。本季度出生数为30，出生信息按时报告数为29，出生信息及时报告率96.7%。"
    "3个村（居）中，2个出生信息及时报告率达到100%，未达到的1个：西村（87.5%）。"
    "另有1个村（居）本季度出生数为0，不计算出生信息及时报告率。"
    "该项全镇平均得分13.44分（满分15分），3个村（居）得满分，1个村（居）失分。",
    "（三）育儿补贴申领协助。育儿补贴申请超期未办结数为3，涉及2个村（居）。"
    "该项全镇平均得分7.75分（满分10分），2个村（居）得满分，2个村（居）失分。",
    "（四）村级例会记录符合要求。4个村（居）中，3个例会按规范召开并记录。"
    "该项全镇平均得分3.75分（满分5分），3个村（居）得满分，1个村（居）失分。",
    "二、与上季度和去年同期比较",
    "全镇平均得分40.94分，上季度为46.25分，下降5.31分；去年同期无考评数据，无法比较。"
    "服务日到位率96.7%，上季度为95.8%，提高0.9个百分点；去年同期无考评数据，无法比较。"
    "出生信息及时报告率96.7%，上季度为100.0%，下降3.3个百分点；去年同期无考评数据，无法比较。",
    "三、存在的问题",
    "从失分情况看，全镇失分最多的项目依次是：季度服务日定时定点到位，失分11分，涉及3个村（居）；"
    "育儿补贴申领协助，失分9分，涉及2个村（居）；出生信息及时报告，失分6.25分，涉及1个村（居）。",
    "另有1个村（居）因出生信息漏报被扣5分。",
    "后1名的村（居）是：南村（37分）。",
    "四、2026年第四季度工作重点",
    "（一）季度服务日定时定点到位。本季度该项全镇失分11分，失分较多的是南村（失分8分）、"
    "西村（失分2分）、北村（失分1分）。下季度将督促上述村（居）对照考评细则逐项整改，"
    "力争服务日到位率达到95%以上。",
    "（二）育儿补贴申领协助。本季度该项全镇失分9分，失分较多的是北村（失分6分）、西村（失分3分）。"
    "下季度将督促上述村（居）对照考评细则逐项整改。",
    "（三）出生信息及时报告。本季度该项全镇失分6.25分，失分较多的是西村（失分6.25分）。"
    "下季度将督促上述村（居）对照考评细则逐项整改，力争出生信息及时报告率达到100%。",
]


@pytest.fixture(scope="module")
def q3_text() -> list[str]:
    return text_of(summary_blocks(town(), "2026Q3", charts=False))


@pytest.mark.parametrize("index", range(len(EXPECTED_Q3)))
def test_each_paragraph_reads_as_written_by_hand(q3_text: list[str], index: int) -> None:
    assert q3_text[index] == EXPECTED_Q3[index]


def test_it_has_no_paragraph_beyond_the_expected(q3_text: list[str]) -> None:
    assert len(q3_text) == len(EXPECTED_Q3)


def test_the_township_name_opens_the_title_and_signs_the_summary() -> None:
    blocks = summary_blocks(town(), "2026Q3", "青山镇", date(2026, 10, 8), charts=False)
    assert blocks[0] == Title("青山镇2026年第三季度工作总结")
    assert blocks[-1] == Signature("青山镇", date(2026, 10, 8))


def test_a_first_quarter_says_there_is_nothing_to_compare_with() -> None:
    text = "".join(text_of(summary_blocks(town(), "2026Q2", charts=False)))
    assert "上季度无考评数据，无法比较" in text
    assert "去年同期无考评数据，无法比较" in text
    assert "上季度为" not in text


def test_a_quarter_without_data_says_so_instead_of_failing() -> None:
    text = text_of(summary_blocks(town(), "2025Q1", charts=False))
    assert text == [
        "2025年第一季度工作总结",
        "2025年第一季度没有考评数据，无法总结本季度工作完成情况。",
    ]


def test_a_quarter_without_any_lost_point_names_no_weak_item() -> None:
    perfect = [
        ("V01", "东村", "A1", "2026Q3", 100, 100, 0, 4, 4, 0, 1, 0),
        ("V02", "西村", "A1", "2026Q3", 80, 80, 0, 2, 2, 0, 1, 0),
    ]
    text = text_of(summary_blocks(town(rows=perfect), "2026Q3", charts=False))
    assert "本季度各村（居）各项目均未失分。" in text
    focus = text[text.index("四、2026年第四季度工作重点") + 1 :]
    assert focus == ["各项工作继续按照《村级人口与家庭服务工作季度考评细则》的要求抓好落实。"]


def test_the_same_quarter_last_year_is_compared_when_the_data_has_it() -> None:
    last_year = [
        (u, n, a, "2025Q3", inv, att, 0, 1, 1, 0, 1, 0) for u, n, a, _, inv, att, *_ in ROWS[4:]
    ]
    text = "".join(text_of(summary_blocks(town(rows=last_year + ROWS), "2026Q3", charts=False)))
    # 2025Q3: 474 of 490 attended as in 2026Q3 (96.7%), so attendance is level.
    assert "服务日到位率96.7%，上季度为95.8%，提高0.9个百分点；去年同期为96.7%，持平。" in text


def test_charts_are_embedded_when_asked() -> None:
    blocks = summary_blocks(town(), "2026Q3")
    assert [b.caption for b in blocks if isinstance(b, Picture)] == [
        "全镇各季度平均得分",
        "各村（居）分项得分",
    ]


def test_targets_get_a_section_and_a_missed_one_becomes_a_focus() -> None:
    results = evaluate_targets(parse_targets(TARGETS, "targets.yaml"), frame(), "2026Q3")
    text = text_of(summary_blocks(town(), "2026Q3", charts=False, targets=results))
    section = text.index("二、目标完成情况")
    assert text[section + 1] == (
        "（一）服务日见面率。所有单位达95%以上，未达到（3个达标，需4个），未达标的是南村（91.4%）；"
        "二分之一的单位达97%以上，达到（2个达标，需2个）。"
    )
    assert text[section + 2] == "三、与上季度和去年同期比较"
    assert text[-1] == (
        "（四）服务日见面率。本季度未达到“所有单位达95%以上”的要求，未达标的是南村。"
        "下季度将督促上述村（居）抓好落实。"
    )


MOVED, ILL = AbsenceReason.MOVED_AWAY, AbsenceReason.ILL


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (
            # 484 of the 487 still to serve (490 less 3 informed declines) = 99.38%
            [AttendanceRecord("V01", 300, 296, {MOVED: 3}, declined=1),
             AttendanceRecord("V02", 190, 188, {}, declined=2)],
            "全镇服务日应到490人，知情后自愿不参加3人，实到484人，到位率99.4%；未参加3人，其中迁居外地3人。",
        ),
        ([AttendanceRecord("V01", 5, 0, {}, declined=5)], "全镇服务日应到5人，知情后自愿不参加5人，实到0人，到位率—。"),
        ([AttendanceRecord("V01", 40, 40)], "全镇服务日应到40人，实到40人，到位率100.0%。"),
        ([AttendanceRecord("V01", 40, 38)], "全镇服务日应到40人，实到38人，到位率95.0%；未参加2人。"),
        ([AttendanceRecord("V01", 10, 9, {ILL: 1})], "全镇服务日应到10人，实到9人，到位率90.0%；未参加1人，其中生病1人。"),
        ([AttendanceRecord("V01", 0, 0)], "本季度服务日没有应到人员。"),
    ],
)  # fmt: skip
def test_service_day_attendance_reads_with_declines_apart_from_absences(
    records: list[AttendanceRecord], expected: str
) -> None:
    assert attendance_text(records) == expected


@pytest.mark.parametrize(
    ("reporting", "expected"),
    [
        (Reporting(84, 84, 80), "本季度应报报表84份，已报84份，上报率100.0%，其中按时报送80份，及时率95.2%。"),
        (Reporting(84, 81, 81), "本季度应报报表84份，已报81份，上报率96.4%，其中按时报送81份，及时率96.4%；未报3份。"),
        (Reporting(84, 81, 70), "本季度应报报表84份，已报81份，上报率96.4%，其中按时报送70份，及时率83.3%；未报3份。"),
        (Reporting(4, 0, 0), "本季度应报报表4份，已报0份，上报率0.0%；未报4份。"),
        (Reporting(0, 0, 0), "本季度没有应报的报表。"),
    ],
)  # fmt: skip
def test_reporting_completeness_reads_as_written_by_hand(
    reporting: Reporting, expected: str
) -> None:
    assert reporting.text() == expected


def test_attendance_and_reporting_follow_the_rubrics_items() -> None:
    blocks = summary_blocks(
        town(), "2026Q3", charts=False,
        attendance=[AttendanceRecord("V01", 10, 9, {ILL: 1})], reporting=Reporting(4, 4, 4),
    )  # fmt: skip
    text = text_of(blocks)
    first = text.index("（四）村级例会记录符合要求。4个村（居）中，3个例会按规范召开并记录。"
                       "该项全镇平均得分3.75分（满分5分），3个村（居）得满分，1个村（居）失分。")  # fmt: skip
    assert (
        text[first + 1]
        == "（五）服务日参加情况。全镇服务日应到10人，实到9人，到位率90.0%；未参加1人，其中生病1人。"
    )
    assert text[first + 2].startswith("（六）信息上报情况。本季度应报报表4份")


def test_a_sentence_names_at_most_twenty_units_the_lowest_first() -> None:
    # 25 villages under 95% attendance: 94, 93, ..., 70 of 100.
    rows = [
        (f"V{i:02d}", f"村{i}", "A1", "2026Q3", 100, 94 - i, 0, 0, 0, 0, 1, 0) for i in range(25)
    ]
    text = text_of(summary_blocks(town(rows=rows), "2026Q3", charts=False))[3]
    listed = text.split("未达到的25个：")[1].split("。")[0]
    assert listed.startswith("村24（70.0%）、村23（71.0%）")
    assert listed.endswith("村5（89.0%）等")
    assert listed.count("、") == 19


@pytest.mark.parametrize(
    ("index", "numeral"),
    [(0, "一"), (9, "十"), (10, "十一"), (19, "二十"), (20, "二十一"), (98, "九十九"), (99, "100")],
)
def test_heading_numbers_are_chinese_past_ten(index: int, numeral: str) -> None:
    from kaoping.documents._summary import _num

    assert _num(index) == numeral


# 存在的问题 at every level, from the same three items (lost 11 points in 3 units, 9
# in 2, 6.25 in 1): each item a clause of its own, so that a word holding brackets
# (村（居）, 县（市、区）) never reads （…涉及3个村（居））with its bracket doubled.
WEAKEST_BY_LEVEL = {
    "village": "从失分情况看，全镇失分最多的项目依次是：季度服务日定时定点到位，失分11分，"
    "涉及3个村（居）；育儿补贴申领协助，失分9分，涉及2个村（居）；出生信息及时报告，"
    "失分6.25分，涉及1个村（居）。",
    "township": "从失分情况看，全县失分最多的项目依次是：季度服务日定时定点到位，失分11分，"
    "涉及3个乡镇；育儿补贴申领协助，失分9分，涉及2个乡镇；出生信息及时报告，"
    "失分6.25分，涉及1个乡镇。",
    "county": "从失分情况看，全省失分最多的项目依次是：季度服务日定时定点到位，失分11分，"
    "涉及3个县（市、区）；育儿补贴申领协助，失分9分，涉及2个县（市、区）；出生信息及时报告，"
    "失分6.25分，涉及1个县（市、区）。",
    "city_county": "从失分情况看，全市失分最多的项目依次是：季度服务日定时定点到位，失分11分，"
    "涉及3个县（市、区）；育儿补贴申领协助，失分9分，涉及2个县（市、区）；出生信息及时报告，"
    "失分6.25分，涉及1个县（市、区）。",
}


@pytest.mark.parametrize("level", sorted(WEAKEST_BY_LEVEL))
def test_the_weakest_items_never_double_a_closing_bracket_at_any_level(level: str) -> None:
    text = text_of(summary_blocks(town(), "2026Q3", charts=False, level=level))
    assert text[text.index("三、存在的问题") + 1] == WEAKEST_BY_LEVEL[level]
    assert "））" not in "".join(text)
