"""A refused meeting action says why in the language of the request: the meetings
services word their refusals as whole sentences of the catalogue."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest

from .conftest import Prepared, assessment_in, meeting

pytestmark = pytest.mark.django_db


def _joint(prepared: Prepared, day: date = date(2026, 10, 9)) -> Any:
    return meeting(prepared, kind="joint", day=day, roles=(), others="刘书记 党委书记")


def _approve_at_a_regular_meeting(prepared: Prepared, login: Any, lang: str) -> Any:
    a = assessment_in(prepared, "2026Q3", "submitted")
    m = meeting(prepared, kind="regular")
    return login("leader").post(
        f"/meetings/{m.pk}/approve/",
        {"assessment": a.pk, "revision": a.revision},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def _link_a_submitted_assessment(prepared: Prepared, login: Any, lang: str) -> Any:
    a = assessment_in(prepared, "2026Q3", "submitted")
    m = _joint(prepared)
    return login("admin").post(
        f"/meetings/{m.pk}/link/", {"assessment": a.pk}, follow=True, HTTP_ACCEPT_LANGUAGE=lang
    )


def _attendance_on_a_stale_page(prepared: Prepared, login: Any, lang: str) -> Any:
    m = meeting(prepared)
    return login("admin").post(
        f"/meetings/{m.pk}/attendance/",
        {"revision": m.revision - 1},
        follow=True,
        HTTP_ACCEPT_LANGUAGE=lang,
    )


# (the refused request, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        _approve_at_a_regular_meeting,
        "只有党政联席会议可以审定考评",
        "Only a joint Party-government meeting can approve an assessment",
    ),
    (
        _link_a_submitted_assessment,
        "2026Q3考评第1版尚未审定（当前状态：已提交联席会议）",
        "Version 1 of the 2026Q3 assessment is not approved yet "
        "(current status: Submitted to the joint meeting)",
    ),
    (
        _attendance_on_a_stale_page,
        "您打开之后，该会议记录已被他人修改，请刷新页面核对后再保存",
        "Someone else changed this meeting record after you opened it; "
        "please reload the page, check it and save again",
    ),
]


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
def test_a_refused_meeting_action_is_said_in_english_to_an_english_request(
    prepared: Prepared, login: Any, refused: Any, chinese: str, english: str
) -> None:
    page = html.unescape(refused(prepared, login, "en").content.decode())
    assert english in page
    assert chinese not in page


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
def test_the_same_refusal_is_said_in_chinese_to_a_chinese_request(
    prepared: Prepared, login: Any, refused: Any, chinese: str, english: str
) -> None:
    page = html.unescape(refused(prepared, login, "zh-hans").content.decode())
    assert chinese in page
    assert english not in page


def test_a_meeting_dated_after_today_is_refused_in_english(prepared: Prepared, login: Any) -> None:
    from django.utils import timezone

    a = assessment_in(prepared, "2026Q3", "submitted")
    later = timezone.localdate().replace(year=timezone.localdate().year + 1)
    r = login("leader").post(
        f"/meetings/{_joint(prepared, later).pk}/approve/",
        {"assessment": a.pk, "revision": a.revision},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        f"The meeting date {later:%Y-%m-%d} is after today; an approval can be recorded "
        "only after the meeting"
    ) in html.unescape(r.content.decode())
