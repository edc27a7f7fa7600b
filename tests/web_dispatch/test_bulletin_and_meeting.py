"""Issuing the day's numbered bulletin (dispatch:issue) and recording the dispatch
meeting with its catch-up follow-ups (dispatch:meeting)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.dispatch.models import AreaReport, Bulletin, CatchUp, DispatchEvent
from kaoping.web.dispatch.services import save_report
from kaoping.web.meetings.models import Meeting
from tests.asking import asks, dialog, question, resent, yes

from .conftest import Dispatch


def issue(client: Any, d: Dispatch, day: str, name: str = "dispatch:issue") -> Any:
    """Issue (answered yes, tests/asking.py) or record the meeting."""
    return client.post(reverse(name, args=[d.campaign.pk]), yes({"day": day}))


def test_issuing_without_the_answer_says_what_is_published_to_whom_and_changes_nothing(
    login: Any, dispatch: Dispatch
) -> None:
    c = dispatch.campaign
    v1, v2 = dispatch.plans.world.v1, dispatch.plans.world.v2
    # As tests/web_dispatch/test_board.py: 第一片 reported late and lags 10 points.
    save_report(c, dispatch.area, date(2026, 5, 4), {v1.pk: 3, v2.pk: 9}, "入户两场", None)
    client = login("assessor")
    board = client.get(reverse("dispatch:board", args=[c.pk]) + "?day=2026-05-04")
    said = (
        "印发后，筛查预约专项活动2026-05-04的调度通报编为第1期，发给各片区、各工作组和各村（居）："
        "通报1个片区的进度，其中未报0个、逾期报送1个、落后进度限期赶上1个。"
        "期号印发后不能收回，确定印发吗？"
    )
    assert dialog(board.content.decode(), "issue") == said
    url = reverse("dispatch:issue", args=[c.pk])
    r = client.post(url, {"day": "2026-05-04"})
    assert r.status_code == 200
    assert question(r.content.decode()) == said
    assert resent(r.content.decode()) == {"day": ["2026-05-04"], "confirmed": ["yes"]}
    assert not Bulletin.objects.exists()
    assert not DispatchEvent.objects.filter(action="bulletin").exists()
    assert client.post(url, yes({"day": "2026-05-04"})).status_code == 302
    assert list(Bulletin.objects.values_list("number", flat=True)) == [1]
    # The day issued: the button asks nothing and issuing again changes nothing.
    board = client.get(reverse("dispatch:board", args=[c.pk]) + "?day=2026-05-04")
    assert dialog(board.content.decode(), "issue") is None
    r = client.post(url, {"day": "2026-05-04"})
    assert r.status_code == 302 and Bulletin.objects.count() == 1


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("chief", 404)])
def test_who_may_not_issue_is_refused_before_being_asked(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    r = login(persona).post(
        reverse("dispatch:issue", args=[dispatch.campaign.pk]), {"day": "2026-05-04"}
    )
    assert r.status_code == status
    assert not asks(r.content.decode())
    assert not Bulletin.objects.exists()


def test_a_day_outside_the_campaign_is_refused_before_being_asked(
    login: Any, dispatch: Dispatch
) -> None:
    r = login("admin").post(
        reverse("dispatch:issue", args=[dispatch.campaign.pk]), {"day": "2026-05-11"}
    )
    assert r.status_code == 400 and not asks(r.content.decode())


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 302), ("assessor", 302), ("leader", 403), ("chief", 404), ("outsider", 404)],
)
def test_only_the_townships_admin_and_assessors_issue_the_bulletin(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    assert issue(login(persona), dispatch, "2026-05-04").status_code == status
    assert Bulletin.objects.exists() is (status == 302)


@pytest.mark.parametrize(
    ("persona", "status"),
    # A meeting record is the admin's to write, as on the meetings pages.
    [("admin", 302), ("assessor", 403), ("leader", 403), ("chief", 404), ("outsider", 404)],
)
def test_only_the_townships_admin_records_the_dispatch_meeting(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    assert issue(login(persona), dispatch, "2026-05-04", "dispatch:meeting").status_code == status
    assert Meeting.objects.exists() is (status == 302)


def test_bulletins_are_numbered_per_campaign_in_the_order_issued_once_per_day(
    login: Any, dispatch: Dispatch
) -> None:
    client = login("admin")
    for day in ("2026-05-02", "2026-05-01", "2026-05-02", "2026-05-03"):
        issue(client, dispatch, day)
    numbers = dict(Bulletin.objects.values_list("day", "number"))
    assert numbers == {date(2026, 5, 2): 1, date(2026, 5, 1): 2, date(2026, 5, 3): 3}
    assert DispatchEvent.objects.filter(action="bulletin").count() == 3
    html = client.get(reverse("dispatch:board", args=[dispatch.campaign.pk]) + "?day=2026-05-03")
    assert "调度通报（第3期）" in html.content.decode()


def test_a_day_outside_the_campaign_gets_no_bulletin(login: Any, dispatch: Dispatch) -> None:
    response = issue(login("admin"), dispatch, "2026-05-11")
    assert response.status_code == 400
    assert "日期2026-05-11不在活动期间" in response.content.decode()
    assert not Bulletin.objects.exists()


def test_recording_the_meeting_without_the_answer_says_what_it_issues_records_and_opens(
    login: Any, dispatch: Dispatch
) -> None:
    c = dispatch.campaign
    w = dispatch.plans.world
    # 第一片 reports 12 of its 40 by the 4th: 10 points behind, 3 days to catch up.
    save_report(c, dispatch.area, date(2026, 5, 4), {w.v1.pk: 3, w.v2.pk: 9}, "", None)
    client = login("admin")
    board_url = reverse("dispatch:board", args=[c.pk]) + "?day=2026-05-04"
    said = (
        "登记后，筛查预约专项活动2026-05-04的调度通报印发为第1期（期号印发后不能收回），"
        "并建立当日调度会记录，附上1个片区（共1个）的当日报送。"
        "落后进度的1个片区（第一片）各开一项限期赶上事项，限2026-05-07前赶上。确定登记吗？"
    )
    assert dialog(client.get(board_url).content.decode(), "meeting") == said
    url = reverse("dispatch:meeting", args=[c.pk])
    r = client.post(url, {"day": "2026-05-04"})
    assert r.status_code == 200
    assert question(r.content.decode()) == said
    assert resent(r.content.decode()) == {"day": ["2026-05-04"], "confirmed": ["yes"]}
    assert not Meeting.objects.exists() and not Bulletin.objects.exists()
    assert not CatchUp.objects.exists()
    assert not DispatchEvent.objects.filter(action__in=["bulletin", "meeting"]).exists()
    assert client.post(url, yes({"day": "2026-05-04"})).status_code == 302
    assert Meeting.objects.count() == 1 and CatchUp.objects.count() == 1
    # Held: holding it again writes the same record again and opens nothing new.
    again = (
        "再次登记后，筛查预约专项活动2026-05-04的调度会记录（第1期调度通报）按各片区现在的报送"
        "重写议题和决定，附上1个片区（共1个）的当日报送。不新开限期赶上事项。确定登记吗？"
    )
    assert dialog(client.get(board_url).content.decode(), "meeting") == again
    assert question(client.post(url, {"day": "2026-05-04"}).content.decode()) == again


def test_a_day_already_issued_is_asked_about_its_record_with_the_issues_number(
    login: Any, dispatch: Dispatch
) -> None:
    client = login("admin")
    issue(client, dispatch, "2026-05-03")
    issue(client, dispatch, "2026-05-04")
    r = client.post(reverse("dispatch:meeting", args=[dispatch.campaign.pk]), {"day": "2026-05-04"})
    assert question(r.content.decode()) == (
        "登记后，建立筛查预约专项活动2026-05-04的调度会记录（第2期调度通报），"
        "附上0个片区（共1个）的当日报送。"
        # Not reported by the 4th, 第一片 has done nothing against a pace of 40%.
        "落后进度的1个片区（第一片）各开一项限期赶上事项，限2026-05-07前赶上。确定登记吗？"
    )
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("assessor", 403), ("leader", 403), ("chief", 404), ("outsider", 404)]
)
def test_who_may_not_record_the_meeting_is_refused_before_being_asked(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    r = login(persona).post(
        reverse("dispatch:meeting", args=[dispatch.campaign.pk]), {"day": "2026-05-04"}
    )
    assert r.status_code == status
    assert not asks(r.content.decode())
    assert not Meeting.objects.exists() and not Bulletin.objects.exists()


def test_a_meeting_outside_the_campaign_is_refused_before_being_asked(
    login: Any, dispatch: Dispatch
) -> None:
    r = login("admin").post(
        reverse("dispatch:meeting", args=[dispatch.campaign.pk]), {"day": "2026-05-11"}
    )
    assert r.status_code == 400 and not asks(r.content.decode())
    assert "日期2026-05-11不在活动期间" in r.content.decode()


def test_the_meeting_is_a_dispatch_meeting_record_with_each_areas_report_attached(
    login: Any, dispatch: Dispatch
) -> None:
    w = dispatch.plans.world
    save_report(
        dispatch.campaign,
        dispatch.area,
        date(2026, 5, 4),
        {w.v1.pk: 3, w.v2.pk: 9},
        "入户两场",
        None,
    )
    response = issue(login("admin"), dispatch, "2026-05-04", "dispatch:meeting")
    m = Meeting.objects.get()
    assert response.url == reverse("meetings:detail", args=[m.pk])
    assert m.kind == Meeting.Kind.DISPATCH and m.date == date(2026, 5, 4)
    assert m.title == "筛查预约专项活动调度会（第1期）"
    assert "第一片：当日完成12个，累计12个，完成率30.0%，入户两场" in m.agenda_lines
    assert AreaReport.objects.get().meeting == m
    assert Bulletin.objects.get().meeting == m
    assert m.events.filter(action="create").exists()


def test_laggards_get_one_catch_up_per_area_and_day_however_often_the_meeting_is_held(
    login: Any, dispatch: Dispatch
) -> None:
    w = dispatch.plans.world
    save_report(
        dispatch.campaign, dispatch.area, date(2026, 5, 4), {w.v1.pk: 3, w.v2.pk: 9}, "", None
    )
    client = login("admin")
    issue(client, dispatch, "2026-05-04", "dispatch:meeting")
    issue(client, dispatch, "2026-05-04", "dispatch:meeting")
    item = CatchUp.objects.get()
    assert (item.area, item.day, item.due) == (dispatch.area, date(2026, 5, 4), date(2026, 5, 7))
    assert item.reason == "完成率30.0%，进度40.0%，落后10.0个百分点"
    assert Meeting.objects.count() == 1
    m = Meeting.objects.get()
    assert m.decision_lines == ["第一片落后进度10.0个百分点，限05月07日前赶上进度"]


def test_a_catch_up_is_closed_once_with_a_note(login: Any, dispatch: Dispatch) -> None:
    w = dispatch.plans.world
    save_report(dispatch.campaign, dispatch.area, date(2026, 5, 4), {w.v1.pk: 3}, "", None)
    client = login("admin")
    issue(client, dispatch, "2026-05-04", "dispatch:meeting")
    item = CatchUp.objects.get()
    done = reverse("dispatch:catch_up_done", args=[dispatch.campaign.pk, item.pk])
    assert client.post(done, {"note": ""}).status_code == 400
    assert client.post(done, {"note": "已追平"}).status_code == 302
    again = client.post(done, {"note": "再次"})
    assert again.status_code == 400 and "已办结" in again.content.decode()
    item.refresh_from_db()
    assert (item.state, item.closed_note) == ("done", "已追平")
    assert login("leader").post(done, {"note": "x"}).status_code == 403
