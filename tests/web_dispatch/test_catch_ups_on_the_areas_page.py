"""A work area's own follow-up page (/assessment/t/T1/followups/<area>/) lists the
dispatch's 限期赶上 addressed to that area, as the township's list shows them; a
village's page lists none.

conftest's dispatch, today 2026-05-08 (as test_catch_ups_in_follow_ups.py):

| item | area | meeting day | due   | state | on A1's page | on A2's page | overdue |
|------|------|-------------|-------|-------|--------------|--------------|---------|
| c1   | A1   | 05-03       | 05-06 | open  | yes          | no           | yes     |
| c2   | A2   | 05-04       | 05-07 | done  | no           | yes          | no      |
| c3   | A1   | 05-06       | 05-09 | open  | yes          | no           | no      |

``chief`` is bound to A1 and ``chief2`` to A2 (reporters of the area): each opens
their own area's page only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Dispatch

PAGE = "/assessment/t/T1/followups/{}/"


@pytest.fixture
def items(dispatch: Dispatch, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from django.utils import timezone

    from kaoping.web.dispatch.models import CatchUp

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 5, 8))
    made = {}
    for key, area, day, due, state in [
        ("c1", dispatch.area, date(2026, 5, 3), date(2026, 5, 6), "open"),
        ("c2", dispatch.area2, date(2026, 5, 4), date(2026, 5, 7), "done"),
        ("c3", dispatch.area, date(2026, 5, 6), date(2026, 5, 9), "open"),
    ]:
        made[key] = CatchUp.objects.create(
            campaign=dispatch.campaign, area=area, day=day, due=due, state=state, reason="落后"
        )
    return made


def _rows(login: Any, persona: str, unit: str, items: dict[str, Any]) -> dict[str, str]:
    page = login(persona).get(PAGE.format(unit)).content.decode()
    body = page.split('id="followups"', 1)[1].split("</table>", 1)[0]
    by_pk = {f"catch-up-{v.pk}": k for k, v in items.items()}
    return {
        by_pk[r.split('"', 1)[0]]: r
        for r in body.split('<tr id="')[1:]
        if r.startswith("catch-up-")
    }


@pytest.mark.parametrize(
    ("persona", "unit", "shown"),
    [
        ("admin", "A1", ["c1", "c3"]),
        ("admin", "A2", ["c2"]),
        ("admin", "V1", []),
        ("chief", "A1", ["c1", "c3"]),
        ("chief2", "A2", ["c2"]),
    ],
)
def test_an_areas_page_lists_the_catch_ups_addressed_to_that_area(
    login: Any, items: dict[str, Any], persona: str, unit: str, shown: list[str]
) -> None:
    assert list(_rows(login, persona, unit, items)) == shown


def test_each_is_shown_as_on_the_townships_list_with_its_overdue_mark_and_link(
    login: Any, dispatch: Dispatch, items: dict[str, Any]
) -> None:
    rows = _rows(login, "chief", "A1", items)
    assert "<td>2026Q2</td><td>第一片</td><td>林片长</td><td>限期赶上" in rows["c1"]
    assert "已逾期" in rows["c1"] and "已逾期" not in rows["c3"]
    c = dispatch.campaign.pk
    assert f'href="/dispatch/campaigns/{c}/areas/A1/?day=2026-05-03"' in rows["c1"]


def test_an_areas_reporter_does_not_open_another_areas_page(
    login: Any, items: dict[str, Any]
) -> None:
    assert login("chief2").get(PAGE.format("A1")).status_code == 404
