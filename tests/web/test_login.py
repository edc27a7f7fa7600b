"""Logging in: Django's password hashing, a limit on failed attempts, CSRF on forms."""

from __future__ import annotations

from typing import Any

from django.test import Client

from .conftest import PASSWORD


def attempt(client: Any, password: str, username: str = "reporter") -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_the_right_password_logs_in(client: Any, world: Any) -> None:
    r = attempt(client, PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/"


def test_a_wrong_password_says_so_in_chinese(client: Any, world: Any) -> None:
    r = attempt(client, "wrong")
    assert r.status_code == 200
    assert "用户名或密码不正确" in r.content.decode()


def test_passwords_are_stored_hashed(world: Any) -> None:
    user = world.users["reporter"]
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_five_failures_lock_the_name_even_against_the_right_password(
    client: Any, world: Any
) -> None:
    for _ in range(5):
        assert attempt(client, "wrong").status_code == 200
    r = attempt(client, PASSWORD)
    assert r.status_code == 429
    assert "登录失败次数过多" in r.content.decode()
    # another user from the same address is not locked out
    assert attempt(client, PASSWORD, username="admin").status_code == 302


def test_a_success_clears_earlier_failures(client: Any, world: Any) -> None:
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302


def test_forms_refuse_a_post_without_the_csrf_token(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reporter"])
    r = client.post(f"/report/{world.ds.pk}/V1/2026Q3/", {"version": "0", "invited": "1"})
    assert r.status_code == 403


def test_pages_need_a_login(client: Any, world: Any) -> None:
    r = client.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_pages_are_chinese_first_and_english_on_request(client: Any, world: Any) -> None:
    assert "用户名" in client.get("/login/").content.decode()
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "User name" in page and "用户名" not in page
    client.force_login(world.users["reporter"])
    page = client.get(
        f"/report/{world.ds.pk}/V1/2026Q3/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Save draft" in page and "Submit" in page
    r = client.post(
        f"/report/{world.ds.pk}/V1/2026Q3/",
        {"version": "0", "action": "save", "invited": "abc"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "'abc' is not a number" in r.content.decode().replace("&#x27;", "'")
