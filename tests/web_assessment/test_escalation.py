"""Overdue follow-ups and reminders go up the ladder (村 → 包村干部 → 片长 → 镇领导)
on the schedule of KAOPING_ESCALATION_DAYS (7, 14, 21 days overdue by default).

The world (conftest.py, followup_world.py): 2026Q3 approved, 镇中社区 (V3) at the
bottom, in 第一片 (A1) whose 片长 is 赵六; V3 has no 包村干部, so every first step
skips to the 片长 and says so. The township's leader is the account ``leader``
(no full name, so its user name). Items and due dates by hand:

| item              | due        | on 2026-11-06 (7/6 days) | on 2026-11-21 (22/21 days)      |
|-------------------|------------|--------------------------|---------------------------------|
| 整改 unit         | 2026-10-30 | → 片长 赵六 (2)           | → 镇领导 leader (3)              |
| 整改 secretary    | 2026-10-30 | → 片长 赵六 (2)           | → 镇领导 leader (3)              |
| 表态发言 secretary | 2026-10-31 | —                        | → 片长 赵六 (2), → 镇领导 (3)     |
| 召开分析会 unit    | 2026-10-31 | —                        | → 片长 赵六 (2), → 镇领导 (3)     |
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from .conftest import Prepared
from .followup_world import approved_q3, item

pytestmark = pytest.mark.django_db

NOV6, NOV21 = date(2026, 11, 6), date(2026, 11, 21)
SKIP = "期限2026-10-30，已逾期7天，满7天升级至片长。包村干部空缺，顺延。"


def _steps() -> list[tuple[str, str, int, str, str, str]]:
    from kaoping.web.assessment.models import Escalation

    return sorted(
        (r.kind, r.to, e.level, e.role, e.names, e.on.isoformat())
        for e in Escalation.objects.select_related("rectification")
        if (r := e.rectification) is not None
    )


def test_seven_days_overdue_goes_to_the_area_chief_when_nobody_is_liaison_cadre(
    prepared: Prepared,
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    made = escalate_overdue(NOV6)
    assert len(made) == 2
    assert _steps() == [
        ("整改", "secretary", 2, "area_chief", "赵六", "2026-11-06"),
        ("整改", "unit", 2, "area_chief", "赵六", "2026-11-06"),
    ]
    assert {e.reason for e in made} == {SKIP}
    assert {e.skipped for e in made} == {"liaison_cadre"}
    assert item(prepared, "整改", "unit").level == 2


def test_running_again_the_same_day_takes_no_step(prepared: Prepared) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    escalate_overdue(NOV6)
    assert escalate_overdue(NOV6) == []
    assert len(_steps()) == 2


def test_later_runs_climb_to_the_leader_one_level_at_a_time(prepared: Prepared) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    escalate_overdue(NOV6)
    assert len(escalate_overdue(NOV21)) == 6
    assert _steps() == [
        ("召开分析会", "unit", 2, "area_chief", "赵六", "2026-11-21"),
        ("召开分析会", "unit", 3, "leader", "leader", "2026-11-21"),
        ("整改", "secretary", 2, "area_chief", "赵六", "2026-11-06"),
        ("整改", "secretary", 3, "leader", "leader", "2026-11-21"),
        ("整改", "unit", 2, "area_chief", "赵六", "2026-11-06"),
        ("整改", "unit", 3, "leader", "leader", "2026-11-21"),
        ("表态发言", "secretary", 2, "area_chief", "赵六", "2026-11-21"),
        ("表态发言", "secretary", 3, "leader", "leader", "2026-11-21"),
    ]


def test_a_liaison_cadre_in_post_that_day_takes_the_first_step(prepared: Prepared) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue
    from kaoping.web.core.models import Person

    approved_q3(prepared)
    Person.objects.create(unit=prepared.world.v3, role="liaison_cadre", name="钱七")
    # One who left before the day answers for nothing.
    Person.objects.create(
        unit=prepared.world.v3, role="liaison_cadre", name="孙旧", end=date(2026, 10, 1)
    )
    escalate_overdue(NOV6)
    assert [s[2:5] for s in _steps()] == [(1, "liaison_cadre", "钱七")] * 2


def test_an_item_reported_done_still_climbs_but_a_verified_one_does_not(
    prepared: Prepared,
) -> None:
    from kaoping.web.assessment import rectifications
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    users = prepared.users
    done = item(prepared, "整改", "unit")
    rectifications.move(done.pk, "report", users["admin"], "已整改")
    rectifications.move(done.pk, "verify", users["assessor"], "")
    reported = item(prepared, "整改", "secretary")
    rectifications.move(reported.pk, "report", users["admin"], "已整改，待验收")
    escalate_overdue(NOV6)
    assert [s[:2] for s in _steps()] == [("整改", "secretary")]


def test_each_step_shows_on_the_items_page_and_in_the_list(login: Any, prepared: Prepared) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    escalate_overdue(NOV6)
    page = login("admin").get(reverse("assessment:followups_unit", args=["T1", "V3"]))
    html = page.content.decode()
    assert html.count("升级至片长：赵六") == 2
    assert SKIP.replace("2026-10-30", '<span class="date">2026-10-30</span>') in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person=赵六", ["整改 secretary", "整改 unit"]),  # the one it went to
        ("person=李四", ["整改 secretary", "表态发言 secretary"]),  # the one asked
        ("escalated=on", ["整改 secretary", "整改 unit"]),
        ("escalated=on&person=李四", ["整改 secretary"]),
    ],
)
def test_the_list_filters_by_who_it_went_to_and_by_escalated(
    login: Any, prepared: Prepared, query: str, expected: list[str]
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    escalate_overdue(NOV6)
    r = login("assessor").get(reverse("assessment:followups", args=["T1"]) + "?" + query)
    got = sorted(f"{row['item'].kind} {row['item'].to}" for row in r.context["rows"])
    assert got == expected


def test_the_database_filter_and_the_rule_agree(prepared: Prepared) -> None:
    from kaoping.engine import is_overdue
    from kaoping.web.assessment.models import Rectification
    from kaoping.web.core.overdue import overdue_q

    approved_q3(prepared)
    it = item(prepared, "整改", "unit")
    cases = [
        (date(2026, 10, 30), "open", False),
        (date(2026, 10, 31), "open", True),
        (date(2026, 10, 31), "reported", True),
        (date(2026, 10, 31), "verified", False),
        (date(2026, 10, 31), "superseded", False),
    ]
    for today, state, overdue in cases:
        Rectification.objects.filter(pk=it.pk).update(state=state)
        it.refresh_from_db()
        in_db = Rectification.objects.filter(
            overdue_q(today, Rectification.OPEN_STATES), pk=it.pk
        ).exists()
        assert (in_db, it.overdue_on(today)) == (overdue, overdue), (today, state)
        assert is_overdue(it.due, state in Rectification.OPEN_STATES, today) is overdue


def _reminder(prepared: Prepared, due: date, status: str = "issued") -> Any:
    from kaoping.web.planning.models import Reminder

    w = prepared.world
    return Reminder.objects.create(
        township=w.t1,
        unit=w.v3,
        period="2026Q4",
        number="2026Q4-V3-01",
        kind="late_report",
        key="late",
        to_roles="service_worker",
        to_names="专干",
        subject="关于报表逾期未报的提醒",
        text="镇中社区：请尽快报送。",
        signed_by="镇人口与家庭服务工作领导小组",
        issued_on=date(2026, 10, 22),
        due=due,
        status=status,
    )


@pytest.mark.parametrize(
    ("status", "today", "levels"),
    [
        ("issued", date(2026, 11, 8), [(2, "赵六")]),  # due 11-01, 7 days
        ("acknowledged", date(2026, 11, 22), [(2, "赵六"), (3, "leader")]),  # 21 days
        ("issued", date(2026, 11, 7), []),  # 6 days
        ("resolved", date(2026, 12, 31), []),
    ],
)
def test_a_reminder_climbs_the_same_ladder(
    prepared: Prepared, status: str, today: date, levels: list[tuple[int, str]]
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    r = _reminder(prepared, date(2026, 11, 1), status)
    escalate_overdue(today)
    assert [(e.level, e.names) for e in r.escalations.all()] == levels
    r.refresh_from_db()
    assert r.level == (levels[-1][0] if levels else 0)


def test_a_reminders_page_shows_its_due_date_overdue_and_each_step(
    login: Any, prepared: Prepared, monkeypatch: Any
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    monkeypatch.setattr("kaoping.web.planning.views.reminders.today", lambda: date(2026, 11, 8))
    r = _reminder(prepared, date(2026, 11, 1))
    escalate_overdue(date(2026, 11, 8))
    html = login("admin").get(f"/planning/reminders/{r.pk}/").content.decode()
    assert '<span class="date">2026-11-01</span> <span class="late overdue">已逾期</span>' in html
    assert "升级至片长：赵六" in html
    listed = login("admin").get("/planning/villages/V3/reminders/").content.decode()
    assert "已逾期" in listed


def test_the_management_command_runs_it_and_says_how_many(prepared: Prepared) -> None:
    approved_q3(prepared)
    out = StringIO()
    call_command("escalate_overdue", date="2026-11-06", stdout=out)
    assert out.getvalue().strip() == "共升级2项次"


def test_a_bad_schedule_in_the_settings_is_named(prepared: Prepared, settings: Any) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    settings.KAOPING_ESCALATION_DAYS = ["7", "14"]
    with pytest.raises(ImproperlyConfigured, match="KAOPING_ESCALATION_DAYS: 升级期限应为3个天数"):
        escalate_overdue(NOV6)


def test_a_shorter_schedule_from_the_settings_escalates_sooner(
    prepared: Prepared, settings: Any
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    settings.KAOPING_ESCALATION_DAYS = ["1", "2", "3"]
    escalate_overdue(date(2026, 11, 1))  # 2 days after 10-30, 1 after 10-31
    assert sorted((s[0], s[2]) for s in _steps()) == [
        ("召开分析会", 2),
        ("整改", 2),
        ("整改", 2),
        ("表态发言", 2),
    ]
