"""The web demo's province (``kaoping serve --demo``): 江南省 P01 > 青山市 M01 >
清河县 C01, beside 白云县 C02 (under the city) and 松溪县 C03 (straight under the
province); the logins province_admin and province_leader, whose dashboard shows
the counties, ranked by the province's approved assessment of 2026Q3 with its
heat map; nobody of the county reads it."""

from __future__ import annotations

from typing import Any

import pytest

OTHER_CODES = ["C02", "C03", "T04", "T05", "T06", "V51", "V52", "V53", "V61", "V62", "V63",
               "V71", "V72", "V73"]  # fmt: skip


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
    from kaoping.web.assessment.models import CountyAssessment
    from kaoping.web.core.models import Membership, Unit
    from kaoping.web.demo import reload_demo

    county = Unit.objects.get(code="C01")
    _forget_the_other_counties()
    Membership.objects.filter(unit__level__in=["province", "city"]).delete()
    county.parent = None
    county.save()
    Unit.objects.filter(code="M01").delete()
    Unit.objects.filter(code="P01").delete()
    again = {login.username for login in reload_demo(build_demo())}
    assert {"province_admin", "province_leader"} <= again
    assert Unit.objects.get(code="C01").parent.code == "M01"  # type: ignore[union-attr]
    assert Unit.objects.filter(code__in=OTHER_CODES).count() == len(OTHER_CODES)
    assert CountyAssessment.objects.get(county__code="P01").status == "approved"


def test_the_demo_province_holds_three_counties_with_townships_and_villages(
    loaded: Any,
) -> None:
    from kaoping.web.core.models import Unit

    counties = Unit.objects.filter(level="county", code__in=["C01", "C02", "C03"])
    got = {
        c.code: (
            c.name,
            c.parent.code if c.parent else None,
            Unit.objects.filter(level="township", parent=c).count(),
            Unit.objects.filter(level__in=["village", "community"], township__parent=c).count(),
        )
        for c in counties.select_related("parent")
    }
    assert got == {
        "C01": ("清河县", "M01", 3, 27),
        "C02": ("白云县", "M01", 2, 6),
        "C03": ("松溪县", "P01", 1, 3),
    }


def test_the_province_computed_and_approved_its_assessment_with_four_eyes(
    loaded: Any,
) -> None:
    from kaoping.web.assessment.models import CountyAssessment

    a = CountyAssessment.objects.get(county__code="P01")
    assert (a.period, a.status) == ("2026Q3", "approved")
    steps = [(e.action, e.user and e.user.username) for e in a.events.order_by("pk")]
    assert ("approve", "province_leader") in steps
    assert {u for action, u in steps if action != "approve"} == {"province_admin"}
    assert [u["unit"] for u in sorted(a.results["units"], key=lambda u: u["rank"])] == [
        "C01",
        "C02",
        "C03",
    ]


@pytest.mark.parametrize("username", ["province_admin", "province_leader"])
def test_the_province_dashboard_opens_on_its_assessment_with_the_heat_map(
    loaded: Any, client: Any, username: str
) -> None:
    assert client.login(username=username, password=loaded[username].password)
    html = client.get("/assessment/region/P01/").content.decode()
    assert 'id="heatmap"' in html
    board = html[html.index('id="counties-board"') : html.index('id="heatmap"')]
    order = [board.index(name) for name in ("清河县", "白云县", "松溪县")]
    assert order == sorted(order)
    heat = html[html.index('id="heatmap"') :]
    for code in ("C01", "C02", "C03"):
        assert f'href="/assessment/county/{code}/"' in heat


def test_the_province_leader_drills_down_to_a_village(loaded: Any, client: Any) -> None:
    import re

    assert client.login(username="province_leader", password=loaded["province_leader"].password)
    county = client.get("/assessment/county/C01/")
    assert county.status_code == 200
    assert 'href="/assessment/t/T01/"' in county.content.decode()
    township = client.get("/assessment/t/T01/").content.decode()
    detail = re.search(r'href="(/assessment/\d+/)">2026Q3<', township)
    assert detail is not None
    page = client.get(detail.group(1)).content.decode()
    village = re.search(r'href="(/assessment/\d+/unit/V01/)"', page)
    assert village is not None, "the township's assessment links its villages"
    assert client.get(village.group(1)).status_code == 200


def _forget_the_other_counties() -> None:
    """What an older kaoping loaded had none of: the province's other counties and
    its assessment of them."""
    from kaoping.web.assessment.models import CountyAssessment, RubricVersion
    from kaoping.web.core.models import Unit

    CountyAssessment.objects.filter(county__code="P01").delete()
    RubricVersion.objects.filter(township__code="P01").delete()
    for level in ("village", "community", "township", "county"):
        units = Unit.objects.filter(level=level, code__in=OTHER_CODES)
        units.update(township=None)  # a township is its own township
        units.delete()


def test_serving_a_demo_province_of_one_county_adds_the_others_and_its_assessment(
    loaded: Any,
) -> None:
    from kaoping.demo import build_demo
    from kaoping.web.assessment.models import CountyAssessment
    from kaoping.web.core.models import Unit
    from kaoping.web.demo import reload_demo

    _forget_the_other_counties()
    reload_demo(build_demo())
    assert Unit.objects.filter(code__in=OTHER_CODES).count() == len(OTHER_CODES)
    a = CountyAssessment.objects.get(county__code="P01")
    assert (a.period, a.status, len(a.results["units"])) == ("2026Q3", "approved", 3)
    # and once there, serving again loads nothing twice
    reload_demo(build_demo())
    assert CountyAssessment.objects.filter(county__code="P01").count() == 1
