"""Every meeting page and action for every persona: township staff read, the
township admin writes, a leader approves at a joint meeting, a village reporter
sees only the 分析会 of their own village, anyone else nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Prepared, meeting

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "assessor", "leader", "county", "reporter", "reporter2", "outsider"]


@pytest.fixture
def meetings(prepared: Prepared) -> dict[str, Any]:
    w = prepared.world
    return {
        "regular": meeting(prepared),
        # 东村 V1 is the reporter's village; 西村 V2 is reporter2's.
        "analysis_v1": meeting(prepared, kind="analysis", units=(w.v1,), day=date(2026, 10, 20)),
        "joint": meeting(prepared, kind="joint", day=date(2026, 10, 9), roles=()),
    }


#: persona -> status for (list, new form, regular meeting, V1's 分析会, its minutes, edit)
READ = {
    "admin": (200, 200, 200, 200, 200, 200),
    "assessor": (200, 403, 200, 200, 200, 403),
    "leader": (200, 403, 200, 200, 200, 403),
    "county": (200, 403, 200, 200, 200, 403),
    "reporter": (200, 404, 404, 200, 200, 404),
    "reporter2": (200, 404, 404, 404, 404, 404),
    "outsider": (404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_which_page(
    prepared: Prepared, login: Any, meetings: dict[str, Any], persona: str
) -> None:
    c = login(persona)
    regular, analysis = meetings["regular"].pk, meetings["analysis_v1"].pk
    got = (
        c.get("/meetings/t/T1/").status_code,
        c.get("/meetings/t/T1/new/").status_code,
        c.get(f"/meetings/{regular}/").status_code,
        c.get(f"/meetings/{analysis}/").status_code,
        c.get(f"/meetings/{analysis}/minutes.docx").status_code,
        c.get(f"/meetings/{analysis}/edit/").status_code,
    )
    assert got == READ[persona]


@pytest.mark.parametrize(
    ("persona", "listed"),
    [
        ("admin", ["2026-10-20", "2026-10-12", "2026-10-09"]),
        ("county", ["2026-10-20", "2026-10-12", "2026-10-09"]),
        ("reporter", ["2026-10-20"]),
        ("reporter2", []),
    ],
)
def test_the_list_shows_a_reporter_only_their_villages_analysis_meeting(
    prepared: Prepared, login: Any, meetings: dict[str, Any], persona: str, listed: list[str]
) -> None:
    import re

    page = login(persona).get("/meetings/t/T1/").content.decode()
    assert re.findall(r'<td class="date"><a href="/meetings/\d+/">([\d-]+)</a>', page) == listed


def test_anonymous_is_sent_to_the_login_page_everywhere(
    client: Any, prepared: Prepared, meetings: dict[str, Any]
) -> None:
    pk = meetings["joint"].pk
    for url in ["/meetings/t/T1/", "/meetings/t/T1/new/", f"/meetings/{pk}/", f"/meetings/{pk}/edit/",
                f"/meetings/{pk}/minutes.docx"]:  # fmt: skip
        assert client.get(url).status_code == 302
    for url in [f"/meetings/{pk}/attendance/", f"/meetings/{pk}/approve/", f"/meetings/{pk}/link/"]:
        assert client.post(url).status_code == 302


NEW = {
    "kind": "dispatch",
    "date": "2026-10-15",
    "roles": ["service_worker"],
    "agenda": "调度服务日进度",
}


@pytest.mark.parametrize(
    ("persona", "status", "created"),
    [
        ("admin", 302, 1),
        ("assessor", 403, 0),
        ("leader", 403, 0),
        ("county", 403, 0),
        ("reporter", 404, 0),
        ("outsider", 404, 0),
    ],
)
def test_only_the_township_admin_records_a_meeting(
    prepared: Prepared, login: Any, persona: str, status: int, created: int
) -> None:
    from kaoping.web.meetings.models import Meeting, MeetingEvent

    response = login(persona).post("/meetings/t/T1/new/", NEW)
    assert response.status_code == status
    assert Meeting.objects.filter(kind="dispatch").count() == created
    assert MeetingEvent.objects.filter(action="create", meeting__kind="dispatch").count() == created


@pytest.mark.parametrize(
    ("persona", "status", "absent"),
    [
        ("admin", 302, True),
        ("assessor", 403, False),
        ("leader", 403, False),
        ("county", 403, False),
        ("reporter", 404, False),
        ("outsider", 404, False),
    ],
)
def test_only_the_township_admin_marks_attendance(
    prepared: Prepared,
    login: Any,
    meetings: dict[str, Any],
    persona: str,
    status: int,
    absent: bool,
) -> None:
    m = meetings["regular"]
    chief = m.attendees.get(name="赵六")
    others = {f"present-{a.pk}": "on" for a in m.attendees.exclude(pk=chief.pk)}
    data = {"revision": m.revision, **others, f"reason-{chief.pk}": "公出"}
    assert login(persona).post(f"/meetings/{m.pk}/attendance/", data).status_code == status
    chief.refresh_from_db()
    assert (not chief.present) is absent


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 403), ("assessor", 403), ("county", 403), ("reporter", 404), ("outsider", 404)],
)
def test_nobody_but_a_leader_approves_at_a_joint_meeting(
    prepared: Prepared, login: Any, meetings: dict[str, Any], persona: str, status: int
) -> None:
    from .conftest import assessment_in

    a = assessment_in(prepared, "2026Q3", "submitted")
    m = meetings["joint"]
    data = {"assessment": a.pk, "revision": a.revision}
    assert login(persona).post(f"/meetings/{m.pk}/approve/", data).status_code == status
    a.refresh_from_db()
    assert a.status == "submitted"


@pytest.mark.parametrize(
    ("persona", "status", "linked"),
    [
        ("admin", 302, 1),
        ("assessor", 403, 0),
        ("leader", 403, 0),
        ("reporter", 404, 0),
        ("outsider", 404, 0),
    ],
)
def test_only_the_township_admin_links_an_earlier_approval(
    prepared: Prepared, login: Any, meetings: dict[str, Any], persona: str, status: int, linked: int
) -> None:
    from kaoping.web.meetings.models import MeetingApproval

    from .conftest import assessment_in

    a = assessment_in(prepared, "2026Q3", "approved")
    m = meetings["joint"]
    assert (
        login(persona).post(f"/meetings/{m.pk}/link/", {"assessment": a.pk}).status_code == status
    )
    assert MeetingApproval.objects.filter(assessment=a).count() == linked


def test_posts_without_the_csrf_token_are_refused(
    prepared: Prepared, meetings: dict[str, Any]
) -> None:
    from django.test import Client

    from kaoping.web.meetings.models import Meeting

    c = Client(enforce_csrf_checks=True)
    c.force_login(prepared.users["admin"])
    assert c.post("/meetings/t/T1/new/", NEW).status_code == 403
    m = meetings["regular"]
    assert c.post(f"/meetings/{m.pk}/attendance/", {"revision": m.revision}).status_code == 403
    assert not Meeting.objects.filter(kind="dispatch").exists()


def test_the_pages_speak_english_when_the_browser_asks(
    prepared: Prepared, login: Any, meetings: dict[str, Any]
) -> None:
    c = login("admin")
    page = c.get(f"/meetings/{meetings['regular'].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Download the minutes (Word)" in page and "Reason for absence" in page
