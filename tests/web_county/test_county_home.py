"""The county's dashboard (/assessment/county/<code>/): townships side by side for
whoever may see them, and 404 for everyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.assessment import county

from .conftest import CountyWorld


def _page(client: Any, cw: CountyWorld, persona: str, code: str = "C1") -> Any:
    client.force_login(cw.users[persona])
    return client.get(reverse("assessment:county", args=[code]))


@pytest.mark.parametrize(
    ("persona", "status", "sees"),
    [
        ("county_admin", 200, {"东镇", "西镇", "南镇"}),
        ("county_assessor", 200, {"东镇", "西镇", "南镇"}),
        ("county_leader", 200, {"东镇", "西镇", "南镇"}),
        ("township_admin", 200, {"西镇"}),
        ("township_leader", 200, {"西镇"}),
        ("reporter", 404, set()),
        ("outsider", 404, set()),
        ("outsider_township", 404, set()),
    ],
)
def test_each_persona_sees_only_its_townships(
    client: Any, cw: CountyWorld, persona: str, status: int, sees: set[str]
) -> None:
    r = _page(client, cw, persona)
    assert r.status_code == status
    if status == 200:
        html = r.content.decode()
        table = html[
            html.index('id="townships"') : html.index("</table>", html.index('id="townships"'))
        ]
        assert {n for n in ("东镇", "西镇", "南镇") if n in table} == sees


def test_an_unknown_county_is_404(client: Any, cw: CountyWorld) -> None:
    assert _page(client, cw, "county_admin", "NOPE").status_code == 404


def test_a_township_code_is_not_a_county(client: Any, cw: CountyWorld) -> None:
    assert _page(client, cw, "county_admin", "T1").status_code == 404


def test_the_dashboard_shows_ranking_heat_map_and_completeness(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    html = _page(client, cw, "county_leader").content.decode()
    assert 'id="heatmap"' in html
    # 西镇 kept 3 of 服务日到位's 6 points: 50%, the reddest step.
    assert 'class="cell heat-0">3 <small>50%' in html
    assert 'class="cell heat-4">6 <small>100%' in html
    # Completeness: 西镇 has three villages, all reported and approved.
    assert "<td>3</td><td>3（100%）</td><td>3（100%）</td>" in html


def test_township_staff_see_no_draft_results(client: Any, cw: CountyWorld, computed: Any) -> None:
    html = _page(client, cw, "township_admin").content.decode()
    assert 'id="heatmap"' not in html
    assert "2026Q3</a>" not in html


def test_township_staff_see_their_own_row_once_approved(
    client: Any, cw: CountyWorld, computed: Any
) -> None:
    county.transition(computed.pk, "approve", cw.users["county_leader"])
    html = _page(client, cw, "township_admin").content.decode()
    heat = html[html.index('id="heatmap"') : html.index("</table>", html.index('id="heatmap"'))]
    assert "西镇" in heat
    assert "东镇" not in heat and "南镇" not in heat


def test_drill_down_links_only_where_the_township_page_opens(client: Any, cw: CountyWorld) -> None:
    leader = _page(client, cw, "county_leader").content.decode()
    assert reverse("assessment:township", args=["T1"]) in leader
    town = _page(client, cw, "township_admin").content.decode()
    assert reverse("assessment:township", args=["T2"]) in town
    assert reverse("assessment:township", args=["T1"]) not in town


def test_anonymous_is_sent_to_log_in(client: Any, cw: CountyWorld) -> None:
    r = client.get(reverse("assessment:county", args=["C1"]))
    assert r.status_code == 302
