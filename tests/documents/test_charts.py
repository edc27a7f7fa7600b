"""Charts draw Chinese with a font that has every character of their labels."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

import numpy as np
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from kaoping.documents import (
    cjk_font,
    heatmap_figure,
    heatmap_png,
    ranking_chart_figure,
    ranking_chart_png,
    trend_chart_figure,
    trend_chart_png,
)
from kaoping.documents._cell_numbers import CellNumbers, _GlyphWriter
from kaoping.documents._charts import (
    _cjk_rc,
    _heatmap,
    _pick,
    _ranking_chart,
    _trend_chart,
    to_png,
)

from .town import town

ASSESSMENT = town()
Q3 = ASSESSMENT.period("2026Q3")

FIGURES: dict[str, Callable[[], Figure]] = {
    "ranking": lambda: ranking_chart_figure(Q3),
    "heatmap": lambda: heatmap_figure(ASSESSMENT, Q3),
    "trend of a unit": lambda: trend_chart_figure(ASSESSMENT, "V02"),
    "township trend": lambda: trend_chart_figure(ASSESSMENT),
}


@cache
def _cmap(path: str, face: int) -> frozenset[int]:
    return frozenset(TTFont(path, fontNumber=face).getBestCmap())


def _face(path: str, families: list[str]) -> int:
    """Which face of a collection (.ttc) matplotlib took for these families."""
    for entry in font_manager.fontManager.ttflist:
        if entry.fname == path and entry.name in families:
            return int(getattr(entry, "index", 0))
    return 0


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text().strip()]


@pytest.mark.parametrize("name", FIGURES)
def test_the_font_used_covers_every_character_of_every_label(name: str) -> None:
    fig = FIGURES[name]()
    texts = _texts(fig)
    assert any(any(ord(c) > 0x2E80 for c in t.get_text()) for t in texts), "no Chinese label"
    for text in texts:
        prop = text.get_fontproperties()
        path = str(font_manager.findfont(prop, fallback_to_default=False))
        cmap = _cmap(path, _face(path, prop.get_family()))
        missing = {c for c in text.get_text() if not c.isspace() and ord(c) not in cmap}
        assert not missing, f"{text.get_text()!r} drawn with {path} lacks {missing}"


@pytest.mark.parametrize("name", FIGURES)
def test_chinese_labels_are_drawn_with_the_cjk_font(name: str) -> None:
    family = cjk_font()
    for text in _texts(FIGURES[name]()):
        if any(ord(c) > 0x2E80 for c in text.get_text()):
            assert text.get_fontproperties().get_family()[0] == family


@pytest.mark.parametrize(
    "draw",
    [
        lambda: ranking_chart_png(Q3),
        lambda: heatmap_png(ASSESSMENT, Q3),
        lambda: trend_chart_png(ASSESSMENT, "V01"),
    ],
    ids=["ranking", "heatmap", "trend"],
)
def test_charts_come_as_png_bytes(draw: Callable[[], bytes]) -> None:
    assert draw()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_ranking_chart_labels_every_unit_in_rank_order() -> None:
    ax = ranking_chart_figure(Q3).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "1. 东村",
        "2. 西村",
        "3. 北村",
        "4. 南村",
    ]


def test_the_heat_map_has_a_row_per_unit_and_a_column_per_item() -> None:
    ax = heatmap_figure(ASSESSMENT, Q3).axes[0]
    assert len(ax.get_yticklabels()) == 4
    assert len(ax.get_xticklabels()) == 4


def test_a_font_cache_built_before_the_cjk_font_was_installed_is_caught_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed = cjk_font()
    # Every font that could draw Chinese is missing from the stale cache.
    stale = [f for f in font_manager.fontManager.ttflist if _pick({f.name}) is None]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    cjk_font.cache_clear()
    try:
        assert cjk_font() == installed
    finally:
        cjk_font.cache_clear()


def _many(n: int) -> list[tuple[object, ...]]:
    # Attendance falls by one per village: V00 ranks first, the last village last.
    return [
        (f"V{i:02d}", f"村{i}", "A1", "2026Q3", 100, 100 - i, 0, 0, 0, 0, 1, 0) for i in range(n)
    ]


def test_a_county_sized_ranking_shows_the_first_and_last_twenty() -> None:
    result = town(rows=_many(50)).period("2026Q3")
    labels = [t.get_text() for t in ranking_chart_figure(result).axes[0].get_yticklabels()]
    assert len(labels) == 40
    assert labels[19].endswith("村19") and labels[20].endswith("村30")


def test_the_heat_map_is_laid_out_from_its_labels_not_by_the_constrained_layout() -> None:
    # The constrained layout measured every text again at each save (issue 12).
    assert heatmap_figure(ASSESSMENT, Q3).get_layout_engine() is None


# Q3's items, worked out in town.py: service day, births, subsidy, meetings
# (北村's -5 for an unreported birth is an adjustment, not an item's cell).
CELLS = [
    ("东村", ["20", "15", "10", "5"]),
    ("西村", ["18", "8.75", "7", "5"]),
    ("北村", ["19", "15", "4", "5"]),
    ("南村", ["12", "15", "10", "0"]),
]


def test_each_cell_of_the_heat_map_says_the_units_points_for_the_item() -> None:
    fig = heatmap_figure(ASSESSMENT, Q3)
    (numbers,) = fig.findobj(CellNumbers)
    written = {(row, column): text for column, row, text in numbers.cells}
    for r, (_, points) in enumerate(CELLS):
        assert [written[(r, c)] for c in range(4)] == points
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        f"{r}. {name}" for r, (name, _) in enumerate(CELLS, start=1)
    ]


def _long_names(n: int) -> list[tuple[object, ...]]:
    # Names as long as a community's full one, to push the left margin.
    return [
        (f"V{i:03d}", f"第{i}社区居民委员会", "A1", "2026Q3", 100, 100 - i % 60, 0, 0, 0, 0, 1, 0)
        for i in range(n)
    ]


def test_the_ranking_is_laid_out_from_its_labels_not_by_the_constrained_layout() -> None:
    assert ranking_chart_figure(Q3).get_layout_engine() is None


@pytest.mark.parametrize("units", [3, 21, 240])
@pytest.mark.parametrize("chart", ["heat map", "ranking"])
def test_no_text_of_the_chart_reaches_past_the_picture(chart: str, units: int) -> None:
    assessment = town(rows=_long_names(units))
    result = assessment.period("2026Q3")
    fig = (
        heatmap_figure(assessment, result) if chart == "heat map" else ranking_chart_figure(result)
    )
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    # Everything drawn (tick labels past the axis' end are not), in inches.
    drawn = fig.get_tightbbox(renderer)
    width, height = fig.get_size_inches()
    assert drawn.x0 >= 0 and drawn.y0 >= 0
    assert drawn.x1 <= width and drawn.y1 <= height
    assert len(fig.axes[0].get_yticklabels()) == min(units, 40)


def test_the_trend_is_laid_out_from_its_labels_not_by_the_constrained_layout() -> None:
    assert trend_chart_figure(ASSESSMENT, "V02").get_layout_engine() is None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("unit", [None, "V02"])
def test_the_trend_axes_stand_where_the_constrained_layout_put_them(
    unit: str | None, lang: str
) -> None:
    # Its own margins replace the constrained layout (issue 12): the same picture,
    # the axes within a pixel of where that layout, drawn again, places them.
    fig = trend_chart_figure(ASSESSMENT, unit, lang=lang)
    ax = fig.axes[0]
    own = ax.get_position().transformed(fig.transFigure)
    fig.set_layout_engine("constrained")
    fig.canvas.draw()
    laid_out = ax.get_position().transformed(fig.transFigure)
    for mine, theirs in zip(own.extents, laid_out.extents, strict=True):
        assert abs(mine - theirs) < 1.5


@pytest.mark.parametrize("units", [3, 21])
def test_no_text_of_the_trend_reaches_past_the_picture(units: int) -> None:
    assessment = town(rows=_long_names(units))
    fig = trend_chart_figure(assessment, "V001")
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # type: ignore[attr-defined]
    width, height = fig.get_size_inches()
    assert drawn.x0 >= 0 and drawn.y0 >= 0
    assert drawn.x1 <= width and drawn.y1 <= height


def _pixels(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGBA"))


@pytest.mark.parametrize("chart", ["heat map", "ranking", "trend"])
def test_a_chart_png_has_the_pixels_savefig_writes(chart: str) -> None:
    # to_png draws once and writes RGB at another zlib level (issue 12): the
    # picture must not change.
    build = {
        "heat map": lambda: _heatmap(ASSESSMENT, Q3),
        "ranking": lambda: _ranking_chart(Q3),
        "trend": lambda: _trend_chart(ASSESSMENT, "V02"),
    }[chart]
    saved = io.BytesIO()
    with _cjk_rc():
        build().savefig(saved, format="png")
    png = to_png(build())
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGB"
    assert np.array_equal(_pixels(png), _pixels(saved.getvalue()))


def test_the_cell_numbers_are_the_pixels_draw_text_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Their glyphs are shaped once per distinct number (issue 12); Agg's own
    # draw_text for every cell must draw the very same picture.
    fast = to_png(_heatmap(ASSESSMENT, Q3))
    monkeypatch.setattr(_GlyphWriter, "of", classmethod(lambda cls, renderer, prop: None))
    plain = to_png(_heatmap(ASSESSMENT, Q3))
    assert np.array_equal(_pixels(fast), _pixels(plain))
