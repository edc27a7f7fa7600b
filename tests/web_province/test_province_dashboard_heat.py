"""The province's dashboard with its own approved assessment of its counties
(region_world.py: 江南省 P1 assessing 东县 C1 and 直管县 C2, 2026Q3): the counties
rank by it, its item heat map is the county page's (one column per top-level
item, a cell's colour the share of the item's points kept), each county's row
links down to its own page, and only the province's own people see any of it.

Hand-computed heat map (rubric total 10; region_world.py's table of scores; a
cell's class: <60% heat-0, 60–75% heat-1, 75–90% heat-2, 90–<100% heat-3,
100% heat-4; the share in whole percent, half up):

| county | 服务日到位 (6)       | 例会规范 (2)            | 数据质量 (1)        | 工作落实 (1)          | total | rank |
|--------|----------------------|-------------------------|---------------------|-----------------------|-------|------|
| C1     | 4.5: 75% heat-2      | 1.25: 62.5% → 63% heat-1 | 1: 100% heat-4     | 1: 100% heat-4        | 7.75  | 1    |
| C2     | 6: 100% heat-4       | 0: 0% heat-0            | 0: 0% heat-0        | 0.5: 50% heat-0       | 6.5   | 2    |

Neither county has an approved assessment of its townships: without the
province's own (a draft does not count) both are unranked, in code order.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from .region_world import PASSWORD, RegionWorld, build, computed

HEADS = ["服务日到位", "例会规范", "数据质量", "工作落实"]
HEAT = {  # county: ([(score, share, class) per item], total)
    "东县": ([("4.5", "75%", "heat-2"), ("1.25", "63%", "heat-1"), ("1", "100%", "heat-4"),
             ("1", "100%", "heat-4")], "7.75"),
    "直管县": ([("6", "100%", "heat-4"), ("0", "0%", "heat-0"), ("0", "0%", "heat-0"),
               ("0.5", "50%", "heat-0")], "6.5"),
}  # fmt: skip


@pytest.fixture
def rw(db: Any, settings: Any) -> RegionWorld:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build()


@pytest.fixture
def approved(rw: RegionWorld) -> Any:
    from kaoping.web.assessment import county

    a = computed(rw)
    return county.transition(a.pk, "approve", rw.users["province_leader"])


def _page(client: Any, rw: RegionWorld, persona: str, code: str = "P1", query: str = "") -> Any:
    client.force_login(rw.users[persona])
    return client.get(reverse("assessment:region", args=[code]) + query)


def _heat_rows(html: str) -> dict[str, Any]:
    """The heat map's rows as (score, share, class) per cell and the total."""
    table = html[html.index('id="heatmap"') :]
    table = table[: table.index("</table>")]
    heads = re.findall(r"<th>([^<]+)<br>", table)
    assert heads == HEADS
    rows = {}
    for name, cells in re.findall(r"<tr><td>(?:<a [^>]+>)?([^<]+)(?:</a>)?</td>(.*?)</tr>", table):
        found = re.findall(r'class="cell ([\w-]+)">([\d.]+) <small>(\d+%)</small>', cells)
        total = re.findall(r'<td class="cell">([\d.]+)</td>', cells)
        rows[name] = ([(score, share, css) for css, score, share in found], total[0])
    return rows


def test_the_heat_map_shows_each_countys_item_scores_and_colours(
    approved: Any, rw: RegionWorld, client: Any
) -> None:
    html = _page(client, rw, "province_leader").content.decode()
    assert _heat_rows(html) == HEAT
    # The rows in rank order, each linking down to the county's own page.
    table = html[html.index('id="heatmap"') :]
    assert table.index(f'href="{reverse("assessment:county", args=["C1"])}">东县') < table.index(
        f'href="{reverse("assessment:county", args=["C2"])}">直管县'
    )


def test_the_counties_rank_by_the_provinces_approved_assessment(
    approved: Any, rw: RegionWorld
) -> None:
    from kaoping.web.assessment.region import dashboard

    board = dashboard(rw.units["P1"])
    assert (board["period"], board["order"], board["own"].pk) == ("2026Q3", "region", approved.pk)
    assert [(r.rank, r.county.code, r.region_total_shown) for r in board["rows"]] == [
        (1, "C1", "7.75"),
        (2, "C2", "6.5"),
    ]
    # Asked by the counties' own assessments of their townships: they have none.
    by_own = dashboard(rw.units["P1"], order="score")["rows"]
    assert [(r.rank, r.county.code, r.region_total_shown) for r in by_own] == [
        (None, "C1", "7.75"),
        (None, "C2", "6.5"),
    ]


def test_a_computed_draft_ranks_nothing_and_shows_no_heat_map(rw: RegionWorld, client: Any) -> None:
    from kaoping.web.assessment.region import dashboard

    computed(rw)
    board = dashboard(rw.units["P1"])
    assert (board["own"], board["order"]) == (None, "score")
    assert [(r.rank, r.county.code) for r in board["rows"]] == [(None, "C1"), (None, "C2")]
    assert 'id="heatmap"' not in _page(client, rw, "province_admin").content.decode()


def test_the_dashboard_opens_on_the_period_of_the_provinces_newest_approved_assessment(
    approved: Any, rw: RegionWorld
) -> None:
    from django.utils import timezone

    from kaoping.web.assessment.region import dashboard
    from kaoping.web.core.models import DataSet, Figure, Report

    # A village reports the next quarter: the page still opens on the assessed one,
    # and the next quarter is a choice away.
    village = rw.units["V11"]
    ds = DataSet.objects.get(township=village.township)
    r = Report.objects.create(
        dataset=ds, unit=village, period="2026Q4", status="submitted", version=1,
        first_submitted_at=timezone.now(), submitted_at=timezone.now(),
    )  # fmt: skip
    Figure.objects.create(report=r, element="invited", value=10)
    assert dashboard(rw.units["P1"])["period"] == "2026Q3"
    later = dashboard(rw.units["P1"], "2026Q4")
    assert (later["period"], later["own"], later["order"]) == ("2026Q4", None, "score")


# persona: (dashboard of P1, of M1), and whether P1's heat map is on the page.
SEES = {
    "province_admin": (200, 200, True),
    "province_leader": (200, 200, True),
    "city_admin": (404, 200, False),
    "city_leader": (404, 200, False),
    "county_leader": (404, 404, False),
    "county_admin": (404, 404, False),
    "township_admin": (404, 404, False),
    "other_province_admin": (404, 404, False),
    "other_county_leader": (404, 404, False),
}


@pytest.mark.parametrize("persona", SEES)
def test_only_the_provinces_own_people_see_its_heat_map(
    approved: Any, rw: RegionWorld, client: Any, persona: str
) -> None:
    province, city, heat = SEES[persona]
    p1 = _page(client, rw, persona, "P1")
    m1 = _page(client, rw, persona, "M1")
    assert (p1.status_code, m1.status_code) == (province, city)
    shown = [r.content.decode() for r in (p1, m1) if r.status_code == 200]
    assert any('id="heatmap"' in html for html in shown) is heat
    # The city's page is the city's: the province's assessment is not on it.
    if m1.status_code == 200:
        assert "7.75" not in m1.content.decode()


def test_another_provinces_dashboard_shows_nothing_of_this_one(
    approved: Any, rw: RegionWorld, client: Any
) -> None:
    html = _page(client, rw, "other_province_admin", "P9").content.decode()
    assert 'id="heatmap"' not in html
    for text in ("东县", "直管县", "7.75"):
        assert text not in html


# persona: (county C1's page, its township T1's page, county C2's page)
DRILL = {
    "province_admin": (200, 200, 200),
    "province_leader": (200, 200, 200),
    "city_leader": (200, 200, 404),
    "county_leader": (200, 200, 404),
    "other_county_leader": (404, 404, 404),
    "other_province_admin": (404, 404, 404),
}


@pytest.mark.parametrize("persona", DRILL)
def test_the_drill_down_opens_only_what_the_user_may_see(
    approved: Any, rw: RegionWorld, client: Any, persona: str
) -> None:
    client.force_login(rw.users[persona])
    got = tuple(
        client.get(url).status_code
        for url in (
            reverse("assessment:county", args=["C1"]),
            reverse("assessment:township", args=["T1"]),
            reverse("assessment:county", args=["C2"]),
        )
    )
    assert got == DRILL[persona]
    if got[0] == 200:
        county_page = client.get(reverse("assessment:county", args=["C1"])).content.decode()
        assert f'href="{reverse("assessment:township", args=["T1"])}"' in county_page


def test_the_heat_map_is_english_on_an_english_page(approved: Any, rw: RegionWorld) -> None:
    from django.test import Client

    c = Client(headers={"accept-language": "en"})
    assert c.login(username="province_leader", password=PASSWORD)
    html = c.get(reverse("assessment:region", args=["P1"])).content.decode()
    assert 'id="heatmap"' in html
    for text in ("Heat map of item scores", "Score in the province's assessment", "County"):
        assert text in html, text


def test_the_score_column_names_the_level_that_assessed(approved: Any, rw: RegionWorld) -> None:
    """It said 省（市）考核得分 whoever had assessed; a province's page says 省级."""
    from django.test import Client

    c = Client(headers={"accept-language": "zh-hans"})
    assert c.login(username="province_leader", password=PASSWORD)
    html = c.get(reverse("assessment:region", args=["P1"])).content.decode()
    assert "<th>省级考核得分</th>" in html
    assert 'data-label="省级考核得分"' in html
    assert "省级考核得分取自" in html and "省（市）" not in html
