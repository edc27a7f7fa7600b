"""A province's (and a city's) dashboard: its counties side by side, ranked by
their approved county assessments (the townships' mean total over the rubric's
total) or by the approved share of their villages' reports, with the trend of the
county's last approved assessments; nothing of another province.

Hand-computed (rubric total 10; period 2026Q3, the latest any village reported):

| county | townships' totals 2026Q3 | share | 2026Q2 | reports 2026Q3 (of villages)          | reported    | approved   | by score | by done |
|--------|--------------------------|-------|--------|---------------------------------------|-------------|------------|----------|---------|
| C1     | T1 9, T2 7 (approved)    | 80.0% | T1 6, T2 8 (published): 70.0% | V11 approved, V12 submitted, V21 — | 2 (66.7%)   | 1 (33.3%)  | 2        | 1       |
| C2     | T3 9 (approved)          | 90.0% | —      | V31 submitted                         | 1 (100.0%)  | 0 (0.0%)   | 1        | 2       |

C2's draft of 2026Q4 is not approved: it counts nowhere. The city M1 sees C1 only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..web_county.conftest import TOWNSHIP_RUBRIC
from .conftest import ProvinceWorld

# county: [(period, status, {township: total})]
ASSESSMENTS = {
    "C1": [("2026Q3", "approved", {"T1": 9, "T2": 7}),
           ("2026Q2", "published", {"T1": 6, "T2": 8})],
    "C2": [("2026Q3", "approved", {"T3": 9}), ("2026Q4", "draft", {"T3": 2})],
    "C9": [("2026Q3", "approved", {"T9": 10})],
}  # fmt: skip
REPORTS = {"V11": "approved", "V12": "submitted", "V31": "submitted", "V91": "approved"}


def _assessments(pw: ProvinceWorld, which: dict[str, Any]) -> None:
    from kaoping.web.assessment.models import CountyAssessment, RubricVersion

    for code, found in which.items():
        county = pw.units[code]
        rv = RubricVersion.objects.create(
            township=county, number=1, name="县考核乡镇细则", text=TOWNSHIP_RUBRIC
        )
        for period, status, totals in found:
            units = [
                {"unit": t, "name": t, "total": str(v), "rank": 1, "scores": {},
                 "deductions": [], "actions": []}
                for t, v in totals.items()
            ]  # fmt: skip
            CountyAssessment.objects.create(
                county=county, period=period, rubric=rv, status=status, results={"units": units}
            )


def _reports(pw: ProvinceWorld, which: dict[str, str], period: str = "2026Q3") -> None:
    from django.utils import timezone

    from kaoping.web.core.models import DataSet, Figure, Report

    for code, status in which.items():
        village = pw.units[code]
        ds, _ = DataSet.objects.get_or_create(
            township=village.township, code="q", defaults={"name": "季度数据"}
        )
        r = Report.objects.create(
            dataset=ds, unit=village, period=period, status=status, version=1,
            first_submitted_at=timezone.now(), submitted_at=timezone.now(),
        )  # fmt: skip
        Figure.objects.create(report=r, element="invited", value=Decimal(10))


@pytest.fixture
def board(pw: ProvinceWorld) -> ProvinceWorld:
    _assessments(pw, ASSESSMENTS)
    _reports(pw, REPORTS)
    return pw


def _rows(order: str = "score", code: str = "P1") -> list[tuple[Any, ...]]:
    from kaoping.web.assessment.region import dashboard
    from kaoping.web.core.models import Unit

    board = dashboard(Unit.objects.get(code=code), order=order)
    assert board["period"] == "2026Q3"
    return [
        (r.rank, r.county.code, r.share_shown, r.reported_pct, r.approved_pct, r.trend)
        for r in board["rows"]
    ]


def test_the_province_ranks_its_counties_by_their_approved_assessments(board: Any) -> None:
    assert _rows("score") == [
        (1, "C2", "90.0%", "100.0%", "0.0%", [("2026Q3", "90.0%")]),
        (2, "C1", "80.0%", "66.7%", "33.3%", [("2026Q2", "70.0%"), ("2026Q3", "80.0%")]),
    ]


def test_the_province_ranks_its_counties_by_their_approved_reports_on_asking(
    board: Any,
) -> None:
    assert [(rank, code) for rank, code, *_ in _rows("done")] == [(1, "C1"), (2, "C2")]


def test_the_city_sees_only_the_counties_under_it(board: Any) -> None:
    assert [code for _r, code, *_ in _rows(code="M1")] == ["C1"]


def test_counties_of_equal_share_share_their_rank_and_one_without_comes_last(
    pw: ProvinceWorld,
) -> None:
    from kaoping.web.assessment.region import CountyRow, rank

    c = pw.units
    rows = [CountyRow(c["C1"], None, share=Decimal("0.8")), CountyRow(c["C2"], None),
            CountyRow(c["C9"], None, share=Decimal("0.8")), CountyRow(c["M1"], None,
            share=Decimal("0.5"))]  # fmt: skip
    assert [(r.rank, r.county.code) for r in rank(rows, "score")] == [
        (1, "C1"),
        (1, "C9"),
        (3, "M1"),
        (None, "C2"),
    ]


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("province_admin", "P1", 200),
        ("province_leader", "P1", 200),
        ("province_leader", "M1", 200),
        ("city_leader", "M1", 200),
        ("city_leader", "P1", 404),
        ("outsider", "P1", 404),
        ("outsider", "M1", 404),
        ("township_admin", "P1", 404),
        ("province_admin", "P9", 404),
        ("province_admin", "C1", 404),  # a county has its own page, not this one
    ],
)
def test_the_dashboard_opens_to_the_people_of_its_province_or_city_only(
    board: Any, as_: Any, persona: str, code: str, status: int
) -> None:
    assert as_(persona).get(reverse("assessment:region", args=[code])).status_code == status


def test_the_province_dashboard_names_its_counties_links_them_and_nothing_of_another(
    board: Any, as_: Any
) -> None:
    page = as_("province_admin").get(reverse("assessment:region", args=["P1"])).content.decode()
    for text in ("东县", "直管县", "北市", reverse("assessment:county", args=["C1"]), "90.0%"):
        assert text in page
    assert "外县" not in page
    assert reverse("assessment:county", args=["C9"]) not in page


def test_the_assessment_index_offers_the_dashboard_to_a_city_leader(board: Any, as_: Any) -> None:
    page = as_("city_leader").get(reverse("assessment:index")).content.decode()
    assert reverse("assessment:region", args=["M1"]) in page
    assert reverse("assessment:region", args=["P1"]) not in page


def test_the_dashboard_costs_the_same_statements_with_more_counties(
    board: ProvinceWorld, as_: Any
) -> None:
    from kaoping.web.core.models import Unit

    client = as_("province_admin")
    url = reverse("assessment:region", args=["P1"])
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    p1 = board.units["P1"]
    for n in (3, 4):
        county = Unit.objects.create(code=f"C{n}", name=f"新县{n}", level="county", parent=p1)
        town = Unit.objects.create(code=f"T{n}0", name=f"新镇{n}", level="township", parent=county)
        board.units[f"V{n}0"] = Unit.objects.create(
            code=f"V{n}0", name=f"新村{n}", level="village", parent=town
        )
        board.units[f"C{n}"] = county
    _assessments(board, {"C3": [("2026Q3", "approved", {"T30": 5})]})
    _reports(board, {"V30": "approved", "V40": "submitted"})
    with CaptureQueriesContext(connection) as four:
        assert client.get(url).status_code == 200
    assert len(four.captured_queries) == len(two.captured_queries)
