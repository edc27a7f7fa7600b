"""Judging targets on a period's data (docs/targets.md §2).

A target's clauses are judged per unit on the indicator's exact value. A unit
whose indicator is undefined (a zero denominator, such as 0 invited, or a
missing figure) is, by default, *not counted*: it is left out of the units a
clause considers, so a share clause needs ``ceil(share * units with a value)``
units, and it is listed separately as undefined. With ``if_undefined: fail`` it
counts as a unit that falls short (by an unknown amount).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import polars as pl

from .._indicators import (
    DemographicRate,
    IndicatorError,
    Span,
    birth_rate,
    death_rate,
    exact,
    natural_growth_rate,
)
from .._levels import over_time_rule
from .._periods import Period, PeriodError
from .model import (
    ClauseResult,
    Comparison,
    Shortfall,
    Target,
    TargetDataError,
    TargetNotFormed,
    TargetResult,
    Targets,
)
from .wording import _entry, clause_texts

__all__ = ["evaluate_target", "evaluate_targets"]


def _judge(
    kind: str,
    comparison: Comparison,
    share: Fraction | None,
    required: bool,
    units: Sequence[str],
    values: Mapping[str, Fraction | None],
    names: Mapping[str, str | None],
    target: Target,
    level: str = "village",
) -> ClauseResult:
    scale = target.scale
    defined = [u for u in units if values.get(u) is not None]
    undefined = tuple(u for u in units if values.get(u) is None)
    considered = len(units) if target.if_undefined == "fail" else len(defined)
    short: list[Shortfall] = []
    qualifying = 0
    for u in defined:
        v = values[u]
        assert v is not None
        if comparison.holds(v):
            qualifying += 1
        else:
            gap = comparison.gap(v)
            short.append(Shortfall(u, names.get(u), v, gap, _points(gap, scale)))
    short.sort(key=lambda s: (-s.gap, s.unit))
    # Shares round up, exactly: 1/2 of 21 units is 10.5, so 11 are needed.
    needed = considered if share is None else math.ceil(share * considered)
    evaluated = considered > 0
    met = qualifying >= needed if evaluated else None
    text, text_zh = clause_texts(
        kind=kind,
        comparison=comparison,
        share=share,
        required=required,
        scale=scale,
        if_undefined=target.if_undefined,
        met=met,
        considered=considered,
        qualifying=qualifying,
        needed=needed,
        units_given=bool(units),
        short=short,
        undefined=undefined,
        names=names,
        level=level,
    )
    return ClauseResult(
        kind=kind,
        comparison=comparison,
        share=share,
        required=required,
        evaluated=evaluated,
        met=met,
        considered=considered,
        qualifying=qualifying,
        needed=needed,
        short=tuple(short),
        undefined=undefined,
        text=text,
        text_zh=text_zh,
    )


def _points(gap: Fraction, scale: str) -> Fraction:
    return gap * 100 if scale == "percent" else gap


def _rows_for_period(
    frame: pl.DataFrame, period: Period | str | None
) -> tuple[pl.DataFrame, Period | None]:
    if "unit" not in frame.columns:
        raise TargetDataError(["the data have no 'unit' column"], ["数据缺少“unit”列"])
    if "period" not in frame.columns:
        if period is not None:
            raise TargetDataError(
                [f"the data have no 'period' column, so period {period} cannot be chosen"],
                [f"数据缺少“period”列，无法选择期间{period}"],
            )
        return frame, None
    parsed: dict[str, Period] = {}
    for raw in frame["period"].unique().to_list():
        try:
            parsed[str(raw)] = Period.parse(str(raw))
        except PeriodError as e:
            raise TargetDataError([f"period {raw!r}: {e}"], [f"期间“{raw}”无法识别"]) from None
    if not parsed:
        raise TargetDataError(["the data have no rows"], ["数据为空"])
    want = Period.parse(period) if isinstance(period, str) else period
    if want is None:
        want = max(parsed.values())
    keys = [k for k, p in parsed.items() if p == want]
    if not keys:
        have = ", ".join(str(p) for p in sorted(set(parsed.values())))
        raise TargetDataError(
            [f"the data hold no rows for {want} (they hold {have})"],
            [f"数据中没有{want.label_zh()}的数据（现有：{have}）"],
        )
    rows = frame.filter(pl.col("period").cast(pl.String).is_in(keys))
    return rows, want


def evaluate_target(
    target: Target,
    frame: pl.DataFrame,
    period: Period | str | None = None,
    spot: Sequence[str] = (),
    level: str = "village",
    formed_from: Mapping[str, Any] | None = None,
) -> TargetResult:
    """Evaluate one target on the rows of ``period`` (default: the latest period in
    the data). ``spot`` lists the spot-checked units' codes; ``level`` is the level
    of the units the rows are (``township``: a county's targets, worded 各乡镇).
    ``formed_from``: the rubric's elements, when the rows are a half-year or a year
    formed from its quarters by each element's ``over_time``.

    Raises :class:`TargetDataError` for a missing column, a duplicate unit or a
    spot-checked unit that is not in the data; :class:`TargetNotFormed` (one of them) for
    a column missing from formed rows because its element does not add up over
    periods.
    """
    _entry("every_unit", level)  # an unknown level is refused before any work
    rows, p = _rows_for_period(frame, period)
    names_needed = target.elements()
    missing = [n for n in names_needed if n not in rows.columns]
    unformed = [
        n for n in missing if formed_from and n in formed_from
        and over_time_rule(formed_from[n]) == "none"
    ]  # fmt: skip
    if unformed:
        label = p.label_zh() if p is not None else "本期"
        raise TargetNotFormed(
            target,
            p,
            [
                f"target {target.name}: {n} does not add up over periods (over_time: none), "
                f"so {p} formed from its quarters has no figure of it to judge the target on"
                for n in unformed
            ],
            [
                f"目标{target.name}：{n}不能由各期汇总（over_time: none），"
                f"由各季度汇总的{label}没有该项数据，无法评判该目标"
                for n in unformed
            ],
        )
    if missing:
        raise TargetDataError(
            [f"target {target.name}: the data have no column {m!r}" for m in missing],
            [f"目标{target.name}：数据缺少“{m}”列" for m in missing],
        )
    units: list[str] = []
    names: dict[str, str | None] = {}
    values: dict[str, Fraction | None] = {}
    has_name = "name" in rows.columns
    problems: list[str] = []
    problems_zh: list[str] = []
    basis = basis_zh = None
    for row in rows.iter_rows(named=True):
        u = str(row["unit"])
        if u in values:
            problems.append(f"unit {u} appears twice for {p}")
            problems_zh.append(f"单位{u}在{p}重复出现")
            continue
        units.append(u)
        names[u] = str(row["name"]) if has_name and row["name"] is not None else None
        env: dict[str, Fraction] = {}
        for n in names_needed:
            raw = row[n]
            if raw is None:
                continue
            try:
                env[n] = exact(raw)
            except (TypeError, ValueError, ZeroDivisionError):
                problems.append(f"unit {u}: {n} = {raw!r} is not a number")
                problems_zh.append(f"单位{u}：{n}的值“{raw}”不是数字")
        if len(env) < len(names_needed):
            values[u] = None
            continue
        if target.indicator is not None:
            v = target.indicator.evaluate(env)
            values[u] = Fraction(int(v)) if isinstance(v, bool) else v
        else:
            try:
                rate = _standard(target, env, p)
            except IndicatorError as e:
                problems.append(f"unit {u}: {e}")
                problems_zh.append(f"单位{u}：{e.message_zh}")
                continue
            values[u] = rate.per_mille
            basis, basis_zh = rate.basis, rate.basis_zh
    unknown = [s for s in spot if s not in values]
    for s in unknown:
        problems.append(f"spot-checked unit {s} is not in the data for {p}")
        problems_zh.append(f"抽查单位{s}不在{p}的数据中")
    if problems:
        raise TargetDataError(problems, problems_zh)

    applicable = not target.periods or p is None or p in target.periods
    clauses: list[ClauseResult] = []
    if applicable:
        if target.every_unit is not None:
            clauses.append(
                _judge(
                    "every_unit", target.every_unit, None, True, units, values, names, target, level
                )
            )
        for sc in target.share_of_units:
            clauses.append(
                _judge(
                    "share_of_units",
                    sc.value,
                    sc.at_least,
                    True,
                    units,
                    values,
                    names,
                    target,
                    level,
                )
            )
        spot_units = list(dict.fromkeys(spot))
        if target.spot_checked_units is not None:
            clauses.append(
                _judge(
                    "spot_checked_units",
                    target.spot_checked_units,
                    None,
                    True,
                    spot_units,
                    values,
                    names,
                    target,
                    level,
                )
            )
        if target.aim_spot_checked is not None:
            clauses.append(
                _judge(
                    "aim_spot_checked",
                    target.aim_spot_checked,
                    None,
                    False,
                    spot_units,
                    values,
                    names,
                    target,
                    level,
                )
            )
    return TargetResult(target, p, applicable, basis, basis_zh, values, names, tuple(clauses))


def _standard(
    target: Target, env: Mapping[str, Fraction], period: Period | None
) -> DemographicRate:
    col = target.columns
    span: Period | Span = period if period is not None else "year"
    start = env[col.get("population_start", "population_start")]
    end = env[col.get("population_end", "population_end")]
    if target.standard == "birth_rate":
        return birth_rate(env[col.get("births", "births")], start, end, span)
    if target.standard == "death_rate":
        return death_rate(env[col.get("deaths", "deaths")], start, end, span)
    return natural_growth_rate(
        env[col.get("births", "births")], env[col.get("deaths", "deaths")], start, end, span
    )


def evaluate_targets(
    targets: Targets,
    frame: pl.DataFrame,
    period: Period | str | None = None,
    spot: Sequence[str] = (),
    level: str = "village",
    formed_from: Mapping[str, Any] | None = None,
) -> list[TargetResult]:
    """Evaluate every target of a file, in the file's order (``level``, ``formed_from``:
    evaluate_target)."""
    return [
        evaluate_target(t, frame, period, spot, level, formed_from)
        for t in targets.targets.values()
    ]
