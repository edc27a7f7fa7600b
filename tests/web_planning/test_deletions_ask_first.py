"""A deletion asks first on the server (core.asking), in the words its page's
dialog uses: a POST without the answer deletes nothing and says what would go;
the question page sends the same fields again with the answer; a deletion that
cannot happen says why instead of asking; a persona without the right is refused
before being asked."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kaoping.web.planning.models import Allocation, Deletion, Reminder, ServiceDay
from tests.asking import asks, dialog, question, resent

from .conftest import spare_allocation

# (what, the object, its address, the question's words, the model)
CASES: dict[str, tuple[Any, str, str, Any]] = {
    "allocation": (
        spare_allocation,
        "/planning/allocations/{pk}/delete/",
        "将删除任务分解“产后访视任务”及分到2个村（社区）的数目，并留下删除记录；删除后可重新分解。确定删除吗？",
        Allocation,
    ),
    "service day": (
        lambda plans: plans.days["V1"],
        "/planning/service-days/{pk}/delete/",
        "将删除东村2026-05-20的服务日安排，并留下删除记录；如已送达服务通知单，请另行告知村民。确定删除吗？",
        ServiceDay,
    ),
    "reminder": (
        lambda plans: plans.reminders["V1"],
        "/planning/reminders/{pk}/delete/",
        "将删除提醒单2026Q2-V1-01（东村），村里不再看到它，并留下删除记录；如所提问题仍未解决，下次生成提醒单时会重新生成。确定删除吗？",
        Reminder,
    ),
}


@pytest.mark.parametrize("what", list(CASES))
def test_a_deletion_without_the_answer_deletes_nothing_and_says_what_would_go(
    login: Any, plans: Any, what: str
) -> None:
    make, url, words, model = CASES[what]
    obj = make(plans)
    client = login("admin")
    r = client.post(url.format(pk=obj.pk))
    page = r.content.decode()
    assert r.status_code == 200
    assert asks(page)
    assert question(page) == words
    assert model.objects.filter(pk=obj.pk).exists()
    assert not Deletion.objects.exists()
    # The page's own dialog asks in the same words.
    detail = client.get(url.format(pk=obj.pk).removesuffix("delete/")).content.decode()
    assert dialog(detail, "delete-button") == words
    # The question page sends the form again with the answer, which deletes.
    again = resent(page)
    assert again.pop("confirmed") == ["yes"]
    client.post(url.format(pk=obj.pk), {**again, "confirmed": "yes"})
    assert not model.objects.filter(pk=obj.pk).exists()
    assert Deletion.objects.count() == 1


def test_a_service_days_question_keeps_the_attendance_the_page_saw(login: Any, plans: Any) -> None:
    sd = plans.days["V1"]
    ServiceDay.objects.filter(pk=sd.pk).update(invited=20, attended=18)
    client = login("admin")
    seen = re.search(
        r'name="seen_recorded" value="([^"]*)"',
        client.get(f"/planning/service-days/{sd.pk}/").content.decode(),
    )
    assert seen is not None
    page = client.post(
        f"/planning/service-days/{sd.pk}/delete/", {"seen_recorded": seen.group(1)}
    ).content.decode()
    assert "连同已登记的出勤情况" in page
    assert resent(page) == {"seen_recorded": [seen.group(1)], "confirmed": ["yes"]}


def test_an_allocation_a_campaign_uses_is_refused_without_being_asked(
    login: Any, plans: Any
) -> None:
    alloc = plans.allocations["T1"]
    r = login("admin").post(f"/planning/allocations/{alloc.pk}/delete/", follow=True)
    page = r.content.decode()
    assert "已被专项活动“筛查预约专项活动”使用，不能删除" in page
    assert not asks(page)
    assert Allocation.objects.filter(pk=alloc.pk).exists()


@pytest.mark.parametrize("what", list(CASES))
@pytest.mark.parametrize("persona", ["leader", "reporter", "outsider"])
def test_a_persona_without_the_right_is_refused_before_being_asked(
    login: Any, plans: Any, what: str, persona: str
) -> None:
    make, url, _words, model = CASES[what]
    obj = make(plans)
    r = login(persona).post(url.format(pk=obj.pk))
    assert r.status_code in (403, 404)
    assert not asks(r.content.decode())
    assert model.objects.filter(pk=obj.pk).exists()
