"""Attendees are whoever held the roles on the meeting's day, kept when edited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Prepared, meeting

pytestmark = pytest.mark.django_db


def names(m: Any) -> list[tuple[str, str]]:
    return [(a.name, a.role_label) for a in m.attendees.all()]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Before 2026-11-16 镇中社区's secretary is 李四, from that day 王五.
        (
            date(2026, 10, 12),
            [("赵六", "第一片片长"), ("张三", "东村专干"), ("李四", "镇中社区书记")],
        ),
        (
            date(2026, 11, 15),
            [("赵六", "第一片片长"), ("张三", "东村专干"), ("李四", "镇中社区书记")],
        ),
        (
            date(2026, 11, 16),
            [("赵六", "第一片片长"), ("张三", "东村专干"), ("王五", "镇中社区书记")],
        ),
        # 张三 took office on 2025-01-01.
        (date(2024, 12, 31), [("赵六", "第一片片长"), ("李四", "镇中社区书记")]),
    ],
)
def test_attendees_are_who_held_the_roles_on_the_day(
    prepared: Prepared, day: date, expected: list[tuple[str, str]]
) -> None:
    assert names(meeting(prepared, day=day)) == expected


def test_a_meeting_for_one_village_expects_only_its_people_and_its_area_chief(
    prepared: Prepared,
) -> None:
    v1 = prepared.world.v1
    m = meeting(prepared, kind="analysis", units=(v1,))
    assert names(m) == [("赵六", "第一片片长"), ("张三", "东村专干")]


def test_others_are_named_by_hand_after_the_roles(prepared: Prepared) -> None:
    m = meeting(prepared, roles=("area_chief",), others="刘镇长 镇长\n陈主任，计生办主任\n孙七")
    assert names(m) == [
        ("赵六", "第一片片长"),
        ("刘镇长", "镇长"),
        ("陈主任", "计生办主任"),
        ("孙七", ""),
    ]


def test_a_new_day_resolves_again_and_keeps_an_absence_of_someone_still_expected(
    prepared: Prepared,
) -> None:
    from kaoping.web.meetings.services import MeetingData, save_meeting, set_attendance

    m = meeting(prepared)
    chief = m.attendees.get(name="赵六")
    m = set_attendance(
        m.pk, m.township, m.revision, {chief.pk: (False, "公出")}, prepared.users["admin"]
    )
    data = MeetingData(
        kind="regular", date=date(2026, 11, 20), roles=["secretary", "service_worker", "area_chief"]
    )
    m = save_meeting(m.township, data, prepared.users["admin"], pk=m.pk, revision=m.revision)
    rows = [(a.name, a.present, a.reason) for a in m.attendees.all()]
    assert rows == [("赵六", False, "公出"), ("张三", True, ""), ("王五", True, "")]


def test_an_absence_without_a_reason_is_refused_and_nothing_changes(prepared: Prepared) -> None:
    from kaoping.web.assessment.services import Refused
    from kaoping.web.meetings.services import set_attendance

    m = meeting(prepared)
    chief = m.attendees.get(name="赵六")
    with pytest.raises(Refused, match="赵六缺席，请写明缺席原因"):
        set_attendance(
            m.pk, m.township, m.revision, {chief.pk: (False, " ")}, prepared.users["admin"]
        )
    chief.refresh_from_db()
    assert chief.present is True


def test_an_edit_against_an_older_revision_is_refused(prepared: Prepared) -> None:
    from kaoping.web.assessment.services import Refused
    from kaoping.web.meetings.models import Meeting
    from kaoping.web.meetings.services import MeetingData, save_meeting

    m = meeting(prepared, title="第一次")
    seen = m.revision
    save_meeting(
        m.township,
        MeetingData("regular", m.date, title="第二次"),
        prepared.users["admin"],
        pk=m.pk,
        revision=seen,
    )
    with pytest.raises(Refused, match="已被他人修改"):
        save_meeting(
            m.township,
            MeetingData("regular", m.date, title="第三次"),
            prepared.users["admin"],
            pk=m.pk,
            revision=seen,
        )
    assert Meeting.objects.get(pk=m.pk).title == "第二次"


def test_every_change_is_audited_with_what_changed(prepared: Prepared) -> None:
    from kaoping.web.meetings.services import MeetingData, save_meeting

    m = meeting(prepared)
    save_meeting(
        m.township,
        MeetingData(
            "regular", m.date, roles=m.role_codes, place="镇政府三楼", decisions="按期整改"
        ),
        prepared.users["admin"],
        pk=m.pk,
        revision=m.revision,
    )
    events = [(e.action, e.note) for e in m.events.order_by("id")]
    assert events == [("create", "2026-10-12 镇级例会"), ("edit", "地点、议定事项")]
