"""The web bulletin of a quarter lists the previous quarter's follow-ups
(上季度整改落实情况) with their state on the bulletin's date."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from .conftest import Prepared, assessment_in
from .followup_world import approved_q3, item

pytestmark = pytest.mark.django_db


def _bulletin(login: Any, a: Any) -> tuple[str, list[tuple[str, ...]]]:
    response = login("leader").get(f"/assessment/{a.pk}/bulletin.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    rows = [
        tuple(c.text for c in row.cells)
        for table in doc.tables
        if table.rows[0].cells[2].text == "整改要求"
        for row in table.rows[1:]
    ]
    return text, rows


def test_the_next_quarters_bulletin_lists_each_follow_up_with_its_state(
    login: Any, prepared: Prepared
) -> None:
    from kaoping.web.assessment.models import Rectification

    approved_q3(prepared)
    today = timezone.localdate()
    for kind, to, state, days in [
        ("整改", "unit", "verified", -3),
        ("表态发言", "secretary", "open", -1),
        ("召开分析会", "unit", "open", 5),
        ("整改", "secretary", "reported", 6),
    ]:
        Rectification.objects.filter(pk=item(prepared, kind, to).pk).update(
            state=state, due=today + timedelta(days=days)
        )
    q4 = assessment_in(prepared, "2026Q4", "approved")
    text, rows = _bulletin(login, q4)
    assert "四、上季度整改落实情况" in text
    assert (
        "2026年第三季度考评下达整改落实事项4项，其中已验收1项，已报告1项，未完成1项，逾期1项。"
        in text
    )
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    assert rows == [
        ("1", "镇中社区", "整改", "镇中社区", day(-3), "已验收"),
        ("2", "镇中社区", "表态发言", "书记 李四", day(-1), "逾期"),
        ("3", "镇中社区", "召开分析会", "镇中社区", day(5), "未完成"),
        ("4", "镇中社区", "整改", "书记 李四", day(6), "已报告"),
    ]


def test_a_bulletin_whose_previous_quarter_asked_nothing_has_no_such_section(
    login: Any, prepared: Prepared
) -> None:
    q3 = approved_q3(prepared)  # opens follow-ups for 2026Q3, none for 2026Q2
    text, rows = _bulletin(login, q3)
    assert "上季度整改落实情况" not in text and rows == []
