"""A county admin creates and revokes the county's and its townships' staff accounts
in the app, within the county only; a unit's last admin cannot be removed; a
person whose every role was revoked sees a page that says so and can still
change their password and log out."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from kaoping.web.core.models import Membership, RoleChange, Unit

from .conftest import PASSWORD

NEW = "a-fresh-passphrase-42"
R = Membership.Role


@pytest.fixture
def county_admin(world: Any) -> Any:
    user = get_user_model().objects.create_user("county_admin", password=PASSWORD)
    Membership.objects.create(user=user, role=R.ADMIN, unit=world.county)
    return user


@pytest.fixture
def other_county(world: Any) -> Unit:
    c2 = Unit.objects.create(code="C2", name="邻县", level=Unit.Level.COUNTY)
    return Unit.objects.create(code="T9", name="邻县镇", level=Unit.Level.TOWNSHIP, parent=c2)


def create(client: Any, role: str, unit: Unit, name: str = "new.staff") -> Any:
    return client.post(
        "/users/county/",
        {"username": name, "password1": NEW, "password2": NEW, "role": role, "unit": unit.pk},
    )


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        ("admin", "t1"),
        ("leader", "t2"),
        ("assessor", "t1"),
        ("admin", "county"),
        ("leader", "county"),
    ],
)
def test_a_county_admin_creates_staff_accounts_for_the_county_and_its_townships(
    client: Any, world: Any, county_admin: Any, role: str, unit: str
) -> None:
    client.force_login(county_admin)
    target = getattr(world, unit)
    assert create(client, role, target).status_code == 302
    user = get_user_model().objects.get(username="new.staff")
    assert list(user.memberships.values_list("role", "unit")) == [(role, target.pk)]
    actions = RoleChange.objects.filter(user=user).values_list("action", "actor", "unit")
    assert set(actions) == {
        ("create_user", county_admin.pk, target.pk),
        ("grant", county_admin.pk, target.pk),
    }


def test_a_new_township_admin_manages_that_township(
    client: Any, world: Any, county_admin: Any
) -> None:
    client.force_login(county_admin)
    create(client, "admin", world.t2)
    assert client.post("/login/", {"username": "new.staff", "password": NEW}).status_code == 302
    assert "红旗镇" in client.get("/users/").content.decode()


@pytest.mark.parametrize(
    ("role", "unit", "field_error"),
    [
        ("assessor", "county", "镇办工作人员只能属于乡镇"),
        ("reporter", "t1", "reporter"),  # not among the choices
        ("admin", "other", "选择一个有效的选项"),  # a township of another county
        ("admin", "v1", "选择一个有效的选项"),  # a village
    ],
)
def test_a_county_admin_cannot_create_outside_their_reach(
    client: Any,
    world: Any,
    county_admin: Any,
    other_county: Unit,
    role: str,
    unit: str,
    field_error: str,
) -> None:
    client.force_login(county_admin)
    target = other_county if unit == "other" else getattr(world, unit)
    r = create(client, role, target)
    assert r.status_code == 200 and field_error in r.content.decode()
    assert not get_user_model().objects.filter(username="new.staff").exists()


@pytest.mark.parametrize("persona", ["admin", "assessor", "leader", "reporter", "outsider"])
def test_only_a_county_admin_opens_the_county_accounts_page(login: Any, persona: str) -> None:
    client = login(persona)
    assert client.get("/users/county/").status_code == 403
    assert client.post("/users/county/", {}).status_code == 403


def test_a_county_leader_is_not_a_county_admin(client: Any, world: Any) -> None:
    user = get_user_model().objects.create_user("county_leader", password=PASSWORD)
    Membership.objects.create(user=user, role=R.LEADER, unit=world.county)
    client.force_login(user)
    assert client.get("/users/county/").status_code == 403


def test_a_county_admin_reads_the_townships_but_does_not_manage_them(
    client: Any, world: Any, county_admin: Any
) -> None:
    client.force_login(county_admin)
    assert client.get("/units/T1/").status_code == 200
    assert client.get("/users/").status_code == 403  # a township's users are its admin's
    assert "县级与乡镇账号" in client.get("/").content.decode()


def test_a_county_admin_revokes_within_the_county_only(
    client: Any, world: Any, county_admin: Any, other_county: Unit
) -> None:
    leader = Membership.objects.get(user=world.users["leader"])
    stranger = get_user_model().objects.create_user("stranger", password=PASSWORD)
    far = Membership.objects.create(user=stranger, role=R.LEADER, unit=other_county)
    reporter = Membership.objects.get(user=world.users["reporter"])
    client.force_login(county_admin)
    assert (
        client.post(f"/users/county/roles/{leader.pk}/delete/", {"confirmed": "yes"}).status_code
        == 302
    )
    assert not Membership.objects.filter(pk=leader.pk).exists()
    assert RoleChange.objects.filter(action="revoke", user=world.users["leader"]).exists()
    for kept in (far, reporter):
        assert (
            client.post(f"/users/county/roles/{kept.pk}/delete/", {"confirmed": "yes"}).status_code
            == 404
        )
        assert Membership.objects.filter(pk=kept.pk).exists()


def test_a_townships_last_admin_cannot_be_revoked(
    client: Any, world: Any, county_admin: Any
) -> None:
    only = Membership.objects.get(user=world.users["outsider"])  # T2's only admin
    client.force_login(county_admin)
    r = client.post(f"/users/county/roles/{only.pk}/delete/", {"confirmed": "yes"}, follow=True)
    assert "只剩这一位管理员" in r.content.decode()
    assert Membership.objects.filter(pk=only.pk).exists()
    assert not RoleChange.objects.filter(action="revoke").exists()


def test_with_a_second_admin_one_of_them_may_go(login: Any, world: Any) -> None:
    second = get_user_model().objects.create_user("admin2", password=PASSWORD)
    m = Membership.objects.create(user=second, role=R.ADMIN, unit=world.t1)
    r = login("admin").post(f"/users/roles/{m.pk}/delete/", {"confirmed": "yes"}, follow=True)
    assert "已撤销该角色" in r.content.decode()
    assert not Membership.objects.filter(pk=m.pk).exists()


def test_a_person_without_a_role_sees_why_and_can_still_change_the_password(
    login: Any, world: Any
) -> None:
    Membership.objects.filter(user=world.users["reporter"]).delete()
    client = login("reporter")
    page = client.get("/").content.decode()
    assert 'id="no-role"' in page and "没有任何角色" in page
    r = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert r.status_code == 302
    assert client.post("/logout/").status_code == 302


def test_revoking_without_the_answer_asks_whom_and_what_and_changes_nothing(
    client: Any, world: Any, county_admin: Any
) -> None:
    leader = Membership.objects.get(user=world.users["leader"])
    client.force_login(county_admin)
    url = f"/users/county/roles/{leader.pk}/delete/"
    page = client.post(url).content.decode()
    question = "撤销后，leader将不能再以东风镇领导的身份办理业务。确定撤销吗？"
    assert f'<p class="warning" id="question">{question}</p>' in page
    assert Membership.objects.filter(pk=leader.pk).exists()
    assert not RoleChange.objects.filter(action="revoke").exists()
    # The list's button asks the same in its dialog; the page's button acts.
    assert f'data-confirm="{question}"' in client.get("/users/county/").content.decode()
    assert f'action="{url}"' in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=leader.pk).exists()
