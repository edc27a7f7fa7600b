"""The county's acceptance refuses in the language of the request: the refusals
are worded through the assessment catalogue when they are raised."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from .conftest import PERIOD, CountyWorld, township_approved


def _refused(client: Any, cw: CountyWorld, data: dict[str, Any], lang: str) -> str:
    client.force_login(cw.users["county_leader"])
    url = reverse("assessment:county_acceptance", args=["C1"])
    form = {"township": "T2", "period": PERIOD, **data}
    r = client.post(url, form, HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 302
    return html.unescape(client.get(r["Location"], HTTP_ACCEPT_LANGUAGE=lang).content.decode())


# (what is posted, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        {"action": "return", "reason": " "},
        "退回乡镇时请写明原因",
        "Please give the reason for returning it to the township",
    ),
    (
        {"action": "return", "reason": "不" * 1001},
        "退回原因不能超过1000字，收到1001字",
        "The reason for returning it can be at most 1000 characters; received 1001",
    ),
]


@pytest.mark.parametrize(("data", "chinese", "english"), REFUSALS)
def test_a_county_refusal_is_said_in_english_to_an_english_request(
    client: Any, cw: CountyWorld, data: dict[str, Any], chinese: str, english: str
) -> None:
    township_approved(cw)
    page = _refused(client, cw, data, "en")
    assert english in page
    assert chinese not in page


@pytest.mark.parametrize(("data", "chinese", "english"), REFUSALS)
def test_the_same_county_refusal_is_said_in_chinese_to_a_chinese_request(
    client: Any, cw: CountyWorld, data: dict[str, Any], chinese: str, english: str
) -> None:
    township_approved(cw)
    page = _refused(client, cw, data, "zh-hans")
    assert chinese in page
    assert english not in page


def test_returning_twice_names_the_version_in_english(client: Any, cw: CountyWorld) -> None:
    a = township_approved(cw)
    _refused(client, cw, {"action": "return", "reason": "台账不全"}, "en")
    page = _refused(client, cw, {"action": "return", "reason": "台账不全"}, "en")
    town = cw.units["T2"].name
    assert (
        f"Version {a.version} of the Q3 2026 assessment of {town} has been returned "
        "to the township, awaiting its correction"
    ) in page
