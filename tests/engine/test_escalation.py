"""The overdue rule and the escalation ladder (kaoping.engine._escalation), by hand."""

from __future__ import annotations

from datetime import date

import pytest

from kaoping.engine import (
    EscalationError,
    escalation_level,
    escalation_steps,
    is_overdue,
    parse_escalation_days,
)

DUE = date(2026, 10, 30)
SCHEDULE = (7, 14, 21)


@pytest.mark.parametrize(
    ("due", "is_open", "today", "overdue"),
    [
        (DUE, True, date(2026, 10, 30), False),  # the due day itself is still in time
        (DUE, True, date(2026, 10, 31), True),
        (DUE, False, date(2026, 12, 31), False),  # done is never overdue
        (None, True, date(2026, 12, 31), False),  # no deadline, never overdue
    ],
)
def test_an_item_is_overdue_only_open_and_after_its_due_day(
    due: date | None, is_open: bool, today: date, overdue: bool
) -> None:
    assert is_overdue(due, is_open, today) is overdue


@pytest.mark.parametrize(
    ("today", "level"),
    [
        (date(2026, 10, 30), 0),
        (date(2026, 11, 5), 0),  # 6 days overdue
        (date(2026, 11, 6), 1),  # 7
        (date(2026, 11, 12), 1),  # 13
        (date(2026, 11, 13), 2),  # 14
        (date(2026, 11, 20), 3),  # 21
        (date(2027, 6, 1), 3),  # the top is the top
    ],
)
def test_the_schedule_gives_the_level_by_days_overdue(today: date, level: int) -> None:
    assert escalation_level(DUE, today, SCHEDULE) == level


def _holders(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    return lambda role: table.get(role, [])


FULL = {"liaison_cadre": ["钱七"], "area_chief": ["赵六"], "leader": ["孙镇长"]}


@pytest.mark.parametrize(
    ("level", "today", "people", "expected"),
    [
        (0, date(2026, 11, 5), FULL, []),
        (0, date(2026, 11, 6), FULL, [(1, "liaison_cadre", ("钱七",), ())]),
        (
            0,
            date(2026, 11, 20),
            FULL,
            [
                (1, "liaison_cadre", ("钱七",), ()),
                (2, "area_chief", ("赵六",), ()),
                (3, "leader", ("孙镇长",), ()),
            ],
        ),
        (1, date(2026, 11, 13), FULL, [(2, "area_chief", ("赵六",), ())]),
        (2, date(2026, 11, 13), FULL, []),  # already there: nothing again
        # Nobody is 包村干部: the step goes straight to the 片长 and says so.
        (
            0,
            date(2026, 11, 6),
            {"area_chief": ["赵六"]},
            [(2, "area_chief", ("赵六",), ("liaison_cadre",))],
        ),
        # Nobody anywhere: the top level takes it, vacant, naming both skipped.
        (0, date(2026, 11, 6), {}, [(3, "leader", (), ("liaison_cadre", "area_chief"))]),
    ],
)
def test_steps_climb_one_level_each_and_skip_a_vacant_one(
    level: int, today: date, people: dict[str, list[str]], expected: list[tuple[object, ...]]
) -> None:
    steps = escalation_steps(level, DUE, today, SCHEDULE, _holders(people))
    assert [(s.level, s.role, s.names, s.skipped) for s in steps] == expected


def test_a_step_says_why_in_words() -> None:
    (step,) = escalation_steps(
        0, DUE, date(2026, 11, 6), SCHEDULE, _holders({"area_chief": ["赵六"]})
    )
    assert (step.days_overdue, step.threshold) == (7, 7)
    assert step.reason_zh == "期限2026-10-30，已逾期7天，满7天升级至片长。包村干部空缺，顺延。"


def test_a_vacant_top_level_says_nobody_holds_it() -> None:
    (step,) = escalation_steps(2, DUE, date(2026, 11, 20), SCHEDULE, _holders({}))
    assert (
        step.reason_zh
        == "期限2026-10-30，已逾期21天，满21天升级至镇领导。镇领导无人在任，待明确责任人。"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["7", "14"], "升级期限应为3个天数（逗号分隔），实为2个"),
        (["7", "x", "21"], "升级期限“x”不是1至3650之间的整数天数"),
        (["0", "14", "21"], "升级期限“0”不是1至3650之间的整数天数"),
        (["7", "7", "21"], "升级期限应逐级增大：7天排在7天之后"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_value(values: list[str], message: str) -> None:
    with pytest.raises(EscalationError) as e:
        parse_escalation_days(values)
    assert e.value.message_zh == message


def test_a_schedule_of_three_rising_numbers_is_read() -> None:
    assert parse_escalation_days([" 3", "10", "30 "]) == (3, 10, 30)
