"""Charts for documents and the web app, drawn with matplotlib's Agg backend.

Each chart has a ``*_figure`` function returning the :class:`~matplotlib.figure.Figure`
(for tests that inspect its texts) and a ``*_png`` function returning PNG bytes.
Figures are built without pyplot, so drawing is safe in a threaded web server.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from decimal import Decimal
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Literal, ParamSpec

from ..engine import Assessment, Period, PeriodResult, UnitResult, format_number
from ._level import words as level_words

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

# matplotlib is imported where a chart is drawn: the command line loads this
# module for every command and should not pay a second for it.

P = ParamSpec("P")

__all__ = [
    "CJK_FONT_PREFERENCE",
    "NoCJKFont",
    "cjk_font",
    "heatmap_figure",
    "heatmap_png",
    "ranking_chart_figure",
    "ranking_chart_png",
    "to_png",
    "trend_chart_figure",
    "trend_chart_png",
]

# Used only when the packaged font is missing: families that cover the CJK Unified
# Ideographs, best first. Debian's fonts-noto-cjk provides the first ones; Windows
# and macOS offices have the later.
CJK_FONT_PREFERENCE = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Noto Sans CJK JP",
    "Noto Serif CJK JP",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)


class NoCJKFont(RuntimeError):
    """No installed font can draw Chinese; charts would show boxes."""


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of a CJK font matplotlib can use: the Noto Sans SC that ships
    as a Python dependency, so a machine with Python and uv only draws Chinese."""
    from matplotlib import font_manager

    try:
        import pylopdf_fonts_zh_cn

        path = pylopdf_fonts_zh_cn.sans_path()
        font_manager.fontManager.addfont(str(path))
        return str(font_manager.FontProperties(fname=str(path)).get_name())
    except (ImportError, OSError, RuntimeError):
        # A trimmed install without the font package: fall back to the system's fonts.
        pass
    name = _pick({f.name for f in font_manager.fontManager.ttflist})
    if name is None:
        # matplotlib's font cache does not see fonts installed after it was built
        # (fonts-noto-cjk added to a machine that had already drawn a chart).
        for path_text in font_manager.findSystemFonts():
            if any(
                k in path_text.lower() for k in ("cjk", "wqy", "wenquanyi", "sourcehan", "droid")
            ):
                font_manager.fontManager.addfont(path_text)
        name = _pick({f.name for f in font_manager.fontManager.ttflist})
    if name is None:
        raise NoCJKFont(
            "no CJK font found for charts; reinstall kaoping with its dependencies "
            "(pylopdf-fonts-zh-cn) or install one (Debian: apt-get install fonts-noto-cjk)"
        )
    return name


def _pick(installed: set[str]) -> str | None:
    for name in CJK_FONT_PREFERENCE:
        if name in installed:
            return name
    for name in sorted(installed):
        if "CJK" in name or "Hei" in name or "Song" in name:
            return name
    return None


def _figure(
    width_in: float, height_in: float, layout: Literal["constrained"] | None = "constrained"
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=150, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def _extent(
    fig: Figure, text: str, prop: FontProperties, degrees: float = 0
) -> tuple[float, float]:
    """Width and height in inches of ``text`` drawn in ``prop``, rotated by ``degrees``:
    one measure by the figure's renderer, for a layout computed once instead of
    the constrained layout's measuring of every text (issue 12)."""
    import math

    if not text:
        return 0.0, 0.0
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    # The renderer the figure is drawn on later (Agg keeps it for the same size),
    # through the text metrics cache matplotlib keeps for it: a label measured
    # here is not measured again when its Text is laid out (issue 12).
    w, h, _ = _metrics(canvas.get_renderer(), text, prop, fig.dpi)
    a = math.radians(degrees)
    dpi = fig.dpi
    return (
        (w * abs(math.cos(a)) + h * abs(math.sin(a))) / dpi,
        (w * abs(math.sin(a)) + h * abs(math.cos(a))) / dpi,
    )


def _metrics(
    renderer: RendererBase, text: str, prop: FontProperties, dpi: float
) -> tuple[float, float, float]:
    """Width, height and descent in pixels of ``text`` in ``prop``."""
    from matplotlib import text as mtext

    cached = getattr(mtext, "_get_text_metrics_with_cache", None)
    if cached is None:  # another matplotlib than the one locked
        return renderer.get_text_width_height_descent(text, prop, ismath=False)
    w, h, d = cached(renderer, text, prop, False, dpi)
    return w, h, d


def _box(
    fig: Figure, text: str, prop: FontProperties, degrees: float = 0, ascent: bool = False
) -> tuple[float, float]:
    """Width and height in inches of the box a Text of ``text`` in ``prop`` takes
    (its lines as tall as the font's ascent and descent at least, which the
    constrained layout measures); with ``ascent``, the width and the height above
    the baseline (unrotated)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if not text:
        return 0.0, 0.0
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    box = Text(0, 0, text, fontproperties=prop, rotation=degrees)
    box.set_figure(fig)
    extent = box.get_window_extent(canvas.get_renderer())
    if ascent:
        # Drawn at the origin on its baseline (the default alignment), in pixels.
        return extent.width / fig.dpi, extent.y1 / fig.dpi
    return extent.width / fig.dpi, extent.height / fig.dpi


def _widest(
    fig: Figure,
    texts: Sequence[str],
    prop: FontProperties,
    degrees: float = 0,
    measure: Callable[[Figure, str, FontProperties, float], tuple[float, float]] = _extent,
) -> tuple[float, float]:
    """The largest width and height of ``texts`` (each measured once, the same
    font properties object for all)."""
    sizes = [measure(fig, t, prop, degrees) for t in set(texts)]
    return max((w for w, _ in sizes), default=0.0), max((h for _, h in sizes), default=0.0)


def _cjk_rc() -> AbstractContextManager[None]:
    # Text objects take their font from rcParams when created (tick labels when
    # drawn), so figures are built, drawn and saved inside this context.
    from matplotlib import rc_context

    return rc_context(
        {
            # Concrete family names, not "sans-serif": a Text keeps its family,
            # and a generic one would be resolved again outside this context.
            "font.family": [cjk_font(), "DejaVu Sans"],
            "axes.unicode_minus": False,
        }
    )


def _with_cjk(build: Callable[P, Figure]) -> Callable[P, Figure]:
    @wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        with _cjk_rc():
            return build(*args, **kwargs)

    return wrapper


def _drawn(build: Callable[P, Figure]) -> Callable[P, Figure]:
    """The public ``*_figure``: built and drawn once, so tests read laid-out texts
    (tick labels exist once drawn). The ``*_png`` functions build without this
    draw: saving draws the figure, and a second layout and text measuring pass
    was half of a chart's time (issue 12)."""

    @wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure:
        fig = build(*args, **kwargs)
        with _cjk_rc():
            fig.canvas.draw()
        return fig

    return wrapper


def to_png(fig: Figure) -> bytes:
    """The figure drawn once on its Agg canvas and written as PNG: the pixels
    ``savefig`` writes, without its second, drawing-disabled pass for a layout
    engine, in RGB when every pixel is opaque (the charts' white page), at zlib
    level 3 (a smaller file than savefig's level 6, in less time; issue 12)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    with _cjk_rc():
        canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    if (rgba[..., 3] == 255).all():
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=3, dpi=(fig.dpi, fig.dpi))
    return buf.getvalue()


# A title's place given, where matplotlib would find it: above the axes, as no
# chart has tick labels on top. Left to itself, matplotlib measures every tick
# label at each drawing to see whether the title must move up (issue 12).
_TITLE_Y = 1.0


# The charts' own words, one whole title per language (the documents' charts are
# Chinese; the web draws the English page's in English). Names and item titles
# inside them are data, as the township wrote them.
CHART_WORDING: dict[str, dict[str, str]] = {
    "zh": {
        "total": "总分",
        "ranking": "{period}考评得分排名",
        "heatmap": "{period}各村（居）分项得分",
        # A campaign's own assessment is named by the campaign, not its quarter.
        "campaign_ranking": "{campaign}考评得分排名",
        "campaign_heatmap": "{campaign}各村（居）分项得分",
        "share": "得分占满分比例",
        "average": "全镇平均",
        "unit_quarters": "{name}各季度考评得分",
        "unit_periods": "{name}各期考评得分",
        "town_quarters": "全镇各季度平均得分",
        "town_periods": "全镇各期平均得分",
        "quarter": "{year}年{n}季度",
    },
    "en": {
        "total": "Total",
        "ranking": "Ranking by total, {period}",
        "heatmap": "Item scores by village, {period}",
        "campaign_ranking": "Ranking by total, {campaign}",
        "campaign_heatmap": "Item scores by village, {campaign}",
        "share": "Share of the item's maximum",
        "average": "Township average",
        "unit_quarters": "{name}: total by quarter",
        "unit_periods": "{name}: total by period",
        "town_quarters": "Township average by quarter",
        "town_periods": "Township average by period",
        "quarter": "{year} Q{n}",
    },
}

# What a county's charts say otherwise: its units are townships (documents/_level.py).
_COUNTY_WORDING: dict[str, dict[str, str]] = {
    "zh": {
        "heatmap": "{period}各乡镇分项得分",
        "average": "全县平均",
        "town_quarters": "全县各季度平均得分",
        "town_periods": "全县各期平均得分",
    },
    "en": {
        "heatmap": "Item scores by township, {period}",
        "average": "County average",
        "town_quarters": "County average by quarter",
        "town_periods": "County average by period",
    },
}


# What a province's or a city's charts say otherwise: its units are counties; the
# whole is the assessor's (全省 or 全市, documents/_level.py).
_REGION_WORDING: dict[str, dict[str, str]] = {
    "zh": {
        "heatmap": "{period}各县（市、区）分项得分",
        "average": "{whole}平均",
        "town_quarters": "{whole}各季度平均得分",
        "town_periods": "{whole}各期平均得分",
    },
    "en": {
        "heatmap": "Item scores by county, {period}",
        "average": "{whole} average",
        "town_quarters": "{whole} average by quarter",
        "town_periods": "{whole} average by period",
    },
}
_WHOLE_EN = {"全省": "Province", "全市": "City"}


def chart_wording(lang: str) -> dict[str, str]:
    """The charts' words in ``lang`` at the level being drawn (``_level.at_level``)."""
    drawn = level_words()
    if drawn.level == "township":
        return {**CHART_WORDING[lang], **_COUNTY_WORDING[lang]}
    if drawn.level == "county":
        whole = drawn.whole if lang == "zh" else _WHOLE_EN.get(drawn.whole, drawn.whole)
        # {period} stays for the chart to fill.
        region = {k: v.replace("{whole}", whole) for k, v in _REGION_WORDING[lang].items()}
        return {**CHART_WORDING[lang], **region}
    return CHART_WORDING[lang]


def _period_label(period: Period, lang: str) -> str:
    return period.label_zh() if lang == "zh" else str(period)


def _f(d: Decimal) -> float:
    return float(d)


@_with_cjk
def _ranking_chart(result: PeriodResult, title: str | None = None, lang: str = "zh") -> Figure:
    """Horizontal bars of every unit's total, best at the top; top and bottom
    groups coloured as the bulletin names them."""
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    units = _ends(list(result.units))
    w = chart_wording(lang)
    heading = title or w["ranking"].format(period=_period_label(result.period, lang))
    names = [f"{u.rank}. {u.display_name}" for u in units]
    fig_w, fig_h = 7.0, max(2.6, 0.17 * len(units) + 1.0)
    fig = _figure(fig_w, fig_h, layout=None)
    # Margins from the widest name, the title and the axis label, measured once
    # each, instead of the constrained layout (issue 12, as the heat map).
    pt = 1 / 72
    air = 0.1
    tick = FontProperties(size=rcParams["ytick.labelsize"])
    tick_room = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]) * pt
    names_w, _ = _widest(fig, names, tick)
    _, digits_h = _extent(fig, "0123456789", tick)
    _, title_h = _extent(
        fig,
        heading,
        FontProperties(size=rcParams["axes.titlesize"], weight=rcParams["axes.titleweight"]),
    )
    _, xlabel_h = _extent(fig, w["total"], FontProperties(size=rcParams["axes.labelsize"]))
    left = air + names_w + tick_room
    # The last tick's number may stand half out past the axis' end.
    right = air + _extent(fig, "100", tick)[0] / 2
    top = air + title_h + rcParams["axes.titlepad"] * pt
    bottom = air + xlabel_h + rcParams["axes.labelpad"] * pt + digits_h + tick_room
    ax = fig.add_axes(
        (
            left / fig_w,
            bottom / fig_h,
            (fig_w - left - right) / fig_w,
            (fig_h - top - bottom) / fig_h,
        )
    )
    colours = [
        "#c0392b" if u.group == "bottom" else "#1f6f43" if u.group == "top" else "#5b7a99"
        for u in units
    ]
    y = list(range(len(units)))
    ax.barh(y, [_f(u.total) for u in units], color=colours)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    bar_font = FontProperties(size=8)
    for yi, u in zip(y, units, strict=True):
        ax.text(_f(u.total), yi, f" {format_number(u.total)}", va="center", fontproperties=bar_font)
    ax.set_xlabel(w["total"])
    ax.set_title(heading, y=_TITLE_Y)
    ax.spines[["top", "right"]].set_visible(False)
    if units:
        top = max(_f(u.total) for u in units)
        ax.set_xlim(0, max(top * 1.12, 1))
    return fig


ranking_chart_figure = _drawn(_ranking_chart)


def ranking_chart_png(result: PeriodResult, title: str | None = None, lang: str = "zh") -> bytes:
    return to_png(_ranking_chart(result, title, lang))


@_with_cjk
def _heatmap(
    assessment: Assessment, result: PeriodResult, lang: str = "zh", title: str | None = None
) -> Figure:
    """Units (rows, rank order) by top-level items (columns): the share of the
    item's maximum each unit scored, with the points written in each cell.

    Laid out from its longest labels (measured once each), not by the constrained
    layout: that measured every text of the chart again at each save (issue 12)."""
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    from ._cell_numbers import CellNumbers

    items = list(assessment.rubric.items)
    units = _ends(list(result.units))
    w = chart_wording(lang)
    heading = title or w["heatmap"].format(period=_period_label(result.period, lang))
    columns = [_short(n.title) for n in items]
    rows = [f"{u.rank}. {u.display_name}" for u in units]
    fig_w, fig_h = 7.2, max(3.0, 0.22 * len(units) + 2.0)
    fig = _figure(fig_w, fig_h, layout=None)

    # The margins in inches: each side holds its labels, measured in the fonts
    # matplotlib will draw them in, and a little air.
    pt = 1 / 72
    air = 0.1
    ytick = FontProperties(size=rcParams["ytick.labelsize"])
    xtick = FontProperties(size=rcParams["xtick.labelsize"])
    tick_room = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]) * pt
    rows_w, _ = _widest(fig, rows, ytick)
    columns_w, columns_h = _widest(fig, columns, xtick, 40)
    _, title_h = _extent(
        fig,
        heading,
        FontProperties(size=rcParams["axes.titlesize"], weight=rcParams["axes.titleweight"]),
    )
    bar_ticks_w, _ = _widest(fig, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], ytick)
    bar_label_w, _ = _extent(fig, w["share"], FontProperties(size=rcParams["axes.labelsize"]), 90)
    bar_w, bar_gap = 0.14, 0.15
    top = air + title_h + rcParams["axes.titlepad"] * pt
    bottom = air + columns_h + tick_room
    right = (
        air
        + bar_label_w
        + rcParams["axes.labelpad"] * pt
        + bar_ticks_w
        + tick_room
        + bar_w
        + bar_gap
    )
    left = air + rows_w + tick_room
    for _ in range(3):
        # The first column's label, slanted, reaches left of its cell's middle.
        half_cell = (fig_w - left - right) / max(len(items), 1) / 2
        left = max(air + rows_w + tick_room, air + columns_w - half_cell)
    ax_w, ax_h = fig_w - left - right, fig_h - top - bottom
    ax = fig.add_axes((left / fig_w, bottom / fig_h, ax_w / fig_w, ax_h / fig_h))
    # The colour bar beside it, 0.6 of its height, centred (as shrink=0.6 drew it).
    cax = fig.add_axes(
        (
            (left + ax_w + bar_gap) / fig_w,
            (bottom + 0.2 * ax_h) / fig_h,
            bar_w / fig_w,
            0.6 * ax_h / fig_h,
        )
    )

    grid = [
        [_f(u.scores.get(n.path, Decimal(0)) / n.max) if n.max else 1.0 for n in items]
        for u in units
    ]
    image = ax.imshow(grid, cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(items)), columns, rotation=40, ha="right")
    ax.set_yticks(range(len(units)), rows)
    ax.add_artist(
        CellNumbers(
            [
                (c, r, format_number(u.scores.get(n.path, Decimal(0))))
                for r, u in enumerate(units)
                for c, n in enumerate(items)
            ],
            FontProperties(size=6),
        )
    )
    ax.set_title(heading, y=_TITLE_Y)
    cbar = fig.colorbar(image, cax=cax)
    cbar.set_label(w["share"])
    return fig


heatmap_figure = _drawn(_heatmap)


def heatmap_png(
    assessment: Assessment, result: PeriodResult, lang: str = "zh", title: str | None = None
) -> bytes:
    return to_png(_heatmap(assessment, result, lang, title))


def campaign_chart_title(chart: str, campaign: str, lang: str = "zh") -> str:
    """The title of a campaign assessment's ranking or heat map (``chart``)."""
    return CHART_WORDING[lang][f"campaign_{chart}"].format(campaign=campaign)


# A county's hundreds of villages would make a chart metres tall: beyond this many
# units a chart shows the first and the last ENDS (the ranks on the labels show
# the gap).
ENDS = 20


def _ends(units: list[UnitResult]) -> list[UnitResult]:
    return units if len(units) <= 2 * ENDS else units[:ENDS] + units[-ENDS:]


def _nan(values: Sequence[float | None]) -> list[float]:
    # A gap in the line where a quarter has no figure.
    return [float("nan") if v is None else v for v in values]


def _short(title: str, limit: int = 8) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


@_with_cjk
def _trend_chart(
    assessment: Assessment,
    unit: str | None = None,
    periods: Sequence[Period] | None = None,
    lang: str = "zh",
) -> Figure:
    """A unit's total over the assessed quarters beside the township average;
    with ``unit=None`` the township average alone."""
    results = [r for r in assessment.periods if periods is None or r.period in periods]
    fig = _figure(6.4, 3.2, layout=None)
    # Placed by _place_trend_axes once drawn into: not by the constrained layout,
    # which measured every text twice at each save (issue 12).
    ax = fig.add_subplot()
    w = chart_wording(lang)
    labels = [
        w["quarter"].format(year=r.period.year, n=r.period.number)
        if r.period.is_quarter
        else _period_label(r.period, lang)
        for r in results
    ]
    xs = list(range(len(results)))
    averages: list[float | None] = [
        _f(sum((u.total for u in r.units), Decimal(0)) / len(r.units)) if len(r.units) else None
        for r in results
    ]
    ax.plot(xs, _nan(averages), marker="o", linestyle="--", color="#7f8c8d", label=w["average"])
    name = w["average"]
    if unit is not None:
        totals: list[float | None] = []
        for r in results:
            try:
                u = r.unit(unit)
            except KeyError:
                totals.append(None)
                continue
            name = u.display_name
            totals.append(_f(u.total))
        ax.plot(xs, _nan(totals), marker="o", color="#1f6f43", label=name)
        for x, t in zip(xs, totals, strict=True):
            if t is not None:
                ax.annotate(
                    format_number(Decimal(str(t))),
                    (x, t),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8,
                )
    ax.set_xticks(xs, labels)
    ax.set_ylabel(w["total"])
    quarters = all(r.period.is_quarter for r in results)
    if unit:
        ax.set_title(
            w["unit_quarters" if quarters else "unit_periods"].format(name=name), y=_TITLE_Y
        )
    else:
        ax.set_title(w["town_quarters" if quarters else "town_periods"], y=_TITLE_Y)
    ax.legend(loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    _place_trend_axes(fig, ax, labels, w["total"])
    return fig


def _place_trend_axes(fig: Figure, ax: Axes, labels: Sequence[str], ylabel: str) -> None:
    """The axes where the constrained layout put them: the title, the axis label
    and the tick labels inside the figure with its pads (``figure.constrained_layout.*_pad``),
    each measured once. The lines' and the legend's texts are inside the axes."""
    from matplotlib import rcParams
    from matplotlib.font_manager import FontProperties

    pt = 1 / 72
    fig_w, fig_h = fig.get_size_inches()
    w_pad = rcParams["figure.constrained_layout.w_pad"]
    h_pad = rcParams["figure.constrained_layout.h_pad"]
    xtick = FontProperties(size=rcParams["xtick.labelsize"])
    ytick = FontProperties(size=rcParams["ytick.labelsize"])
    xtick_room = (rcParams["xtick.major.size"] + rcParams["xtick.major.pad"]) * pt
    ytick_room = (rcParams["ytick.major.size"] + rcParams["ytick.major.pad"]) * pt
    # The title stands on its baseline, titlepad above the axes: what it adds on
    # top is its ascent.
    _, title_h = _box(
        fig,
        ax.get_title(),
        FontProperties(size=rcParams["axes.titlesize"], weight=rcParams["axes.titleweight"]),
        ascent=True,
    )
    _, labels_h = _widest(fig, labels, xtick, measure=_box)
    ylabel_w, _ = _box(fig, ylabel, FontProperties(size=rcParams["axes.labelsize"]), 90)
    top = h_pad + title_h + rcParams["axes.titlepad"] * pt
    bottom = h_pad + labels_h + xtick_room
    ax_h = fig_h - top - bottom
    ax.set_position((0.1, bottom / fig_h, 0.8, ax_h / fig_h))
    # The y ticks the locator picks for this height, as the axis will draw them.
    lo, hi = sorted(ax.get_ylim())
    locs = list(ax.yaxis.get_majorticklocs())
    texts = ax.yaxis.get_major_formatter().format_ticks(locs)
    shown = [t for v, t in zip(locs, texts, strict=True) if lo <= v <= hi]
    ticks_w, _ = _widest(fig, shown, ytick, measure=_box)
    y_side = ylabel_w + rcParams["axes.labelpad"] * pt + ticks_w + ytick_room if shown else 0.0
    # The first and the last quarter's label, centred on their ticks, may stand
    # out past the axes' ends.
    x0, x1 = ax.get_xlim()
    first_w, _ = _box(fig, labels[0], xtick) if labels else (0.0, 0.0)
    last_w, _ = _box(fig, labels[-1], xtick) if labels else (0.0, 0.0)
    first = (0.0 - x0) / (x1 - x0)
    last = (x1 - (len(labels) - 1)) / (x1 - x0)
    left, right = w_pad + y_side, w_pad
    for _ in range(3):
        ax_w = fig_w - left - right
        left = w_pad + max(y_side, first_w / 2 - first * ax_w)
        right = w_pad + max(0.0, last_w / 2 - last * ax_w)
    ax.set_position((left / fig_w, bottom / fig_h, (fig_w - left - right) / fig_w, ax_h / fig_h))


trend_chart_figure = _drawn(_trend_chart)


def trend_chart_png(
    assessment: Assessment,
    unit: str | None = None,
    periods: Sequence[Period] | None = None,
    lang: str = "zh",
) -> bytes:
    return to_png(_trend_chart(assessment, unit, periods, lang))
