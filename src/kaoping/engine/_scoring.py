"""The vectorised scorer: a rubric compiled to Polars expressions, many units at once.

Same semantics as ``_evaluate`` (and tested against it): 490,000 villages are a
scan, not a loop. ``score_frame`` computes in exact integer arithmetic (``_exact``);
figures too large for 128-bit integers fall back to the decimal form kept here,
where figures are ``Decimal(38, 18)`` and a division such as 1/3 is kept to 18
decimals. Checks (``_assess.check_data``) use the decimal form's conditions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from ._exact import IntegerOverflow, score_integers
from ._expr import Expr
from ._model import Node, Rubric, Rule
from ._prev import with_prev_columns

__all__ = [
    "DECIMAL",
    "compile_condition",
    "compile_number",
    "decimal_lit",
    "prepare_frame",
    "score_frame",
]

DECIMAL = pl.Decimal(38, 18)
log = logging.getLogger(__name__)
KEY_COLUMNS = ("unit", "period", "name", "area")


def _lit(d: Decimal | int) -> pl.Expr:
    return decimal_lit(d)


def decimal_lit(d: Decimal | int, dtype: pl.DataType = DECIMAL) -> pl.Expr:
    """A decimal literal, written as text and cast: ``pl.lit(Decimal(...))`` imports
    numpy (a tenth of a second of the command line's start) for a value this reads
    exactly (a rubric's numbers and figures have at most 18 decimals)."""
    return pl.lit(format(Decimal(d), "f")).cast(dtype)


def _col(name: str) -> pl.Expr:
    return pl.col(name)


def compile_number(e: Expr) -> pl.Expr:
    c = e.to_polars(_col, _lit)
    if c.boolean:
        return pl.when(c.expr.is_null()).then(None).when(c.expr).then(_lit(1)).otherwise(_lit(0))
    return c.expr


def compile_condition(e: Expr) -> pl.Expr:
    c = e.to_polars(_col, _lit)
    return c.expr if c.boolean else c.expr != _lit(0)


def prepare_frame(rubric: Rubric, frame: pl.DataFrame) -> pl.DataFrame:
    """Cast figures to exact decimals and add manual columns that are absent (0)."""
    manual = set(rubric.manual_columns)
    needed = [c for c in rubric.referenced_elements() if c not in manual]
    present = [c for c in rubric.data_elements() if c in frame.columns]
    casts = [
        pl.col(c).cast(DECIMAL) for c in dict.fromkeys([*present, *needed]) if c in frame.columns
    ]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise KeyError(f"the data has no column for: {', '.join(missing)}")
    manual_cols = [
        pl.col(c).cast(DECIMAL) if c in frame.columns else _lit(0).alias(c)
        for c in rubric.manual_columns
    ]
    extra = [
        pl.lit(None, dtype=pl.Utf8).alias(c) for c in ("name", "area") if c not in frame.columns
    ]
    # prev(code) columns (RUBRIC.md §5.2): the compiled expressions read them by name.
    return with_prev_columns(rubric, frame.with_columns(*casts, *manual_cols, *extra), DECIMAL)


def _max0(x: pl.Expr) -> pl.Expr:
    return pl.max_horizontal(_lit(0), x)


def _rule_columns(node: Node, rule: Rule) -> tuple[pl.Expr, pl.Expr, pl.Expr | None]:
    """(earned, deducted, zeroes) for one rule."""
    zero = _lit(0)
    if rule.kind == "manual":
        return zero, pl.col(node.manual_column), None
    assert rule.expr is not None
    if rule.kind == "rate":
        v = compile_number(rule.expr)
        points = _lit(rule.points or 0)
        shortfall = (_lit(rule.full_at or 0) - v) * _lit(100)
        if rule.partial == "floor":
            shortfall = shortfall.floor()
        elif rule.partial == "ceil":
            shortfall = shortfall.ceil()
        partial = _max0(points - _lit(rule.per_point_below or 0) * shortfall)
        undefined = points if rule.if_undefined == "full" else zero
        earned = (
            pl.when(v.is_null())
            .then(undefined)
            .when(v >= _lit(rule.full_at or 0))
            .then(points)
            .otherwise(partial)
        )
        return earned, zero, None
    if rule.kind == "per_case":
        amount = _lit(rule.deduct or 0) * _max0(compile_number(rule.expr))
        if rule.cap is not None:
            amount = pl.min_horizontal(_lit(rule.cap), amount)
        return zero, amount, None
    cond = compile_condition(rule.expr).fill_null(False)
    if rule.kind == "check":
        return pl.when(cond).then(_lit(rule.points or 0)).otherwise(zero), zero, None
    if rule.kind == "deduct_if":
        return zero, pl.when(cond).then(_lit(rule.deduct or 0)).otherwise(zero), None
    return zero, zero, cond  # zero_if


def _node(node: Node, out: dict[str, pl.Expr]) -> pl.Expr:
    if node.is_leaf:
        earned: list[pl.Expr] = []
        deducted: list[pl.Expr] = []
        zeroes: list[pl.Expr] = []
        for rule in node.rules:
            e, d, z = _rule_columns(node, rule)
            earned.append(e)
            deducted.append(d)
            if z is not None:
                zeroes.append(z)
        base = _lit(0) if any(r.earns for r in node.rules) else _lit(node.max)
        raw = base + pl.sum_horizontal(earned) - pl.sum_horizontal(deducted)
        score = pl.min_horizontal(_lit(node.max), _max0(raw))
        if zeroes:
            score = pl.when(pl.any_horizontal(zeroes)).then(_lit(0)).otherwise(score)
    else:
        parts = [_node(p, out) for p in node.parts]
        score = pl.min_horizontal(_lit(node.max), pl.sum_horizontal(parts))
    out[node.path] = score.cast(DECIMAL)
    return pl.col(node.path)


def score_frame(
    rubric: Rubric, frame: pl.DataFrame, columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """Score every row: ``unit, period, name, area``, one column per node path,
    ``bonus``, ``deducted``, ``total`` and ``vetoed`` (scores as ``Decimal(38, 18)``);
    with ``columns``, the keys and those of the others only (a ranking reads
    ``total``: the node scores are then neither computed apart nor cast).

    Exact: each score is the fraction the per-unit evaluator computes, at 18
    decimals as ``to_decimal`` writes it. Figures whose products could pass 2^127
    are scored with decimals instead (logged with the reason).
    """
    if columns is not None:
        known = {n.path for n in rubric.nodes()} | {"bonus", "deducted", "total", "vetoed"}
        unknown = [c for c in columns if c not in known]
        if unknown:
            raise KeyError(f"score_frame writes no column {', '.join(unknown)}")
    try:
        return score_integers(rubric, frame, columns)
    except IntegerOverflow as err:
        log.info("scoring with decimals: %s", err)
        scored = score_frame_decimal(rubric, frame)
        return scored if columns is None else scored.select(*KEY_COLUMNS, *columns)


def score_frame_decimal(rubric: Rubric, frame: pl.DataFrame) -> pl.DataFrame:
    """``score_frame`` over ``Decimal(38, 18)`` columns: a division is kept to 18 decimals.

    Nodes are computed level by level (leaves first) so that each parent reads its
    parts' columns instead of re-evaluating them.
    """
    df = prepare_frame(rubric, frame)
    levels: dict[int, dict[str, pl.Expr]] = {}
    for item in rubric.items:
        _collect(item, 0, levels)
    for depth in sorted(levels, reverse=True):
        df = df.with_columns(**levels[depth])

    bonus: list[pl.Expr] = []
    deducted: list[pl.Expr] = []
    vetoes: list[pl.Expr] = []
    for a in rubric.adjustments:
        if a.kind == "per_case":
            amount = _lit(a.deduct or 0) * _max0(compile_number(a.expr))
            if a.cap is not None:
                amount = pl.min_horizontal(_lit(a.cap), amount)
            deducted.append(amount)
        elif a.kind == "deduct_if":
            cond = compile_condition(a.expr).fill_null(False)
            deducted.append(pl.when(cond).then(_lit(a.deduct or 0)).otherwise(_lit(0)))
        elif a.kind == "check":
            cond = compile_condition(a.expr).fill_null(False)
            bonus.append(pl.when(cond).then(_lit(a.bonus or 0)).otherwise(_lit(0)))
        else:
            vetoes.append(compile_condition(a.expr).fill_null(False))
    bonus_sum = pl.sum_horizontal(bonus) if bonus else _lit(0)
    if rubric.bonus_cap is not None:
        bonus_sum = pl.min_horizontal(_lit(rubric.bonus_cap), bonus_sum)
    deducted_sum = pl.sum_horizontal(deducted) if deducted else _lit(0)
    vetoed = pl.any_horizontal(vetoes) if vetoes else pl.lit(False)
    items = pl.sum_horizontal([pl.col(i.path) for i in rubric.items])
    df = df.with_columns(
        bonus=bonus_sum.cast(DECIMAL), deducted=deducted_sum.cast(DECIMAL), vetoed=vetoed
    )
    total = _max0(items + pl.col("bonus") - pl.col("deducted"))
    df = df.with_columns(
        total=pl.when(pl.col("vetoed")).then(_lit(0)).otherwise(total).cast(DECIMAL)
    )
    paths = [n.path for n in rubric.nodes()]
    return df.select(*KEY_COLUMNS, *paths, "bonus", "deducted", "total", "vetoed")


def _collect(node: Node, depth: int, levels: dict[int, dict[str, pl.Expr]]) -> None:
    for p in node.parts:
        _collect(p, depth + 1, levels)
    if node.is_leaf:
        tmp: dict[str, pl.Expr] = {}
        _node(node, tmp)
        levels.setdefault(depth, {})[node.path] = tmp[node.path]
    else:
        s = pl.min_horizontal(
            _lit(node.max), pl.sum_horizontal([pl.col(p.path) for p in node.parts])
        )
        levels.setdefault(depth, {})[node.path] = s.cast(DECIMAL)
