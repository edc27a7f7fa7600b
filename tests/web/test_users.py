"""The township admin's users: created with Django's password rules, bound to units."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from kaoping.web.core.models import Membership, RoleChange
from tests.asking import asks, question, resent, yes


def new_user(client: Any, **fields: Any) -> Any:
    data = {
        "username": "zhuangan",
        "password1": "Village-2026-report",
        "password2": "Village-2026-report",
    }
    data.update(fields)
    return client.post("/users/", data)


def test_a_reporter_is_bound_to_the_villages_ticked(login: Any, world: Any, client: Any) -> None:
    r = new_user(login("admin"), role="reporter", units=[world.v1.pk, world.v3.pk])
    assert r.status_code == 302
    user = get_user_model().objects.get(username="zhuangan")
    assert user.check_password("Village-2026-report") and "Village" not in user.password
    assert sorted(Membership.objects.filter(user=user).values_list("unit__code", flat=True)) == [
        "V1",
        "V3",
    ]
    client.force_login(user)
    # their home page lists the forms of exactly the villages ticked
    page = client.get("/").content.decode()
    assert "东村" in page and "镇中社区" in page and "西村" not in page


def test_staff_roles_are_bound_to_the_township(login: Any, world: Any) -> None:
    new_user(login("admin"), role="leader")
    m = Membership.objects.get(user__username="zhuangan")
    assert (m.role, m.unit) == ("leader", world.t1)


def test_a_reporter_needs_a_village_and_a_strong_password(login: Any, world: Any) -> None:
    page = new_user(login("admin"), role="reporter").content.decode()
    assert "填报员至少要负责一个村/社区" in page
    page = new_user(
        login("admin"), role="leader", password1="123", password2="123"
    ).content.decode()
    assert not get_user_model().objects.filter(username="zhuangan").exists()
    assert "password2" in page


def test_another_townships_village_cannot_be_assigned(login: Any, world: Any) -> None:
    new_user(login("admin"), role="reporter", units=[world.w1.pk])
    assert not get_user_model().objects.filter(username="zhuangan").exists()


def test_only_the_townships_roles_can_be_revoked(login: Any, world: Any) -> None:
    other = Membership.objects.get(user=world.users["outsider"])
    assert login("admin").post(f"/users/roles/{other.pk}/delete/").status_code == 404
    mine = Membership.objects.get(user=world.users["reporter"])
    assert login("admin").post(f"/users/roles/{mine.pk}/delete/", yes()).status_code == 302
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_only_a_township_admin_manages_users(login: Any, world: Any) -> None:
    for persona in ["assessor", "leader", "reporter"]:
        assert login(persona).get("/users/").status_code == 403


def test_revoking_without_the_answer_asks_naming_the_account_unit_and_role(
    login: Any, world: Any
) -> None:
    mine = Membership.objects.get(user=world.users["reporter"], unit=world.v1)
    client = login("admin")
    url = f"/users/roles/{mine.pk}/delete/"
    page = client.post(url).content.decode()
    said = "撤销后，reporter将不能再以东村村专干（填报员）的身份办理业务。确定撤销吗？"
    assert question(page) == said
    assert resent(page) == {"confirmed": ["yes"]}
    assert Membership.objects.filter(pk=mine.pk).exists()
    assert not RoleChange.objects.filter(action="revoke").exists()
    listed = client.get("/users/").content.decode()
    assert f'data-confirm="{said}"' in listed
    assert client.post(url, yes()).status_code == 302
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_revoking_ones_own_admin_role_is_refused_before_being_asked(login: Any, world: Any) -> None:
    own = Membership.objects.get(user=world.users["admin"], role="admin")
    page = login("admin").post(f"/users/roles/{own.pk}/delete/", follow=True).content.decode()
    assert not asks(page)
    assert "不能撤销自己的管理员角色" in page
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_accounts_pages_title_is_plain_text(login: Any, world: Any) -> None:
    page = login("admin").get("/users/").content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "用户与角色 · kaoping"
    # The two-factor table is on the page once, in its body.
    assert page.count('id="two-factor"') == 1
