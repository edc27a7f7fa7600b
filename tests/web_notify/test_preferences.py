"""通知设置 (/notify/account/): each person sets their own e-mail, phone and channels."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.notify.models import Preference

from .conftest import World

URL = "/notify/account/"


@pytest.mark.parametrize("persona", ["admin", "reporter", "outsider"])
def test_every_persona_sets_their_own_channels(login: Any, world: World, persona: str) -> None:
    client = login(persona)
    assert client.get(URL).status_code == 200
    r = client.post(
        URL, {"email": "me@example.cn", "phone": "138 0013 8000", "by_email": "on", "by_sms": "on"}
    )
    assert r.status_code == 302
    user = world.users[persona]
    user.refresh_from_db()
    pref = Preference.objects.get(user=user)
    assert (user.email, pref.phone, pref.by_email, pref.by_sms) == (
        "me@example.cn",
        "13800138000",
        True,
        True,
    )
    # Nobody else's settings changed.
    assert Preference.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "12345", "by_sms": "on"}, "手机号码“12345”不是11位的中国大陆手机号"),
        ({"by_sms": "on"}, "选择通过短信接收通知时，请填写手机号码"),
        ({"by_email": "on"}, "选择通过电子邮件接收通知时，请填写电子邮箱"),
        ({"email": "not-an-address"}, "电子邮箱“not-an-address”不是有效的地址"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(
    login: Any, data: dict[str, str], message: str
) -> None:
    r = login("reporter").post(URL, data)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Preference.objects.exists()


def test_an_anonymous_visitor_is_sent_to_login(client: Any, world: World) -> None:
    r = client.get(URL)
    assert r.status_code == 302 and "/login/" in r["Location"]


def test_the_township_admin_finds_the_robot_and_log_pages(login: Any) -> None:
    page = login("admin").get(URL).content.decode()
    assert "/notify/t/T1/robots/" in page and "/notify/t/T1/log/" in page
    assert "/notify/t/T1/" not in login("reporter").get(URL).content.decode()


def test_the_form_needs_the_csrf_token(world: World) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reporter"])
    assert client.post(URL, {"email": "x@example.cn"}).status_code == 403


def test_the_page_speaks_english_when_asked(login: Any) -> None:
    page = login("reporter").get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Notify me by e-mail" in page and "通过电子邮件接收通知" not in page
