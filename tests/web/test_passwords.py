"""Changing a password, resetting a forgotten one by e-mail, and a township
admin's temporary password for the people of their township."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from kaoping.web.core.models import ApiToken
from tests.asking import asks, question, yes

from .conftest import PASSWORD

NEW = "a-fresh-passphrase-42"


def test_a_user_changes_their_password_and_stays_logged_in(login: Any, world: Any) -> None:
    client = login("reporter")
    _t, key = ApiToken.issue(world.users["reporter"], "t")
    r = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert r.status_code == 200 and "密码已修改" in r.content.decode()
    world.users["reporter"].refresh_from_db()
    assert world.users["reporter"].check_password(NEW)
    assert client.get("/").status_code == 200  # this session survives
    assert client.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_password_change_needs_the_old_password(login: Any, world: Any) -> None:
    r = login("reporter").post(
        "/account/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert r.status_code == 200
    world.users["reporter"].refresh_from_db()
    assert world.users["reporter"].check_password(PASSWORD)


def test_a_forgotten_password_is_reset_through_the_mailed_link(client: Any, world: Any) -> None:
    user = world.users["reporter"]
    user.email = "reporter@example.org"
    user.save()
    r = client.post("/account/password/reset/", {"email": "Reporter@example.org"})
    assert r.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reporter@example.org"]
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    r = client.get(link.group(1), follow=True)
    form_url = r.redirect_chain[-1][0]
    r = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert r.status_code == 302
    assert client.post("/login/", {"username": "reporter", "password": NEW}).status_code == 302
    # the link is used up
    client.logout()
    assert "该链接已失效" in client.get(link.group(1), follow=True).content.decode()


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client: Any, world: Any
) -> None:
    r = client.post("/account/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert "如果该邮箱登记在某个账号上" in r.content.decode()
    assert mail.outbox == []


def test_the_township_admin_sets_a_temporary_password_for_a_reporter(
    login: Any, world: Any
) -> None:
    client = login("admin")
    url = f"/users/{world.users['reporter'].pk}/temporary-password/"
    # Asked first, naming the person; nothing changes until the answer.
    page = client.post(url).content.decode()
    said = (
        "设置临时密码后，reporter原来的密码立即失效；reporter须用临时密码登录，并在"
        "打开其他页面前改设新密码。确定为reporter设置临时密码吗？"
    )
    assert question(page) == said
    assert 'id="temporary-password"' not in page
    world.users["reporter"].refresh_from_db()
    assert world.users["reporter"].check_password(PASSWORD)
    assert f'data-confirm="{said}"' in client.get("/users/").content.decode()
    r = client.post(url, yes())
    assert r.status_code == 200
    found = re.search(r'id="temporary-password">([^<]+)<', r.content.decode())
    assert found is not None
    password = found.group(1)
    world.users["reporter"].refresh_from_db()
    assert world.users["reporter"].check_password(password)


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("admin", "leader"),  # could then approve as the leader
        ("admin", "outsider"),  # another township's admin
        ("admin", "admin"),  # their own: use the password change
        ("outsider", "reporter"),  # another township's reporter
        ("assessor", "reporter"),  # not an admin
        ("reporter", "reporter2"),
    ],
)
def test_a_temporary_password_is_refused_outside_the_admins_reach(
    login: Any, world: Any, actor: str, target: str
) -> None:
    r = login(actor).post(f"/users/{world.users[target].pk}/temporary-password/")
    assert r.status_code in (403, 404)  # refused before being asked
    assert not asks(r.content.decode())
    world.users[target].refresh_from_db()
    assert world.users[target].check_password(PASSWORD)


def test_a_new_user_may_be_given_an_email_address_for_resets(login: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    r = login("admin").post(
        "/users/",
        {
            "username": "New.Reporter",
            "password1": NEW,
            "password2": NEW,
            "role": "reporter",
            "units": [world.v1.pk],
            "email": "new@example.org",
        },
    )
    assert r.status_code == 302
    user = get_user_model().objects.get(username="new.reporter")
    assert user.email == "new@example.org"


def test_reset_requests_are_limited_per_client_whatever_the_address(
    client: Any, world: Any, settings: Any
) -> None:
    settings.KAOPING_LOGIN_MAX_FAILURES = 3
    answers = [
        client.post("/account/password/reset/", {"email": f"n{i}@example.org"}).status_code
        for i in range(5)
    ]
    assert answers == [302, 302, 302, 429, 429]


def test_reset_requests_for_one_address_are_limited_from_anywhere(
    client: Any, world: Any, settings: Any
) -> None:
    settings.KAOPING_LOGIN_MAX_FAILURES = 2
    user = world.users["reporter"]
    user.email = "reporter@example.org"
    user.save()
    answers = [
        client.post(
            "/account/password/reset/", {"email": "reporter@example.org"}, REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(4)
    ]
    assert answers == [302, 302, 429, 429]
    assert len(mail.outbox) == 2


def test_a_refused_reset_reads_the_same_for_a_known_and_an_unknown_address(
    client: Any, world: Any, settings: Any
) -> None:
    settings.KAOPING_LOGIN_MAX_FAILURES = 1
    user = world.users["reporter"]
    user.email = "reporter@example.org"
    user.save()
    pages = []
    for email, ip in [("reporter@example.org", "10.0.0.1"), ("nobody@example.org", "10.0.0.2")]:
        client.post("/account/password/reset/", {"email": email}, REMOTE_ADDR=ip)
        r = client.post("/account/password/reset/", {"email": email}, REMOTE_ADDR=ip)
        assert r.status_code == 429
        main = r.content.decode().split("<main>")[1].split("</main>")[0]
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main))
    assert pages[0] == pages[1]


def test_an_overlong_address_is_refused_by_the_form(client: Any, world: Any) -> None:
    r = client.post("/account/password/reset/", {"email": "a" * 300 + "@example.org"})
    assert r.status_code == 200 and mail.outbox == []
