"""Reminders: generated exactly for a prepared quarter, and their status model."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import polars as pl
import pytest

from kaoping.engine import (
    BehindSchedule,
    FailedCheck,
    LateReport,
    MissedTarget,
    OpenDifference,
    Outstanding,
    ReminderError,
    ReminderStatus,
    evaluate_target,
    generate_reminders,
    missed_targets,
    open_by_unit,
    parse_targets,
    transition,
)

NAMES = {"V01": "东村", "V02": "西村", "V03": "南村"}
ISSUED = date(2026, 4, 15)

# What is outstanding at the end of 2026Q1 in a small township, in no
# particular order: generation sorts it by unit, then kind.
OUTSTANDING: list[Outstanding] = [
    BehindSchedule("V03", "两癌筛查预约", done=4, allocated=20, expected=Fraction(10)),
    LateReport("V02", "季度服务日统计表", deadline=date(2026, 4, 10)),
    MissedTarget("V01", "季度服务日见面率", "76.00%", "所有单位达80%以上", "4.00个百分点"),
    FailedCheck("V01", "服务日实到人数不能大于应到人数", {"实到": 52, "应到": 50}),
    OpenDifference("V03", "出生数", {"村报": 6, "医院分娩": 7}),
]

EXPECTED = [
    (
        "2026Q1-V01-01",
        "V01",
        "failed_check",
        ("service_worker",),
        "关于数据未通过校验的提醒",
        "东村：2026年第一季度报送的数据未通过校验：服务日实到人数不能大于应到人数"
        "（实到52，应到50），请核实更正后重新报送。",
    ),
    (
        "2026Q1-V01-02",
        "V01",
        "missed_target",
        ("secretary", "director", "service_worker"),
        "关于目标未达到的提醒",
        "东村：2026年第一季度季度服务日见面率为76.00%，未达到“所有单位达80%以上”的要求"
        "（差4.00个百分点），请分析原因，落实整改措施。",
    ),
    (
        "2026Q1-V02-01",
        "V02",
        "late_report",
        ("service_worker", "director"),
        "关于报表逾期未报的提醒",
        "西村：2026年第一季度《季度服务日统计表》应于2026年4月10日前报送，"
        "截至2026年4月15日仍未报送，请尽快报送。",
    ),
    (
        "2026Q1-V03-01",
        "V03",
        "open_difference",
        ("service_worker",),
        "关于数据来源不一致的提醒",
        "南村：2026年第一季度出生数各来源数据不一致（村报6，医院分娩7），请核实并说明情况。",
    ),
    (
        "2026Q1-V03-02",
        "V03",
        "behind_schedule",
        ("director", "service_worker", "resident_cadre", "liaison_cadre"),
        "关于任务进度落后的提醒",
        "南村：两癌筛查预约任务20个，已完成4个，按进度应完成10.0个，落后6.0个，请加快进度。",
    ),
]


def test_it_generates_exactly_one_reminder_per_outstanding_item() -> None:
    reminders = generate_reminders("2026Q1", OUTSTANDING, ISSUED, names=NAMES)
    got = [(r.id, r.unit, r.kind, r.to, r.subject_zh, r.text_zh) for r in reminders]
    assert got == EXPECTED
    assert {r.signed_by for r in reminders} == {"镇人口与家庭服务工作领导小组"}
    assert {r.status for r in reminders} == {ReminderStatus.ISSUED}
    assert reminders[1].to_zh == "书记、主任、专干"


def test_the_ids_do_not_depend_on_the_order_given() -> None:
    forward = generate_reminders("2026Q1", OUTSTANDING, ISSUED, names=NAMES)
    backward = generate_reminders("2026Q1", OUTSTANDING[::-1], ISSUED, names=NAMES)
    assert [(r.id, r.text_zh) for r in forward] == [(r.id, r.text_zh) for r in backward]


def test_routing_can_be_set_by_the_office() -> None:
    routing = {
        "late_report": ("director",),
        "failed_check": ("service_worker",),
        "open_difference": ("service_worker",),
        "missed_target": ("secretary",),
        "behind_schedule": ("liaison_cadre",),
    }
    (reminder,) = generate_reminders(
        "2026Q1", [OUTSTANDING[0]], ISSUED, routing=routing, signed_by="某镇领导小组"
    )
    assert (reminder.to, reminder.signed_by) == (("liaison_cadre",), "某镇领导小组")


def test_missed_targets_come_from_the_clauses_that_are_not_met() -> None:
    targets = parse_targets(
        "attendance:\n  title: 季度服务日见面率\n  indicator: sd_attended / sd_invited\n"
        "  every_unit: '>= 0.80'\n"
        "  share_of_units:\n    - {at_least: 1/2, value: '>= 0.85'}\n",
        "t.yaml",
    )
    frame = pl.DataFrame(
        {
            "unit": ["V01", "V02", "V03"],
            "period": ["2026Q1"] * 3,
            "sd_invited": [100, 100, 100],
            "sd_attended": [76, 90, 84],
        }
    )
    result = evaluate_target(targets.targets["attendance"], frame)
    # every_unit: V01 short by 4 points; the share clause (2 of 3 needed at 85%)
    # is missed too: V01 and V03 fall short of it.
    assert missed_targets(result) == [
        MissedTarget("V01", "季度服务日见面率", "76.00%", "所有单位达80%以上", "4.00个百分点"),
        MissedTarget(
            "V01", "季度服务日见面率", "76.00%", "二分之一的单位达85%以上", "9.00个百分点"
        ),
        MissedTarget(
            "V03", "季度服务日见面率", "84.00%", "二分之一的单位达85%以上", "1.00个百分点"
        ),
    ]


def test_a_met_share_clause_reminds_nobody() -> None:
    targets = parse_targets(
        "a:\n  indicator: sd_attended / sd_invited\n"
        "  share_of_units:\n    - {at_least: 1/2, value: '>= 0.85'}\n",
        "t.yaml",
    )
    frame = pl.DataFrame(
        {
            "unit": ["V01", "V02"],
            "period": ["2026Q1"] * 2,
            "sd_invited": [100, 100],
            "sd_attended": [70, 90],
        }
    )
    assert missed_targets(evaluate_target(targets.targets["a"], frame)) == []


# --- the status model ----------------------------------------------------------------------


def test_a_reminder_is_acknowledged_then_resolved_with_dates() -> None:
    r = generate_reminders("2026Q1", OUTSTANDING, ISSUED, names=NAMES)[0]
    r = transition(r, "acknowledged", date(2026, 4, 16))
    r = transition(r, ReminderStatus.RESOLVED, date(2026, 4, 20), note="已更正并重新报送")
    assert (r.status, r.issued_on, r.acknowledged_on, r.resolved_on, r.notes) == (
        ReminderStatus.RESOLVED,
        ISSUED,
        date(2026, 4, 16),
        date(2026, 4, 20),
        ("已更正并重新报送",),
    )
    assert not r.is_open


@pytest.mark.parametrize(
    ("steps", "to", "on", "message_zh"),
    [
        (
            [],
            "resolved",
            date(2026, 4, 20),
            "提醒单2026Q1-V01-01不能从“已下发”变为“已办结”，下一步应为“已签收”",
        ),
        (
            ["acknowledged", "resolved"],
            "acknowledged",
            date(2026, 4, 30),
            "提醒单2026Q1-V01-01不能从“已办结”变为“已签收”，该提醒单已办结",
        ),
        (
            ["acknowledged"],
            "issued",
            date(2026, 4, 30),
            "提醒单2026Q1-V01-01不能从“已签收”变为“已下发”，下一步应为“已办结”",
        ),
        (
            [],
            "acknowledged",
            date(2026, 4, 14),
            "提醒单2026Q1-V01-01：已签收日期2026年4月14日早于2026年4月15日",
        ),
    ],
)
def test_it_refuses_illegal_transitions(
    steps: list[str], to: str, on: date, message_zh: str
) -> None:
    r = generate_reminders("2026Q1", OUTSTANDING, ISSUED, names=NAMES)[0]
    for step in steps:
        r = transition(r, step, date(2026, 4, 20))
    with pytest.raises(ReminderError) as caught:
        transition(r, to, on)
    assert caught.value.message_zh == message_zh


def test_open_reminders_are_listed_per_unit() -> None:
    reminders = generate_reminders("2026Q1", OUTSTANDING, ISSUED, names=NAMES)
    acknowledged = transition(reminders[0], "acknowledged", date(2026, 4, 16))
    resolved = transition(
        transition(reminders[2], "acknowledged", date(2026, 4, 16)), "resolved", date(2026, 4, 17)
    )
    current = [acknowledged, reminders[1], resolved, reminders[3], reminders[4]]
    listed = {unit: [r.id for r in rs] for unit, rs in open_by_unit(current).items()}
    assert listed == {
        "V01": ["2026Q1-V01-01", "2026Q1-V01-02"],
        "V03": ["2026Q1-V03-01", "2026Q1-V03-02"],
    }
