"""Small rubrics built in tests, scored both ways: exactly (``assess``) and
vectorised (``score_frame``); a test passes only when both give its figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import polars as pl
import yaml

from kaoping.engine import Assessment, Rubric, assess, parse_rubric, score_frame


def make_rubric(
    items: Sequence[Mapping[str, Any]],
    *,
    elements: Mapping[str, Any] | None = None,
    total: int = 100,
    **extra: Any,
) -> Rubric:
    doc: dict[str, Any] = {"kaoping": 1, "name": "测试细则", "total": total}
    if elements is not None:
        doc["elements"] = dict(elements)
    doc["items"] = list(items)
    doc.update(extra)
    return parse_rubric(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "test.yaml")


def frame(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """Rows of figures; numbers are given as text or int so they stay exact."""
    out = []
    for i, r in enumerate(rows):
        row = {"unit": f"V{i + 1:02d}", "period": "2026Q3", **r}
        out.append(
            {
                k: (
                    Decimal(str(v))
                    if isinstance(v, int | float | str)
                    and k not in ("unit", "period", "name", "area")
                    else v
                )
                for k, v in row.items()
            }
        )
    return pl.DataFrame(out)


def score_both(rubric: Rubric, rows: Sequence[Mapping[str, Any]]) -> Assessment:
    """Assess exactly, and check the vectorised scorer agrees on every node and total,
    to the last of its 18 decimals."""
    df = frame(rows)
    result = assess(rubric, df)
    fast = score_frame(rubric, df)
    for row in fast.iter_rows(named=True):
        u = result.period(row["period"]).unit(row["unit"])
        for path, exact in u.scores.items():
            assert row[path] == exact, (path, row[path], exact)
        assert row["total"] == u.total
        assert row["vetoed"] == u.vetoed
    return result
