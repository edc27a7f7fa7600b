"""The dispatch's 限期赶上 (a core.followup_sources notice source) are told under
their own event kinds (限期赶上下达 / 即将到期 / 逾期): once as the dispatch meeting
opens one, and by send_due_notices 3 and 1 days before the due date, 1 and 7
days after it while not caught up, once per item, day and address, to the area's
work group leader (组长) by the account they report with, in Chinese with a link
to the area's dispatch page of the meeting's day.

The dispatch tests' world (tests/web_dispatch/conftest.py): T1's campaign
筛查预约专项活动; A1's work group led by 林片长, here given the account ``chief``
(chief@example.cn), with the member 周干部 (account ``member``, never told); A2
has no work group. Hand-computed, told to ``chief`` unless said:

| item | area | meeting | due   | state |
|------|------|---------|-------|-------|
| k1   | A1   | 05-03   | 05-06 | open  |
| k2   | A1   | 05-06   | 05-09 | open  |
| k3   | A1   | 05-04   | 05-07 | done  |
| k4   | A2   | 05-03   | 05-06 | open (no 组长: nobody is told) |

| today | k1 (due 05-06)     | k2 (due 05-09)     | k3 (done) |
|-------|--------------------|--------------------|-----------|
| 05-03 | 3 days left: due   | 6 left: —          | —         |
| 05-04 | 2 left: —          | 5 left: —          | 3 left, but caught up: — |
| 05-05 | 1 left: due        | 4 left: —          | —         |
| 05-06 | due today: —       | 3 left: due        | —         |
| 05-07 | 1 day late: overdue| 2 left: —          | —         |
| 05-08 | 2 late: —          | 1 left: due        | —         |
| 05-10 | 4 late: —          | 1 late: overdue    | —         |
| 05-13 | 7 late: overdue    | 4 late: —          | —         |
| 05-16 | 10 late: —         | 7 late: overdue    | —         |
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from kaoping.web.notify import send_due_notices
from kaoping.web.notify.models import Delivery
from tests.asking import yes
from tests.web_dispatch.conftest import Dispatch, build_dispatch

from .conftest import World

TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@pytest.fixture
def dispatch(world: World) -> Dispatch:
    d = build_dispatch(world)
    for name in ("chief", "member"):
        d.users[name].email = f"{name}@example.cn"
        d.users[name].save()
    d.group.members.filter(is_leader=True).update(user=d.users["chief"])
    return d


@pytest.fixture
def items(dispatch: Dispatch) -> dict[str, Any]:
    from kaoping.web.dispatch.models import CatchUp

    made = {}
    for key, area, day, due, state in [
        ("k1", dispatch.area, date(2026, 5, 3), date(2026, 5, 6), "open"),
        ("k2", dispatch.area, date(2026, 5, 6), date(2026, 5, 9), "open"),
        ("k3", dispatch.area, date(2026, 5, 4), date(2026, 5, 7), "done"),
        ("k4", dispatch.area2, date(2026, 5, 3), date(2026, 5, 6), "open"),
    ]:
        made[key] = CatchUp.objects.create(
            campaign=dispatch.campaign, area=area, day=day, due=due, state=state, reason="落后"
        )
    return made


def _told(items: dict[str, Any]) -> list[tuple[str, str, str]]:
    by_key = {f"catch-up-{v.pk}": k for k, v in items.items()}
    out = []
    for d in Delivery.objects.filter(dedupe__contains=":catch-up-").order_by("pk"):
        assert d.dedupe is not None and d.user is not None
        out.append((by_key[d.dedupe.split(":")[1]], d.event, d.user.username))
    return out


@pytest.mark.parametrize(
    ("today", "told"),
    [
        (date(2026, 5, 3), [("k1", "catch_up_due")]),
        (date(2026, 5, 4), []),
        (date(2026, 5, 5), [("k1", "catch_up_due")]),
        (date(2026, 5, 6), [("k2", "catch_up_due")]),
        (date(2026, 5, 7), [("k1", "catch_up_overdue")]),
        (date(2026, 5, 8), [("k2", "catch_up_due")]),
        (date(2026, 5, 10), [("k2", "catch_up_overdue")]),
        (date(2026, 5, 13), [("k1", "catch_up_overdue")]),
        (date(2026, 5, 16), [("k2", "catch_up_overdue")]),
    ],
)
def test_open_catch_ups_are_told_to_the_areas_leader_on_the_notice_days(
    items: dict[str, Any], today: date, told: list[tuple[str, str]]
) -> None:
    send_due_notices(at(today))
    assert _told(items) == [(item, event, "chief") for item, event in told]


def test_the_leader_gets_a_chinese_mail_with_a_link_to_the_areas_dispatch_page(
    dispatch: Dispatch, items: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    c = dispatch.campaign.pk
    with django_capture_on_commit_callbacks(execute=True):
        send_due_notices(at(date(2026, 5, 3)))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_notices(at(date(2026, 5, 13)))
    link = f"https://kaoping.example.cn/dispatch/campaigns/{c}/areas/A1/?day=2026-05-03"
    due, late = mail.outbox
    assert (due.to, due.subject, due.body) == (
        ["chief@example.cn"],
        "限期赶上即将到期",
        "第一片的限期赶上（筛查预约专项活动 2026-05-03 调度会）将于2026-05-06到期，"
        f"还有3天，请按期完成。\n\n查看详情：{link}",
    )
    assert (late.to, late.subject, late.body) == (
        ["chief@example.cn"],
        "限期赶上逾期",
        "第一片的限期赶上（筛查预约专项活动 2026-05-03 调度会）已于2026-05-06到期，"
        f"尚未完成，已逾期7天。\n\n查看详情：{link}",
    )
    # Logged on the area, in its township's log.
    rows = Delivery.objects.filter(dedupe__contains=":catch-up-")
    assert {(d.unit.code, d.township.code, d.state) for d in rows} == {("A1", "T1", "sent")}


def test_running_twice_the_same_day_tells_the_leader_once(items: dict[str, Any]) -> None:
    first = send_due_notices(at(date(2026, 5, 3)))
    again = send_due_notices(at(date(2026, 5, 3), 20))
    assert (first, again) == (1, 0)
    assert _told(items) == [("k1", "catch_up_due", "chief")]


def test_a_leader_who_turned_follow_up_notices_off_is_not_told(
    dispatch: Dispatch, items: dict[str, Any]
) -> None:
    from kaoping.web.notify.models import Preference

    Preference.objects.create(user=dispatch.users["chief"], muted=["catch_up_due:email"])
    send_due_notices(at(date(2026, 5, 3)))
    assert _told(items) == []
    send_due_notices(at(date(2026, 5, 7)))
    assert _told(items) == [("k1", "catch_up_overdue", "chief")]


def test_running_again_costs_the_same_statements_however_many_catch_ups(
    world: World, dispatch: Dispatch, items: dict[str, Any]
) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kaoping.web.core.models import Membership, Person, Unit
    from kaoping.web.dispatch.models import CatchUp, WorkGroup, WorkGroupMember

    def repeat_cost() -> int:
        send_due_notices(at(date(2026, 5, 3)))
        with CaptureQueriesContext(connection) as queries:
            assert send_due_notices(at(date(2026, 5, 3))) == 0
        return len(queries)

    few = repeat_cost()
    for i in range(20):
        area = Unit.objects.create(code=f"Z{i:02d}", name=f"新片{i}", level="area", parent=world.t1)
        user = get_user_model().objects.create_user(
            username=f"lead{i}", email=f"lead{i}@example.cn"
        )
        Membership.objects.create(user=user, role=Membership.Role.REPORTER, unit=area)
        group = WorkGroup.objects.create(campaign=dispatch.campaign, area=area, name=f"组{i}")
        person = Person.objects.create(unit=area, role="area_chief", name=f"组长{i}")
        WorkGroupMember.objects.create(group=group, person=person, user=user, is_leader=True)
        CatchUp.objects.create(
            campaign=dispatch.campaign,
            area=area,
            day=date(2026, 5, 3),
            due=date(2026, 5, 6),
            reason="落后",
        )
    assert repeat_cost() == few
    told = Delivery.objects.filter(dedupe__contains=":catch-up-", unit__code__startswith="Z")
    assert told.count() == 20


def _hold_the_meeting_of_may_4(login: Any, dispatch: Dispatch) -> None:
    from django.urls import reverse

    from kaoping.web.dispatch.services import save_report

    w = dispatch.plans.world
    # 12 of 40 done on 05-04 against a pace of 40%: A1 lags by 10 points.
    save_report(
        dispatch.campaign, dispatch.area, date(2026, 5, 4), {w.v1.pk: 3, w.v2.pk: 9}, "", None
    )
    url = reverse("dispatch:meeting", args=[dispatch.campaign.pk])
    assert login("admin").post(url, yes({"day": "2026-05-04"})).status_code == 302


def test_a_catch_up_opened_by_the_dispatch_meeting_is_told_to_the_areas_leader_at_once(
    login: Any, dispatch: Dispatch, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _hold_the_meeting_of_may_4(login, dispatch)
    c = dispatch.campaign.pk
    link = f"https://kaoping.example.cn/dispatch/campaigns/{c}/areas/A1/?day=2026-05-04"
    (told,) = mail.outbox
    assert (told.to, told.subject, told.body) == (
        ["chief@example.cn"],
        "新的限期赶上",
        "第一片收到限期赶上（筛查预约专项活动 2026-05-04 调度会）："
        "完成率30.0%，进度40.0%，落后10.0个百分点。期限为2026-05-07，请按期完成。"
        f"\n\n查看详情：{link}",
    )
    (row,) = Delivery.objects.all()
    assert row.user is not None
    assert (row.event, row.unit.code, row.township.code, row.user.username, row.state) == (
        "catch_up_issued",
        "A1",
        "T1",
        "chief",
        "sent",
    )


def test_holding_the_meeting_again_does_not_tell_the_leader_twice(
    login: Any, dispatch: Dispatch
) -> None:
    _hold_the_meeting_of_may_4(login, dispatch)
    _hold_the_meeting_of_may_4(login, dispatch)
    assert list(Delivery.objects.values_list("event", "user__username")) == [
        ("catch_up_issued", "chief")
    ]


def test_a_leader_who_turned_new_catch_ups_off_is_not_told_of_one(
    login: Any, dispatch: Dispatch
) -> None:
    from kaoping.web.notify.models import Preference

    # Muting the assessment's new follow-ups does not mute the catch-up's own kind.
    Preference.objects.create(user=dispatch.users["chief"], muted=["rectification_issued:email"])
    _hold_the_meeting_of_may_4(login, dispatch)
    assert Delivery.objects.filter(event="catch_up_issued").count() == 1
    Delivery.objects.all().delete()
    Preference.objects.filter(user=dispatch.users["chief"]).update(muted=["catch_up_issued:email"])
    from kaoping.web.dispatch.models import CatchUp

    CatchUp.objects.all().delete()
    _hold_the_meeting_of_may_4(login, dispatch)
    assert CatchUp.objects.count() == 1
    assert not Delivery.objects.exists()


def test_a_catch_up_of_an_area_without_a_leaders_account_tells_nobody(
    dispatch: Dispatch,
) -> None:
    from kaoping.web.dispatch.models import CatchUp

    CatchUp.objects.create(
        campaign=dispatch.campaign,
        area=dispatch.area2,
        day=date(2026, 5, 3),
        due=date(2026, 5, 6),
        reason="落后",
    )
    assert not Delivery.objects.exists()
