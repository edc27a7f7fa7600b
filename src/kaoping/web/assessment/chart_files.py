"""The charts of an assessment, drawn once per computation and kept as files under
``KAOPING_CACHE_DIR/charts`` (as document_files keeps the bulletins): the ranking
page's two charts were drawn again on every view, half a second to seconds each.

A chart is the same picture as long as the computation it is drawn from is the same
(``revision`` and ``computed_at``, which every recomputation and every corrected
version changes) and the township's name, in the page's language; the key hashes exactly these, so nothing
is invalidated by hand, and a cached file is never read for another assessment.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from .document_files import keep
from .models import Assessment


def chart_path(a: Assessment, chart: str, unit: str = "", lang: str = "zh") -> Path:
    drawn_from = {
        "assessment": a.pk,
        "revision": a.revision,
        "computed_at": a.computed_at.isoformat() if a.computed_at else None,
        "version": a.version,
        "township": a.township.name,
        "chart": chart,
        "unit": unit,
        # The page's language: an English page's chart has English titles.
        "lang": lang,
    }
    digest = hashlib.sha256(json.dumps(drawn_from, sort_keys=True).encode()).hexdigest()[:24]
    name = f"{a.pk}-{chart}-{unit}-{digest}.png" if unit else f"{a.pk}-{chart}-{digest}.png"
    return Path(settings.KAOPING_CACHE_DIR) / "charts" / name


def cached_png(
    a: Assessment, chart: str, draw: Callable[[], bytes], unit: str = "", lang: str = "zh"
) -> bytes:
    """The chart's bytes, from the cache or drawn by ``draw`` and kept; a chart that
    cannot be drawn (no Chinese font) raises from ``draw`` and keeps nothing."""
    path = chart_path(a, chart, unit, lang)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = draw()
    keep(path, data)
    return data
