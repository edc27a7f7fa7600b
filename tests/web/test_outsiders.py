"""An outsider never gets another unit's data: every URL of the URLconf, GET and POST.

The demo township (T01 of county C01, loaded as ``kaoping serve --demo`` loads
it) holds one object of every kind a URL names. Each URL of the permission
table (kaoping.web.core.permissions.VIEWS) is filled with T01's objects, and
each outsider persona asks for it:

- another county's township admin, assessor, leader and village reporter;
- another county's leader and admin, and the city and province above that county
  (another province's admin and leader, its city's leader);
- a neighbouring township's admin and village reporter (same county C01).

Every answer must be 403, 404 or 405 (a POST-only view asked with GET), never
a page, a file or a redirect after a change; a URL without a unit or object in it (the unit
list, the accounts page: the user's own units) must not name T01 or its
village. So that a wrong URL cannot pass for a refusal, a superuser or T01's
admin first finds every object the walk names (no 404).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from kaoping.web.core.permissions import OPEN, VIEWS

from .url_walk import OUTSIDERS, REFUSED, build_demo_world, fill, routes

# The signed-in pages that list units (the others are the user's own account's).
UNITS = "login: lists"


@pytest.fixture(scope="module")
def _module_world(module_db: None) -> dict[str, Any]:
    # The demo is built once for the module's 50 tests (it is the slowest part of each).
    return build_demo_world()


@pytest.fixture
def demo_world(_module_world: dict[str, Any], db: Any) -> dict[str, Any]:
    """The walk's world (tests/web/url_walk.py)."""
    return _module_world


def guarded_urls() -> list[str]:
    return sorted(VIEWS)


# Every page and action on the whole demo: on PostgreSQL too (tests/conftest.py).
@pytest.mark.both_databases
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_url_the_walk_builds_names_an_object_that_exists(
    demo_world: dict[str, Any], client: Any, method: str
) -> None:
    from django.contrib.auth import get_user_model

    # The superuser reads everything; T01's admin owns the token and manages
    # T01's accounts (a superuser's accounts page is the first township's).
    insiders = [demo_world["superuser"], get_user_model().objects.get(username="admin")]
    table = routes()
    missing = []
    for name in guarded_urls():
        url = fill(name, table[name], demo_world)
        statuses = []
        for user in insiders:
            client.force_login(user)
            # each POST is undone, so that a deletion does not empty the next URL
            with transaction.atomic():
                statuses.append(getattr(client, method)(url).status_code)
                transaction.set_rollback(True)
        if all(status == 404 for status in statuses):
            missing.append(f"{method.upper()} {url} ({name})")
    assert not missing, "\n".join(missing)


def shown_text(response: Any) -> str:
    """What a page or an API answer says, Chinese unescaped (JSON escapes it)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    if response.get("Content-Type", "").startswith("text/"):
        return str(response.content.decode())
    return ""


@pytest.mark.parametrize("method", ["get", "post", "put"])
@pytest.mark.parametrize("persona", list(OUTSIDERS))
def test_an_outsider_is_refused_every_view_of_another_township(
    demo_world: dict[str, Any], client: Any, persona: str, method: str
) -> None:
    from kaoping.web.core.models import ApiToken

    user = demo_world["outsiders"][persona]
    client.force_login(user)
    _token, key = ApiToken.issue(user, "outsider")
    names = (demo_world["township"].name, demo_world["village"].name)
    table = routes()
    leaks = []
    for name in guarded_urls():
        route = table[name]
        api = route.startswith("/api/")
        if method == "put" and not api:
            continue
        url = fill(name, route, demo_world)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if api else {}
        response = getattr(client, method)(url, **headers)
        if "/assessment/county/" in route and persona.startswith("neighbouring township"):
            # the county's pages show a township of the county its own row only
            if response.status_code not in REFUSED and any(
                n in shown_text(response) for n in names
            ):
                leaks.append(f"{method.upper()} {url} ({name}) names T01 or its village")
        elif "<" in route:
            # a URL that names T01's unit or object: refused outright
            if response.status_code not in REFUSED:
                leaks.append(f"{method.upper()} {url} ({name}): {response.status_code}")
        elif any(n in shown_text(response) for n in names):
            # a page of the user's own units (the unit list, the accounts): none of T01's
            leaks.append(f"{method.upper()} {url} ({name}) names T01 or its village")
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("persona", list(OUTSIDERS))
@pytest.mark.parametrize("name", sorted(n for n, why in OPEN.items() if why.startswith(UNITS)))
def test_a_page_every_user_opens_names_nothing_of_another_township(
    demo_world: dict[str, Any], client: Any, persona: str, name: str
) -> None:
    client.force_login(demo_world["outsiders"][persona])
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert demo_world["township"].name not in text
    assert demo_world["village"].name not in text
