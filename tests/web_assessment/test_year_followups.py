"""The year view counts each quarter's follow-ups by state and links every count
to the follow-up list filtered the same way."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from .conftest import Prepared
from .followup_world import approved_q3_v1_bottom, v1_item

pytestmark = pytest.mark.django_db

YEAR = "/assessment/t/T1/year/2026/"
LIST = "/assessment/t/T1/followups/"


def _world(prepared: Prepared) -> None:
    """东村's four 2026Q3 items: 整改 (unit) reported, 召开分析会 verified, the two
    secretary items open, one of them and the reported one past due."""
    from kaoping.web.assessment.models import Rectification

    approved_q3_v1_bottom(prepared)
    today = timezone.localdate()
    Rectification.objects.update(due=today + timedelta(days=5))
    Rectification.objects.filter(pk=v1_item().pk).update(
        state="reported", due=today - timedelta(days=1)
    )
    Rectification.objects.filter(pk=v1_item("召开分析会").pk).update(
        state="verified", due=today - timedelta(days=9)
    )
    Rectification.objects.filter(pk=v1_item("表态发言", "secretary").pk).update(
        due=today - timedelta(days=2)
    )


def _counts(html: str, period: str) -> list[tuple[str, str]]:
    row = html.split(f'id="followups-{period}"')[1].split("</tr>")[0]
    return re.findall(r'<a href="([^"]*)">(\d+)</a>', row)


def test_the_year_view_counts_a_quarters_follow_ups_by_state_with_links_to_the_list(
    login: Any, prepared: Prepared
) -> None:
    _world(prepared)
    html = login("leader").get(YEAR).content.decode()
    assert _counts(html, "2026Q3") == [
        (f"{LIST}?period=2026Q3", "4"),
        (f"{LIST}?period=2026Q3&amp;state=reported", "1"),
        (f"{LIST}?period=2026Q3&amp;state=verified", "1"),
        (f"{LIST}?period=2026Q3&amp;state=open", "2"),
        (f"{LIST}?period=2026Q3&amp;overdue=on", "2"),
    ]


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"period": "2026Q3"}, 4),
        ({"period": "2026Q3", "state": "open"}, 2),
        ({"period": "2026Q3", "overdue": "on"}, 2),
        ({"period": "2026Q2"}, 0),
    ],
)
def test_each_link_lists_as_many_items_as_the_year_view_counted(
    login: Any, prepared: Prepared, query: dict[str, str], rows: int
) -> None:
    _world(prepared)
    html = login("admin").get(LIST, query).content.decode()
    assert html.count('class="followup"') == rows


@pytest.mark.parametrize("written", ["2026Q5", "2026H1", "2026", "三月"])
def test_a_period_that_is_not_a_quarter_or_a_month_is_named_and_the_list_still_shows(
    login: Any, prepared: Prepared, written: str
) -> None:
    _world(prepared)
    r = login("admin").get(LIST, {"period": written})
    html = r.content.decode()
    assert r.status_code == 200
    assert f"季度或月份：{written} 不是季度或月份，应写作 2026Q3 或 2026-03 这样的形式。" in html
    assert html.count('class="followup"') == 4


def _one_item_moved_to_march() -> None:
    """东村's 整改 as if a monthly assessment of 2026-03 had asked for it."""
    from kaoping.web.assessment.models import Rectification

    Rectification.objects.filter(pk=v1_item().pk).update(period="2026-03")


# (the period as written in the address, items listed, the period column's heading)
MONTHS = [
    ("2026-03", 1, "月份"),
    ("2026年3月", 1, "月份"),
    ("2026Q3", 3, "季度"),
    ("2026-04", 0, "季度"),
    ("", 4, "期间"),
]


@pytest.mark.parametrize(("written", "rows", "heading"), MONTHS)
def test_the_list_filters_by_month_in_the_forms_people_write_and_names_its_column(
    login: Any, prepared: Prepared, written: str, rows: int, heading: str
) -> None:
    _world(prepared)
    _one_item_moved_to_march()
    html = login("admin").get(LIST, {"period": written} if written else {}).content.decode()
    assert html.count('class="followup"') == rows
    head = html.split('<table id="followups">')[1].split("</th>")[0]
    assert head.endswith(f"<th>{heading}")


def test_a_year_without_follow_ups_shows_none(login: Any, prepared: Prepared) -> None:
    html = login("leader").get("/assessment/t/T1/year/2025/").content.decode()
    assert 'id="year-followups"' not in html
