"""Units at any depth and figures at any level: a township's from its villages, a
county's from its townships, a quarter's from its months, exactly.

Each element says how it adds up (``rollup`` over units, ``over_time`` over periods;
docs/rubric.md "Levels and periods"). A rate is never averaged: the rubric computes
it from its numerator and denominator, and those are summed, so a township's
attendance rate is its villages' attendance over their invitations.

Rows are plain mappings (``unit``, ``period``, ``name``, ``area`` and one exact value
per column), as :class:`~kaoping.engine.Figures` holds them; the results are rows
again, for :func:`~kaoping.engine.assess`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction
from typing import Any

from ._periods import PERIOD_KINDS, Period, PeriodError
from ._values import OVER_TIME, ROLLUPS, ElementType

__all__ = [
    "LEVELS",
    "LEVEL_LABELS_ZH",
    "OVER_TIME",
    "ROLLUPS",
    "UNITS_COLUMN",
    "LevelProblem",
    "Rolled",
    "Unit",
    "UnitTree",
    "as_decimals",
    "level_code",
    "over_periods",
    "over_time_rule",
    "roll_up",
    "rolled_rubric",
    "rollup_rule",
]


#: The levels of the tree, from the top. A parent is always of a higher level.
LEVELS = ("province", "city", "county", "township", "area", "village")
LEVEL_LABELS_ZH = {
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡镇",
    "area": "片区",
    "village": "村",
}
_LEVEL_ALIASES = {
    **{code: code for code in LEVELS},
    **{zh: code for code, zh in LEVEL_LABELS_ZH.items()},
    "市州": "city",
    "县区": "county",
    "区县": "county",
    "县级": "county",
    "乡": "township",
    "镇": "township",
    "街道": "township",
    "片": "area",
    "村居": "village",
    "社区": "village",
    "村级": "village",
}

#: The column a rolled-up row carries: how many reporting units it stands for, so
#: that a share rolled up again is weighted by them (two steps equal one).
UNITS_COLUMN = "_units"

_KEYS = ("unit", "period", "name", "area", UNITS_COLUMN)


def level_code(text: str) -> str | None:
    """``township`` for ``township``, ``乡镇``, ``镇`` …; None for anything else."""
    return _LEVEL_ALIASES.get("".join(str(text).split()).casefold())


def rollup_rule(element: Any) -> str:
    """The element's rule over units: its ``rollup``, else ``sum`` for counts and
    amounts and ``none`` for yes/no and other numbers (a ratio does not add up)."""
    declared = getattr(element, "rollup", None)
    if declared:
        return str(declared)
    kind = str(getattr(element, "type", "number"))
    return "sum" if kind in ("count", "amount") else "none"


def over_time_rule(element: Any) -> str:
    """The element's rule over periods: its ``over_time``, else ``sum`` for counts and
    amounts and ``none`` for yes/no and other numbers."""
    declared = getattr(element, "over_time", None)
    if declared:
        return str(declared)
    kind = str(getattr(element, "type", "number"))
    return "sum" if kind in ("count", "amount") else "none"


@dataclass(frozen=True)
class Unit:
    code: str
    parent: str | None
    level: str  # one of LEVELS
    name: str | None = None


@dataclass(frozen=True)
class UnitTree:
    """Units and their parents. Built by ``kaoping.io.read_units``, which refuses a
    tree with an unknown parent or a parent not above its child (so no cycles)."""

    units: Mapping[str, Unit]
    _children: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for u in self.units.values():
            if u.parent is not None:
                self._children.setdefault(u.parent, []).append(u.code)

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def children(self, code: str) -> list[str]:
        return list(self._children.get(code, ()))

    def is_leaf(self, code: str) -> bool:
        return code not in self._children

    def ancestors(self, code: str) -> list[str]:
        """From the parent up to the root."""
        out = []
        parent = self.units[code].parent
        while parent is not None and parent in self.units and parent not in out:
            out.append(parent)
            parent = self.units[parent].parent
        return out

    def ancestor_at(self, code: str, level: str) -> str | None:
        for a in self.ancestors(code):
            if self.units[a].level == level:
                return a
        return None

    def at_level(self, level: str) -> list[str]:
        return sorted(c for c, u in self.units.items() if u.level == level)


@dataclass(frozen=True)
class LevelProblem:
    """A figure that cannot be rolled up: whose, for which period, and why."""

    unit: str
    period: str
    message: str
    message_zh: str

    def __str__(self) -> str:
        return f"{self.unit} {self.period}: {self.message}"

    def format_zh(self) -> str:
        return f"{self.unit} {self.period}：{self.message_zh}"


@dataclass(frozen=True)
class Rolled:
    """Rows at the level or period asked for, or the problems that stop it."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    problems: tuple[LevelProblem, ...] = ()
    warnings: tuple[str, ...] = ()
    warnings_zh: tuple[str, ...] = ()


def _codes(columns: Iterable[str]) -> list[str]:
    return [c for c in columns if c not in _KEYS]


def _yes(v: Any) -> int:
    return 0 if v == 0 else 1


def _rules(elements: Mapping[str, Any], codes: Sequence[str], rule: Any) -> dict[str, str]:
    # Manual deductions (``<path>.manual``) and undeclared columns are the level's own.
    return {c: rule(elements[c]) if c in elements else "none" for c in codes}


def roll_up(
    elements: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    tree: UnitTree,
    level: str,
) -> Rolled:
    """The figures of every unit at ``level``, period by period, from the units below it.

    A unit's figures come from the nearest rows below it that stand for their units: a
    row of a unit without children, a row rolled up before (it has ``_units``), or a
    row of a unit none of whose descendants report that period. Elements that roll
    up (``sum``, ``count``, ``share``) are computed from those rows, whatever the
    level's own row says; the others (``none``, and manual deductions) are read from
    the level's own row, and are missing when it has none (the element's default
    then, if it has one).
    """
    codes = _codes(columns)
    rules = _rules(elements, codes, rollup_rule)
    problems: list[LevelProblem] = []
    warnings: list[str] = []
    warnings_zh: list[str] = []
    by_period: dict[str, dict[str, Mapping[str, Any]]] = {}
    for r in rows:
        unit, period = str(r["unit"]), str(r["period"])
        if unit not in tree:
            problems.append(
                LevelProblem(
                    unit,
                    period,
                    "the unit is not in the units file",
                    "单位不在单位层级文件中",
                )
            )
            continue
        seen = by_period.setdefault(period, {})
        if unit in seen:
            problems.append(
                LevelProblem(unit, period, "the unit appears twice", "该单位在本期出现两次")
            )
            continue
        seen[unit] = r

    out: list[dict[str, Any]] = []
    outside: set[str] = set()
    for period in sorted(by_period, key=_period_key):
        reported = by_period[period]
        # Units some descendant of which reports this period.
        above: set[str] = set()
        for unit in reported:
            above.update(tree.ancestors(unit))
        standing = {u for u, r in reported.items() if UNITS_COLUMN in r or u not in above}
        parts: dict[str, list[Mapping[str, Any]]] = {}
        for unit in sorted(standing):
            target = unit if tree.units[unit].level == level else tree.ancestor_at(unit, level)
            if target is None:
                if _deeper(tree.units[unit].level, level):
                    outside.add(unit)
                continue
            if target == unit:
                continue
            # The nearest standing row: one whose standing ancestor below the target
            # exists is already counted there.
            chain = tree.ancestors(unit)
            between = chain[: chain.index(target)]
            if any(a in standing for a in between):
                continue
            parts.setdefault(target, []).append(reported[unit])
        targets = sorted(set(parts) | {u for u in reported if tree.units[u].level == level})
        for target in targets:
            own = reported.get(target)
            below = parts.get(target, [])
            node = tree.units[target]
            name = own.get("name") if own is not None else None
            row: dict[str, Any] = {
                "unit": target,
                "period": period,
                "name": name if name is not None else node.name,
                "area": None,
            }
            if not below:
                # The level reports all of it itself.
                assert own is not None
                for c in codes:
                    row[c] = own.get(c)
                row[UNITS_COLUMN] = own.get(UNITS_COLUMN, 1)
                out.append(row)
                continue
            weights = [p.get(UNITS_COLUMN, 1) for p in below]
            row[UNITS_COLUMN] = int(sum(weights))
            for c in codes:
                rule = rules[c]
                if rule == "none":
                    v = own.get(c) if own is not None else None
                    if v is None and c in elements and elements[c].default is not None:
                        v = elements[c].default
                    if v is None and not c.endswith(".manual"):
                        problems.append(
                            LevelProblem(
                                target,
                                period,
                                f"{c} does not add up over units (rollup: none): the "
                                f"{level} reports it itself, and no row of {target} gives it",
                                f"{c}不能由下级汇总（rollup: none），应由"
                                f"{LEVEL_LABELS_ZH.get(level, level)}自行填报，"
                                f"但没有{target}本级的数据",
                            )
                        )
                    row[c] = v if v is not None or not c.endswith(".manual") else 0
                    continue
                values = [p.get(c) for p in below]
                lacking = [str(p["unit"]) for p, v in zip(below, values, strict=True) if v is None]
                if lacking:
                    problems.append(
                        LevelProblem(
                            target,
                            period,
                            f"{c} cannot be rolled up: no value from {', '.join(lacking)}",
                            f"{c}无法汇总：{'、'.join(lacking)}没有该项数据",
                        )
                    )
                    row[c] = None
                    continue
                row[c] = _combine(rule, below, values, weights)
            out.append(row)
    for unit in sorted(outside):
        warnings.append(f"{unit}: no unit at level {level} above it; its figures are not counted")
        warnings_zh.append(
            f"{unit}：上级中没有{LEVEL_LABELS_ZH.get(level, level)}一级的单位，其数据未计入"
        )
    cols = ("unit", "period", "name", "area", *codes, UNITS_COLUMN)
    return Rolled(cols, tuple(out), tuple(problems), tuple(warnings), tuple(warnings_zh))


def exact_sum(values: Sequence[Any]) -> Any:
    """The exact sum of ints, Decimals and Fractions: in int or Decimal arithmetic where
    the values allow (a province's villages, tens of times quicker than Fractions),
    with the precision widened so that no digit is lost (Inexact is trapped)."""
    kinds = {v.__class__ for v in values}
    if kinds <= {int}:
        return sum(values)
    if kinds <= {int, Decimal}:
        with localcontext() as ctx:
            ctx.prec = 200
            ctx.traps[Inexact] = True
            return sum((Decimal(v) for v in values), Decimal(0))
    return sum((Fraction(v) for v in values), Fraction(0))


def _places(f: Fraction) -> int | None:
    """How many decimals ``f`` needs, or None when its expansion does not end."""
    d, twos, fives = f.denominator, 0, 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return max(twos, fives) if d == 1 else None


def as_decimals(rows: Sequence[dict[str, Any]], places: int = 18) -> bool:
    """Write, in place, every Fraction of ``rows`` that is a decimal of at most ``places``
    places as that Decimal (so that a province's rolled-up figures can go through the
    vectorised scorer, whose columns hold 18 decimals). True when all of them were;
    False when some figure, a share of 1/3, must stay a Fraction."""
    every = True
    for row in rows:
        for k, v in row.items():
            if v.__class__ is not Fraction:
                continue
            n = _places(v)
            if n is None or n > places:
                every = False
                continue
            with localcontext() as ctx:
                ctx.prec = 200
                ctx.traps[Inexact] = True
                row[k] = Decimal(v.numerator) / Decimal(v.denominator)
    return every


def _combine(
    rule: str,
    below: Sequence[Mapping[str, Any]],
    values: Sequence[Any],
    weights: Sequence[int],
) -> Any:
    if rule == "sum":
        return exact_sum(values)
    # A row rolled up before already holds a count or a share; a unit's own row a yes/no.
    if rule == "count":
        return exact_sum(
            [v if UNITS_COLUMN in p else _yes(v) for p, v in zip(below, values, strict=True)]
        )
    if not any(UNITS_COLUMN in p for p in below):  # units' own yes/no: counted in ints
        return Fraction(sum(_yes(v) for v in values), len(values))
    yes = sum(
        (Fraction(v) * w if UNITS_COLUMN in p else Fraction(_yes(v)))
        for p, v, w in zip(below, values, weights, strict=True)
    )
    return yes / sum(weights)


def rolled_rubric(rubric: Any) -> Any:
    """The rubric as it reads rolled-up figures: a yes/no rolled up as a ``count`` is a
    count there, as a ``share`` a number (a share of 1/3 is a fraction of a case)."""
    changed = {}
    for code, el in rubric.elements.items():
        rule = rollup_rule(el)
        if rule in ("count", "share"):
            kind = ElementType.COUNT if rule == "count" else ElementType.NUMBER
            changed[code] = dataclasses.replace(el, type=kind)
    if not changed:
        return rubric
    return dataclasses.replace(rubric, elements={**rubric.elements, **changed})


def _deeper(level: str, than: str) -> bool:
    return LEVELS.index(level) > LEVELS.index(than)


def _period_key(text: str) -> Any:
    try:
        return (0, Period.parse(text), text)
    except PeriodError:
        return (1, text, text)


def over_periods(
    elements: Mapping[str, Any],
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    kind: str,
) -> Rolled:
    """Every unit's figures by periods of ``kind`` (``Q``, ``H`` or ``Y``) from the
    shorter periods it reported: a quarter from its months, a year from its quarters
    (or months). Rows already of ``kind`` pass as they are; rows of longer periods
    are left out.

    An element with ``over_time: sum`` is the sum of every part (all of them must be
    there), ``last`` the last part's figure (it must be there), ``none`` the longer
    period's own row (the element's default when there is none). A unit's parts are
    the shortest periods it reported in that period.
    """
    codes = _codes(columns)
    rules = _rules(elements, codes, over_time_rule)
    problems: list[LevelProblem] = []
    groups: dict[tuple[str, Period], dict[Period, Mapping[str, Any]]] = {}
    own: dict[tuple[str, Period], Mapping[str, Any]] = {}
    names: dict[str, Any] = {}
    for r in rows:
        unit = str(r["unit"])
        period = Period.parse(str(r["period"]))
        if period.span > PERIOD_KINDS[kind]:
            continue
        if r.get("name") is not None:
            names[unit] = r.get("name")
        target = period.enclosing(kind)
        if period == target:
            own[(unit, target)] = r
        else:
            groups.setdefault((unit, target), {})[period] = r

    out: list[dict[str, Any]] = []
    for key in sorted(set(groups) | set(own), key=lambda k: (k[1], k[0])):
        unit, target = key
        mine = own.get(key)
        reported = groups.get(key)
        if not reported:
            assert mine is not None
            out.append(dict(mine))
            continue
        part_kind = min(reported, key=lambda p: p.span).kind
        wanted = target.parts(part_kind)
        parts = [reported.get(p) for p in wanted]
        lacking = [str(p) for p, r in zip(wanted, parts, strict=True) if r is None]
        row: dict[str, Any] = {
            "unit": unit,
            "period": str(target),
            "name": names.get(unit),
            "area": next((p.get("area") for p in parts if p is not None and p.get("area")), None),
        }
        for c in codes:
            rule = rules[c]
            if rule == "none":
                v = mine.get(c) if mine is not None else None
                if v is None and c in elements and elements[c].default is not None:
                    v = elements[c].default
                if v is None and c.endswith(".manual"):
                    v = 0
                if v is None:
                    problems.append(
                        LevelProblem(
                            unit,
                            str(target),
                            f"{c} does not add up over periods (over_time: none): "
                            f"{target} must be reported itself",
                            f"{c}不能由各期汇总（over_time: none），{target.label_zh()}应单独填报",
                        )
                    )
                row[c] = v
                continue
            if rule == "last":
                last = parts[-1]
                if last is None or last.get(c) is None:
                    problems.append(
                        LevelProblem(
                            unit,
                            str(target),
                            f"{c} is the figure of the last period ({wanted[-1]}), which is "
                            "not reported",
                            f"{c}取最后一期（{wanted[-1].label_zh()}）的数据，但该期未填报",
                        )
                    )
                    row[c] = None
                else:
                    row[c] = Fraction(last[c])
                continue
            if lacking:
                problems.append(
                    LevelProblem(
                        unit,
                        str(target),
                        f"{c} is the sum of {target}'s periods, and {', '.join(lacking)} "
                        "are not reported",
                        f"{c}为{target.label_zh()}各期之和，但"
                        f"{'、'.join(Period.parse(p).label_zh() for p in lacking)}未填报",
                    )
                )
                row[c] = None
                continue
            missing = [str(w) for w, p in zip(wanted, parts, strict=True) if p and p.get(c) is None]
            if missing:
                problems.append(
                    LevelProblem(
                        unit,
                        str(target),
                        f"{c} cannot be summed: no value for {', '.join(missing)}",
                        f"{c}无法汇总：{'、'.join(missing)}没有该项数据",
                    )
                )
                row[c] = None
                continue
            row[c] = sum((Fraction(p[c]) for p in parts if p is not None), Fraction(0))
        out.append(row)
    return Rolled(tuple(columns), tuple(out), tuple(problems))
