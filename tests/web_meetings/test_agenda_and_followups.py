"""The agenda of 2026Q4's first 例会 drafted from 2026Q3's consequences, and the
follow-ups a meeting says it handled, visible on each follow-up.

2026Q3 (hand-computed in tests/web_assessment/conftest.py): 东村 V1 top (100),
镇中社区 V3 bottom (70). V3 is asked: 整改 of the unit and of its secretary 李四
(due 2026-10-30), 表态发言 of 李四 (at the next first meeting, 2026-10-31 until it is
recorded) and 召开分析会 (2026-10-31)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Prepared, approved_q3, meeting

pytestmark = pytest.mark.django_db


def test_the_first_regular_meeting_agenda_is_drafted_from_last_quarters_consequences(
    prepared: Prepared,
) -> None:
    from kaoping.web.meetings.services import draft_agenda

    approved_q3(prepared)
    draft = draft_agenda(prepared.world.t1, "2026Q4")
    assert draft.lines == [
        "通报2026年第三季度考评结果和讲评兑现情况，表扬东村，批评镇中社区",
        "镇中社区书记李四作表态发言",
        "部署镇中社区召开分析会（2026-10-31前）",
        "听取整改落实情况：镇中社区整改（2026Q3，期限2026-10-30）",
        "听取整改落实情况：镇中社区书记李四整改（2026Q3，期限2026-10-30）",
    ]
    assert [(i.kind, i.to) for i in draft.follow_ups] == [
        ("表态发言", "secretary"),
        ("召开分析会", "unit"),
        ("整改", "unit"),
        ("整改", "secretary"),
    ]


def test_verified_items_are_left_out_of_the_draft(prepared: Prepared) -> None:
    from kaoping.web.assessment import rectifications
    from kaoping.web.assessment.models import Rectification
    from kaoping.web.meetings.services import draft_agenda

    approved_q3(prepared)
    item = Rectification.objects.get(kind="整改", to="unit")
    rectifications.move(item.pk, "report", prepared.users["assessor"], "已整改")
    rectifications.move(item.pk, "verify", prepared.users["assessor"])
    draft = draft_agenda(prepared.world.t1, "2026Q4")
    assert item not in draft.follow_ups
    assert len(draft.follow_ups) == 3


def test_without_an_approved_quarter_the_draft_lists_only_open_follow_ups(
    prepared: Prepared,
) -> None:
    from kaoping.web.meetings.services import draft_agenda

    draft = draft_agenda(prepared.world.t1, "2026Q4")
    assert (draft.lines, draft.follow_ups, draft.source) == ([], [], None)


def test_the_new_meeting_form_offers_the_drafted_agenda_for_the_quarters_first_regular_meeting(
    prepared: Prepared, login: Any
) -> None:
    approved_q3(prepared)
    page = login("admin").get("/meetings/t/T1/new/?kind=regular&date=2026-10-12").content.decode()
    assert "镇中社区书记李四作表态发言" in page
    assert "议程按2026Q3考评第1版的讲评兑现" in page
    # Once a 例会 of the quarter exists, a later one starts empty unless asked.
    meeting(prepared, day=date(2026, 10, 12))
    page = login("admin").get("/meetings/t/T1/new/?kind=regular&date=2026-11-09").content.decode()
    assert "作表态发言" not in page


def test_a_meeting_marks_the_follow_ups_it_handled_on_each_of_them(
    prepared: Prepared, login: Any
) -> None:
    from kaoping.web.assessment.models import Rectification

    approved_q3(prepared)
    statement = Rectification.objects.get(kind="表态发言")
    analysis = Rectification.objects.get(kind="召开分析会")
    response = login("admin").post(
        "/meetings/t/T1/new/",
        {
            "kind": "regular",
            "date": "2026-10-12",
            "roles": ["secretary"],
            "agenda": "镇中社区书记李四作表态发言",
            "handled": [statement.pk, analysis.pk],
        },
    )
    assert response.status_code == 302
    notes = [(e.action, e.note) for e in statement.events.order_by("id")]
    assert notes[-2:] == [
        ("meeting", "列入2026-10-12镇级例会研究"),
        ("due", "2026-10-12召开2026Q4第一次镇级例会，期限定为该日（原期限2026-10-31）"),
    ]
    page = login("assessor").get("/assessment/t/T1/followups/").content.decode()
    assert page.count("列入2026-10-12 镇级例会研究") == 2
    detail = login("leader").get(response["Location"]).content.decode()
    assert "镇中社区" in detail and "表态发言" in detail


def test_unlinking_a_follow_up_is_recorded_on_it(prepared: Prepared) -> None:
    from kaoping.web.assessment.models import Rectification
    from kaoping.web.meetings.services import MeetingData, save_meeting

    approved_q3(prepared)
    statement = Rectification.objects.get(kind="表态发言")
    m = meeting(prepared, handled=[statement.pk])
    save_meeting(m.township, MeetingData("regular", m.date), prepared.users["admin"], pk=m.pk)
    assert statement.meeting_links.count() == 0
    assert statement.events.filter(action="meeting").order_by("-id")[0].note == (
        "不再列为2026-10-12镇级例会处理事项"
    )


def test_another_townships_follow_up_cannot_be_linked(prepared: Prepared) -> None:
    from kaoping.web.assessment.models import Rectification
    from kaoping.web.assessment.services import Refused
    from kaoping.web.meetings.models import Meeting
    from kaoping.web.meetings.services import MeetingData, save_meeting

    approved_q3(prepared)
    item = Rectification.objects.get(kind="表态发言")
    with pytest.raises(Refused, match=f"整改事项不属于本乡镇或已撤销：{item.pk}"):
        save_meeting(
            prepared.world.t2,
            MeetingData("regular", date(2026, 10, 12), handled=[item.pk]),
            prepared.users["outsider"],
        )
    assert not Meeting.objects.filter(township=prepared.world.t2).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "2026-13-01", "请按 2026-10-12 的形式填写日期"),
        ("date", "1999-12-31", "日期1999-12-31不在2000—2099年之间"),
        ("kind", "party", "选择一个有效的选项"),
        ("title", "x" * 201, "不超过 200 字符 (目前字符数 201)"),
        ("agenda", "\n".join(f"第{i}项" for i in range(61)), "议程有61行，最多60行"),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_saved(
    prepared: Prepared, login: Any, field: str, value: str, message: str
) -> None:
    from kaoping.web.meetings.models import Meeting

    data = {"kind": "regular", "date": "2026-10-12", field: value}
    response = login("admin").post("/meetings/t/T1/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()
