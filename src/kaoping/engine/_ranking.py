"""Ranks, top and bottom groups, and streaks across periods (RUBRIC.md §5)."""

from __future__ import annotations

from typing import Literal

import polars as pl

from ._model import Ranking
from ._periods import Period

__all__ = ["rank_periods"]


def rank_periods(frame: pl.DataFrame, ranking: Ranking) -> pl.DataFrame:
    """Add ``rank``, ``group``, ``group_rank`` and ``streak`` to a frame of
    ``unit, period, total`` (one row per unit and period).

    - ``rank``: shared (1, 2, 2, 4) or dense (1, 2, 2, 3) within the period.
    - ``group``: ``top``/``bottom``/null. Membership counts positions: with
      ``include_ties`` every unit tied at the boundary is in; with ``exclude_ties``
      none of them is. A unit that would be in both is in ``top``.
    - ``group_rank``: rank within the group, 1 the best of top, the worst of bottom.
    - ``streak``: consecutive assessed periods of the unit in the same group,
      ending with this one (0 outside any group). Periods are the unit's own
      assessed ones, in order: a period the unit was not assessed in is skipped.
    """
    desc = ranking.order == "desc"
    method: Literal["min", "dense"] = "min" if ranking.ties == "shared" else "dense"
    # Ranks compare totals at 12 decimals: equal exact totals tie even when a
    # vectorised 1/3 + 2/3 left a 1e-18 remainder.
    key = pl.col("total").round(12)
    by_period = "period"
    df = frame.with_columns(
        _order=pl.col("period").map_elements(_period_order, return_dtype=pl.Int64),
        rank=key.rank(method, descending=desc).over(by_period).cast(pl.Int64),
        _from_best_min=key.rank("min", descending=desc).over(by_period),
        _from_best_max=key.rank("max", descending=desc).over(by_period),
        _from_worst_min=key.rank("min", descending=not desc).over(by_period),
        _from_worst_max=key.rank("max", descending=not desc).over(by_period),
        _worst_rank=key.rank(method, descending=not desc).over(by_period).cast(pl.Int64),
    )
    include = ranking.boundary == "include_ties"
    top_pos = pl.col("_from_best_min") if include else pl.col("_from_best_max")
    bottom_pos = pl.col("_from_worst_min") if include else pl.col("_from_worst_max")
    in_top = top_pos <= ranking.top if ranking.top > 0 else pl.lit(False)
    in_bottom = bottom_pos <= ranking.bottom if ranking.bottom > 0 else pl.lit(False)
    df = df.with_columns(
        group=pl.when(in_top)
        .then(pl.lit("top"))
        .when(in_bottom)
        .then(pl.lit("bottom"))
        .otherwise(pl.lit(None, dtype=pl.Utf8)),
    ).with_columns(
        group_rank=pl.when(pl.col("group") == "top")
        .then(pl.col("rank"))
        .when(pl.col("group") == "bottom")
        .then(pl.col("_worst_rank"))
        .otherwise(None),
    )
    # Streaks: runs of the same group along each unit's own periods.
    df = df.sort("unit", "_order")
    g = pl.col("group").fill_null("")
    changed = (g != g.shift(1).over("unit")).fill_null(True)
    df = df.with_columns(_run=changed.cast(pl.Int64).cum_sum().over("unit"))
    df = df.with_columns(
        streak=pl.when(pl.col("group").is_null())
        .then(0)
        .otherwise(pl.int_range(1, pl.len() + 1).over("unit", "_run"))
        .cast(pl.Int64)
    )
    return df.drop(
        "_from_best_min", "_from_best_max", "_from_worst_min", "_from_worst_max", "_worst_rank",
        "_run",
    ).sort("_order", "rank", "unit").drop("_order")  # fmt: skip


def _period_order(text: str) -> int:
    p = Period.parse(text)
    return p.year * 100 + p.start_month * 2 + (0 if p.is_quarter else 1)
