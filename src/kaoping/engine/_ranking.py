"""Ranks, top and bottom groups, and streaks across periods (RUBRIC.md §5)."""

from __future__ import annotations

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
    periods = frame.get_column("period")
    only = _only_period(periods)
    values = [only] if only is not None else periods.unique().to_list()
    orders = {p: _period_order(p) for p in values}
    # One string sort at most: units in code order get consecutive integer ids, and
    # every later sort is on integers, stable, so ties stay in unit-code order.
    df = (
        frame
        if frame.get_column("unit").is_sorted()
        else frame.sort("unit", maintain_order=True, multithreaded=_THREADED)
    )
    one = len(orders) == 1
    # The general form writes over columns of these names where they stand.
    if one and df.height and not _WRITTEN.intersection(df.columns):
        # 64-bit keys sort faster; a key past them is null here, and then 128 bits.
        keyed = df.with_columns(
            _key=_key_at_12_decimals(pl.col("total")).cast(pl.Int64, strict=False)
        )
        if not keyed.get_column("_key").null_count():
            return _rank_one_period(keyed, ranking)
    df = df.with_columns(
        # A unit is once in a period: with one period its row is its id.
        _uid=pl.int_range(pl.len(), dtype=pl.UInt32) if one else pl.col("unit").rle_id(),
        _order=pl.lit(next(iter(orders.values()), 0), dtype=pl.Int64)
        if one
        else pl.col("period").replace_strict(orders, return_dtype=pl.Int64),
        _key=_key_at_12_decimals(pl.col("total")).cast(pl.Int64, strict=False),
    )
    if df.get_column("_key").null_count() != df.get_column("total").null_count():
        df = df.with_columns(_key=_key_at_12_decimals(pl.col("total")))
    return _rank_general(df, ranking, one=one)


# Sorts on one thread: a stable sort of 490,000 keys took 44 ms of CPU on the thread
# pool (67 ms wall, two cores shared) and 18 ms (24 ms) on one; 5 ms, not 12, at
# 163,000 (issue 12).
_THREADED = False

_WRITTEN = frozenset({"rank", "group", "group_rank", "streak", "_key", "_uid", "_order"})


def _only_period(periods: pl.Series) -> str | None:
    """The period of every row when there is one (a ranking's usual frame), read
    without hashing the column: sorted with equal ends is constant."""
    if not periods.len() or periods.null_count() or not periods.is_sorted():
        return None
    first = periods[0]
    return first if first == periods[-1] else None


def _rank_general(df: pl.DataFrame, ranking: Ranking, *, one: bool) -> pl.DataFrame:
    """Any periods and keys (128-bit, null): ``df`` has the work columns ``_uid``,
    ``_order`` and ``_key``, its rows in unit-code order."""
    desc = ranking.order == "desc"
    # From here one lazy plan, collected once: a dozen passes were as many
    # collections, and the work columns a ranking does not read (the dense ranks
    # of a shared ranking) are not computed (issue 12).
    lf = df.lazy()
    # One sort, best first within each period; every rank is then a position in a
    # run of equal totals: the first of a tie (shared), the count of runs (dense), and
    # from the worst end n + 1 minus the last of the tie.
    # With one period the order column is constant: sorting on the key alone is the
    # same order and a third of the time (a two-column sort was 0.14 s of 0.25 s at
    # 490,000 units).
    if one:
        lf = lf.sort("_key", descending=desc, maintain_order=True, multithreaded=_THREADED)
    else:
        lf = lf.sort(
            "_order", "_key", descending=[False, desc], maintain_order=True, multithreaded=_THREADED
        )
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    new_period = (pl.col("_order") != pl.col("_order").shift(1)).fill_null(True)
    end_period = (pl.col("_order") != pl.col("_order").shift(-1)).fill_null(True)
    new_run = new_period | (pl.col("_key") != pl.col("_key").shift(1)).fill_null(True)
    lf = lf.with_columns(_idx=idx, _new_period=new_period, _end_period=end_period, _new_run=new_run)
    end_run = pl.col("_new_run").shift(-1).fill_null(True)
    pos = pl.col("_idx") - pl.when("_new_period").then("_idx").forward_fill() + 1
    lf = lf.with_columns(_pos=pos, _runs=pl.col("_new_run").cast(pl.Int64).cum_sum())
    dense = pl.col("_runs") - pl.when("_new_period").then("_runs").forward_fill() + 1
    lf = lf.with_columns(
        _from_best_min=pl.when("_new_run").then("_pos").forward_fill(),
        _from_best_max=pl.when(end_run).then("_pos").backward_fill(),
        _n=pl.when("_end_period").then("_pos").backward_fill(),
        _dense=dense,
    ).with_columns(_dense_n=pl.when("_end_period").then("_dense").backward_fill())
    lf = lf.with_columns(
        _from_worst_min=pl.col("_n") + 1 - pl.col("_from_best_max"),
        _from_worst_max=pl.col("_n") + 1 - pl.col("_from_best_min"),
    )
    if ranking.ties == "shared":
        lf = lf.with_columns(rank=pl.col("_from_best_min"), _worst_rank=pl.col("_from_worst_min"))
    else:
        lf = lf.with_columns(
            rank=pl.col("_dense"), _worst_rank=pl.col("_dense_n") + 1 - pl.col("_dense")
        )
    include = ranking.boundary == "include_ties"
    top_pos = pl.col("_from_best_min") if include else pl.col("_from_best_max")
    bottom_pos = pl.col("_from_worst_min") if include else pl.col("_from_worst_max")
    in_top = top_pos <= ranking.top if ranking.top > 0 else pl.lit(False)
    in_bottom = bottom_pos <= ranking.bottom if ranking.bottom > 0 else pl.lit(False)
    lf = lf.with_columns(_top=in_top, _bottom=~in_top & in_bottom)
    lf = lf.with_columns(
        group=pl.when("_top")
        .then(pl.lit("top"))
        .when("_bottom")
        .then(pl.lit("bottom"))
        .otherwise(pl.lit(None, dtype=pl.Utf8)),
        group_rank=pl.when("_top")
        .then(pl.col("rank"))
        .when("_bottom")
        .then(pl.col("_worst_rank"))
        .otherwise(None),
    )
    # Streaks: runs of the same group along each unit's own periods. Sorted by
    # unit and period, a run starts where the unit or the group changes; plain
    # shifts and a forward fill instead of per-unit windows keep this linear.
    if one:  # one period: a unit in a group has a streak of 1
        lf = lf.with_columns(
            streak=pl.when(pl.col("_top") | pl.col("_bottom")).then(1).otherwise(0).cast(pl.Int64)
        )
        return _finish(lf, in_order=True)
    lf = lf.sort("_uid", "_order", multithreaded=_THREADED)
    g = pl.col("group").fill_null("")
    starts = ((pl.col("_uid") != pl.col("_uid").shift(1)) | (g != g.shift(1))).fill_null(True)
    idx = pl.int_range(pl.len(), dtype=pl.Int64)
    run_start = pl.when(starts).then(idx).otherwise(None).forward_fill()
    lf = lf.with_columns(
        streak=pl.when(pl.col("group").is_null())
        .then(0)
        .otherwise(idx - run_start + 1)
        .cast(pl.Int64)
    )
    return _finish(lf)


def _rank_one_period(df: pl.DataFrame, ranking: Ranking) -> pl.DataFrame:
    """One period, 64-bit keys ``_key``, none null (a county's or the country's
    quarter): ``_rank_general``'s columns and order from one stable sort and one pass.

    Sorted best first, each group is a run of rows at one end: the top ones are those
    at least as good as the ``top``-th row (include_ties) or better than the row after
    it (exclude_ties), the bottom ones likewise from the other end. Each is a count
    found by binary search on the sorted keys, and the group columns are runs of
    constants, where the general form fills columns of positions along the runs of
    ties: those passes were more than half of a province's ranking (issue 12).
    """
    desc = ranking.order == "desc"
    n = df.height
    key = pl.col("_key")
    new_run = key.ne_missing(key.shift(1))
    if ranking.ties == "shared":
        # The position of the first row of each run of equal keys, carried down it.
        pos = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
        ranks: pl.Expr = pl.when(new_run).then(pos).forward_fill()
    else:
        ranks = new_run.cast(pl.Int64).cum_sum()
    # The period is the same on every row: made again after the sort, not carried
    # through it (gathering a column of text was a third of a province's sort).
    columns = df.columns
    period = df.get_column("period").head(1).new_from_index(0, n)
    df = (
        df.drop("period")
        .sort("_key", descending=desc, maintain_order=True, multithreaded=_THREADED)
        .with_columns(period, rank=ranks)
        .select(*columns, "rank")
    )
    keys = df.get_column("_key")

    def ahead(i: int, or_equal: bool) -> int:
        """The rows better than (or as good as) the row at 0-based ``i``."""
        found = keys.search_sorted(keys[i], "right" if or_equal else "left", descending=desc)
        return int(found)

    include = ranking.boundary == "include_ties"
    top, bottom = ranking.top, ranking.bottom
    if top <= 0:
        tops = 0
    elif n <= top:
        tops = n
    else:
        tops = ahead(top - 1, True) if include else ahead(top, False)
    if bottom <= 0:
        bottoms = 0
    elif n <= bottom:
        bottoms = n
    elif include:  # at most as good as the bottom-th from the end
        bottoms = n - ahead(n - bottom, False)
    else:  # worse than the row before it
        bottoms = n - ahead(n - bottom - 1, True)
    bottoms = min(bottoms, n - tops)  # a unit in both groups is in top
    rank = df.get_column("rank")
    if ranking.ties == "shared":
        # From the worst end: n + 1 minus the position of the last row of the tie.
        tail = df.tail(bottoms).select(
            pl.lit(n + 1, dtype=pl.Int64)
            - pl.when(key.ne_missing(key.shift(-1)))
            .then(pl.int_range(n - bottoms + 1, n + 1, dtype=pl.Int64))
            .backward_fill()
        )
        worst = tail.to_series()
    else:
        worst = (rank[n - 1] + 1) - rank.tail(bottoms)

    def runs(head: pl.Series, middle: object, end: pl.Series, dtype: pl.DataType) -> pl.Series:
        """``head``, ``middle`` repeated, then ``end``: n values, made without a pass."""
        gap = pl.Series([middle], dtype=dtype).new_from_index(0, n - tops - bottoms)
        return pl.concat([head.cast(dtype), gap, end.cast(dtype)], rechunk=True)

    def same(v: object, count: int, dtype: pl.DataType) -> pl.Series:
        return pl.Series([v], dtype=dtype).new_from_index(0, count)

    text, whole = pl.Utf8(), pl.Int64()
    return df.drop("_key").with_columns(
        runs(same("top", tops, text), None, same("bottom", bottoms, text), text).alias("group"),
        runs(rank.head(tops), None, worst, whole).alias("group_rank"),
        runs(same(1, tops, whole), 0, same(1, bottoms, whole), whole).alias("streak"),
    )


def _finish(lf: pl.LazyFrame, *, in_order: bool = False) -> pl.DataFrame:
    """Without the work columns, by period, rank and unit code (already so when
    ``in_order``: the ranking sort left it there)."""
    if not in_order:
        lf = lf.sort("_order", "rank", "_uid", multithreaded=_THREADED)
    return lf.drop(
        "_from_best_min", "_from_best_max", "_from_worst_min", "_from_worst_max", "_worst_rank",
        "_key", "_idx", "_new_period", "_end_period", "_new_run", "_pos", "_runs", "_n",
        "_dense", "_dense_n", "_order", "_uid", "_top", "_bottom",
    ).collect()  # fmt: skip


def _key_at_12_decimals(total: pl.Expr) -> pl.Expr:
    """Totals compared at 12 decimals, as integers: the ``Decimal(38, 18)`` digits
    divided by 10^6, half to even (as ``Decimal.round(12)``), so that a 1e-18
    remainder of a decimal 1/3 + 2/3 still ties with 1."""
    # Polars rescales a decimal down half to even: one cast, where 128-bit floor
    # division, remainder and parity were half of the key's time (issue 12).
    return total.cast(pl.Decimal(38, 18)).cast(pl.Decimal(38, 12)).to_physical()


def _period_order(text: str) -> int:
    p = Period.parse(text)
    # Chronological; of two periods starting together the longer first.
    return p.year * 10_000 + p.start_month * 100 + (12 - p.span)
