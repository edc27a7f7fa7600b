"""The county's dashboard shows each township's trend: its total in the county's
last four approved or published assessments up to the one shown, oldest first; a
draft is not in it, and a township's own staff see their own row's.

The world's 2026Q3 (conftest.py: T1 10, T2 4.5, T3 7.5) approved, beside earlier
quarters written here with the totals below and a draft 2026Q4."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.urls import reverse

from .conftest import CountyWorld

# period -> status, T1, T2, T3 totals (2026Q3 is the world's, computed)
EARLIER = {
    "2025Q3": ("approved", "6", "6", "6"),
    "2025Q4": ("approved", "9", "5", "8.25"),
    "2026Q1": ("published", "8", "4", "7"),
    "2026Q2": ("approved", "9.5", "3.75", "7"),
    "2026Q4": ("draft", "1", "1", "1"),
}

# (persona, query) -> the rows' trends as the page writes them
EXPECTED = [
    (
        "county_leader",
        "",
        {
            "东镇": "2025Q4 9 → 2026Q1 8 → 2026Q2 9.5 → 2026Q3 10",
            "西镇": "2025Q4 5 → 2026Q1 4 → 2026Q2 3.75 → 2026Q3 4.5",
            "南镇": "2025Q4 8.25 → 2026Q1 7 → 2026Q2 7 → 2026Q3 7.5",
        },
    ),
    (
        "county_leader",
        "?period=2026Q1",
        {
            "东镇": "2025Q3 6 → 2025Q4 9 → 2026Q1 8",
            "西镇": "2025Q3 6 → 2025Q4 5 → 2026Q1 4",
            "南镇": "2025Q3 6 → 2025Q4 8.25 → 2026Q1 7",
        },
    ),
    ("township_admin", "", {"西镇": "2025Q4 5 → 2026Q1 4 → 2026Q2 3.75 → 2026Q3 4.5"}),
]


@pytest.fixture
def history(cw: CountyWorld, computed: Any) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyAssessment

    county.transition(computed.pk, "approve", cw.users["county_leader"])
    computed.refresh_from_db()
    for period, (status, *totals) in EARLIER.items():
        results = copy.deepcopy(computed.results)
        by_code = dict(zip(("T1", "T2", "T3"), totals, strict=True))
        for u in results["units"]:
            u["total"] = by_code[u["unit"]]
        CountyAssessment.objects.create(
            county=cw.units["C1"], period=period, rubric=computed.rubric, status=status,
            results=results,
        )  # fmt: skip


def _trends(page: Any) -> dict[str, str]:
    import re

    rows = re.findall(r"<tr><td>(?:<a [^>]*>)?([^<]+)(?:</a>)?</td>.*?<td class=\"trend\">(.*?)</td>",
                      page, re.S)  # fmt: skip
    return {name: re.sub(r"<[^>]+>", "", cell) for name, cell in rows}


@pytest.mark.parametrize(("persona", "query", "trends"), EXPECTED)
def test_each_townships_trend_is_its_total_in_the_last_four_approved_assessments(
    client: Any, cw: CountyWorld, history: None, persona: str, query: str, trends: dict[str, str]
) -> None:
    client.force_login(cw.users[persona])
    r = client.get(reverse("assessment:county", args=["C1"]) + query)
    assert r.status_code == 200
    assert _trends(r.content.decode()) == trends
