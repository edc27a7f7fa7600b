"""Reading a targets file (docs/targets.md §1): every problem located and worded
in English and Chinese, all of them at once.

A file maps entry names to entries; an entry with ``indicator`` (or
``standard``) is a target, an entry with ``total`` is an allocation. Unknown
keys are errors.
"""

from __future__ import annotations

import re
from decimal import InvalidOperation
from fractions import Fraction

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .. import _yaml as located
from .._bounds import (
    MAX_TOTAL,
    NumberOutOfBounds,
    YamlRefused,
    bounded_decimal,
    bounded_whole,
    load_yaml,
)
from .._expr import Expr
from .._periods import Period, PeriodError
from .._scope import birth_ceiling_problem, yaml_scope_problems
from .model import (
    SCALES,
    STANDARD,
    STANDARD_COLUMNS,
    AllocationSpec,
    Comparison,
    ShareClause,
    Target,
    Targets,
    TargetsError,
)

__all__ = ["parse_targets", "where_zh"]

_CMP = re.compile(r"^\s*(>=|>|<=|<)\s*([0-9]*\.?[0-9]+)\s*(%|‰)?\s*$")
_COMPARISON_HINT = "like '>= 0.80' (>=, >, <=, <)"
_COMPARISON_HINT_ZH = "如 '>= 0.80'，可用 >=、>、<=、<"
_SHARE_EXAMPLE = "{at_least: 1/2, value: '>= 0.85'}"

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
_CLAUSES = ("every_unit", "spot_checked_units", "aim_spot_checked")


def where_zh(where: str) -> str:
    """A place in a targets file, as the parser names it, in Chinese (keys stay):
    ``target a: columns: births`` → ``目标 a 的 columns.births``."""
    head, _, rest = where.partition(": ")
    kind, _, name = head.partition(" ")
    if head == "top level":
        head = "顶层"
    elif kind == "target":
        head = f"目标 {name}"
    elif kind == "allocation":
        head = f"分配条目 {name}"
    return f"{head} 的 {rest.replace(': ', '.')}" if rest else head


class _Ctx(located.Located):
    def __init__(self, filename: str) -> None:
        super().__init__(filename, where_zh)

    def refuse(self) -> TargetsError:
        return TargetsError(self.formatted(), self.formatted_zh())


def parse_targets(text: str, filename: str = "<targets>") -> Targets:
    """Parse a targets file. Raises :class:`TargetsError` listing every problem."""
    c = _Ctx(filename)
    try:
        root = load_yaml(text, filename)
    except YamlRefused as e:
        raise TargetsError(e.problems, e.problems_zh) from None
    for node, message, zh in yaml_scope_problems(root):
        c.error(node, message, zh)
    if root is None:
        c.error(None, "the file holds no targets", "文件中没有目标")
        raise c.refuse()
    if not isinstance(root, MappingNode):
        c.error(
            root,
            f"the file must be a mapping of target names to targets, not {located.show(root)}",
            f"文件应为目标名称到目标的映射，不是{located.show_zh(root)}",
        )
        raise c.refuse()
    targets: dict[str, Target] = {}
    allocations: dict[str, AllocationSpec] = {}
    top = located.KeyedMap(c, root, "top level")
    for name, v in top.values.items():
        k = top.keys[name]
        if not located.ID.match(name):
            c.error(
                k,
                f"{name!r} is not a name like service_day_attendance ([a-z][a-z0-9_]*)",
                f"“{name}”不是合格的名称（如 service_day_attendance：小写字母开头，"
                "只含小写字母、数字和下划线）",
            )
            continue
        if not isinstance(v, MappingNode):
            c.error(
                v,
                f"{name}: must be a mapping (a target or an allocation), not {located.show(v)}",
                f"{name}：应为映射（目标或分配条目），不是{located.show_zh(v)}",
            )
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
            c.error(
                k,
                f"{name}: neither a target (give 'indicator' or 'standard') "
                "nor an allocation (give 'total')",
                f"{name}：既不是目标（应给出 indicator 或 standard），也不是分配条目（应给出 total）",
            )
    if c.problems:
        raise c.refuse()
    return Targets(targets, allocations, filename)


# --- values -----------------------------------------------------------------------------


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


def _fraction(c: _Ctx, node: Node, where: str) -> tuple[str, Fraction | None] | None:
    """A share's or a weight's text and number (None when it is no number); None
    after a problem already reported."""
    raw = located.text(c, node, where, may_be_empty=True)
    if raw is None:
        return None
    try:
        return raw, _number_text(raw)
    except NumberOutOfBounds as err:
        c.error(node, f"{where}: {err}", f"{where_zh(where)}：{err.message_zh}")
        return None


def _comparison(c: _Ctx, node: Node, where: str) -> Comparison | None:
    wz = where_zh(where)
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        c.error(
            node,
            f"{where}: give a comparison {_COMPARISON_HINT}, not {located.show(node)}",
            f"{wz}：应为比较式（{_COMPARISON_HINT_ZH}），不是{located.show_zh(node)}",
        )
        return None
    text = str(node.value)
    m = _CMP.match(text)
    if not m:
        c.error(
            node,
            f"{where}: {text!r} is not a comparison {_COMPARISON_HINT}",
            f"{wz}：“{text}”不是比较式（{_COMPARISON_HINT_ZH}）",
        )
        return None
    try:
        value = Fraction(bounded_decimal(m[2]))
    except NumberOutOfBounds as err:
        c.error(node, f"{where}: {err}", f"{wz}：{err.message_zh}")
        return None
    if m[3] == "%":
        value /= 100
    elif m[3] == "‰":
        value /= 1000
    return Comparison(m[1], value, text.strip())


def _whole(c: _Ctx, node: Node, where: str) -> int | None:
    wz = where_zh(where)
    if (
        not isinstance(node, ScalarNode)
        or node.tag != "tag:yaml.org,2002:int"
        or not re.fullmatch(r"\+?\d+", node.value.strip())
    ):
        shown = repr(node.value) if isinstance(node, ScalarNode) else "'a list or mapping'"
        shown_zh = f"“{node.value}”" if isinstance(node, ScalarNode) else "列表或映射"
        c.error(
            node,
            f"{where} must be a whole number of 0 or more, not {shown}",
            f"{wz} 应为不小于0的整数，不是{shown_zh}",
        )
        return None
    digits = node.value.strip().lstrip("+").lstrip("0") or "0"
    # Compare lengths first: int() of thousands of digits is refused by Python itself.
    if len(digits) > len(str(MAX_TOTAL)) or int(digits) > MAX_TOTAL:
        c.error(
            node,
            f"{where}: {digits[:30]} is too large (at most {MAX_TOTAL})",
            f"{wz}：{digits[:30]} 过大（最多 {MAX_TOTAL}）",
        )
        return None
    return int(digits)


# --- a target -----------------------------------------------------------------------------


def _parse_target(name: str, node: MappingNode, c: _Ctx) -> Target | None:
    where = f"target {name}"
    wz = where_zh(where)
    m = located.KeyedMap(c, node, where)
    m.allow(_TARGET_KEYS)
    before = len(c)

    title = name
    if "title" in m:
        title = located.text(c, m.get("title"), f"{where}: title", may_be_empty=True) or name
    indicator: Expr | None = None
    standard: str | None = None
    if ("indicator" in m) == ("standard" in m):
        c.error(
            node,
            f"{where}: give exactly one of 'indicator' (an expression) or 'standard'",
            f"{wz}：indicator（表达式）与 standard 须给出其一，且只给一个",
        )
    elif "indicator" in m:
        indicator = located.expression(c, m.get("indicator"), f"{where}: indicator")
    else:
        standard = located.choice(c, m.get("standard"), f"{where}: standard", STANDARD)
    columns = _columns(c, m, where)
    scale = "permille" if "standard" in m else "percent"
    if "scale" in m:
        scale = located.choice(c, m.get("scale"), f"{where}: scale", SCALES) or scale
    if_undefined = "exclude"
    if "if_undefined" in m:
        if_undefined = (
            located.choice(c, m.get("if_undefined"), f"{where}: if_undefined", ("exclude", "fail"))
            or if_undefined
        )
    periods = _periods(c, m, where)

    every, spot, aim = (
        _comparison(c, n, f"{where}: {key}") if (n := m.get(key)) is not None else None
        for key in _CLAUSES
    )
    shares: list[tuple[Node, ShareClause]] = []
    sn = m.get("share_of_units")
    if sn is not None and not isinstance(sn, SequenceNode):
        c.error(
            sn,
            f"{where}: share_of_units must be a list of {_SHARE_EXAMPLE}, not {located.show(sn)}",
            f"{wz} 的 share_of_units 应为列表，每项如 {_SHARE_EXAMPLE}，不是{located.show_zh(sn)}",
        )
    elif sn is not None:
        for item in sn.value:
            sc = _parse_share(item, c, f"{where}: share_of_units")
            if sc is not None:
                shares.append((item, sc))
    if every is None and spot is None and aim is None and not shares and len(c) == before:
        c.error(
            node,
            f"{where}: no clause; give every_unit, share_of_units, spot_checked_units "
            "or aim_spot_checked",
            f"{wz}：没有条款；请给出 every_unit、share_of_units、spot_checked_units "
            "或 aim_spot_checked",
        )
    clauses = [
        (key, m.values[key], cmp_)
        for key, cmp_ in zip(_CLAUSES, (every, spot, aim), strict=True)
        if cmp_ is not None
    ]
    clauses += [("share_of_units", n, sc.value) for n, sc in shares]
    for key, cnode, cmp_ in clauses:
        ceiling = birth_ceiling_problem(
            name, cmp_.op, f"{key} '{cmp_.source}'", standard, indicator
        )
        if ceiling is not None:
            c.error(cnode, *ceiling)
    if len(c) != before:
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
        share_of_units=tuple(sc for _, sc in shares),
        spot_checked_units=spot,
        aim_spot_checked=aim,
        line=node.start_mark.line + 1,
    )


def _columns(c: _Ctx, m: located.KeyedMap, where: str) -> dict[str, str]:
    """A standard indicator's columns under other names."""
    columns: dict[str, str] = {}
    cn = m.get("columns")
    if cn is None:
        return columns
    wz = where_zh(where)
    if "standard" not in m:
        c.error(
            m.keys["columns"],
            f"{where}: 'columns' goes with 'standard' only",
            f"{wz}：columns 只能与 standard 一起使用",
        )
    elif not isinstance(cn, MappingNode):
        c.error(
            cn,
            f"{where}: columns must be a mapping like {{births: births_q}}, not {located.show(cn)}",
            f"{wz} 的 columns 应为映射，如 {{births: births_q}}，不是{located.show_zh(cn)}",
        )
    else:
        cm = located.KeyedMap(c, cn, f"{where}: columns")
        cm.allow(STANDARD_COLUMNS)
        for key, v in cm.values.items():
            if key in STANDARD_COLUMNS:
                col = located.text(c, v, f"{where}: columns: {key}")
                if col is not None:
                    columns[key] = col
    return columns


def _periods(c: _Ctx, m: located.KeyedMap, where: str) -> list[Period]:
    periods: list[Period] = []
    pn = m.get("periods")
    if pn is None:
        return periods
    wz = where_zh(where)
    if not isinstance(pn, SequenceNode):
        c.error(
            pn,
            f"{where}: periods must be a list like [2026Q1, 2026Q2], not {located.show(pn)}",
            f"{wz} 的 periods 应为列表，如 [2026Q1, 2026Q2]，不是{located.show_zh(pn)}",
        )
        return periods
    for item in pn.value:
        t = located.text(c, item, f"{where}: periods")
        if t is None:
            continue
        try:
            periods.append(Period.parse(t))
        except PeriodError as e:
            c.error(
                item,
                f"{where}: periods: {e}",
                f"{wz} 的 periods：“{t}”不是期间（应如 2026-07、2026Q3、2026H1 或 2026）",
            )
    return periods


def _parse_share(node: Node, c: _Ctx, where: str) -> ShareClause | None:
    wz = where_zh(where)
    if not isinstance(node, MappingNode):
        c.error(
            node,
            f"{where}: each entry must be a mapping {_SHARE_EXAMPLE}, not {located.show(node)}",
            f"{wz}：每一项应为映射，如 {_SHARE_EXAMPLE}，不是{located.show_zh(node)}",
        )
        return None
    m = located.KeyedMap(c, node, where)
    m.allow({"at_least", "value"})
    if not m.require("at_least", "value"):
        return None
    at_least = m.values["at_least"]
    before = len(c)
    read = _fraction(c, at_least, f"{where}: at_least")
    share = None
    if read is not None and len(c) == before:
        raw, share = read
        if share is None or not 0 < share <= 1:
            c.error(
                at_least,
                f"{where}: at_least must be a share above 0 and at most 1 (1/2, 0.5, 50%), "
                f"not {raw!r}",
                f"{where_zh(where + ': at_least')} 应为大于0、不超过1的比例（如 1/2、0.5、50%），不是“{raw}”",
            )
            share = None
    value = _comparison(c, m.values["value"], f"{where}: value")
    if share is None or value is None:
        return None
    return ShareClause(share, value)


# --- an allocation ------------------------------------------------------------------------


def _parse_allocation(name: str, node: MappingNode, c: _Ctx) -> AllocationSpec | None:
    where = f"allocation {name}"
    wz = where_zh(where)
    m = located.KeyedMap(c, node, where)
    m.allow(_ALLOCATION_KEYS)
    before = len(c)
    title = name
    if "title" in m:
        title = located.text(c, m.get("title"), f"{where}: title", may_be_empty=True) or name
    total = _whole(c, m.values["total"], f"{where}: total")
    floor = 0
    if "floor" in m:
        floor = _whole(c, m.values["floor"], f"{where}: floor") or 0
    weights: dict[str, Fraction] = {}
    wn = m.get("weights")
    if wn is None:
        c.error(
            node,
            f"{where}: missing 'weights' (e.g. {{eligible_women: 0.5, population: 0.5}})",
            f"{wz}：缺少 weights（如 {{eligible_women: 0.5, population: 0.5}}）",
        )
    elif not isinstance(wn, MappingNode) or not wn.value:
        empty = isinstance(wn, MappingNode)
        c.error(
            wn,
            f"{where}: weights must be a mapping of figure names to numbers, "
            f"not {'{}' if empty else located.show(wn)}",
            f"{wz} 的 weights 应为数据项名称到数值的映射，不是{'空映射' if empty else located.show_zh(wn)}",
        )
    else:
        wm = located.KeyedMap(c, wn, f"{where}: weights")
        for key, v in wm.values.items():
            if not located.ID.match(key):
                c.error(
                    wm.keys[key],
                    f"{where}: weights: {key!r} is not a column name like population",
                    f"{wz} 的 weights：“{key}”不是列名（如 population）",
                )
                continue
            seen = len(c)
            read = _fraction(c, v, f"{where}: weights: {key}")
            if read is None or len(c) != seen:
                continue
            raw, w = read
            if w is None or w < 0:
                c.error(
                    v,
                    f"{where}: weights: {key} must be a number of 0 or more, not {raw!r}",
                    f"{wz} 的 weights.{key} 应为不小于0的数，不是“{raw}”",
                )
            else:
                weights[key] = w
        if len(c) == before and sum(weights.values()) == 0:
            c.error(
                wn,
                f"{where}: the weights sum to zero ({_weights_text(weights)})",
                f"{wz}：权重之和为0（{_weights_text(weights)}）",
            )
    if len(c) != before or total is None:
        return None
    return AllocationSpec(name, title, total, weights, floor, node.start_mark.line + 1)


def _weights_text(weights: dict[str, Fraction]) -> str:
    return ", ".join(f"{k}={v}" for k, v in weights.items())
