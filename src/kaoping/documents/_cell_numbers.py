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
            renderer.draw_text(gc, x - w / 2, height - baseline, text, self.prop, 0.0)
        gc.restore()
        renderer.close_group("cell_numbers")
        self.stale = False
