"""A refused dispatch input says why in the language of the request: the day
report, the settings and the catch-ups word their refusals as whole sentences."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from .conftest import Dispatch

DAY = "2026-05-04"


def _report(client: Any, d: Dispatch, lang: str, **extra: str) -> Any:
    data = {"day": DAY, "u_V1": "3", "u_V2": "9", "note": "x"} | extra
    return client.post(
        reverse("dispatch:area", args=[d.campaign.pk, "A1"]), data, HTTP_ACCEPT_LANGUAGE=lang
    )


def _settings(client: Any, d: Dispatch, lang: str, **extra: str) -> Any:
    data = {"report_by": "16:30", "lag_points": "8", "catch_up_days": "2"} | extra
    return client.post(
        reverse("dispatch:settings", args=[d.campaign.pk]), data, HTTP_ACCEPT_LANGUAGE=lang
    )


# (who, the refused request, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        "chief",
        lambda c, d, lang: _report(c, d, lang, day="2026-06-01"),
        "日期2026-06-01不在活动期间（2026-05-01至2026-05-10）内",
        "The date 2026-06-01 is not within the campaign (2026-05-01 to 2026-05-10)",
    ),
    (
        "chief",
        lambda c, d, lang: _report(c, d, lang, u_V1="abc"),
        "（填写的是“abc”）",
        '(you wrote "abc")',
    ),
    (
        "admin",
        lambda c, d, lang: _settings(c, d, lang, lag_points="101"),
        "落后进度阈值（百分点）：落后进度阈值应在0至100个百分点之间，填写的是101",
        "Lag threshold (percentage points): The lag threshold must be between 0 and 100 "
        "percentage points; 101 was entered",
    ),
]


@pytest.mark.parametrize(("who", "refused", "chinese", "english"), REFUSALS)
def test_a_refused_dispatch_input_is_said_in_english_to_an_english_request(
    login: Any, dispatch: Dispatch, who: str, refused: Any, chinese: str, english: str
) -> None:
    r = refused(login(who), dispatch, "en")
    page = html.unescape(r.content.decode())
    assert r.status_code == 400
    assert english in page
    assert chinese not in page


@pytest.mark.parametrize(("who", "refused", "chinese", "english"), REFUSALS)
def test_the_same_refusal_is_said_in_chinese_to_a_chinese_request(
    login: Any, dispatch: Dispatch, who: str, refused: Any, chinese: str, english: str
) -> None:
    page = html.unescape(refused(login(who), dispatch, "zh-hans").content.decode())
    assert chinese in page
