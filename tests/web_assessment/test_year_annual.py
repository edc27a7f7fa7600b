"""The year view's annual column (年度考核): the mean of the four approved quarters by
the rubric's ``annual`` rule, ranked, with the annual consequences; scoped like the
year view itself.

Hand-computed (conftest's table; Q1 has Q3's figures, Q2 has Q4's):

| unit | Q1  | Q2  | Q3  | Q4  | mean | rank       |
|------|-----|-----|-----|-----|------|------------|
| V1   | 100 | 100 | 100 | 100 | 100  | 1 top      |
| V2   | 90  | 94  | 90  | 94  | 92   | 2          |
| V3   | 70  | 60  | 70  | 60  | 65   | 3 bottom   |
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import FIGURES, RUBRIC, Prepared, assessment_in, put_figures

ANNUAL = """\
annual:
  rule: mean_of_quarters
  consequences:
    - group: bottom
      streak: 1
      actions:
        - {kind: 年度考核不称职, to: [secretary]}
"""


def _with_rubric(prepared: Prepared, text: str) -> Prepared:
    from kaoping.web.assessment.models import RubricVersion

    put_figures(prepared.world, "2026Q1", FIGURES["2026Q3"])
    put_figures(prepared.world, "2026Q2", FIGURES["2026Q4"])
    prepared.rubric = RubricVersion.objects.create(
        township=prepared.world.t1, number=2, name="测试细则", text=text, note="年度"
    )
    return prepared


@pytest.fixture
def whole_year(prepared: Prepared) -> Prepared:
    _with_rubric(prepared, RUBRIC + ANNUAL)
    for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    return prepared


def _cell(html: str, unit: str) -> str:
    row = html.split(f'id="year-{unit}"')[1].split("</tr>")[0]
    return row.split('class="annual">')[1].split("</td>")[0]


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("V1", ["第1名 · 100 · 前列"]),
        ("V2", ["第2名 · 92"]),
        ("V3", ["第3名 · 65 · 后列", "年度考核不称职（书记）"]),
    ],
)
def test_the_year_view_shows_the_annual_mean_rank_and_consequences(
    whole_year: Prepared, login: Any, unit: str, shown: list[str]
) -> None:
    html = login("leader").get("/assessment/t/T1/year/2026/").content.decode()
    assert "年度（四季度平均）" in html
    cell = _cell(html, unit)
    for text in shown:
        assert text in cell


def test_the_county_leader_sees_the_annual_column_too(whole_year: Prepared, login: Any) -> None:
    html = login("county").get("/assessment/t/T1/year/2026/").content.decode()
    assert "第3名 · 65 · 后列" in _cell(html, "V3")


@pytest.mark.parametrize("persona", ["outsider", "reporter"])
def test_outsiders_and_village_reporters_do_not_see_the_year(
    whole_year: Prepared, login: Any, persona: str
) -> None:
    response = login(persona).get("/assessment/t/T1/year/2026/")
    assert response.status_code in (403, 404)
    assert "年度（四季度平均）" not in response.content.decode()


def test_a_year_with_a_quarter_not_approved_has_no_annual_column(
    prepared: Prepared, login: Any
) -> None:
    _with_rubric(prepared, RUBRIC + ANNUAL)
    for q in ("2026Q1", "2026Q2", "2026Q3"):
        assessment_in(prepared, q, "approved")
    assessment_in(prepared, "2026Q4", "submitted")
    html = login("leader").get("/assessment/t/T1/year/2026/").content.decode()
    assert "年度（四季度平均）" not in html


def test_a_rubric_without_an_annual_rule_shows_the_quarters_only(
    prepared: Prepared, login: Any
) -> None:
    _with_rubric(prepared, RUBRIC)
    for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    html = login("leader").get("/assessment/t/T1/year/2026/").content.decode()
    assert "年度（四季度平均）" not in html
    assert 'id="year-V3"' in html


def test_a_rubric_scoring_the_years_figures_says_where_to_compute_it(
    prepared: Prepared, login: Any
) -> None:
    _with_rubric(prepared, RUBRIC + ANNUAL.replace("mean_of_quarters", "year_figures"))
    for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    html = login("leader").get("/assessment/t/T1/year/2026/").content.decode()
    assert "kaoping score --period 年份" in html
