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
    orders = {p: _period_order(p) for p in frame.get_column("period").unique().to_list()}
    # One string sort at most: units in code order get consecutive integer ids, and
    # every later sort (streaks, the final order with ties by unit code) is on integers.
    df = frame if frame.get_column("unit").is_sorted() else frame.sort("unit", maintain_order=True)
    df = df.with_columns(
        _uid=pl.col("unit").rle_id(),
        _order=pl.col("period").replace_strict(orders, return_dtype=pl.Int64),
        _key=_key_at_12_decimals(pl.col("total")),
    )

    def per_period(e: pl.Expr) -> pl.Expr:
        return e if len(orders) == 1 else e.over("period")

    key = pl.col("_key")
    best = per_period(key.rank("min", descending=desc)).cast(pl.Int64)
    worst = per_period(key.rank("min", descending=not desc)).cast(pl.Int64)
    df = df.with_columns(_from_best_min=best, _from_worst_min=worst)
    # Positions of the last of a tie: n + 1 minus the first position from the other end.
    n = per_period(pl.len()).cast(pl.Int64)
    df = df.with_columns(
        _from_best_max=n + 1 - pl.col("_from_worst_min"),
        _from_worst_max=n + 1 - pl.col("_from_best_min"),
    )
    if method == "min":
        df = df.with_columns(rank=pl.col("_from_best_min"), _worst_rank=pl.col("_from_worst_min"))
    else:
        df = df.with_columns(
            rank=per_period(key.rank("dense", descending=desc)).cast(pl.Int64),
            _worst_rank=per_period(key.rank("dense", descending=not desc)).cast(pl.Int64),
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
    # Streaks: runs of the same group along each unit's own periods. Sorted by
    # unit and period, a run starts where the unit or the group changes; plain
    # shifts and a forward fill instead of per-unit windows keep this linear.
    if len(orders) == 1:  # one period: a unit in a group has a streak of 1
        df = df.with_columns(
            streak=pl.when(pl.col("group").is_null()).then(0).otherwise(1).cast(pl.Int64)
        )
        return _finish(df)
    df = df.sort("_uid", "_order")
    g = pl.col("group").fill_null("")
    starts = ((pl.col("_uid") != pl.col("_uid").shift(1)) | (g != g.shift(1))).fill_null(True)
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    run_start = pl.when(starts).then(idx).otherwise(None).forward_fill()
    df = df.with_columns(
        streak=pl.when(pl.col("group").is_null())
        .then(0)
        .otherwise(idx - run_start + 1)
        .cast(pl.Int64)
    )
    return _finish(df)


def _finish(df: pl.DataFrame) -> pl.DataFrame:
    return df.drop(
        "_from_best_min", "_from_best_max", "_from_worst_min", "_from_worst_max", "_worst_rank",
        "_key",
    ).sort("_order", "rank", "_uid").drop("_order", "_uid")  # fmt: skip


def _key_at_12_decimals(total: pl.Expr) -> pl.Expr:
    """Totals compared at 12 decimals, as integers: the ``Decimal(38, 18)`` digits
    divided by 10^6, half to even (as ``Decimal.round(12)``), so that a 1e-18
    remainder of a decimal 1/3 + 2/3 still ties with 1."""
    digits = total.cast(pl.Decimal(38, 18)).to_physical()
    step = pl.lit(10**6, dtype=pl.Int128)
    q, r = digits // step, digits % step
    half = pl.lit(5 * 10**5, dtype=pl.Int128)
    up = (r > half) | ((r == half) & (q % 2 == 1))
    return q + up.cast(pl.Int128)


def _period_order(text: str) -> int:
    p = Period.parse(text)
    return p.year * 100 + p.start_month * 2 + (0 if p.is_quarter else 1)
