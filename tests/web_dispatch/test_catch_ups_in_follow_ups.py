"""The dispatch's 限期赶上 on the township's follow-up list (整改落实), with the
assessments' items: addressed to the work area, answered for by its work group's
组长, with its due date, marked overdue by the one rule (a due date before today on
an item not yet caught up), under the list's filters, and escalated by the same
ladder (assessment.escalations, schedule 7/14/21 days overdue).

conftest's dispatch: T1's campaign (2026-05-01..05-10), A1 led by 林片长, A2 with
no work group. Today is 2026-05-08. Hand-computed:

| item | area | meeting day | due   | state  | overdue on 05-08       |
|------|------|-------------|-------|--------|------------------------|
| c1   | A1   | 05-03       | 05-06 | open   | yes (due passed, open) |
| c2   | A2   | 05-04       | 05-07 | done   | no (caught up)         |
| c3   | A1   | 05-06       | 05-09 | open   | no (due tomorrow)      |

The ladder for an area's item (LADDER 村 → 包村干部 → 片长 → 镇领导): level 0 is the
area itself; an area has no 包村干部, so the first step skips that level and goes to
its 片长 林片长; the top is the township's leader (the account ``leader``).

| run on | c1 (due 05-06): overdue, step          | c2 (done) | c3 (due 05-09)          |
|--------|----------------------------------------|-----------|-------------------------|
| 05-12  | 6 days: none                           | none      | 3 days: none            |
| 05-13  | 7 days: → 片长 林片长 (包村干部 skipped) | none      | 4 days: none            |
| 05-16  | 10 days: none (already there)          | none      | 7 days: → 片长 林片长    |
| 05-27  | 21 days: → 镇领导 leader                | none      | 18 days: none           |
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import Dispatch

URL = "/assessment/t/T1/followups/"


@pytest.fixture
def items(dispatch: Dispatch, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from django.utils import timezone

    from kaoping.web.dispatch.models import CatchUp

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 5, 8))
    c = dispatch.campaign
    made = {}
    for key, area, day, due, state, note in [
        ("c1", dispatch.area, date(2026, 5, 3), date(2026, 5, 6), "open", ""),
        ("c2", dispatch.area2, date(2026, 5, 4), date(2026, 5, 7), "done", "两天补齐"),
        ("c3", dispatch.area, date(2026, 5, 6), date(2026, 5, 9), "open", ""),
    ]:
        made[key] = CatchUp.objects.create(
            campaign=c, area=area, day=day, due=due, state=state,
            reason="完成率30.0%，进度40.0%，落后10.0个百分点", closed_note=note,
        )  # fmt: skip
    return made


def _rows(page: str) -> dict[str, str]:
    body = page.split('id="followups"', 1)[1].split("</table>", 1)[0]
    return {r.split('"', 1)[0]: r for r in body.split('<tr id="')[1:] if r.startswith("catch-up-")}


def _keys(login: Any, items: dict[str, Any], query: str = "") -> list[str]:
    page = login("admin").get(URL + query).content.decode()
    by_pk = {f"catch-up-{v.pk}": k for k, v in items.items()}
    return [by_pk[key] for key in _rows(page)]


def test_the_list_shows_each_catch_up_with_its_due_date_and_who_answers(
    login: Any, items: dict[str, Any]
) -> None:
    page = login("leader").get(URL).content.decode()
    rows = _rows(page)
    c1, c2, c3 = (rows[f"catch-up-{items[k].pk}"] for k in ("c1", "c2", "c3"))
    # In due order, after the assessments' items.
    assert list(rows) == [f"catch-up-{items[k].pk}" for k in ("c1", "c2", "c3")]
    assert "<td>2026Q2</td><td>第一片</td><td>林片长</td><td>限期赶上" in c1
    assert "2026-05-03 调度会" in c1 and "2026-05-06" in c1
    assert "<td>第二片</td><td>—</td>" in c2 and "已赶上" in c2 and "两天补齐" in c2
    assert "限期赶上中" in c3 and "2026-05-09" in c3
    # The link goes where the item is closed: the area's dispatch page of that day.
    c = items["c1"].campaign
    assert f'href="/dispatch/campaigns/{c.pk}/areas/A1/?day=2026-05-03"' in c1


def test_only_the_open_item_past_its_due_date_is_marked_overdue(
    login: Any, items: dict[str, Any]
) -> None:
    page = login("admin").get(URL).content.decode()
    marked = {k for k, r in _rows(page).items() if "已逾期" in r}
    assert marked == {f"catch-up-{items['c1'].pk}"}


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["c1", "c2", "c3"]),
        ("?overdue=on", ["c1"]),
        ("?area=A2", ["c2"]),
        ("?state=open", ["c1", "c3"]),
        ("?state=verified", ["c2"]),
        ("?state=reported", []),
        ("?person=林片长", ["c1", "c3"]),
        ("?period=2026Q2", ["c1", "c2", "c3"]),
        ("?period=2026Q1", []),
        # None has been escalated yet (today 05-08: c1 is 2 days overdue).
        ("?escalated=on", []),
    ],
)
def test_the_lists_filters_reach_the_catch_ups(
    login: Any, items: dict[str, Any], query: str, shown: list[str]
) -> None:
    assert _keys(login, items, query) == shown


def test_another_townships_catch_ups_are_not_listed(
    login: Any, dispatch: Dispatch, items: dict[str, Any]
) -> None:
    from kaoping.web.core.models import Unit
    from kaoping.web.dispatch.models import CatchUp

    t2 = dispatch.plans.campaigns["T2"]
    area = Unit.objects.create(code="B1", name="红旗片", level=Unit.Level.AREA, parent=t2.township)
    CatchUp.objects.create(
        campaign=t2, area=area, day=date(2026, 5, 3), due=date(2026, 5, 6), reason="落后"
    )
    assert _keys(login, items) == ["c1", "c2", "c3"]
    page = login("outsider").get("/assessment/t/T2/followups/").content.decode()
    assert "红旗片" in page and "第一片" not in page


def test_a_village_reporter_still_gets_no_township_list(login: Any, items: dict[str, Any]) -> None:
    assert login("reporter").get(URL).status_code == 404


def test_the_english_list_says_it_in_english(login: Any, items: dict[str, Any]) -> None:
    client = login("admin")
    client.cookies.load({"django_language": "en"})
    row = _rows(client.get(URL).content.decode())[f"catch-up-{items['c1'].pk}"]
    assert "Catch up by a deadline" in row and "dispatch meeting of 2026-05-03" in row
    assert "Overdue" in row and "On the dispatch page" in row


def _steps(items: dict[str, Any]) -> dict[str, list[tuple[str, int, str, str, str]]]:
    from kaoping.web.assessment.models import Escalation

    out: dict[str, list[tuple[str, int, str, str, str]]] = {k: [] for k in items}
    by_pk = {v.pk: k for k, v in items.items()}
    for e in Escalation.objects.filter(catch_up__in=list(items.values())).order_by("on", "id"):
        out[by_pk[e.catch_up_id]].append((e.on.isoformat(), e.level, e.role, e.names, e.skipped))
    return out


def test_an_overdue_catch_up_climbs_the_ladder_as_computed_by_hand(
    items: dict[str, Any],
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    assert escalate_overdue(date(2026, 5, 12)) == []
    escalate_overdue(date(2026, 5, 13))
    escalate_overdue(date(2026, 5, 16))
    assert escalate_overdue(date(2026, 5, 16)) == []  # again the same day: nothing
    escalate_overdue(date(2026, 5, 27))
    assert _steps(items) == {
        "c1": [("2026-05-13", 2, "area_chief", "林片长", "liaison_cadre"),
               ("2026-05-27", 3, "leader", "leader", "")],
        "c2": [],
        "c3": [("2026-05-16", 2, "area_chief", "林片长", "liaison_cadre")],
    }  # fmt: skip
    for key, level in (("c1", 3), ("c2", 0), ("c3", 2)):
        items[key].refresh_from_db()
        assert items[key].level == level, key


def test_a_catch_up_caught_up_before_its_step_is_not_escalated(
    login: Any, dispatch: Dispatch, items: dict[str, Any]
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue
    from kaoping.web.dispatch.services import close_catch_up

    close_catch_up(dispatch.campaign, items["c1"].pk, "已补齐", dispatch.users["admin"])
    escalate_overdue(date(2026, 5, 13))
    assert _steps(items)["c1"] == []


def test_the_list_shows_each_step_and_filters_by_it(login: Any, items: dict[str, Any]) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    escalate_overdue(date(2026, 5, 13))
    row = _rows(login("admin").get(URL).content.decode())[f"catch-up-{items['c1'].pk}"]
    assert "2026-05-13" in row and "升级至片长：林片长" in row
    assert _keys(login, items, "?escalated=on") == ["c1"]
    assert _keys(login, items, "?person=林片长&escalated=on") == ["c1"]


def test_the_command_line_names_the_area_of_a_catch_up_step(items: dict[str, Any]) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue
    from kaoping.web.serving import step_line

    [step] = escalate_overdue(date(2026, 5, 13))
    assert step_line(step) == "A1\t第一片\t限期赶上\t2\tarea_chief\t林片长"


def test_the_board_and_the_areas_page_mark_it_overdue_with_its_steps(
    login: Any, dispatch: Dispatch, items: dict[str, Any]
) -> None:
    from kaoping.web.assessment.escalations import escalate_overdue

    escalate_overdue(date(2026, 5, 13))
    client = login("admin")
    c = dispatch.campaign.pk
    board = client.get(f"/dispatch/campaigns/{c}/?day=2026-05-08").content.decode()
    rows = board.split('id="catch-ups"', 1)[1].split("</table>", 1)[0].split("<tr>")[2:]
    # Newest day first: c3 (05-06), c2 (05-04), c1 (05-03); today 05-08 only c1 is overdue.
    assert ["已逾期" in r for r in rows] == [False, False, True]
    assert "升级至片长：林片长" in rows[2] and "升级至" not in rows[0] + rows[1]
    area = client.get(f"/dispatch/campaigns/{c}/areas/A1/?day=2026-05-08").content.decode()
    listed = area.split("限期赶上</h2>", 1)[1]
    # c3 (given 05-06) is listed first, then c1 (given 05-03) with its step.
    c3, c1 = listed.split('<span class="date">2026-05-03</span>', 1)
    assert "2026-05-06" in c3 and "已逾期" not in c3 and "升级至" not in c3
    c1 = c1.split("</ul>\n", 1)[0]
    assert "已逾期" in c1 and "升级至片长：林片长" in c1
