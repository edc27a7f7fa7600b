"""The demo's monthly birth registrations (出生登记月报, assessment/monthly_demo.py):
every village reports each month of 2026; the months of a quarter add up to the
quarter's own counts, which stay what they were; the monthly bulletin (月通报) and
the monthly check across sources (月核对) answer on the demo.

The split of a quarter into its months, worked by hand for the rule of
monthly_demo.split (births spread over the months; those not reported on time in
the month with the most births; a missed report in the middle month):

| quarter counts (births, on time, missed) | months (births)  | on time   | missed  |
|-------------------------------------------|------------------|-----------|---------|
| 5, 4, 0 (first month 2, second 1)         | 2, 1, 2          | 1, 1, 2   | 0, 0, 0 |
| 3, 3, 1 (first month 0, second 3)         | 0, 3, 0          | 0, 3, 0   | 0, 1, 0 |
"""

from __future__ import annotations

import html
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from docx import Document

from kaoping.web.assessment import monthly_demo

# Run on PostgreSQL too: the months are written in bulk, into its figures' partitions.
pytestmark = pytest.mark.both_databases

ELEMENTS = ("births", "births_reported_on_time", "births_unreported")
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


@pytest.fixture
def demo(module_demo: Any, db: Any, client: Any, settings: Any, tmp_path: Any) -> Any:
    """The demo (loaded once for the module): the client signed in as its assessor."""
    from django.contrib.auth import get_user_model

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.KAOPING_CACHE_DIR = tmp_path
    client.force_login(get_user_model().objects.get(username="assessor"))
    return client


@pytest.mark.parametrize(
    ("spread", "counts", "months"),
    [
        ([2, 1], (5, 4, 0), [(2, 1, 0), (1, 1, 0), (2, 2, 0)]),
        ([0, 3], (3, 3, 1), [(0, 0, 0), (3, 3, 1), (0, 0, 0)]),
    ],
)
def test_a_quarter_is_split_into_months_that_add_up_to_it_as_worked_by_hand(
    spread: list[int], counts: tuple[int, int, int], months: list[tuple[int, int, int]]
) -> None:
    with mock.patch.object(monthly_demo, "_spread", side_effect=spread):
        got = monthly_demo.split("V01", "2026Q2", *counts)
    assert got == [(m, *v) for m, v in zip(["2026-04", "2026-05", "2026-06"], months, strict=True)]


def _figures(dataset_code: str) -> dict[tuple[str, str], dict[str, Decimal]]:
    from kaoping.web.core.models import Figure

    out: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for unit, period, element, value in Figure.objects.filter(
        report__dataset__code=dataset_code, report__unit__township__code="T01", element__in=ELEMENTS
    ).values_list("report__unit__code", "period", "element", "value"):
        out[(unit, period)][element] = Decimal(0) if value is None else value
    return out


def test_every_village_reports_every_month_and_the_months_add_up_to_its_quarter(
    demo: Any, module_demo: Any
) -> None:
    from kaoping.demo import build_demo
    from kaoping.engine import Period
    from kaoping.web.core.models import Report

    built = build_demo()
    months = _figures(monthly_demo.CODE)
    quarters = _figures("quarterly")
    assert {p for _u, p in months} == set(MONTHS)
    assert len(months) == len(built.units) * 12
    for row in built.frame.iter_rows(named=True):
        key = (row["unit"], row["period"])
        # The quarter's own figures are the demo's, as before.
        assert quarters[key]["births"] == Decimal(row["births"])
        for element in ELEMENTS:
            summed = sum(
                months[(row["unit"], str(m))][element]
                for m in Period.parse(row["period"]).parts("M")
            )
            assert summed == Decimal(row[element] or 0), (key, element)
    # The hand-placed missed birth of the demo (V21 in 2026Q2) is May's.
    assert [p for (u, p), v in months.items() if v["births_unreported"]] == ["2026-05"]
    statuses = defaultdict(set)
    for period, status in Report.objects.filter(dataset__code=monthly_demo.CODE).values_list(
        "period", "status"
    ):
        statuses[period].add(status)
    # 2026-10 and 2026-11 approved by the months' assessments (load_month_assessments).
    assert statuses == {m: {"approved" if m < "2026-12" else "submitted"} for m in MONTHS}


def test_the_demo_offers_every_month_of_2026_for_the_monthly_bulletin(demo: Any) -> None:
    page = demo.get("/assessment/t/T01/").content.decode()
    assert 'id="monthly-form"' in page
    offered = [m for m in MONTHS if f'<option value="{m}">' in page]
    assert offered == MONTHS
    assert '<option value="2026-12">2026年12月</option>' in page


def test_the_demos_monthly_bulletin_counts_the_months_births(demo: Any) -> None:
    months = _figures(monthly_demo.CODE)
    births = sum(v["births"] for (_u, p), v in months.items() if p == "2026-11")
    response = demo.get("/assessment/t/T01/monthly.docx?month=2026-11")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert text[0] == "关于2026年11月出生登记情况的通报"
    assert any(f"全镇21个村（居）报送了出生登记情况，共登记出生{births}人" in t for t in text)


def test_the_demos_monthly_check_lists_the_months_disagreements(demo: Any) -> None:
    from kaoping.web.assessment.models import SourceFigure

    counts: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for unit, period, source, value in SourceFigure.objects.filter(
        township__code="T01", period__in=MONTHS, measure="births"
    ).values_list("unit__name", "period", "source", "value"):
        counts[(unit, period)][source] = value
    differing: dict[str, set[str]] = defaultdict(set)
    for (unit, period), values in counts.items():
        if len(set(values.values())) > 1:
            differing[period].add(unit)
    # V21 长岗村's missed birth of May (hospital and household count it), and a few
    # disagreements placed in the last two months.
    assert set(differing) == {"2026-05", "2026-11", "2026-12"}
    assert differing["2026-05"] == {"长岗村"}
    for month in ("2026-05", "2026-06", "2026-11", "2026-12"):
        page = html.unescape(
            demo.get(f"/assessment/t/T01/sources/?period={month}").content.decode()
        )
        table = page.split('id="differences"')[1].split("</table>")[0]
        assert f"来源不一致的单位（待核实 {len(differing[month])}）" in page, month
        assert {u for u, _p in counts if u in table} == differing[month], month


def test_the_planning_pages_of_the_demo_still_open_on_its_latest_quarter(demo: Any) -> None:
    """December's reports are later than 2026Q4's first day, but their quarter is
    reported too: the targets, reminders and service days open on 2026Q4."""
    from django.test import RequestFactory

    from kaoping.engine import Period
    from kaoping.web.core.models import Unit
    from kaoping.web.planning.views.common import query_period

    township = Unit.objects.get(code="T01", level="township")
    assert query_period(RequestFactory().get("/"), township) == Period.parse("2026Q4")
    assert query_period(RequestFactory().get("/?period=2026-11"), township) == Period.parse(
        "2026-11"
    )
