"""A refused county assessment action says why in the language active when it is
refused (the request's): whole sentences of the assessment catalogue, the field
names (the rubric's, data) and the values typed placed in them."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from kaoping.web.assessment import county
from kaoping.web.assessment.refusals import Refused

from .conftest import PERIOD, CountyWorld


def _enter(cw: CountyWorld, kind: str, key: str, value: str, reason: str = "") -> Any:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    return county.enter(a.pk, "T1", kind, key, value, reason, cw.users["county_admin"])


# (the refused call, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        lambda cw: _enter(cw, "figure", "accuracy", "abc"),
        "统计数据准确率应为数字，收到“abc”",
        '统计数据准确率 should be a number; received "abc"',
    ),
    (
        lambda cw: _enter(cw, "deduction", "work", "2", "x"),
        "工作落实的扣分应大于0且不超过该项满分1分，收到“2”",
        "The deduction for 工作落实 should be above 0 and at most the item's full 1 points; "
        'received "2"',
    ),
    (
        lambda cw: _enter(cw, "deduction", "work", "0.5", " "),
        "请写明工作落实的扣分理由",
        "Please give the reason for the deduction for 工作落实",
    ),
    (
        lambda cw: _enter(cw, "figure", "invited", "5"),
        "指标“invited”由各村数据汇总，不由县级录入",
        'The element "invited" is rolled up from the villages\' figures, not entered by the county',
    ),
    (
        lambda cw: county.transition(
            county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"]).pk,
            "publish",
            cw.users["county_leader"],
        ),
        "只有已审定的考评可以公布（当前状态：草稿）",
        "Only an approved assessment can be published (current status: Draft)",
    ),
]


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_county_refusal_is_said_in_the_language_active_when_it_is_raised(
    cw: CountyWorld, refused: Any, chinese: str, english: str, lang: str
) -> None:
    with translation.override(lang), pytest.raises(Refused) as caught:
        refused(cw)
    assert caught.value.message == (english if lang == "en" else chinese)


def test_a_bad_entry_is_refused_in_english_on_the_page(client: Any, cw: CountyWorld) -> None:
    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    client.force_login(cw.users["county_admin"])
    r = client.post(
        reverse("assessment:county_entry", args=[a.pk]),
        {"township": "T1", "kind": "figure", "key": "accuracy", "value": "九成"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = html.unescape(r.content.decode())
    assert r.status_code == 400
    assert '统计数据准确率 should be a number; received "九成"' in page
