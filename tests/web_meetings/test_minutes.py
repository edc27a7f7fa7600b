"""会议纪要: the Word document read back (python-docx), in the official layout."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from .conftest import Prepared, approved_q3, meeting

pytestmark = pytest.mark.django_db


def paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def test_the_minutes_say_who_came_who_did_not_and_why_the_agenda_decisions_and_follow_ups(
    prepared: Prepared, login: Any
) -> None:
    from docx import Document

    from kaoping.web.assessment.models import Rectification
    from kaoping.web.meetings.services import set_attendance

    approved_q3(prepared)
    statement = Rectification.objects.get(kind="表态发言")
    m = meeting(
        prepared,
        title="东风镇2026年第四季度第一次例会",
        place="镇政府三楼会议室",
        chair="刘镇长",
        recorder="陈主任",
        agenda="通报第三季度考评结果\n镇中社区书记李四作表态发言",
        decisions="镇中社区10月底前召开分析会\n各村按期报告整改落实情况",
        handled=[statement.pk],
    )
    chief = m.attendees.get(name="赵六")
    set_attendance(
        m.pk, m.township, m.revision, {chief.pk: (False, "公出")}, prepared.users["admin"]
    )
    response = login("leader").get(f"/meetings/{m.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = paragraphs(response.content)
    assert text[0] == "东风镇2026年第四季度第一次例会纪要"
    assert (
        text[1]
        == "2026年10月12日，东风镇在镇政府三楼会议室召开镇级例会，刘镇长主持。现将会议情况纪要如下。"
    )
    assert text[2:12] == [
        "一、参会人员",
        "出席：张三（东村专干）、李四（镇中社区书记）。",
        "缺席：赵六（第一片片长），公出。",
        "二、会议议程",
        "1. 通报第三季度考评结果",
        "2. 镇中社区书记李四作表态发言",
        "三、议定事项",
        "1. 镇中社区10月底前召开分析会",
        "2. 各村按期报告整改落实情况",
        "四、研究的整改落实事项",
    ]
    assert "记录人：陈主任" in text
    table = Document(io.BytesIO(response.content)).tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows == [
        ["序号", "村（居）", "要求", "责任人", "期限", "状态"],
        ["1", "镇中社区", "表态发言", "书记 李四", "2026-10-12", "待整改"],
    ]


def test_the_page_is_a4_with_the_official_margins(prepared: Prepared, login: Any) -> None:
    from docx import Document
    from docx.shared import Mm

    m = meeting(prepared, kind="dispatch", day=date(2026, 11, 2))
    section = Document(
        io.BytesIO(login("admin").get(f"/meetings/{m.pk}/minutes.docx").content)
    ).sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.left_margin]
    assert [round((s or 0) / Mm(1)) for s in sizes] == [210, 297, 37, 28]


def test_a_joint_meetings_minutes_name_what_it_approved_and_who_approved_it(
    prepared: Prepared, login: Any
) -> None:
    from .conftest import assessment_in

    a = assessment_in(prepared, "2026Q3", "submitted")
    m = meeting(
        prepared,
        kind="joint",
        day=date(2026, 10, 9),
        roles=(),
        others="刘书记 党委书记\n刘镇长 镇长",
    )
    response = login("leader").post(
        f"/meetings/{m.pk}/approve/",
        {"assessment": a.pk, "revision": a.revision, "confirmed": "yes"},
    )
    assert response.status_code == 302
    text = paragraphs(login("leader").get(f"/meetings/{m.pk}/minutes.docx").content)
    assert "出席：刘书记（党委书记）、刘镇长（镇长）。" in text
    assert "会议审定2026年第三季度考评（第1版），审定人：leader。" in text
