"""Who may do what is on record: accounts created and roles granted or revoked,
by whom and when, written with the change and shown on the users page."""

from __future__ import annotations

from typing import Any

from kaoping.web.core.models import Membership, RoleChange
from tests.asking import yes

NEW = {
    "username": "lingdao2",
    "password1": "another-horse-battery-7",
    "password2": "another-horse-battery-7",
    "role": "leader",
}


def test_creating_a_user_records_the_account_and_its_role(login: Any, world: Any) -> None:
    r = login("admin").post("/users/", NEW)
    assert r.status_code == 302
    rows = list(
        RoleChange.objects.order_by("id").values_list(
            "action", "actor__username", "username", "role"
        )
    )
    assert rows == [
        ("create_user", "admin", "lingdao2", ""),
        ("grant", "admin", "lingdao2", "leader"),
    ]


def test_revoking_a_role_is_recorded_and_the_page_shows_the_record(login: Any, world: Any) -> None:
    client = login("admin")
    client.post("/users/", NEW)
    m = Membership.objects.get(user__username="lingdao2")
    client.post(f"/users/roles/{m.pk}/delete/", yes())
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert RoleChange.objects.filter(action="revoke", username="lingdao2", role="leader").exists()
    page = client.get("/users/").content.decode()
    record = page.split('id="role-changes"')[1].split("</table>")[0]
    for text in ("创建账号", "授予角色", "撤销角色", "lingdao2", "领导", "admin"):
        assert text in record


def test_another_townships_record_is_not_shown(login: Any, world: Any) -> None:
    login("outsider").post("/users/", NEW)
    page = login("admin").get("/users/").content.decode()
    record = page.split('id="role-changes"')[1].split("</table>")[0]
    assert "lingdao2" not in record and "暂无" in record


def test_role_changes_in_django_admin_are_recorded(client: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    target = world.users["reporter2"]
    r = client.post(
        "/admin/kaoping/membership/add/",
        {"user": target.pk, "role": "leader", "unit": world.t1.pk},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    m = Membership.objects.get(user=target, role="leader")
    client.post(
        f"/admin/kaoping/membership/{m.pk}/change/",
        {"user": target.pk, "role": "admin", "unit": world.t1.pk},
    )
    client.post(f"/admin/kaoping/membership/{m.pk}/delete/", {"post": "yes"})
    rows = list(
        RoleChange.objects.filter(username="reporter2")
        .order_by("id")
        .values_list("action", "actor__username", "role")
    )
    assert rows == [
        ("grant", "root", "leader"),
        ("revoke", "root", "leader"),
        ("grant", "root", "admin"),
        ("revoke", "root", "admin"),
    ]
