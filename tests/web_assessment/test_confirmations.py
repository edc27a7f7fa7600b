"""Actions that cannot be taken back, or that others see at once, ask first and say
what will happen, on the server too: a POST without the answer changes nothing and
shows the question; the dialog asks the same (tests/web_assessment/test_browser.py
answers it both ways). Whoever may not take the step is refused before being asked."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.assessment.models import Assessment, Rectification
from tests.asking import asks, dialog, question, resent, yes

from .conftest import Prepared, assessment_in
from .followup_world import Q3_ITEMS, items, use_followup_rubric

pytestmark = pytest.mark.django_db

APPROVE_Q4 = (
    "审定后东风镇2026Q4考评第1版的结果冻结：3个村（居）的得分和名次不能再重新计算，"
    "所读报表一并锁定；讲评兑现没有要下达的整改事项。确定审定吗？"
)
PUBLISH_Q4 = (
    "公布后东风镇2026Q4考评第1版的得分、名次和讲评兑现即对3个村（居）可见，公布不能撤回。"
    "确定公布吗？"
)


@pytest.mark.parametrize(
    ("status", "persona", "button", "said"),
    [("submitted", "leader", "approve", APPROVE_Q4), ("approved", "admin", "publish", PUBLISH_Q4)],
)
def test_approving_and_publishing_ask_first_in_the_dialog(
    prepared: Prepared, login: Any, status: str, persona: str, button: str, said: str
) -> None:
    a = assessment_in(prepared, "2026Q4", status)
    page = login(persona).get(f"/assessment/{a.pk}/").content.decode()
    assert dialog(page, button) == said


def test_approving_without_the_answer_asks_with_the_follow_ups_counted_and_changes_nothing(
    prepared: Prepared, login: Any
) -> None:
    use_followup_rubric(prepared)
    a = assessment_in(prepared, "2026Q3", "submitted")
    client = login("leader")
    url = f"/assessment/{a.pk}/approve/"
    r = client.post(url, {"revision": str(a.revision)})
    assert r.status_code == 200
    page = r.content.decode()
    # 镇中社区 is the bottom unit: four items (followup_world.Q3_ITEMS).
    assert question(page) == (
        "审定后东风镇2026Q3考评第1版的结果冻结：3个村（居）的得分和名次不能再重新计算，"
        "所读报表一并锁定，并按讲评兑现下达4项整改事项。确定审定吗？"
    )
    assert Assessment.objects.get(pk=a.pk).status == "submitted"
    assert not Rectification.objects.exists()
    assert resent(page) == {"revision": [str(a.revision)], "confirmed": ["yes"]}
    assert f'action="{url}"' in page
    assert client.post(url, {"revision": str(a.revision), "confirmed": "yes"}).status_code == 302
    assert Assessment.objects.get(pk=a.pk).status == "approved"
    assert len(items(prepared.world.t1)) == len(Q3_ITEMS) == 4


def test_publishing_without_the_answer_asks_and_changes_nothing(
    prepared: Prepared, login: Any
) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    client = login("assessor")
    url = f"/assessment/{a.pk}/publish/"
    page = client.post(url, {"revision": str(a.revision)}).content.decode()
    assert question(page) == PUBLISH_Q4
    assert Assessment.objects.get(pk=a.pk).status == "approved"
    assert client.post(url, yes({"revision": str(a.revision)})).status_code == 302
    assert Assessment.objects.get(pk=a.pk).status == "published"


@pytest.mark.parametrize(
    ("status", "action", "persona"),
    [
        ("submitted", "approve", "admin"),
        ("submitted", "approve", "assessor"),
        ("submitted", "approve", "county"),
        ("approved", "publish", "leader"),
        ("approved", "publish", "county"),
    ],
)
def test_a_persona_without_the_right_is_refused_before_being_asked(
    prepared: Prepared, login: Any, status: str, action: str, persona: str
) -> None:
    a = assessment_in(prepared, "2026Q4", status)
    r = login(persona).post(f"/assessment/{a.pk}/{action}/", {"revision": str(a.revision)})
    assert r.status_code == 403
    assert not asks(r.content.decode())
    assert Assessment.objects.get(pk=a.pk).status == status


def test_a_leader_who_computed_is_refused_by_the_four_eyes_before_being_asked(
    prepared: Prepared, login: Any
) -> None:
    from kaoping.web.assessment import services

    a = assessment_in(prepared, "2026Q4", "draft")
    services.compute(a.pk, prepared.users["leader"])
    services.transition(a.pk, "submit", prepared.users["assessor"])
    a.refresh_from_db()
    url = f"/assessment/{a.pk}/approve/"
    page = login("leader").post(url, {"revision": str(a.revision)}, follow=True).content.decode()
    assert not asks(page)
    assert "leader参与编制了本考评（创建、计算或人工扣分），不能由其审定" in page
    assert Assessment.objects.get(pk=a.pk).status == "submitted"


def test_returning_and_submitting_do_not_ask(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "submitted")
    r = login("leader").post(
        f"/assessment/{a.pk}/return/", {"note": "数据需再核", "revision": str(a.revision)}
    )
    assert r.status_code == 302
    assert Assessment.objects.get(pk=a.pk).status == "draft"
