"""The charts are drawn once per computation (chart_files): a second view of the
same chart is read from the cache, a recomputation draws it anew, the cache never
lets anyone see a chart they may not, and a chart that cannot be drawn keeps nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kaoping.web.assessment import services

from .conftest import Prepared, assessment_in

CHARTS = ["charts/ranking.png", "charts/heatmap.png", "unit/V1/trend.png"]


@pytest.fixture
def engine_runs(monkeypatch: Any, settings: Any, tmp_path: Path) -> list[int]:
    """The assessments the engine was run for: drawing a chart runs it, reading
    one from the cache does not."""
    settings.KAOPING_CACHE_DIR = tmp_path / "cache"
    seen: list[int] = []
    real = services.run_engine

    def counted(a: Any) -> Any:
        seen.append(a.pk)
        return real(a)

    monkeypatch.setattr(services, "run_engine", counted)
    return seen


@pytest.mark.parametrize("chart", CHARTS)
def test_a_second_view_of_a_chart_is_not_drawn_again(
    prepared: Prepared, login: Any, engine_runs: list[int], chart: str
) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    client = login("assessor")
    first = client.get(f"/assessment/{a.pk}/{chart}")
    second = client.get(f"/assessment/{a.pk}/{chart}")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert engine_runs == [a.pk]


def test_the_ranking_pages_two_charts_are_kept_apart(
    prepared: Prepared, login: Any, engine_runs: list[int], settings: Any
) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    client = login("assessor")
    ranking = client.get(f"/assessment/{a.pk}/charts/ranking.png").content
    heatmap = client.get(f"/assessment/{a.pk}/charts/heatmap.png").content
    assert ranking != heatmap
    kept = sorted(p.name.split("-")[1] for p in (settings.KAOPING_CACHE_DIR / "charts").iterdir())
    assert kept == ["heatmap", "ranking"]


def test_a_recomputation_draws_the_charts_anew(
    prepared: Prepared, login: Any, engine_runs: list[int]
) -> None:
    a = assessment_in(prepared, "2026Q4", "draft")
    client = login("assessor")
    client.get(f"/assessment/{a.pk}/charts/ranking.png")
    services.compute(a.pk, prepared.users["assessor"])
    engine_runs.clear()
    client.get(f"/assessment/{a.pk}/charts/ranking.png")
    client.get(f"/assessment/{a.pk}/charts/ranking.png")
    assert engine_runs == [a.pk]


@pytest.mark.parametrize(
    ("persona", "chart", "status"),
    [
        # Before publication a village reporter sees no ranking, cached or not.
        ("reporter", "charts/ranking.png", 404),
        ("reporter", "charts/heatmap.png", 404),
        ("outsider", "charts/ranking.png", 404),
        ("outsider", "unit/V1/trend.png", 404),
        ("leader", "charts/ranking.png", 200),
    ],
)
def test_a_cached_chart_is_shown_only_to_whoever_may_see_it(
    prepared: Prepared, login: Any, engine_runs: list[int], persona: str, chart: str, status: int
) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    assert login("assessor").get(f"/assessment/{a.pk}/{chart}").status_code == 200
    assert login(persona).get(f"/assessment/{a.pk}/{chart}").status_code == status


def test_a_chart_that_cannot_be_drawn_keeps_nothing(
    prepared: Prepared, login: Any, engine_runs: list[int], settings: Any, monkeypatch: Any
) -> None:
    import kaoping.documents as documents

    def no_font(*args: Any, **kwargs: Any) -> bytes:
        raise documents.NoCJKFont("no Chinese font")

    a = assessment_in(prepared, "2026Q4", "approved")
    monkeypatch.setattr(documents, "ranking_chart_png", no_font)
    assert login("assessor").get(f"/assessment/{a.pk}/charts/ranking.png").status_code == 404
    assert not (settings.KAOPING_CACHE_DIR / "charts").exists() or not any(
        (settings.KAOPING_CACHE_DIR / "charts").iterdir()
    )
    monkeypatch.undo()
    assert login("assessor").get(f"/assessment/{a.pk}/charts/ranking.png").status_code == 200


def test_a_chart_is_kept_once_per_language_and_drawn_in_it(
    prepared: Prepared, login: Any, engine_runs: list[int], settings: Any
) -> None:
    from kaoping.web.assessment.chart_files import chart_path

    a = assessment_in(prepared, "2026Q4", "approved")
    client = login("assessor")
    zh = client.get(f"/assessment/{a.pk}/charts/ranking.png")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get(f"/assessment/{a.pk}/charts/ranking.png")
    again = client.get(f"/assessment/{a.pk}/charts/ranking.png")
    assert zh.status_code == en.status_code == 200
    assert zh.content != en.content and en.content == again.content
    # Drawn once per language: the English view did not read the Chinese file.
    assert engine_runs == [a.pk, a.pk]
    assert chart_path(a, "ranking", lang="en") != chart_path(a, "ranking")
    assert chart_path(a, "ranking", lang="en").read_bytes() == en.content
