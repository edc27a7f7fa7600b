"""One county assessment's page (/assessment/county/a/<pk>/)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.assessment import county

from .conftest import CountyWorld


def _get(client: Any, cw: CountyWorld, persona: str, pk: int) -> Any:
    client.force_login(cw.users[persona])
    return client.get(reverse("assessment:county_detail", args=[pk]))


@pytest.mark.parametrize(
    ("persona", "draft", "approved"),
    [
        ("county_admin", 200, 200),
        ("county_assessor", 200, 200),
        ("county_leader", 200, 200),
        ("township_admin", 404, 200),
        ("township_leader", 404, 200),
        ("reporter", 404, 404),
        ("outsider", 404, 404),
        ("outsider_township", 404, 404),
    ],
)
def test_who_may_open_it_before_and_after_approval(
    client: Any, cw: CountyWorld, computed: Any, persona: str, draft: int, approved: int
) -> None:
    assert _get(client, cw, persona, computed.pk).status_code == draft
    county.transition(computed.pk, "approve", cw.users["county_leader"])
    assert _get(client, cw, persona, computed.pk).status_code == approved


def test_every_lost_point_and_the_villages_behind_it_are_shown(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    html = _get(client, cw, "county_leader", computed.pk).content.decode()
    town = html[html.index('id="town-T2"') :]
    town = town[: town.index("</section>")]
    assert "台账不全" in town
    assert "V22村" in town and "各村之和" in town and "县级录入" in town
    assert 'id="approve"' in html


def test_township_staff_read_only_their_own_township(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    county.transition(computed.pk, "approve", cw.users["county_leader"])
    html = _get(client, cw, "township_admin", computed.pk).content.decode()
    assert 'id="town-T2"' in html
    assert 'id="town-T1"' not in html and "东镇" not in html
    assert 'id="events"' not in html and 'id="publish"' not in html


def test_the_entry_grid_is_for_preparers_of_a_draft(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    assert 'id="entries"' in _get(client, cw, "county_assessor", computed.pk).content.decode()
    assert 'id="entries"' not in _get(client, cw, "county_leader", computed.pk).content.decode()


def test_an_unknown_assessment_is_404(client: Any, cw: CountyWorld) -> None:
    assert _get(client, cw, "county_admin", 999999).status_code == 404
