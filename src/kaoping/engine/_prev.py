"""``prev(code)`` (RUBRIC.md §5.2): the previous calendar quarter's figures as columns.

The frame gets one column ``prev(code)`` per element the rubric reads through
``prev()``, so that both scorers (the exact one and the vectorised one) see a plain
column and need to know nothing of periods.
"""

from __future__ import annotations

import polars as pl

from ._expr import prev_column
from ._model import Rubric
from ._periods import Period, PeriodError

__all__ = ["with_prev_columns"]

DEFAULT_DTYPE = pl.Decimal(38, 18)


def _next(text: object) -> str | None:
    try:
        return str(Period.parse(str(text)).next())
    except PeriodError:
        return None  # the assessment reports the bad period itself


def with_prev_columns(
    rubric: Rubric, frame: pl.DataFrame, dtype: pl.DataType | None = None
) -> pl.DataFrame:
    """Add ``prev(code)`` for every code ``prev()`` reads: the unit's value in the
    calendar quarter before, or the element's default where the unit has no row
    for that quarter (its first quarter included). The columns are of ``dtype``,
    or of their element's column type when it is None."""
    codes = [c for c in rubric.prev_elements() if prev_column(c) not in frame.columns]
    if not codes:
        return frame
    absent = [c for c in codes if c not in frame.columns]
    if absent:  # nothing reported for any quarter: every prev() is the default
        frame = frame.with_columns(
            pl.lit(rubric.elements[c].default, dtype=dtype or DEFAULT_DTYPE).alias(c)
            for c in absent
        )
    types = {c: dtype or frame.schema[c] for c in codes}
    periods = frame.get_column("period").cast(pl.Utf8)
    following = {p: _next(p) for p in periods.unique().to_list()}
    shifted = (
        frame.select(
            pl.col("unit"),
            pl.col("period").cast(pl.Utf8).replace_strict(following, return_dtype=pl.Utf8),
            *[pl.col(c).cast(types[c]).alias(prev_column(c)) for c in codes],
        )
        .drop_nulls("period")
        # A unit twice in one quarter is refused by the assessment; one row suffices here.
        .unique(["unit", "period"], keep="first", maintain_order=True)
    )
    out = (
        frame.with_columns(pl.col("period").cast(pl.Utf8).alias("_period_key"))
        .join(
            shifted.rename({"period": "_period_key"}),
            on=["unit", "_period_key"],
            how="left",
            maintain_order="left",
        )
        .drop("_period_key")
    )
    defaults = []
    for c in codes:
        default = rubric.elements[c].default
        filler = pl.lit(default, dtype=DEFAULT_DTYPE).cast(types[c])
        defaults.append(pl.col(prev_column(c)).fill_null(filler))
    return out.with_columns(defaults)
