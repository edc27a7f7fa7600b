"""Allocation (任务分解): a township total split across units, and progress against it.

The algorithm, exactly (every step in exact fractions, no floats):

1. Weights are normalised: ``w_k = weight_k / sum(weights)``.
2. Each unit's share is ``share_i = sum_k w_k * figure_k(i) / sum_units figure_k``;
   the shares add up to 1.
3. Each unit's quota is ``quota_i = total * share_i``.
4. Without a floor, each unit gets ``floor(quota_i)`` and the slots left over
   go one each to the units with the largest remainders ``quota_i - floor(quota_i)``
   (largest-remainder, or Hamilton, method).
5. With a floor ``f``, each unit first gets ``f``. What a unit still needs is
   ``need_i = max(0, quota_i - f)``, and the rest of the total, ``total - f * n``,
   is split in proportion to the needs by step 4. When no unit's quota is below
   the floor, the needs add up to the rest exactly and the result is the same as
   without a floor: the floor changes only what it has to.

Ties among remainders go to the larger remainder, then the larger quota (the
one step 4 or 5 rounds), then the unit code in ascending order, so the result
never depends on the order of the input rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import polars as pl

from ._bounds import MAX_TOTAL, NumberOutOfBounds
from ._format import format_fixed
from ._indicators import exact

__all__ = [
    "Allocation",
    "AllocationError",
    "AllocationUnit",
    "UnitProgress",
    "allocate",
    "allocation_progress",
    "hamilton",
    "rank_progress",
    "schedule_fraction",
]


class AllocationError(ValueError):
    """Inputs no allocation can be made from. ``problems`` lists every one found,
    in English; ``problems_zh`` the same in Chinese."""

    def __init__(self, problems: Sequence[str], problems_zh: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)
        self.problems_zh = tuple(problems_zh)


@dataclass(frozen=True)
class AllocationUnit:
    """One unit's allocation with the arithmetic that led to it."""

    unit: str
    name: str | None
    figures: Mapping[str, Fraction]
    figure_shares: Mapping[str, Fraction]  # figure_k(i) / sum figure_k
    share: Fraction  # weighted share of the total
    quota: Fraction  # total * share, before any floor or rounding
    need: Fraction  # quota - floor, not below 0 (quota when there is no floor)
    rounded_quota: Fraction  # the quota the largest-remainder step rounds
    base: int  # floor + whole part of rounded_quota
    remainder: Fraction
    plus_one: bool
    allocated: int
    floor: int = 0

    @property
    def floored_quota(self) -> Fraction:
        """What the unit is due with the floor: ``floor + rounded_quota``."""
        return self.floor + self.rounded_quota

    @property
    def quota_text(self) -> str:
        return format_fixed(self.quota, 4)

    def explanation(self) -> str:
        shares = ", ".join(
            f"{k} {format_fixed(v * 100, 2)}%" for k, v in self.figure_shares.items()
        )
        extra = " +1 for the remainder" if self.plus_one else ""
        floor = (
            f"with the floor {self.floor}: {format_fixed(self.floored_quota, 4)}; "
            if self.floor
            else ""
        )
        return (
            f"shares {shares}; weighted {format_fixed(self.share * 100, 4)}%; "
            f"quota {self.quota} = {format_fixed(self.quota, 4)}; {floor}"
            f"remainder {format_fixed(self.remainder, 4)}{extra}; allocated {self.allocated}"
        )

    def explanation_zh(self) -> str:
        shares = "，".join(
            f"{k}占{format_fixed(v * 100, 2)}%" for k, v in self.figure_shares.items()
        )
        extra = "，按余数多分1个" if self.plus_one else ""
        floor = (
            f"保底{self.floor}后应分{format_fixed(self.floored_quota, 4)}；" if self.floor else ""
        )
        return (
            f"{shares}；加权占{format_fixed(self.share * 100, 4)}%；"
            f"应分{format_fixed(self.quota, 4)}（{self.quota}）；{floor}"
            f"余数{format_fixed(self.remainder, 4)}{extra}；分得{self.allocated}"
        )


@dataclass(frozen=True)
class Allocation:
    total: int
    weights: Mapping[str, Fraction]  # as given, not normalised
    floor: int
    units: tuple[AllocationUnit, ...]  # in input order

    def as_dict(self) -> dict[str, int]:
        return {u.unit: u.allocated for u in self.units}

    def unit(self, code: str) -> AllocationUnit:
        for u in self.units:
            if u.unit == code:
                return u
        raise KeyError(code)


def hamilton(quotas: Mapping[str, Fraction], seats: int) -> tuple[dict[str, int], set[str]]:
    """Round ``quotas`` (which add up to ``seats``) to whole numbers adding up to
    ``seats``: whole parts first, then one each by largest remainder, ties by the
    larger quota, then the smaller code. Returns the counts and who got a +1."""
    base = {u: math.floor(q) for u, q in quotas.items()}
    left = seats - sum(base.values())
    order = sorted(quotas, key=lambda u: (-(quotas[u] - base[u]), -quotas[u], u))
    lucky = set(order[:left])
    return {u: base[u] + (1 if u in lucky else 0) for u in quotas}, lucky


def _figures(
    frame: pl.DataFrame, unit_column: str, names: Sequence[str]
) -> tuple[list[str], dict[str, str | None], dict[str, dict[str, Fraction]], list[str], list[str]]:
    problems: list[str] = []
    problems_zh: list[str] = []
    if unit_column not in frame.columns:
        problems.append(f"no {unit_column!r} column")
        problems_zh.append(f"缺少“{unit_column}”列")
        return [], {}, {}, problems, problems_zh
    for k in names:
        if k not in frame.columns:
            problems.append(f"no column {k!r} for the weight of {k!r}")
            problems_zh.append(f"缺少权重所用的“{k}”列")
    units: list[str] = []
    labels: dict[str, str | None] = {}
    figures: dict[str, dict[str, Fraction]] = {}
    has_name = "name" in frame.columns
    for row_no, row in enumerate(frame.iter_rows(named=True), start=1):
        code = row[unit_column]
        if code is None or str(code).strip() == "":
            problems.append(f"row {row_no}: the unit code is empty")
            problems_zh.append(f"第{row_no}行：单位代码为空")
            continue
        code = str(code).strip()
        if code in figures:
            problems.append(f"row {row_no}: unit {code} appears twice")
            problems_zh.append(f"第{row_no}行：单位{code}重复")
            continue
        units.append(code)
        labels[code] = str(row["name"]) if has_name and row["name"] is not None else None
        figures[code] = {}
        for k in names:
            if k not in frame.columns:
                continue
            raw = row[k]
            try:
                value = None if raw is None else exact(raw)
            except (TypeError, ValueError, ZeroDivisionError):
                value = None
                problems.append(f"unit {code}: {k} = {raw!r} is not a number")
                problems_zh.append(f"单位{code}：{k}的值“{raw}”不是数字")
                continue
            if value is None:
                problems.append(f"unit {code}: {k} is missing")
                problems_zh.append(f"单位{code}：{k}缺少数值")
            elif value < 0:
                problems.append(f"unit {code}: {k} = {raw} is negative")
                problems_zh.append(f"单位{code}：{k}的值{raw}为负数")
            else:
                figures[code][k] = value
    return units, labels, figures, problems, problems_zh


def allocate(
    frame: pl.DataFrame,
    total: int,
    weights: Mapping[str, object],
    floor: int = 0,
    unit_column: str = "unit",
) -> Allocation:
    """Split ``total`` across the rows of ``frame`` (one per unit) by ``weights`` of
    its figure columns, with at least ``floor`` each. See the module docstring.

    Raises :class:`AllocationError` listing every problem with the inputs.
    """
    problems: list[str] = []
    problems_zh: list[str] = []
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        problems.append(f"the total must be a whole number of 0 or more, not {total!r}")
        problems_zh.append(f"总数应为不小于0的整数，而不是{total!r}")
    if isinstance(floor, bool) or not isinstance(floor, int) or floor < 0:
        problems.append(f"the floor must be a whole number of 0 or more, not {floor!r}")
        problems_zh.append(f"保底数应为不小于0的整数，而不是{floor!r}")
    w: dict[str, Fraction] = {}
    if not weights:
        problems.append("no weights given")
        problems_zh.append("未给出权重")
    for name, limit in (("total", total), ("floor", floor)):
        if isinstance(limit, int) and limit > MAX_TOTAL:
            problems.append(f"the {name} {limit} is too large (at most {MAX_TOTAL})")
            problems_zh.append(
                f"{'总数' if name == 'total' else '保底数'}{limit}过大（最多{MAX_TOTAL}）"
            )
    for k, raw in weights.items():
        try:
            value = exact(raw)
        except NumberOutOfBounds as err:
            problems.append(f"weight {k}: {err}")
            problems_zh.append(f"权重{k}的值{err.message_zh}")
            continue
        except (TypeError, ValueError, ZeroDivisionError):
            problems.append(f"weight {k} = {raw!r} is not a number")
            problems_zh.append(f"权重{k}的值“{raw}”不是数字")
            continue
        if value < 0:
            problems.append(f"weight {k} = {raw} is negative")
            problems_zh.append(f"权重{k}的值{raw}为负数")
        w[k] = value
    if weights and len(w) == len(weights) and sum(w.values()) == 0:
        shown = ", ".join(f"{k}={v}" for k, v in w.items())
        problems.append(f"the weights sum to zero ({shown})")
        problems_zh.append(f"权重之和为0（{shown}）")

    units, labels, figures, fig_problems, fig_problems_zh = _figures(frame, unit_column, list(w))
    problems += fig_problems
    problems_zh += fig_problems_zh
    if not units and not fig_problems:
        problems.append("there are no units to allocate to")
        problems_zh.append("没有可分配的单位")

    column_sums: dict[str, Fraction] = {}
    if not fig_problems:
        for k, wk in w.items():
            column_sums[k] = sum((figures[u][k] for u in units), Fraction(0))
            if wk > 0 and column_sums[k] == 0 and units:
                problems.append(f"the figure {k} sums to zero over all units; its weight is {wk}")
                problems_zh.append(f"各单位的{k}合计为0，无法按其权重（{wk}）分配")
    if (
        isinstance(total, int)
        and isinstance(floor, int)
        and units
        and floor >= 0
        and floor * len(units) > total
    ):
        problems.append(
            f"a floor of {floor} for {len(units)} units needs {floor * len(units)}, "
            f"more than the total {total}"
        )
        problems_zh.append(
            f"保底{floor}个×{len(units)}个单位需{floor * len(units)}个，超过总数{total}"
        )
    if problems:
        raise AllocationError(problems, problems_zh)

    weight_sum = sum(w.values())
    figure_shares: dict[str, dict[str, Fraction]] = {}
    shares: dict[str, Fraction] = {}
    for u in units:
        figure_shares[u] = {
            k: (figures[u][k] / column_sums[k] if column_sums[k] else Fraction(0)) for k in w
        }
        shares[u] = sum((w[k] / weight_sum * figure_shares[u][k] for k in w), Fraction(0))
    quotas = {u: total * shares[u] for u in units}

    if floor:
        needs = {u: max(Fraction(0), quotas[u] - floor) for u in units}
        rest = total - floor * len(units)
        need_sum = sum(needs.values(), Fraction(0))
        rounded = {u: (rest * needs[u] / need_sum if need_sum else Fraction(0)) for u in units}
        counts, lucky = hamilton(rounded, rest)
    else:
        needs = dict(quotas)
        rounded = dict(quotas)
        counts, lucky = hamilton(rounded, total)

    out = []
    for u in units:
        whole = math.floor(rounded[u])
        out.append(
            AllocationUnit(
                unit=u,
                name=labels[u],
                figures=figures[u],
                figure_shares=figure_shares[u],
                share=shares[u],
                quota=quotas[u],
                need=needs[u],
                rounded_quota=rounded[u],
                base=floor + whole,
                remainder=rounded[u] - whole,
                plus_one=u in lucky,
                allocated=floor + counts[u],
                floor=floor,
            )
        )
    return Allocation(total=total, weights=w, floor=floor, units=tuple(out))


# --- progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitProgress:
    """A unit's progress against its allocation on a linear schedule.

    ``expected`` is ``allocated * elapsed_days / days`` (exact); ``status`` is
    ``ahead``, ``on_schedule`` or ``behind``; ``gap`` is ``done - expected``.
    """

    unit: str
    allocated: int
    done: int
    rate: Fraction | None  # done / allocated, None when nothing was allocated
    expected: Fraction
    gap: Fraction
    status: str

    @property
    def status_zh(self) -> str:
        return {"ahead": "超进度", "on_schedule": "符合进度", "behind": "落后于进度"}[self.status]


def schedule_fraction(start: date, end: date, as_of: date) -> Fraction:
    """The share of the schedule due by the end of ``as_of``: the days from
    ``start`` to ``as_of`` over the days from ``start`` to ``end``, both inclusive,
    clamped to 0..1 (nothing is due before the start, everything after the end)."""
    if end < start:
        raise ValueError(f"the schedule ends ({end}) before it starts ({start})")
    days = (end - start).days + 1
    elapsed = (as_of - start).days + 1
    return Fraction(min(max(elapsed, 0), days), days)


def allocation_progress(
    allocated: Mapping[str, int],
    done: Mapping[str, int],
    start: date,
    end: date,
    as_of: date,
) -> list[UnitProgress]:
    """Progress of each allocated unit (in the order of ``allocated``); a unit
    absent from ``done`` has done 0."""
    due = schedule_fraction(start, end, as_of)
    out = []
    for unit, alloc in allocated.items():
        d = done.get(unit, 0)
        if d < 0:
            raise ValueError(f"unit {unit}: done = {d} is negative")
        expected = alloc * due
        gap = d - expected
        status = "ahead" if gap > 0 else "behind" if gap < 0 else "on_schedule"
        rate = Fraction(d, alloc) if alloc else None
        out.append(UnitProgress(unit, alloc, d, rate, expected, gap, status))
    return out


def rank_progress(progress: Sequence[UnitProgress]) -> list[UnitProgress]:
    """Units in the order of a progress bulletin (进度通报): the highest share of
    the allocation done first, then the most done, then by unit code; units with
    nothing allocated last."""
    return sorted(
        progress,
        key=lambda p: (p.rate is None, -(p.rate or 0), -p.done, p.unit),
    )
