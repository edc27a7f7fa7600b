"""The year view's follow-up counts (整改落实) hold the dispatch's 限期赶上 too, each
in the quarter its dispatch meeting fell in, filed as the follow-up list files it
(待整改 while open, 已验收 once caught up, overdue by the one rule), and each
count's link lists as many.

test_year_followups.py's world: 2026Q3 approved, 东村's four items (1 reported,
1 verified, 2 open, 2 of them overdue). Today is 2026-10-10. T1's campaign
(tests/web_planning) gives 第一片 (A1) these catch-ups:

| item | meeting day | quarter | due        | state | on 10-10         |
|------|-------------|---------|------------|-------|------------------|
| q2   | 2026-06-30  | 2026Q2  | 2026-07-03 | open  | open, overdue    |
| q3a  | 2026-09-28  | 2026Q3  | 2026-10-01 | open  | open, overdue    |
| q3b  | 2026-09-29  | 2026Q3  | 2026-10-12 | open  | open             |
| q3c  | 2026-08-15  | 2026Q3  | 2026-08-18 | done  | verified         |
| q4   | 2026-10-08  | 2026Q4  | 2026-10-11 | open  | open             |
| y25  | 2025-12-30  | 2025Q4  | 2026-01-02 | open  | another year     |
| T2's | 2026-09-28  | 2026Q3  | 2026-10-01 | open  | another township |

| quarter | opened | reported | verified | open  | overdue |
|---------|--------|----------|----------|-------|---------|
| 2026Q2  | 0+1    | 0        | 0        | 0+1   | 0+1     |
| 2026Q3  | 4+3=7  | 1        | 1+1=2    | 2+2=4 | 2+1=3   |
| 2026Q4  | 0+1    | 0        | 0        | 0+1   | 0       |

2026Q2 and 2026Q4 have no approved assessment: the catch-ups alone give them a row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Prepared
from .test_year_followups import LIST, YEAR, _counts, _world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 10)


@pytest.fixture
def catch_ups(prepared: Prepared, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.utils import timezone

    from kaoping.web.core.models import Unit
    from kaoping.web.dispatch.models import CatchUp
    from tests.web_planning.conftest import build_plans

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    _world(prepared)
    world = prepared.world
    campaigns = build_plans(world).campaigns
    b1 = Unit.objects.create(code="B1", name="红旗片", level=Unit.Level.AREA, parent=world.t2)
    for campaign, area, day, due, state in [
        (campaigns["T1"], world.a1, date(2026, 6, 30), date(2026, 7, 3), "open"),
        (campaigns["T1"], world.a1, date(2026, 9, 28), date(2026, 10, 1), "open"),
        (campaigns["T1"], world.a1, date(2026, 9, 29), date(2026, 10, 12), "open"),
        (campaigns["T1"], world.a1, date(2026, 8, 15), date(2026, 8, 18), "done"),
        (campaigns["T1"], world.a1, date(2026, 10, 8), date(2026, 10, 11), "open"),
        (campaigns["T1"], world.a1, date(2025, 12, 30), date(2026, 1, 2), "open"),
        (campaigns["T2"], b1, date(2026, 9, 28), date(2026, 10, 1), "open"),
    ]:
        CatchUp.objects.create(
            campaign=campaign, area=area, day=day, due=due, state=state, reason="落后"
        )


def _figures(html: str, period: str) -> list[str]:
    return [n for _link, n in _counts(html, period)]


def test_the_year_view_counts_the_catch_ups_in_their_meetings_quarter(
    login: Any, catch_ups: None
) -> None:
    html = login("leader").get(YEAR).content.decode()
    rows = html.split('id="year-followups"', 1)[1].split("</table>", 1)[0]
    assert [r.split('"', 1)[0] for r in rows.split('id="followups-')[1:]] == [
        "2026Q2",
        "2026Q3",
        "2026Q4",
    ]
    #                     opened reported verified open overdue
    assert _figures(html, "2026Q2") == ["1", "0", "0", "1", "1"]
    assert _figures(html, "2026Q3") == ["7", "1", "2", "4", "3"]
    assert _figures(html, "2026Q4") == ["1", "0", "0", "1", "0"]


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"period": "2026Q3"}, 7),
        ({"period": "2026Q3", "state": "reported"}, 1),
        ({"period": "2026Q3", "state": "verified"}, 2),
        ({"period": "2026Q3", "state": "open"}, 4),
        ({"period": "2026Q3", "overdue": "on"}, 3),
        ({"period": "2026Q2"}, 1),
        ({"period": "2026Q4", "overdue": "on"}, 0),
    ],
)
def test_each_link_lists_as_many_items_as_the_year_view_counted(
    login: Any, catch_ups: None, query: dict[str, str], rows: int
) -> None:
    html = login("admin").get(LIST, query).content.decode()
    assert html.count('class="followup') == rows


def test_the_catch_ups_of_another_year_are_not_counted_in_this_one(
    login: Any, catch_ups: None
) -> None:
    html = login("leader").get("/assessment/t/T1/year/2025/").content.decode()
    assert _figures(html, "2025Q4") == ["1", "0", "0", "1", "1"]
    assert 'id="followups-2026' not in html
