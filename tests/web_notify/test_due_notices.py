"""send_due_notices: what is due in 3 or 1 days, or overdue by 1 or 7, is told
once per item, day and address, however often the pass runs.

The data set's quarterly deadline is the 5th of the month after the quarter:
2026Q3 is due on 2026-10-05.
"""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from kaoping.web.core.models import Report
from kaoping.web.notify import send_due_notices
from kaoping.web.notify.models import Delivery, UnitRobot
from kaoping.web.planning.models import Reminder

from .conftest import World

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=TZ)


@pytest.fixture
def robots(world: World) -> None:
    for unit in (world.v1, world.v2, world.v3, world.w1):
        UnitRobot.objects.create(
            unit=unit, channel="wecom", webhook="https://qyapi.weixin.qq.com/x?key=k"
        )


@pytest.mark.parametrize(
    ("today", "event", "told"),
    [
        (date(2026, 10, 2), "report_due", ["V1", "V2", "V3", "W1"]),  # 3 days left
        (date(2026, 10, 3), None, []),  # 2 days left: not a notice day
        (date(2026, 10, 4), "report_due", ["V1", "V2", "V3", "W1"]),  # 1 day left
        (date(2026, 10, 6), "report_overdue", ["V1", "V2", "V3", "W1"]),  # 1 day late
        (date(2026, 10, 12), "report_overdue", ["V1", "V2", "V3", "W1"]),  # 7 days late
    ],
)
def test_reports_not_yet_submitted_are_told_on_the_notice_days(
    world: World, robots: None, today: date, event: str | None, told: list[str]
) -> None:
    send_due_notices(at(today))
    rows = Delivery.objects.filter(event__startswith="report_")
    assert sorted(d.unit.code for d in rows) == told
    assert {d.event for d in rows} == ({event} if event else set())


def test_a_submitted_report_is_not_told_and_the_text_counts_the_days(
    world: World, robots: None
) -> None:
    Report.objects.create(dataset=world.ds, unit=world.v1, period="2026Q3", status="submitted")
    Report.objects.create(dataset=world.ds, unit=world.v2, period="2026Q3", status="returned")
    send_due_notices(at(date(2026, 10, 12)))
    rows = {d.unit.code: d for d in Delivery.objects.filter(event="report_overdue")}
    assert sorted(rows) == ["V2", "V3", "W1"]
    assert rows["V2"].text == (
        "西村的《季度数据》2026Q3报表已于2026-10-05截止，至今未提交，已逾期7天，请尽快填报。"
    )


def test_running_twice_the_same_day_tells_nobody_twice(world: World, robots: None) -> None:
    first = send_due_notices(at(date(2026, 10, 2)))
    again = send_due_notices(datetime(2026, 10, 2, 20, 0, tzinfo=TZ))
    assert (first, again) == (4, 0)
    assert Delivery.objects.count() == 4


def _reminder(world: World, due: date, status: str = "issued") -> Reminder:
    # Created before the robot, so that its own "issued" notice reaches nobody.
    return Reminder.objects.create(
        township=world.t1,
        unit=world.v1,
        period="2026Q3",
        number=f"2026Q3-V1-{due.day:02d}",
        kind="late_report",
        key=f"k{due}",
        to_roles="service_worker",
        to_names="专干",
        subject="季度数据逾期未报",
        text="…",
        signed_by="东风镇",
        issued_on=date(2026, 10, 8),
        due=due,
        status=status,
    )


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (
            date(2026, 11, 4),
            "issued",
            "提醒单2026Q3-V1-04（季度数据逾期未报）将于2026-11-04到期，还有3天，请按期办理。",
        ),
        (
            date(2026, 10, 31),
            "acknowledged",
            "提醒单2026Q3-V1-31（季度数据逾期未报）已于2026-10-31到期，尚未办结，已逾期1天。",
        ),
        (date(2026, 10, 31), "resolved", None),
        (date(2026, 10, 30), "issued", None),  # 2 days late: not a notice day
    ],
)
def test_open_reminders_are_told_before_and_after_their_due_date(
    world: World, due: date, status: str, expected: str | None
) -> None:
    _reminder(world, due, status)
    UnitRobot.objects.create(
        unit=world.v1, channel="wecom", webhook="https://qyapi.weixin.qq.com/x?key=k"
    )
    send_due_notices(at(date(2026, 11, 1)))
    texts = [d.text for d in Delivery.objects.filter(event__startswith="reminder_")]
    assert texts == ([expected] if expected else [])


def test_the_command_runs_the_pass_for_a_given_day(world: World, robots: None) -> None:
    out = StringIO()
    call_command("notify_due", "--now", "2026-10-02T08:00", stdout=out)
    assert out.getvalue().strip() == "已排队发送4条到期或逾期通知"


def test_the_command_refuses_a_bad_time(world: World) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不是有效的时间"):
        call_command("notify_due", "--now", "yesterday")


def test_the_job_workers_schedule_runs_the_pass_and_says_what_it_did(
    world: World, robots: None
) -> None:
    from kaoping.web.jobs import schedule

    (entry,) = [e for e in schedule.entries() if e.name == "notices"]
    run = schedule.run_entry(entry, at(date(2026, 10, 2)))
    assert run is not None
    assert (run.state, run.message) == ("succeeded", "已排队发送4条到期或逾期通知")
    assert Delivery.objects.count() == 4


def test_running_again_costs_the_same_few_queries_however_many_villages(
    world: World, robots: None
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kaoping.web.core.models import Unit

    def repeat_cost() -> int:
        send_due_notices(at(date(2026, 10, 2)))
        with CaptureQueriesContext(connection) as queries:
            assert send_due_notices(at(date(2026, 10, 2))) == 0
        return len(queries)

    few = repeat_cost()
    for i in range(20):
        unit = Unit.objects.create(
            code=f"X{i:02d}", name=f"新村{i}", level="village", parent=world.a1
        )
        UnitRobot.objects.create(
            unit=unit, channel="wecom", webhook="https://qyapi.weixin.qq.com/x?key=k"
        )
    assert repeat_cost() == few
    assert Delivery.objects.filter(unit__code__startswith="X").count() == 20
