"""An area's work group (dispatch:group), and a person's groups (dispatch:person)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.core.models import Person
from kaoping.web.dispatch.models import DispatchEvent, WorkGroupMember

from .conftest import Dispatch


def url(d: Dispatch) -> str:
    return reverse("dispatch:group", args=[d.campaign.pk, "A1"])


def people(d: Dispatch) -> tuple[Any, Any]:
    return Person.objects.get(name="林片长"), Person.objects.get(name="周干部")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("assessor", 200), ("leader", 403), ("chief", 404), ("outsider", 404)],
)
def test_the_work_group_is_set_by_the_townships_admin_and_assessors(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    assert login(persona).get(url(dispatch)).status_code == status


def test_saving_a_group_names_its_leader_members_and_accounts_with_an_audit_row(
    login: Any, dispatch: Dispatch
) -> None:
    lead, cadre = people(dispatch)
    response = login("admin").post(
        url(dispatch),
        {"name": "一片组", "leader": cadre.pk, "members": [lead.pk], "accounts": "周干部 member"},
    )
    assert response.status_code == 302
    rows = {
        (m.person.name, m.is_leader, m.user.username if m.user else None)
        for m in WorkGroupMember.objects.all()
    }
    assert rows == {("周干部", True, "member"), ("林片长", False, None)}
    assert DispatchEvent.objects.get(action="group").note == "第一片一片组：组长周干部，成员林片长"


@pytest.mark.parametrize(
    ("accounts", "message"),
    [
        ("周干部", "报送账号“周干部”应为“姓名 用户名”"),
        ("张三 member", "报送账号：“张三”不是本工作组的组长或成员"),
        ("周干部 nobody", "报送账号：用户名“nobody”不存在"),
        ("周干部 outsider", "报送账号：用户“outsider”不是本乡镇的用户"),
    ],
)
def test_bad_accounts_are_refused_naming_the_line(
    login: Any, dispatch: Dispatch, accounts: str, message: str
) -> None:
    lead, cadre = people(dispatch)
    response = login("admin").post(
        url(dispatch),
        {"name": "一片组", "leader": lead.pk, "members": [cadre.pk], "accounts": accounts},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    member = WorkGroupMember.objects.get(person=cadre).user
    assert member is not None and member.username == "member"  # unchanged


def test_a_person_of_another_township_cannot_lead_the_group(login: Any, dispatch: Dispatch) -> None:
    stranger = Person.objects.create(unit=dispatch.plans.world.w1, role="director", name="外镇人")
    response = login("admin").post(url(dispatch), {"name": "一片组", "leader": stranger.pk})
    assert response.status_code == 400
    assert "组长应为本乡镇登记的人员" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("leader", 200), ("chief", 404), ("reporter", 404), ("outsider", 404)],
)
def test_a_persons_page_lists_their_groups_for_township_staff(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    lead, _cadre = people(dispatch)
    response = login(persona).get(reverse("dispatch:person", args=[lead.pk]))
    assert response.status_code == status
    if status == 200:
        assert "筛查预约专项活动 · 第一片工作组" in response.content.decode()
        assert "组长" in response.content.decode()


def test_the_campaign_page_and_the_area_page_show_the_work_groups(
    login: Any, dispatch: Dispatch
) -> None:
    client = login("admin")
    campaign = client.get(
        reverse("planning:campaign", args=[dispatch.campaign.pk])
    ).content.decode()
    assert "第一片工作组" in campaign and "林片长" in campaign
    area = client.get(reverse("unit_detail", args=["A1"])).content.decode()
    assert "第一片工作组" in area and "筛查预约专项活动" in area


@pytest.mark.parametrize(("language", "shown"), [("zh-hans", "组长<a"), ("en", "Leader <a")])
def test_the_groups_leader_is_named_with_a_space_in_english(
    login: Any, dispatch: Dispatch, settings: Any, language: str, shown: str
) -> None:
    """English read "Leader周干部": the Chinese word goes straight before the name."""
    lead, cadre = people(dispatch)
    client = login("admin")
    client.post(url(dispatch), {"name": "一片组", "leader": cadre.pk, "members": [lead.pk]})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("dispatch:area", args=[dispatch.campaign.pk, "A1"])).content.decode()
    assert shown in page
