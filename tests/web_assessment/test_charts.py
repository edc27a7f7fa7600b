"""Charts of a quarter in the web app: the ranking, items by village, a village's trend."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Prepared, assessment_in

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("chart", ["charts/ranking.png", "charts/heatmap.png", "unit/V1/trend.png"])
def test_each_chart_is_a_png(prepared: Prepared, login: Any, chart: str) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    response = login("assessor").get(f"/assessment/{a.pk}/{chart}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG)


def test_the_ranking_page_and_the_unit_page_show_their_charts(
    prepared: Prepared, login: Any
) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    client = login("assessor")
    ranking = client.get(f"/assessment/{a.pk}/").content.decode()
    assert f"/assessment/{a.pk}/charts/ranking.png" in ranking
    assert f"/assessment/{a.pk}/charts/heatmap.png" in ranking
    unit = client.get(f"/assessment/{a.pk}/unit/V1/").content.decode()
    assert f"/assessment/{a.pk}/unit/V1/trend.png" in unit


def test_a_village_not_in_the_data_has_no_trend(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    assert login("assessor").get(f"/assessment/{a.pk}/unit/NOPE/trend.png").status_code == 404
