"""The demo township assessing months (monthly_demo.load_month_assessments): a
births-only rubric (出生登记月度考评细则) saved after the quarter's, 2026年9月 to 11月
computed by the assessor and approved by the leader, 2026年10月 accepted by the
county's leader; the quarter's rubric stays the one offered first for 2026Q4.

The rubric: 出生登记及时率 (on time / births) full 80 at 100%, 0.5 a percentage
point below; 出生信息漏报 20, 10 a missed report. A village's month worked by hand
from the demo's figures (monthly_demo.split of its quarter):

| village, month  | births | on time | missed | 及时率 | on_time           | unreported | total |
|-----------------|--------|---------|--------|--------|-------------------|------------|-------|
| V21 2026-10     | 1      | 0       | 0      | 0%     | 80-0.5*100 = 30   | 20         | 50    |
| V09 2026-10     | 2      | 1       | 0      | 50%    | 80-0.5*50 = 55    | 20         | 75    |
| V01 2026-10     | 3      | 3       | 0      | 100%   | 80                | 20         | 100   |

In October 17 of the 21 villages score 100 (every birth on time, none missed),
V09, V13 and V17 75, V21 50; in September all 21 score 100; in November V19 (one
birth, not on time) 50, the others 100. So the ranks (shared ties) and 较上月:

| village | 2026-09 | 2026-10 rank (上月) | 2026-11 rank (上月) |
|---------|---------|---------------------|---------------------|
| V01     | 1       | 1 (1)               | 1 (1)               |
| V09     | 1       | 18 (1)              | 1 (18)              |
| V21     | 1       | 21 (1)              | 1 (21)              |
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.assessment import monthly_demo

# Run on PostgreSQL too: the months' assessments lock reports in its partitions.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def demo(module_demo: Any, db: Any, client: Any, settings: Any, tmp_path: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.KAOPING_CACHE_DIR = tmp_path
    return client


def _login(client: Any, username: str) -> Any:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def _month(period: str) -> Any:
    from kaoping.web.assessment.models import Assessment

    return Assessment.objects.get(township__code="T01", period=period)


def _units(period: str) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in _month(period).results["units"]}


@pytest.mark.parametrize(
    ("unit", "figures", "total"),
    [
        ("V21", (1, 0, 0), "50"),
        ("V09", (2, 1, 0), "75"),
        ("V01", (3, 3, 0), "100"),
    ],
)
def test_a_villages_october_is_scored_from_its_months_figures_as_worked_by_hand(
    demo: Any, unit: str, figures: tuple[int, int, int], total: str
) -> None:
    from kaoping.web.core.models import Figure

    reported = dict(
        Figure.objects.filter(
            report__dataset__code=monthly_demo.CODE, report__unit__code=unit, period="2026-10"
        ).values_list("element", "value")
    )
    elements = ("births", "births_reported_on_time", "births_unreported")
    assert tuple(reported[e] for e in elements) == tuple(Decimal(n) for n in figures)
    assert _units("2026-10")[unit]["total"] == total


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2026-09", {"V01": (1, 1), "V09": (1, 1), "V21": (1, 1)}),
        ("2026-10", {"V01": (1, 1), "V09": (18, 1), "V21": (21, 1)}),
        ("2026-11", {"V01": (1, 1), "V09": (1, 18), "V21": (1, 21)}),
    ],
)
def test_the_months_rank_the_villages_with_the_change_on_the_month_before(
    demo: Any, period: str, expected: dict[str, tuple[int, int]]
) -> None:
    units = _units(period)
    assert {u: (units[u]["rank"], units[u]["previous_rank"]) for u in expected} == expected
    totals = sorted(Decimal(u["total"]) for u in units.values())
    wanted = {"2026-09": [100] * 21, "2026-10": [50, 75, 75, 75] + [100] * 17}
    wanted["2026-11"] = [50] + [100] * 20
    assert totals == [Decimal(n) for n in wanted[period]]


def test_the_months_are_computed_by_the_assessor_and_approved_by_the_leader(demo: Any) -> None:
    from kaoping.web.assessment.models import AssessmentEvent

    for period in monthly_demo.ASSESSED:
        a = _month(period)
        assert (a.status, a.rubric.name, a.rubric.number) == ("approved", "出生登记月度考评细则", 3)
        events = list(
            AssessmentEvent.objects.filter(assessment=a)
            .order_by("at", "id")
            .values_list("action", "user__username")
        )
        assert events == [
            ("create", "assessor"),
            ("compute", "assessor"),
            ("submit", "assessor"),
            ("approve", "leader"),
        ]


def test_the_county_leader_accepted_october_and_no_other_month(demo: Any) -> None:
    from kaoping.web.assessment.models import TownshipAcceptance

    rows = TownshipAcceptance.objects.filter(township__code="T01", period__contains="-")
    assert list(rows.values_list("period", "status", "by__username")) == [
        ("2026-10", "accepted", "county_leader")
    ]
    page = html.unescape(_login(demo, "county_leader").get(
        "/assessment/county/C01/?period=2026-10").content.decode())  # fmt: skip
    row = next(r for r in page.split("<tr") if "平安镇" in r and "acceptance" in r)
    assert "县级已验收（第1版）" in row
    assert "验收并锁定" not in row


def test_the_township_page_lists_the_months_and_offers_the_quarters_rubric_first(
    demo: Any,
) -> None:
    page = _login(demo, "assessor").get("/assessment/t/T01/").content.decode()
    for period in monthly_demo.ASSESSED:
        assert f">{period}<" in page, period
    select = page.split('name="rubric"')[1].split("</select>")[0]
    numbers = re.findall(r'<option value="(\d+)"', select)
    # The shipped rubric (v1) first, then the monthly one (v3), the campaign's (v2) last.
    assert numbers == ["1", "3", "2"]


def test_the_months_detail_shows_its_ranks_against_the_month_before(demo: Any) -> None:
    page = html.unescape(
        _login(demo, "assessor").get(f"/assessment/{_month('2026-11').pk}/").content.decode()
    )
    assert "较上月" in page
    assert "出生登记及时率" in page


@pytest.mark.parametrize(
    ("language", "options"),
    [
        ("zh-hans", ['value="2026Q3">2026年第三季度<', 'value="2026-10">2026年10月<']),
        ("en", ['value="2026Q3">Q3 2026<', 'value="2026-10">2026-10<']),
    ],
)
def test_the_inspection_forms_periods_are_in_the_pages_language(
    demo: Any, settings: Any, language: str, options: list[str]
) -> None:
    client = _login(demo, "county_leader")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/assessment/t/T01/inspections/new/").content.decode()
    select = page.split('name="period"')[1].split("</select>")[0]
    for option in options:
        assert option in select, (language, option)


def test_the_township_lists_its_assessments_newest_first_a_quarter_before_its_months(
    demo: Any,
) -> None:
    """By the period's text 2026-11 sorted under 2026Q1; by when each period ends,
    a quarter heading its own months."""
    page = _login(demo, "leader").get("/assessment/t/T01/")
    periods = list(dict.fromkeys(a.period for a in page.context["assessments"]))
    assert periods == ["2026-11", "2026-10", "2026Q3", "2026-09", "2026Q2", "2026Q1"]
    # The column holds months as well as quarters: headed 期间, not 季度.
    assert "<tr><th>期间</th><th>版本</th>" in page.content.decode()
