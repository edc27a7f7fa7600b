"""In a real browser, under the app's CSP, on a phone (390 × 844): the township admin
records the quarter's first 例会 with its drafted agenda, marks an absence, and the
leader approves an assessment at the joint meeting after the question it asks.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web_assessment.conftest import assessment_in, prepare
from tests.web_assessment.followup_world import approved_q3
from tests.web_assessment.test_browser import session

from .conftest import meeting

pytestmark = pytest.mark.browser
__all__ = ["session"]


def _fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_admin_records_the_first_meeting_and_the_leader_approves_at_the_joint_one(
    session: Any,
) -> None:
    from django.utils import timezone

    from kaoping.web.assessment.models import Assessment
    from kaoping.web.meetings.models import Meeting

    prepared = prepare()
    approved_q3(prepared)
    page = session("admin")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/meetings/t/T1/new/?kind=regular&date=2026-10-12")
    assert "镇中社区书记李四作表态发言" in page.locator("#id_agenda").input_value()
    _fits(page)
    page.click("#meeting-form button[type=submit]")
    page.locator("#attendees").wait_for()
    _fits(page)
    m = Meeting.objects.get(kind="regular")
    chief = m.attendees.get(name="赵六")
    page.uncheck(f"input[name=present-{chief.pk}]")
    page.fill(f"input[name=reason-{chief.pk}]", "公出")
    page.click("#attendance-form button[type=submit]")
    page.locator(".messages").wait_for()
    assert "出席情况已保存" in page.locator(".messages").inner_text()
    chief.refresh_from_db()
    assert (chief.present, chief.reason) == (False, "公出")

    a = assessment_in(prepared, "2026Q4", "submitted")
    joint = meeting(prepared, kind="joint", day=timezone.localdate(), roles=())
    leader = session("leader")
    leader.set_viewport_size({"width": 390, "height": 844})
    leader.goto(leader.base + f"/meetings/{joint.pk}/")
    _fits(leader)
    leader.dialog_answer = False
    leader.click(f"#approve-{a.pk} button")
    assert leader.dialogs == [
        "审定后东风镇2026Q4考评第1版的结果冻结：3个村（居）的得分和名次不能再重新计算，"
        "所读报表一并锁定；讲评兑现没有要下达的整改事项。确定审定吗？"
    ]
    assert Assessment.objects.get(pk=a.pk).status == "submitted"
    leader.dialog_answer = True
    leader.click(f"#approve-{a.pk} button")
    leader.locator("#approvals li a").wait_for()
    assert Assessment.objects.get(pk=a.pk).status == "approved"
    assert errors == []
