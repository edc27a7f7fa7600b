"""The assessment index lists the counties a user may read: as many statements for
a province of two counties as for one of six, and the same counties as asking
``county_rights`` of each county one by one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import PERSONAS, ProvinceWorld

# persona: (counties it reads in full, counties it reaches at all)
EXPECTED = {
    "province_admin": (["C1", "C2"], ["C1", "C2"]),
    "province_leader": (["C1", "C2"], ["C1", "C2"]),
    "city_leader": (["C1"], ["C1"]),
    "city_admin": (["C1"], ["C1"]),
    "county_leader": (["C1"], ["C1"]),
    "outsider": (["C9"], ["C9"]),
    # A township's staff read their own township's row of the county's assessment.
    "township_admin": ([], ["C1"]),
}


def _grow(pw: ProvinceWorld, n: int) -> None:
    from kaoping.web.core.models import Unit

    city = pw.units["M1"]
    for k in range(n):
        county = Unit.objects.create(
            code=f"CX{k}", name=f"新县{k}", level="county", parent=city if k % 2 else pw.units["P1"]
        )
        for t in range(3):
            town = Unit.objects.create(
                code=f"TX{k}{t}", name=f"新镇{k}{t}", level="township", parent=county
            )
            Unit.objects.create(code=f"VX{k}{t}", name=f"新村{k}{t}", level="village", parent=town)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_counties_for_names_the_counties_each_persona_may_read(
    pw: ProvinceWorld, persona: str
) -> None:
    from kaoping.web.assessment.county import counties_for

    full, reached = EXPECTED[persona]
    user = pw.users[persona]
    assert [c.code for c in counties_for(user, read_all=True)] == full
    assert [c.code for c in counties_for(user)] == reached


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_counties_for_agrees_with_asking_each_county(pw: ProvinceWorld, persona: str) -> None:
    from kaoping.web.assessment.county import counties_for, county_rights
    from kaoping.web.core.models import Unit

    _grow(pw, 3)
    user = pw.users[persona]
    counties = list(Unit.objects.filter(level="county").order_by("code"))
    one_by_one_full = [c.code for c in counties if county_rights(user, c).read_all]
    one_by_one_any = [c.code for c in counties if county_rights(user, c).any]
    assert sorted(c.code for c in counties_for(user, read_all=True)) == one_by_one_full
    assert sorted(c.code for c in counties_for(user)) == one_by_one_any


@pytest.mark.parametrize("persona", ["province_admin", "city_leader", "township_admin"])
def test_the_index_costs_the_same_statements_with_more_counties(
    pw: ProvinceWorld, as_: Any, persona: str
) -> None:
    client = as_(persona)
    url = reverse("assessment:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code in (200, 302)
    _grow(pw, 6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code in (200, 302)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_superuser_reaches_every_county(pw: ProvinceWorld) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment.county import counties_for

    root = get_user_model().objects.create_superuser("root", password="x-long-password-1")
    assert sorted(c.code for c in counties_for(root, read_all=True)) == ["C1", "C2", "C9"]
