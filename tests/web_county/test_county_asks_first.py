"""Approving and publishing a county assessment ask first, on the server: a POST
without ``confirmed=yes`` changes nothing and answers with a page saying what will
happen to how many townships; its button sends the same fields with the answer."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment

from .conftest import CountyWorld

pytestmark = pytest.mark.django_db


def _fields(page: str) -> dict[str, str]:
    form = re.search(r'<form method="post" action="[^"]*" id="ask-first">(.*?)</form>', page, re.S)
    assert form is not None, page
    return {
        n: html.unescape(v)
        for n, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form[1])
        if n != "csrfmiddlewaretoken"
    }


def _question(page: str) -> str:
    found = re.search(r'<p class="warning" id="question">([^<]*)</p>', page)
    assert found is not None, page
    return html.unescape(found[1])


def test_approving_without_the_answer_asks_with_the_number_of_townships_and_changes_nothing(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    client.force_login(cw.users["county_leader"])
    url = reverse("assessment:county_step", args=[computed.pk, "approve"])
    r = client.post(url, {"revision": computed.revision})
    assert r.status_code == 200
    page = r.content.decode()
    assert _question(page) == (
        "审定后示范县2026Q3考评的结果冻结：3个乡镇的得分和名次不能再录入或重新计算；"
        "它读取的7份村（社区）报表随之锁定，乡镇不能再解锁更正。确定审定吗？"
    )
    assert CountyAssessment.objects.get(pk=computed.pk).status == "draft"
    # The page sends the revision shown with the answer, to the same address.
    assert _fields(page) == {"revision": str(computed.revision), "confirmed": "yes"}
    assert f'action="{url}"' in page
    assert client.post(url, _fields(page)).status_code == 302
    assert CountyAssessment.objects.get(pk=computed.pk).status == "approved"


def test_publishing_without_the_answer_asks_and_changes_nothing(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    county.transition(computed.pk, "approve", cw.users["county_leader"])
    client.force_login(cw.users["county_admin"])
    url = reverse("assessment:county_step", args=[computed.pk, "publish"])
    page = client.post(url).content.decode()
    assert _question(page) == (
        "公布后示范县2026Q3考评3个乡镇的得分和名次即为正式结果，公布不能撤回。确定公布吗？"
    )
    assert CountyAssessment.objects.get(pk=computed.pk).status == "approved"
    assert client.post(url, _fields(page)).status_code == 302
    assert CountyAssessment.objects.get(pk=computed.pk).status == "published"


def test_the_buttons_ask_the_same_question_in_their_dialog(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    client.force_login(cw.users["county_leader"])
    page = html.unescape(client.get(f"/assessment/county/a/{computed.pk}/").content.decode())
    assert 'data-confirm="审定后示范县2026Q3考评的结果冻结：3个乡镇' in page


def test_someone_who_may_not_approve_is_refused_before_being_asked(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    client.force_login(cw.users["county_admin"])
    r = client.post(reverse("assessment:county_step", args=[computed.pk, "approve"]))
    assert r.status_code == 403


def test_a_leader_who_computed_is_refused_by_the_four_eyes_before_being_asked(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    # The leader ran the computation (the service does not ask for the role).
    again = county.compute(computed.pk, cw.users["county_leader"])
    client.force_login(cw.users["county_leader"])
    url = reverse("assessment:county_step", args=[again.pk, "approve"])
    r = client.post(url, {"revision": again.revision}, follow=True)
    page = r.content.decode()
    assert 'id="ask-first"' not in page
    assert "county_leader参与编制了本考评（创建、录入或计算），不能由其审定" in page
    assert CountyAssessment.objects.get(pk=again.pk).status == "draft"


def test_a_stale_page_is_refused_before_being_asked(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    client.force_login(cw.users["county_leader"])
    url = reverse("assessment:county_step", args=[computed.pk, "approve"])
    page = client.post(url, {"revision": computed.revision - 1}, follow=True).content.decode()
    assert 'id="ask-first"' not in page
    assert "您查看之后，该考评已被重新计算或修改" in page
