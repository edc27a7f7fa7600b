"""How people reach the county's page: the assessment index lists it for county
staff; a township's page links to it for whoever may open it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from .conftest import CountyWorld

COUNTY_PAGE = "/assessment/county/C1/"


@pytest.mark.parametrize(
    ("persona", "listed"),
    [("county_admin", True), ("county_leader", True), ("outsider", False)],
)
def test_the_index_lists_the_county_for_its_staff(
    client: Any, cw: CountyWorld, persona: str, listed: bool
) -> None:
    client.force_login(cw.users[persona])
    r = client.get(reverse("assessment:index"))
    assert r.status_code == 200
    assert (COUNTY_PAGE in r.content.decode()) is listed


def test_township_staff_still_go_straight_to_their_township(client: Any, cw: CountyWorld) -> None:
    client.force_login(cw.users["township_admin"])
    r = client.get(reverse("assessment:index"))
    assert r["Location"] == "/assessment/t/T2/"


@pytest.mark.parametrize(("persona", "linked"), [("township_admin", True), ("reporter", False)])
def test_the_township_page_links_to_the_county(
    client: Any, cw: CountyWorld, persona: str, linked: bool
) -> None:
    client.force_login(cw.users[persona])
    r = client.get(reverse("assessment:township", args=["T2"]))
    assert r.status_code == 200
    assert ('id="county-link"' in r.content.decode()) is linked
