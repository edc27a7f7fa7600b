"""A refused action says why in the language of the request that was refused: the
services word their refusals through the assessment catalogue when they raise."""

from __future__ import annotations

import html
from typing import Any

import pytest

from kaoping.web.assessment import services
from kaoping.web.assessment.models import Assessment

from .conftest import Prepared, assessment_in


def _uncomputed(prepared: Prepared) -> Assessment:
    return services.create_assessment(
        prepared.world.t1, "2026Q4", prepared.rubric, prepared.users["assessor"]
    )


def _submit_uncomputed(prepared: Prepared, client: Any, lang: str) -> Any:
    a = _uncomputed(prepared)
    return client("assessor").post(
        f"/assessment/{a.pk}/submit/", follow=True, HTTP_ACCEPT_LANGUAGE=lang
    )


def _approve_twice(prepared: Prepared, client: Any, lang: str) -> Any:
    a = assessment_in(prepared, "2026Q4", "approved")
    return client("leader").post(
        f"/assessment/{a.pk}/approve/", follow=True, HTTP_ACCEPT_LANGUAGE=lang
    )


def _return_without_reason(prepared: Prepared, client: Any, lang: str) -> Any:
    a = assessment_in(prepared, "2026Q4", "submitted")
    return client("leader").post(
        f"/assessment/{a.pk}/return/", {"note": " "}, follow=True, HTTP_ACCEPT_LANGUAGE=lang
    )


def _correct_a_draft(prepared: Prepared, client: Any, lang: str) -> Any:
    a = assessment_in(prepared, "2026Q4", "draft")
    return client("assessor").post(
        f"/assessment/{a.pk}/correct/", {"reason": "x"}, follow=True, HTTP_ACCEPT_LANGUAGE=lang
    )


def _start_a_second(prepared: Prepared, client: Any, lang: str) -> Any:
    assessment_in(prepared, "2026Q4", "draft")
    return client("assessor").post(
        "/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1}, HTTP_ACCEPT_LANGUAGE=lang
    )


# (the refused request, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        _submit_uncomputed,
        "请先计算，再提交联席会议",
        "Please compute the assessment before submitting it to the joint meeting",
    ),
    (
        _approve_twice,
        "该考评已审定，不能再次审定（当前状态：已审定（冻结））",
        "This assessment is approved; it cannot be approved again "
        "(current status: Approved (frozen))",
    ),
    (_return_without_reason, "退回时请写明原因", "Please give the reason for returning it"),
    (
        _correct_a_draft,
        "只有已审定或已公布的考评可以更正；草稿可直接修改",
        "Only an approved or published assessment can be corrected; "
        "a draft can be changed directly",
    ),
    (
        _start_a_second,
        "2026Q4 已有未审定的考评（第1版），请在其上继续",
        "2026Q4 already has an assessment not yet approved (version 1); please continue with it",
    ),
]


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
def test_a_refusal_is_said_in_english_to_an_english_request(
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


def test_a_refusal_outside_a_request_is_in_chinese(prepared: Prepared) -> None:
    # The jobs and the command line raise outside any request: the default language.
    a = _uncomputed(prepared)
    with pytest.raises(services.Refused) as refused:
        services.transition(a.pk, "submit", prepared.users["assessor"])
    assert refused.value.message == "请先计算，再提交联席会议"
