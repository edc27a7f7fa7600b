"""The numbers written in a heat map's cells, drawn by one artist.

A :class:`matplotlib.text.Text` per cell finds its font, lays itself out and
measures its box when drawn; hundreds of them were most of the heat map's time
(issue 12). This artist writes every number straight onto the renderer with one
:class:`~matplotlib.font_manager.FontProperties`, measuring each distinct number
once. Imported where a heat map is drawn (matplotlib is not loaded with the
command line).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties


class CellNumbers(Artist):
    """``cells`` as (column, row, text) in the axes' data coordinates, each text
    centred on its point in ``prop``, black."""

    def __init__(self, cells: Sequence[tuple[float, float, str]], prop: FontProperties) -> None:
        super().__init__()
        self.cells = list(cells)
        self.prop = prop
        # Inside the cells: nothing for a layout to make room for.
        self.set_in_layout(False)

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible() or self.axes is None or not self.cells:
            return
        renderer.open_group("cell_numbers", self.get_gid())
        gc = renderer.new_gc()
        gc.set_foreground("black")
        gc.set_antialiased(True)
        height = renderer.get_canvas_width_height()[1]
        points = self.axes.transData.transform([(c, r) for c, r, _ in self.cells])
        sizes: dict[str, tuple[float, float, float]] = {}
        glyphs = _GlyphWriter.of(renderer, self.prop)
        for (x, y), (_, _, text) in zip(points, self.cells, strict=True):
            if not text:
                continue
            size = sizes.get(text)
            if size is None:
                size = sizes[text] = renderer.get_text_width_height_descent(
                    text, self.prop, ismath=False
                )
            w, h, d = size
            # (x, y) is the centre of the text's box; draw_text wants the left end
            # of its baseline, from the top of the canvas.
            baseline = y - h / 2 + d
            if glyphs is None:
                renderer.draw_text(gc, x - w / 2, height - baseline, text, self.prop, 0.0)
            else:
                glyphs.draw(gc, x - w / 2, height - baseline, text)
        gc.restore()
        renderer.close_group("cell_numbers")
        self.stale = False


class _GlyphWriter:
    """What Agg's ``draw_text`` does for one text, with its font found and each
    distinct text shaped once for all the cells: ``draw_text`` looks the font up
    and lays the text out again for each cell, most of its time (issue 12). The
    glyphs go through the same Agg call, so the pixels are the same; with
    another backend or a matplotlib without these internals, ``of`` gives None
    and the cells are drawn by ``draw_text``."""

    def __init__(self, renderer: Any, font: Any, size: float, flags: Any) -> None:
        self.renderer = renderer
        self.font = font
        self.size = size
        self.flags = flags
        self.shaped: dict[str, list[tuple[Any, float, int, float, float, float, float]]] = {}

    @classmethod
    def of(cls, renderer: RendererBase, prop: FontProperties) -> _GlyphWriter | None:
        from matplotlib.backends import backend_agg

        if not (
            isinstance(renderer, backend_agg.RendererAgg)
            and hasattr(renderer, "_prepare_font")
            and hasattr(renderer, "_draw_text_glyphs_and_boxes")
            and hasattr(backend_agg, "get_hinting_flag")
        ):
            return None
        font = renderer._prepare_font(prop)
        if not hasattr(font, "_layout"):
            return None
        return cls(renderer, font, prop.get_size_in_points(), backend_agg.get_hinting_flag())

    def draw(self, gc: Any, x: float, y: float, text: str) -> None:
        glyphs = self.shaped.get(text)
        if glyphs is None:
            # As draw_text: a cleared font at the size, then the layout.
            self.font.clear()
            self.font.set_size(self.size, self.renderer.dpi)
            glyphs = self.shaped[text] = [
                (g.ft_object, self.size, g.glyph_index, 0, 1, g.x, g.y)
                for g in self.font._layout(text, flags=self.flags, features=None, language=None)
            ]
        self.renderer._draw_text_glyphs_and_boxes(gc, x, y, 0.0, glyphs, [])
