"""Service-day rules: notice lead time, overlaps, records that add up."""

from __future__ import annotations

from datetime import date, time
from fractions import Fraction

import pytest

from kaoping.engine import (
    AbsenceReason,
    AttendanceRecord,
    ServiceDayPlan,
    attendance_rate,
    attendance_rates,
    check_record,
    find_overlaps,
    notice_warning,
)

R = AbsenceReason


@pytest.mark.parametrize(
    ("reaches", "days", "warned"),
    [
        (date(2026, 4, 1), 9, False),
        (date(2026, 4, 7), 3, False),  # exactly three days ahead is in time
        (date(2026, 4, 8), 2, True),
        (date(2026, 4, 10), 0, True),
        (date(2026, 4, 12), -2, True),
    ],
)
def test_a_notice_fewer_than_three_days_ahead_is_warned(
    reaches: date, days: int, warned: bool
) -> None:
    warning = notice_warning(date(2026, 4, 10), reaches)
    assert (warning is not None) == warned
    if warning is not None:
        assert warning.days_ahead == days


def test_the_warning_asks_for_a_reason() -> None:
    warning = notice_warning(date(2026, 4, 10), date(2026, 4, 9))
    assert warning is not None
    assert warning.message_zh == "通知单在服务日（2026-04-10）前1天送达，不足3天，请说明原因"


def plan(
    unit: str, day: int, start: str, end: str, staff: tuple[str, ...] = (), id: str = ""
) -> ServiceDayPlan:
    return ServiceDayPlan(
        unit=unit,
        day=date(2026, 4, day),
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
        place="村委会",
        services=("两癌筛查", "育儿补贴咨询"),
        staff=staff,
        id=id,
    )


@pytest.mark.parametrize(
    ("a", "b", "same_unit", "shared"),
    [
        (plan("V01", 10, "08:30", "11:30"), plan("V01", 10, "11:00", "12:00"), True, ()),
        (
            plan("V01", 10, "08:30", "11:30", ("王医生", "李专干")),
            plan("V02", 10, "09:00", "10:00", ("王医生",)),
            False,
            ("王医生",),
        ),
    ],
)
def test_it_finds_plans_that_overlap_for_a_unit_or_a_person(
    a: ServiceDayPlan, b: ServiceDayPlan, same_unit: bool, shared: tuple[str, ...]
) -> None:
    (overlap,) = find_overlaps([a, b])
    assert (overlap.unit, overlap.staff) == (same_unit, shared)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # back to back: the first ends when the second starts
        (plan("V01", 10, "08:30", "11:30"), plan("V01", 10, "11:30", "12:00")),
        # another day
        (plan("V01", 10, "08:30", "11:30"), plan("V01", 11, "08:30", "11:30")),
        # the same time, other units and nobody in common
        (plan("V01", 10, "08:30", "11:30", ("甲",)), plan("V02", 10, "08:30", "11:30", ("乙",))),
    ],
)
def test_plans_that_do_not_clash_are_not_overlaps(a: ServiceDayPlan, b: ServiceDayPlan) -> None:
    assert find_overlaps([a, b]) == []


def test_the_overlap_message_names_both_plans_and_the_person() -> None:
    a = plan("V01", 10, "08:30", "11:30", ("王医生",), id="东村春季服务日")
    b = plan("V02", 10, "09:00", "10:00", ("王医生",), id="西村春季服务日")
    (overlap,) = find_overlaps([a, b])
    assert overlap.message_zh == (
        "东村春季服务日与西村春季服务日时间重叠（2026-04-10 08:30-11:30 / 09:00-10:00）："
        "王医生同一时间被安排在两处"
    )


@pytest.mark.parametrize(
    ("record", "fields", "message_zh"),
    [
        (
            AttendanceRecord("V01", 50, 45, {R.MOVED_AWAY: 2, R.ILL: 1}, declined=2),
            [],
            None,
        ),
        (
            AttendanceRecord("V01", 50, 49, {}, declined=2),
            ["declined"],
            "V01：实到（49）与知情后自愿不参加（2）之和大于应到人数（50）",
        ),
        (
            AttendanceRecord("V01", 50, 45, {R.ILL: 1}, declined=2),
            ["absent"],
            "V01：实到45人+知情后自愿不参加2人+缺席1人（生病1）=48人，与应到50人不符",
        ),
        (
            AttendanceRecord("V01", 10, 5, {}, declined=-1),
            ["declined"],
            "V01：知情后自愿不参加人数-1为负数",
        ),
        (
            AttendanceRecord("V01", 50, 52, {}),
            ["attended"],
            "V01：实到人数（52）大于应到人数（50）",
        ),
        (
            AttendanceRecord("V01", 50, 45, {R.UNREACHABLE: 3, R.OTHER: 1}),
            ["absent"],
            "V01：实到45人+缺席4人（联系不上3+其他1）=49人，与应到50人不符",
        ),
        (
            AttendanceRecord("V01", -1, 0, {R.ILL: -2}),
            ["invited", "absent.ill"],
            "V01：应到人数-1为负数",
        ),
    ],
)
def test_it_checks_that_a_record_adds_up(
    record: AttendanceRecord, fields: list[str], message_zh: str | None
) -> None:
    problems = check_record(record)
    assert [p.field for p in problems] == fields
    if message_zh is not None:
        assert problems[0].message_zh == message_zh


@pytest.mark.parametrize(
    ("invited", "attended", "declined", "rate"),
    [
        (50, 45, 0, Fraction(9, 10)),
        (50, 45, 5, Fraction(1)),  # 45 of the 45 still to serve: the five "no"s cost nothing
        (50, 40, 2, Fraction(40, 48)),
        (7, 7, 0, Fraction(1)),
        (0, 0, 0, None),
        (5, 0, 5, None),  # everyone declined: no rate, not a rate of 0
    ],
)
def test_the_attendance_rate_leaves_informed_declines_out_of_the_denominator(
    invited: int, attended: int, declined: int, rate: Fraction | None
) -> None:
    record = AttendanceRecord("V01", invited, attended, declined=declined)
    assert attendance_rate(record) == rate
    assert attendance_rates([record, record]) == {"V01": rate}


def test_absence_reasons_have_their_chinese_names_and_a_decline_is_not_one() -> None:
    assert [r.label_zh for r in AbsenceReason] == [
        "迁居外地",
        "生病",
        "联系不上",
        "其他",
    ]
