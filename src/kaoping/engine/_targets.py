"""Targets (目标) and allocation entries: their YAML format, and evaluating targets.

The format is documented in ``docs/targets.md``. A file maps entry names to
entries; an entry with ``indicator`` (or ``standard``) is a target, an entry with
``total`` is an allocation. Every problem is reported as ``FILE:LINE:COLUMN:
message`` at the offending key or value; unknown keys are errors.

A target's clauses are judged per unit on the indicator's exact value. A unit
whose indicator is undefined (a zero denominator, such as 0 invited, or a
missing figure) is, by default, *not counted*: it is left out of the units a
clause considers, so a share clause needs ``ceil(share * units with a value)``
units, and it is listed separately as undefined. With ``if_undefined: fail`` it
counts as a unit that falls short (by an unknown amount).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import InvalidOperation
from fractions import Fraction

import polars as pl
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._bounds import (
    MAX_TOTAL,
    NumberOutOfBounds,
    YamlRefused,
    bounded_decimal,
    bounded_whole,
    load_yaml,
)
from ._expr import Expr, ExprError, parse_expr
from ._indicators import (
    DemographicRate,
    IndicatorError,
    Span,
    birth_rate,
    death_rate,
    exact,
    fraction_text,
    natural_growth_rate,
)
from ._periods import Period, PeriodError
from ._scope import birth_ceiling_problem, yaml_scope_problems

__all__ = [
    "AllocationSpec",
    "ClauseResult",
    "Comparison",
    "ShareClause",
    "Shortfall",
    "Target",
    "TargetDataError",
    "TargetResult",
    "Targets",
    "TargetsError",
    "evaluate_target",
    "evaluate_targets",
    "parse_targets",
]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CMP = re.compile(r"^\s*(>=|>|<=|<)\s*([0-9]*\.?[0-9]+)\s*(%|‰)?\s*$")
STANDARD = ("birth_rate", "death_rate", "natural_growth_rate")
SCALES = ("percent", "permille", "number")
_STANDARD_COLUMNS = ("births", "deaths", "population_start", "population_end")

_TARGET_KEYS = {
    "title",
    "indicator",
    "standard",
    "columns",
    "scale",
    "if_undefined",
    "periods",
    "every_unit",
    "share_of_units",
    "spot_checked_units",
    "aim_spot_checked",
}
_ALLOCATION_KEYS = {"title", "total", "weights", "floor"}


class TargetsError(ValueError):
    """A targets file that breaks the format; ``problems`` are ``FILE:LINE:COLUMN: message``."""

    def __init__(self, problems: Sequence[str], problems_zh: Sequence[str] | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)
        # Only some messages have a Chinese text yet; the rest are shown as they are.
        self.problems_zh = tuple(problems_zh) if problems_zh is not None else self.problems


class TargetDataError(ValueError):
    """Data a target cannot be evaluated on (a missing column, an unknown unit...)."""

    def __init__(self, problems: Sequence[str], problems_zh: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)
        self.problems_zh = tuple(problems_zh)


# --- the model -----------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """``value op threshold``, e.g. ``>= 0.80``."""

    op: str  # >= > <= <
    threshold: Fraction
    source: str = ""

    def holds(self, value: Fraction) -> bool:
        t = self.threshold
        return {
            ">=": value >= t,
            ">": value > t,
            "<=": value <= t,
            "<": value < t,
        }[self.op]

    def gap(self, value: Fraction) -> Fraction:
        """How far ``value`` is from the threshold on the wrong side (0 at the
        threshold itself, where a strict comparison fails)."""
        return self.threshold - value if self.op in (">=", ">") else value - self.threshold


@dataclass(frozen=True)
class ShareClause:
    at_least: Fraction
    value: Comparison


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    indicator: Expr | None  # None for a standard indicator
    standard: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    scale: str = "percent"
    if_undefined: str = "exclude"
    periods: tuple[Period, ...] = ()
    every_unit: Comparison | None = None
    share_of_units: tuple[ShareClause, ...] = ()
    spot_checked_units: Comparison | None = None
    aim_spot_checked: Comparison | None = None
    line: int = 0

    @property
    def indicator_text(self) -> str:
        if self.indicator is not None:
            return str(self.indicator)
        assert self.standard is not None
        return self.standard

    def elements(self) -> tuple[str, ...]:
        """The data columns the target reads."""
        if self.indicator is not None:
            return tuple(dict.fromkeys(self.indicator.names()))
        assert self.standard is not None
        wanted = {
            "birth_rate": ("births", "population_start", "population_end"),
            "death_rate": ("deaths", "population_start", "population_end"),
            "natural_growth_rate": ("births", "deaths", "population_start", "population_end"),
        }[self.standard]
        return tuple(self.columns.get(k, k) for k in wanted)


@dataclass(frozen=True)
class AllocationSpec:
    name: str
    title: str
    total: int
    weights: Mapping[str, Fraction]
    floor: int = 0
    line: int = 0


@dataclass(frozen=True)
class Targets:
    targets: Mapping[str, Target]
    allocations: Mapping[str, AllocationSpec]
    filename: str = "<targets>"


# --- parsing ---------------------------------------------------------------------------


class _Collector:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[str] = []
        self.problems_zh: list[str] = []

    def add(self, node: Node, message: str, zh: str | None = None) -> None:
        m = node.start_mark
        self.problems.append(f"{self.filename}:{m.line + 1}:{m.column + 1}: {message}")
        self.problems_zh.append(f"{self.filename}:{m.line + 1}:{m.column + 1}: {zh or message}")

    def refuse(self) -> TargetsError:
        return TargetsError(self.problems, self.problems_zh)


def _pairs(node: MappingNode, c: _Collector, where: str) -> list[tuple[ScalarNode, Node]]:
    out: list[tuple[ScalarNode, Node]] = []
    seen: set[str] = set()
    for k, v in node.value:
        if not isinstance(k, ScalarNode):
            c.add(k, f"{where}: keys must be plain names")
            continue
        if k.value in seen:
            c.add(k, f"{where}: duplicate key {k.value!r}")
            continue
        seen.add(k.value)
        out.append((k, v))
    return out


def _text(node: Node, c: _Collector, what: str) -> str | None:
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        c.add(node, f"{what} must be a text")
        return None
    return str(node.value)


def _number_text(text: str) -> Fraction | None:
    """A share or weight: 1/2, 0.5, 50%. None if not a number; raises
    :class:`NumberOutOfBounds` for one beyond the bounds (which exact arithmetic
    would take minutes or gigabytes to hold)."""
    s = text.strip()
    try:
        if "/" in s:
            num, _, den = s.partition("/")
            return Fraction(bounded_whole(num), bounded_whole(den))
        if s.endswith("%"):
            return Fraction(bounded_decimal(s[:-1])) / 100
        return Fraction(bounded_decimal(s))
    except NumberOutOfBounds:
        raise
    except (ValueError, InvalidOperation, ZeroDivisionError):
        return None


def _bounded_number_text(node: Node, raw: str, c: _Collector, what: str) -> Fraction | None:
    try:
        return _number_text(raw)
    except NumberOutOfBounds as err:
        c.add(node, f"{what}: {err}")
        return None


def _comparison(node: Node, c: _Collector, what: str) -> Comparison | None:
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        c.add(node, f"{what}: give a comparison like '>= 0.80' (>=, >, <=, <)")
        return None
    text = str(node.value)
    m = _CMP.match(text)
    if not m:
        c.add(node, f"{what}: {text!r} is not a comparison like '>= 0.80' (>=, >, <=, <)")
        return None
    try:
        value = Fraction(bounded_decimal(m[2]))
    except NumberOutOfBounds as err:
        c.add(node, f"{what}: {err}")
        return None
    if m[3] == "%":
        value /= 100
    elif m[3] == "‰":
        value /= 1000
    return Comparison(m[1], value, text.strip())


def _whole(node: Node, c: _Collector, what: str) -> int | None:
    if (
        not isinstance(node, ScalarNode)
        or node.tag != "tag:yaml.org,2002:int"
        or not re.fullmatch(r"\+?\d+", node.value.strip())
    ):
        value = node.value if isinstance(node, ScalarNode) else "a list or mapping"
        c.add(node, f"{what} must be a whole number of 0 or more, not {value!r}")
        return None
    digits = node.value.strip().lstrip("+").lstrip("0") or "0"
    # Compare lengths first: int() of thousands of digits is refused by Python itself.
    if len(digits) > len(str(MAX_TOTAL)) or int(digits) > MAX_TOTAL:
        c.add(node, f"{what}: {digits[:30]} is too large (at most {MAX_TOTAL})")
        return None
    return int(digits)


def _parse_target(name: str, node: MappingNode, c: _Collector) -> Target | None:
    where = f"target {name}"
    fields: dict[str, Node] = {}
    keys: dict[str, ScalarNode] = {}
    for k, v in _pairs(node, c, where):
        if k.value not in _TARGET_KEYS:
            c.add(k, f"{where}: unknown key {k.value!r} (known: {', '.join(sorted(_TARGET_KEYS))})")
            continue
        fields[k.value] = v
        keys[k.value] = k
    before = len(c.problems)

    title = name
    if "title" in fields:
        title = _text(fields["title"], c, f"{where}: title") or name
    indicator: Expr | None = None
    standard: str | None = None
    if ("indicator" in fields) == ("standard" in fields):
        c.add(node, f"{where}: give exactly one of 'indicator' (an expression) or 'standard'")
    elif "indicator" in fields:
        src = _text(fields["indicator"], c, f"{where}: indicator")
        if src is not None:
            try:
                indicator = parse_expr(src)
            except ExprError as e:
                n = fields["indicator"]
                m = n.start_mark
                # The value may be quoted; point at the expression's own column.
                offset = 1 if n.style in ("'", '"') else 0  # type: ignore[attr-defined]
                place = f"{c.filename}:{m.line + 1}:{m.column + 1 + offset + e.pos}"
                c.problems.append(f"{place}: {where}: indicator: {e}")
                c.problems_zh.append(f"{place}: {where}: indicator：{e.message_zh}")
    else:
        standard = _text(fields["standard"], c, f"{where}: standard")
        if standard is not None and standard not in STANDARD:
            c.add(
                fields["standard"],
                f"{where}: standard must be one of {', '.join(STANDARD)}, not {standard!r}",
            )
    columns: dict[str, str] = {}
    if "columns" in fields:
        cn = fields["columns"]
        if standard is None and "standard" not in fields:
            c.add(keys["columns"], f"{where}: 'columns' goes with 'standard' only")
        elif not isinstance(cn, MappingNode):
            c.add(cn, f"{where}: columns must be a mapping like {{births: births_q}}")
        else:
            for k, v in _pairs(cn, c, f"{where}: columns"):
                if k.value not in _STANDARD_COLUMNS:
                    c.add(
                        k,
                        f"{where}: columns: unknown key {k.value!r} "
                        f"(known: {', '.join(_STANDARD_COLUMNS)})",
                    )
                    continue
                col = _text(v, c, f"{where}: columns: {k.value}")
                if col is not None:
                    columns[k.value] = col
    scale = "permille" if "standard" in fields else "percent"
    if "scale" in fields:
        s = _text(fields["scale"], c, f"{where}: scale")
        if s is not None and s not in SCALES:
            c.add(fields["scale"], f"{where}: scale must be one of {', '.join(SCALES)}, not {s!r}")
        elif s is not None:
            scale = s
    if_undefined = "exclude"
    if "if_undefined" in fields:
        s = _text(fields["if_undefined"], c, f"{where}: if_undefined")
        if s is not None and s not in ("exclude", "fail"):
            c.add(
                fields["if_undefined"], f"{where}: if_undefined must be exclude or fail, not {s!r}"
            )
        elif s is not None:
            if_undefined = s
    periods: list[Period] = []
    if "periods" in fields:
        pn = fields["periods"]
        if not isinstance(pn, SequenceNode):
            c.add(pn, f"{where}: periods must be a list like [2026Q1, 2026Q2]")
        else:
            for item in pn.value:
                t = _text(item, c, f"{where}: periods")
                if t is None:
                    continue
                try:
                    periods.append(Period.parse(t))
                except PeriodError as e:
                    c.add(item, f"{where}: periods: {e}")

    every = spot = aim = None
    if "every_unit" in fields:
        every = _comparison(fields["every_unit"], c, f"{where}: every_unit")
    if "spot_checked_units" in fields:
        spot = _comparison(fields["spot_checked_units"], c, f"{where}: spot_checked_units")
    if "aim_spot_checked" in fields:
        aim = _comparison(fields["aim_spot_checked"], c, f"{where}: aim_spot_checked")
    shares: list[ShareClause] = []
    share_nodes: list[tuple[Node, ShareClause]] = []
    if "share_of_units" in fields:
        sn = fields["share_of_units"]
        if not isinstance(sn, SequenceNode):
            c.add(
                sn, f"{where}: share_of_units must be a list of {{at_least: 1/2, value: '>= 0.85'}}"
            )
        else:
            for item in sn.value:
                sc = _parse_share(item, c, f"{where}: share_of_units")
                if sc is not None:
                    shares.append(sc)
                    share_nodes.append((item, sc))
    if every is None and spot is None and aim is None and not shares and len(c.problems) == before:
        c.add(
            node,
            f"{where}: no clause; give every_unit, share_of_units, spot_checked_units "
            "or aim_spot_checked",
        )
    clauses = [
        (k, fields[k], cmp_)
        for k, cmp_ in (
            ("every_unit", every),
            ("spot_checked_units", spot),
            ("aim_spot_checked", aim),
        )
        if cmp_ is not None
    ]
    clauses += [("share_of_units", n, sc.value) for n, sc in share_nodes]
    for key, cnode, cmp_ in clauses:
        ceiling = birth_ceiling_problem(
            name, cmp_.op, f"{key} '{cmp_.source}'", standard, indicator
        )
        if ceiling is not None:
            c.add(cnode, *ceiling)
    if len(c.problems) != before:
        return None
    return Target(
        name=name,
        title=title,
        indicator=indicator,
        standard=standard,
        columns=columns,
        scale=scale,
        if_undefined=if_undefined,
        periods=tuple(periods),
        every_unit=every,
        share_of_units=tuple(shares),
        spot_checked_units=spot,
        aim_spot_checked=aim,
        line=node.start_mark.line + 1,
    )


def _parse_share(node: Node, c: _Collector, where: str) -> ShareClause | None:
    if not isinstance(node, MappingNode):
        c.add(node, f"{where}: each entry must be a mapping {{at_least: 1/2, value: '>= 0.85'}}")
        return None
    fields: dict[str, Node] = {}
    for k, v in _pairs(node, c, where):
        if k.value not in ("at_least", "value"):
            c.add(k, f"{where}: unknown key {k.value!r} (known: at_least, value)")
            continue
        fields[k.value] = v
    for required in ("at_least", "value"):
        if required not in fields:
            c.add(node, f"{where}: missing {required!r}")
    if "at_least" not in fields or "value" not in fields:
        return None
    raw = _text(fields["at_least"], c, f"{where}: at_least")
    before = len(c.problems)
    share = (
        _bounded_number_text(fields["at_least"], raw, c, f"{where}: at_least")
        if raw is not None
        else None
    )
    if len(c.problems) != before:
        share = None
    elif raw is not None and (share is None or not 0 < share <= 1):
        c.add(
            fields["at_least"],
            f"{where}: at_least must be a share above 0 and at most 1 (1/2, 0.5, 50%), not {raw!r}",
        )
        share = None
    value = _comparison(fields["value"], c, f"{where}: value")
    if share is None or value is None:
        return None
    return ShareClause(share, value)


def _parse_allocation(name: str, node: MappingNode, c: _Collector) -> AllocationSpec | None:
    where = f"allocation {name}"
    fields: dict[str, Node] = {}
    for k, v in _pairs(node, c, where):
        if k.value not in _ALLOCATION_KEYS:
            c.add(
                k,
                f"{where}: unknown key {k.value!r} (known: {', '.join(sorted(_ALLOCATION_KEYS))})",
            )
            continue
        fields[k.value] = v
    before = len(c.problems)
    title = name
    if "title" in fields:
        title = _text(fields["title"], c, f"{where}: title") or name
    total = _whole(fields["total"], c, f"{where}: total")
    floor = 0
    if "floor" in fields:
        floor = _whole(fields["floor"], c, f"{where}: floor") or 0
    weights: dict[str, Fraction] = {}
    if "weights" not in fields:
        c.add(node, f"{where}: missing 'weights' (e.g. {{eligible_women: 0.5, population: 0.5}})")
    elif not isinstance(fields["weights"], MappingNode) or not fields["weights"].value:
        c.add(fields["weights"], f"{where}: weights must be a mapping of figure names to numbers")
    else:
        for k, v in _pairs(fields["weights"], c, f"{where}: weights"):
            if not _ID.match(k.value):
                c.add(k, f"{where}: weights: {k.value!r} is not a column name like population")
                continue
            raw = _text(v, c, f"{where}: weights: {k.value}")
            seen = len(c.problems)
            w = (
                _bounded_number_text(v, raw, c, f"{where}: weights: {k.value}")
                if raw is not None
                else None
            )
            if len(c.problems) != seen:
                continue
            if raw is not None and (w is None or w < 0):
                c.add(v, f"{where}: weights: {k.value} must be a number of 0 or more, not {raw!r}")
            elif w is not None:
                weights[k.value] = w
        if len(c.problems) == before and sum(weights.values()) == 0:
            c.add(fields["weights"], f"{where}: the weights sum to zero")
    if len(c.problems) != before or total is None:
        return None
    return AllocationSpec(name, title, total, weights, floor, node.start_mark.line + 1)


def parse_targets(text: str, filename: str = "<targets>") -> Targets:
    """Parse a targets file. Raises :class:`TargetsError` listing every problem."""
    c = _Collector(filename)
    try:
        root = load_yaml(text, filename)
    except YamlRefused as e:
        raise TargetsError(e.problems, e.problems_zh) from None
    for node, message, zh in yaml_scope_problems(root):
        c.add(node, message, zh)
    if root is None:
        raise TargetsError([f"{filename}:1:1: the file holds no targets"])
    if not isinstance(root, MappingNode):
        c.add(root, "the file must be a mapping of target names to targets")
        raise c.refuse()
    targets: dict[str, Target] = {}
    allocations: dict[str, AllocationSpec] = {}
    for k, v in _pairs(root, c, "top level"):
        name = k.value
        if not _ID.match(name):
            c.add(k, f"{name!r} is not a name like service_day_attendance ([a-z][a-z0-9_]*)")
            continue
        if not isinstance(v, MappingNode):
            c.add(v, f"{name}: must be a mapping (a target or an allocation)")
            continue
        present = {kn.value for kn, _ in v.value if isinstance(kn, ScalarNode)}
        if "total" in present:
            spec = _parse_allocation(name, v, c)
            if spec is not None:
                allocations[name] = spec
        elif present & {"indicator", "standard"}:
            target = _parse_target(name, v, c)
            if target is not None:
                targets[name] = target
        else:
            c.add(
                k,
                f"{name}: neither a target (give 'indicator' or 'standard') "
                "nor an allocation (give 'total')",
            )
    if c.problems:
        raise c.refuse()
    return Targets(targets, allocations, filename)


# --- evaluation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """A unit below a clause's value. ``gap`` is in the indicator's own unit (a
    ratio for percent targets); ``gap_points`` in percentage points (percent),
    per-mille points (permille) or the number itself (number)."""

    unit: str
    name: str | None
    value: Fraction
    gap: Fraction
    gap_points: Fraction


@dataclass(frozen=True)
class ClauseResult:
    kind: str  # every_unit | share_of_units | spot_checked_units | aim_spot_checked
    comparison: Comparison
    share: Fraction | None  # share_of_units only
    required: bool  # False for the aim
    evaluated: bool  # False: spot checks without a list of spot-checked units, or no values
    met: bool | None  # None when not evaluated
    considered: int  # units the clause counts
    qualifying: int
    needed: int
    short: tuple[Shortfall, ...]  # units that do not reach the value, largest gap first
    undefined: tuple[str, ...]  # units with no value (left out, or failing under 'fail')
    text: str
    text_zh: str


@dataclass(frozen=True)
class TargetResult:
    target: Target
    period: Period | None
    applicable: bool  # False when the target's periods leave this period out
    basis: str | None  # "annual" / "annualised ..." for standard indicators
    basis_zh: str | None
    values: Mapping[str, Fraction | None]  # every unit's indicator, None undefined
    names: Mapping[str, str | None]
    clauses: tuple[ClauseResult, ...]

    @property
    def met(self) -> bool | None:
        """True when every evaluated required clause is met; None when none was evaluated."""
        judged = [c.met for c in self.clauses if c.required and c.evaluated]
        if not judged:
            return None
        return all(judged)


_FRACTION_ZH = {
    1: "一",
    2: "二",
    3: "三",
    4: "四",
    5: "五",
    6: "六",
    7: "七",
    8: "八",
    9: "九",
    10: "十",
}


def _share_zh(share: Fraction) -> str:
    if share == 1:
        return "全部"
    n, d = share.numerator, share.denominator
    if d in _FRACTION_ZH and n in _FRACTION_ZH:
        return f"{_FRACTION_ZH[d]}分之{_FRACTION_ZH[n]}"
    return f"{fraction_text(share * 100, 2).rstrip('0').rstrip('.')}%"


def _plain(value: Fraction) -> str:
    """Exact when the decimal terminates within 4 places, else rounded to 2."""
    for places in range(5):
        if (value * 10**places).denominator == 1:
            return fraction_text(value, places)
    return fraction_text(value, 2)


def show_value(value: Fraction, scale: str) -> str:
    if scale == "percent":
        return f"{_plain(value * 100)}%"
    if scale == "permille":
        return f"{_plain(value)}‰"
    return _plain(value)


def _show_measured(value: Fraction, scale: str) -> str:
    if scale == "percent":
        return f"{fraction_text(value * 100, 2)}%"
    if scale == "permille":
        return f"{fraction_text(value, 2)}‰"
    return fraction_text(value, 2)


def _points(gap: Fraction, scale: str) -> Fraction:
    return gap * 100 if scale == "percent" else gap


_POINTS = {"percent": "percentage points", "permille": "per-mille points", "number": ""}
_POINTS_ZH = {"percent": "个百分点", "permille": "个千分点", "number": ""}
_OP_ZH = {">=": "达{}以上", ">": "高于{}", "<=": "不高于{}", "<": "低于{}"}
_OP = {">=": "at or above {}", ">": "above {}", "<=": "at or below {}", "<": "below {}"}


def _unit_label(unit: str, names: Mapping[str, str | None]) -> str:
    n = names.get(unit)
    return f"{unit} {n}" if n else unit


def _judge(
    kind: str,
    comparison: Comparison,
    share: Fraction | None,
    required: bool,
    units: Sequence[str],
    values: Mapping[str, Fraction | None],
    names: Mapping[str, str | None],
    target: Target,
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

    cond = _OP[comparison.op].format(show_value(comparison.threshold, scale))
    cond_zh = _OP_ZH[comparison.op].format(show_value(comparison.threshold, scale))
    label = {
        "every_unit": "every unit",
        "share_of_units": f"at least {share} of units",
        "spot_checked_units": "spot-checked units",
        "aim_spot_checked": "spot-checked units (aim)",
    }[kind]
    label_zh = {
        "every_unit": "所有单位",
        "share_of_units": f"{_share_zh(share or Fraction(1))}的单位",
        "spot_checked_units": "抽查单位",
        "aim_spot_checked": "抽查单位（力争）",
    }[kind]
    if not evaluated:
        why = "no spot-checked units given" if not units else "no unit has a value"
        why_zh = "未指定抽查单位" if not units else "没有单位有可计算的数值"
        text = f"{label} {cond}: not evaluated ({why})"
        text_zh = f"{label_zh}{cond_zh}：未评价（{why_zh}）"
    else:
        verdict = "met" if met else "not met"
        verdict_zh = "达到" if met else "未达到"
        if not required:
            verdict += " (aim, not required)"
            verdict_zh += "（力争目标，不作要求）"
        text = f"{label} {cond}: {verdict}, {qualifying} of {considered} qualify, {needed} needed"
        text_zh = (
            f"{label_zh}{cond_zh}：{verdict_zh}，"
            f"{qualifying}个达标，需{needed}个（共{considered}个）"
        )
        if short:
            pts, pts_zh = _POINTS[scale], _POINTS_ZH[scale]
            text += "; short: " + ", ".join(
                f"{_unit_label(s.unit, names)} {_show_measured(s.value, scale)} "
                f"({fraction_text(s.gap_points, 2)} {pts})".replace(" )", ")")
                for s in short
            )
            text_zh += "；未达标：" + "，".join(
                f"{_unit_label(s.unit, names)} {_show_measured(s.value, scale)}"
                f"（差{fraction_text(s.gap_points, 2)}{pts_zh}）"
                for s in short
            )
    if evaluated and undefined:
        how = "counted as short" if target.if_undefined == "fail" else "not counted"
        how_zh = "按未达标计" if target.if_undefined == "fail" else "不计入"
        text += f"; no value ({how}): {', '.join(_unit_label(u, names) for u in undefined)}"
        text_zh += f"；无法计算（{how_zh}）：{'，'.join(_unit_label(u, names) for u in undefined)}"
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
) -> TargetResult:
    """Evaluate one target on the rows of ``period`` (default: the latest period in
    the data). ``spot`` lists the spot-checked units' codes.

    Raises :class:`TargetDataError` for a missing column, a duplicate unit or a
    spot-checked unit that is not in the data.
    """
    rows, p = _rows_for_period(frame, period)
    names_needed = target.elements()
    missing = [n for n in names_needed if n not in rows.columns]
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
                _judge("every_unit", target.every_unit, None, True, units, values, names, target)
            )
        for sc in target.share_of_units:
            clauses.append(
                _judge("share_of_units", sc.value, sc.at_least, True, units, values, names, target)
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
) -> list[TargetResult]:
    """Evaluate every target of a file, in the file's order."""
    return [evaluate_target(t, frame, period, spot) for t in targets.targets.values()]
