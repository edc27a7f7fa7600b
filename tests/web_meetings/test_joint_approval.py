"""The joint meeting (党政联席会议) that approves an assessment: approval at the
meeting goes through the assessment's own guarded approval, and the meeting's
record of it is written in the same transaction, or neither is."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.asking import asks, question, resent, yes

from .conftest import Prepared, assessment_in, meeting

pytestmark = pytest.mark.django_db


def joint(prepared: Prepared, day: date = date(2026, 10, 9)) -> Any:
    return meeting(prepared, kind="joint", day=day, roles=(), others="刘书记 党委书记")


def test_a_leader_approves_at_the_meeting_and_both_records_say_so(
    prepared: Prepared, login: Any
) -> None:
    from kaoping.web.assessment.models import Rectification
    from kaoping.web.meetings.models import MeetingApproval

    from .conftest import use_followup_rubric

    use_followup_rubric(prepared)
    a = assessment_in(prepared, "2026Q3", "submitted")
    m = joint(prepared)
    url = f"/meetings/{m.pk}/approve/"
    data = {"assessment": str(a.pk), "revision": str(a.revision)}
    # Asked first, as on the assessment's page: the same sentence, nothing changed.
    page = login("leader").post(url, data).content.decode()
    assert question(page) == (
        "审定后东风镇2026Q3考评第1版的结果冻结：3个村（居）的得分和名次不能再重新计算，"
        "所读报表一并锁定，并按讲评兑现下达4项整改事项。确定审定吗？"
    )
    assert resent(page) == {k: [v] for k, v in yes(data).items()}
    assert not Rectification.objects.exists() and not MeetingApproval.objects.exists()
    detail = login("leader").get(f"/meetings/{m.pk}/").content.decode()
    assert f'data-confirm="{question(page)}"' in detail
    r = login("leader").post(url, yes(data))
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == "approved"
    approval = MeetingApproval.objects.get(assessment=a)
    assert (approval.meeting, approval.approved_by) == (m, prepared.users["leader"])
    assert a.events.get(action="approve").note == "2026-10-09党政联席会议审定"
    assert m.events.get(action="approve").note == "审定2026Q3考评第1版"
    # The approval's own consequences came with it: the follow-ups opened.
    assert Rectification.objects.filter(assessment=a).count() == 4
    page = login("county").get(f"/meetings/{m.pk}/").content.decode()
    assert "2026Q3考评第1版，审定人：leader" in page


def _refused(prepared: Prepared, login: Any, m: Any, a: Any, revision: int, message: str) -> None:
    from kaoping.web.meetings.models import MeetingApproval, MeetingEvent

    c = login("leader")
    # Refused before being asked, and with the answer alike.
    for answer in ({}, yes()):
        r = c.post(
            f"/meetings/{m.pk}/approve/",
            {"assessment": a.pk, "revision": revision, **answer},
            follow=True,
        )
        assert message in r.content.decode()
        assert not asks(r.content.decode())
    a.refresh_from_db()
    assert a.status == "submitted"
    assert not MeetingApproval.objects.exists()
    assert not MeetingEvent.objects.filter(action="approve").exists()


def test_an_assessment_changed_since_it_was_shown_is_refused_and_nothing_recorded(
    prepared: Prepared, login: Any
) -> None:
    a = assessment_in(prepared, "2026Q3", "submitted")
    _refused(
        prepared, login, joint(prepared), a, a.revision - 1, "您查看之后，该考评已被重新计算或修改"
    )


def test_four_eyes_still_holds_at_the_meeting(prepared: Prepared, login: Any) -> None:
    from kaoping.web.assessment import services

    a = services.create_assessment(
        prepared.world.t1, "2026Q3", prepared.rubric, prepared.users["leader"]
    )
    services.compute(a.pk, prepared.users["assessor"])
    services.transition(a.pk, "submit", prepared.users["assessor"])
    a.refresh_from_db()
    _refused(prepared, login, joint(prepared), a, a.revision, "参与编制了本考评")


def test_only_a_joint_meeting_approves(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q3", "submitted")
    _refused(
        prepared,
        login,
        meeting(prepared, kind="regular"),
        a,
        a.revision,
        "只有党政联席会议可以审定考评",
    )


def test_a_meeting_dated_after_today_cannot_have_approved_yet(
    prepared: Prepared, login: Any
) -> None:
    from django.utils import timezone

    a = assessment_in(prepared, "2026Q3", "submitted")
    later = timezone.localdate().replace(year=timezone.localdate().year + 1)
    _refused(prepared, login, joint(prepared, later), a, a.revision, "会后才能登记审定")


def test_another_townships_assessment_is_not_approved_through_this_meeting(
    prepared: Prepared,
) -> None:
    from kaoping.web.assessment.services import Refused
    from kaoping.web.meetings.services import approve_at_meeting

    a = assessment_in(prepared, "2026Q3", "submitted")
    m = joint(prepared)
    with pytest.raises(Refused, match="会议记录不存在"):
        approve_at_meeting(m.pk, prepared.world.t2, a.pk, prepared.users["leader"], a.revision)
    a.refresh_from_db()
    assert a.status == "submitted"


def test_an_earlier_approval_is_linked_once_with_the_approver_from_its_audit(
    prepared: Prepared, login: Any
) -> None:
    from kaoping.web.meetings.models import MeetingApproval

    a = assessment_in(prepared, "2026Q3", "approved")
    m = joint(prepared)
    c = login("admin")
    c.post(f"/meetings/{m.pk}/link/", {"assessment": a.pk})
    approval = MeetingApproval.objects.get(assessment=a)
    assert approval.approved_by == prepared.users["leader"]
    again = c.post(
        f"/meetings/{joint(prepared, date(2026, 10, 10)).pk}/link/",
        {"assessment": a.pk},
        follow=True,
    )
    assert "2026Q3考评第1版已关联审定会议" in again.content.decode()
    assert MeetingApproval.objects.count() == 1


def test_a_draft_cannot_be_linked_as_approved(prepared: Prepared, login: Any) -> None:
    from kaoping.web.meetings.models import MeetingApproval

    a = assessment_in(prepared, "2026Q3", "submitted")
    r = login("admin").post(
        f"/meetings/{joint(prepared).pk}/link/", {"assessment": a.pk}, follow=True
    )
    assert "2026Q3考评第1版尚未审定" in r.content.decode()
    assert not MeetingApproval.objects.exists()
