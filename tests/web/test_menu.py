"""The menu shows each persona exactly the pages it may open: every link shown
answers 200 for that persona, every page of the full menu left out refuses it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from kaoping.web.core.models import Membership

# Every entry the menu can hold, as a superuser sees it.
FULL_MENU = {
    "/",
    "/units/",
    "/assessment/",
    "/planning/",
    "/account/tokens/",
    "/account/password/",
    "/account/two-factor/",
    "/notify/account/",
    "/api/",
    "/admin/",
}
STAFF = FULL_MENU - {"/admin/"}
REPORTER = {
    "/",
    "/assessment/",
    "/planning/",
    "/account/password/",
    "/account/two-factor/",
    "/notify/account/",
}


def _menu(client: Any) -> set[str]:
    page = client.get("/").content.decode()
    nav = page.split("<nav>", 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', nav))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", STAFF),
        ("assessor", STAFF),
        ("leader", STAFF),
        ("county_leader", STAFF),
        ("reporter", REPORTER),
        ("superuser", FULL_MENU),
    ],
)
def test_each_persona_sees_the_menu_links_it_may_open_and_no_other(
    client: Any, world: Any, persona: str, expected: set[str]
) -> None:
    User = get_user_model()
    if persona == "county_leader":
        user = User.objects.create_user(username=persona)
        Membership.objects.create(user=user, role=Membership.Role.LEADER, unit=world.county)
    elif persona == "superuser":
        user = User.objects.create_superuser(username=persona)
    else:
        user = world.users[persona]
    client.force_login(user)
    shown = _menu(client)
    assert shown == expected
    for url in shown:
        assert client.get(url, follow=True).status_code == 200, url
    for url in FULL_MENU - shown:
        r = client.get(url)
        refused = r.status_code == 403 or (
            r.status_code == 302 and r["Location"].startswith("/admin/login/")
        )
        assert refused, (url, r.status_code)
