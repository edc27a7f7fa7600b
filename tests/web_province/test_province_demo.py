"""The web demo's province (``kaoping serve --demo``): 江南省 P01 > 青山市 M01 >
清河县 C01, the logins province_admin and province_leader, whose dashboard shows
the county and its approved assessment of 2026Q3; nobody of the county reads it."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def loaded(module_demo: list[Any], db: Any, settings: Any) -> dict[str, Any]:
    """The demo's logins by name (the demo loaded once for the module)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return {login.username: login for login in module_demo}


def test_the_demo_county_hangs_under_the_city_under_the_province(loaded: Any) -> None:
    from kaoping.web.core.models import Unit, UnitChange

    county = Unit.objects.select_related("parent__parent").get(code="C01")
    city = county.parent
    assert city is not None and city.parent is not None
    chain = [(u.code, u.name, u.level) for u in (county, city, city.parent)]
    assert chain == [
        ("C01", "清河县", "county"),
        ("M01", "青山市", "city"),
        ("P01", "江南省", "province"),
    ]
    # the move is audited as the demo's
    moved = UnitChange.objects.filter(unit=county, path="demo").get()
    assert moved.before is not None
    assert (moved.before["parent"], moved.after["parent"]) == (None, "M01")


def test_the_province_logins_are_printed_with_the_others(loaded: Any) -> None:
    assert loaded["province_admin"].description == "省级管理员 province admin · 江南省"
    assert loaded["province_leader"].description == "省领导 province leader · 江南省"
    assert loaded["province_admin"].password != loaded["province_leader"].password


@pytest.mark.parametrize("username", ["province_admin", "province_leader"])
def test_the_province_dashboard_shows_the_demo_county_and_its_approved_share(
    loaded: Any, client: Any, username: str
) -> None:
    assert client.login(username=username, password=loaded[username].password)
    html = client.get("/assessment/region/P01/?period=2026Q3").content.decode()
    assert "江南省" in html
    assert 'href="/assessment/county/C01/"' in html
    assert "清河县" in html
    # the city's dashboard is the province people's too
    assert client.get("/assessment/region/M01/").status_code == 200


@pytest.mark.parametrize("username", ["county_leader", "county_admin", "admin", "reporter"])
def test_nobody_below_the_province_opens_its_dashboard(
    loaded: Any, client: Any, username: str
) -> None:
    assert client.login(username=username, password=loaded[username].password)
    assert client.get("/assessment/region/P01/").status_code == 404


def test_serving_the_demo_again_gives_the_province_logins_new_passwords(loaded: Any) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.demo import build_demo
    from kaoping.web.core.models import Unit
    from kaoping.web.demo import reload_demo

    again = {login.username: login for login in reload_demo(build_demo())}
    leader = get_user_model().objects.get(username="province_leader")
    assert leader.check_password(again["province_leader"].password)
    assert again["province_leader"].password != loaded["province_leader"].password
    assert Unit.objects.filter(level__in=["province", "city"]).count() == 2


def test_serving_a_demo_loaded_before_there_was_a_province_adds_it(loaded: Any) -> None:
    from kaoping.demo import build_demo
    from kaoping.web.core.models import Membership, Unit
    from kaoping.web.demo import reload_demo

    county = Unit.objects.get(code="C01")
    Membership.objects.filter(unit__level__in=["province", "city"]).delete()
    county.parent = None
    county.save()
    Unit.objects.filter(code="M01").delete()
    Unit.objects.filter(code="P01").delete()
    again = {login.username for login in reload_demo(build_demo())}
    assert {"province_admin", "province_leader"} <= again
    assert Unit.objects.get(code="C01").parent.code == "M01"  # type: ignore[union-attr]
