"""The demo township's meetings of 2026 (``serve --demo``): each quarter's first
例会 hears the quarter before, each joint meeting holds its quarter's approval."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def demo(db: Any, settings: Any) -> Any:
    from kaoping.demo import build_demo
    from kaoping.web.core.models import Unit
    from kaoping.web.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(build_demo())
    return Unit.objects.get(code="T01")


def test_the_demo_year_has_its_meetings_with_approvals_and_handled_follow_ups(
    demo: Any, client: Any
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment.models import Rectification
    from kaoping.web.meetings.demo import load_meetings_demo
    from kaoping.web.meetings.models import Meeting, MeetingApproval

    regular = Meeting.objects.filter(township=demo, kind="regular").order_by("date")
    q4_first = regular.last()
    assert q4_first is not None
    assert [m.date.isoformat() for m in regular] == [
        "2026-01-12",
        "2026-04-13",
        "2026-07-13",
        "2026-10-12",
    ]
    # The quarterly assessments' approvals (the spring campaign's own is beside them).
    approvals = MeetingApproval.objects.filter(assessment__campaign__isnull=True).select_related(
        "meeting", "assessment", "approved_by"
    )
    assert [
        (a.assessment.period, a.meeting.date.isoformat(), str(a.approved_by)) for a in approvals
    ] == [
        ("2026Q1", "2026-04-08", "leader"),
        ("2026Q2", "2026-07-08", "leader"),
        ("2026Q3", "2026-10-09", "leader"),
    ]
    # Every follow-up of 2026Q3 was on 2026Q4's first 例会.
    q3 = Rectification.objects.filter(township=demo, period="2026Q3").exclude(state="superseded")
    assert q3.exists()
    assert all(i.meeting_links.filter(meeting=q4_first).exists() for i in q3)
    # Each 分析会 the 2026Q1 assessment asked for was held for that village.
    asked = Rectification.objects.filter(township=demo, period="2026Q1", effect="analysis_meeting")
    held = Meeting.objects.filter(township=demo, kind="analysis", date__month=4)
    assert sorted(i.unit.code for i in asked) == sorted(m.units.get().code for m in held)
    assert q4_first.attendees.filter(present=False, reason="外出参加县级培训").count() == 1
    assert load_meetings_demo(demo) is False  # added once
    client.force_login(get_user_model().objects.get(username="leader"))
    page = client.get(f"/meetings/{q4_first.pk}/").content.decode()
    assert "作表态发言" in page
