"""Loading a rubric (考评细则) from YAML text, with every problem located.

PyYAML's composer gives us nodes with line and column marks, so that each problem
is reported as ``FILE:LINE:COLUMN: message`` at the offending key, all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YNode

from . import _yaml as located
from ._bounds import YamlRefused, load_yaml
from ._expr import Expr
from ._model import (
    EFFECTS,
    FOLLOW_UP_EFFECTS,
    IMPLIED_EFFECTS,
    MONEY_EFFECTS,
    RULE_KINDS,
    ActionSpec,
    Adjustment,
    Annual,
    ByRank,
    ByRole,
    Check,
    ConsequenceRule,
    Node,
    PerCase,
    Ranking,
    Rubric,
    Rule,
    is_result_name,
)
from ._people import ROLES, nearest_role, role_code
from ._scope import rubric_birth_caps, yaml_scope_problems
from ._values import OVER_TIME, ROLLUPS, Element, ElementType, ValueProblem, parse_value

__all__ = ["RubricError", "parse_rubric"]

# Column names of data files (RUBRIC.md §7, and the unit's work area): an element
# of the same name could not be told apart from them.
RESERVED_COLUMNS = ("unit", "period", "name", "area", "element", "value")
# Names a consequence condition reads from the unit's result (RUBRIC.md §5.1).
RESERVED_NAMES = ("total", "items")

TOP_KEYS = {
    "kaoping", "name", "total", "elements", "checks", "items",
    "adjustments", "bonus_cap", "ranking", "consequences", "annual",
}  # fmt: skip
#: How the year's result is formed (docs/rubric.md "The year"): the mean of the four
#: quarters' totals and item scores, or the rubric scored on the year's figures.
ANNUAL_RULES = ("mean_of_quarters", "year_figures")
RULE_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys besides the kind, optional keys)
    "rate": ({"full_at", "points", "per_point_below"}, {"partial", "if_undefined", "title"}),
    "per_case": ({"deduct"}, {"cap", "title"}),
    "check": ({"points"}, {"title"}),
    "deduct_if": ({"deduct"}, {"title"}),
    "zero_if": (set(), {"title"}),
    "manual": (set(), {"note", "title"}),
}
ADJUSTMENT_KEYS: dict[str, tuple[set[str], set[str]]] = {
    "per_case": ({"deduct"}, {"cap"}),
    "deduct_if": ({"deduct"}, set()),
    "check": ({"bonus"}, set()),
    "veto": (set(), set()),
}


class RubricError(ValueError):
    """A rubric that breaks the format. ``problems`` are ``FILE:LINE:COLUMN: message``;
    ``problems_zh`` the same in Chinese."""

    def __init__(self, problems: list[str], problems_zh: list[str] | None = None) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
        self.problems_zh = problems_zh or problems


_WHERE_ZH = [
    (re.compile(r"^the rubric"), "细则"),
    (re.compile(r"^an item under (\S+)"), r"\1 下的项目"),
    (re.compile(r"^item ([\w.?]+)"), r"项目 \1"),
    (re.compile(r", rule (\d+)"), r"，第\1条规则"),
    (re.compile(r"^checks\[(\d+)\]"), r"第\1条校验"),
    (re.compile(r"^adjustments\[(\d+)\]"), r"第\1个调整项"),
    (re.compile(r"^annual\.consequences\[(\d+)\]"), r"年度第\1条讲评兑现规则"),
    (re.compile(r"^consequences\[(\d+)\]"), r"第\1条讲评兑现规则"),
    (re.compile(r"\.actions\[(\d+)\]"), r"第\1项措施"),
    (
        re.compile(r"\.(to|kind|effect|carry|scope|at|once_per|due_days|amount(?:\.\w+)?)$"),
        r" 的 \1",
    ),
    (re.compile(r"^elements\.(\w+)"), r"数据项 \1"),
]


def where_zh(where: str) -> str:
    """A place in the rubric, as kaoping names it, in Chinese (the keys stay)."""
    for pattern, repl in _WHERE_ZH:
        where = pattern.sub(repl, where)
    return where


class _Ctx(located.Located):
    """A rubric's problems, and what its checks need beyond them: warnings, each
    item's line, and the expressions that may read results."""

    def __init__(self, filename: str) -> None:
        super().__init__(filename, where_zh)
        self.warnings: list[str] = []
        self.warnings_zh: list[str] = []
        self.lines: dict[str, int] = {}  # node path → line, for warnings
        # Conditions and `per` amounts: they may read total and items.<path> too.
        self.consequence_exprs: list[tuple[Expr, ScalarNode]] = []

    def warn(self, node: YNode | int | None, message: str, zh: str) -> None:
        if isinstance(node, int):
            line = node
        else:
            line = node.start_mark.line + 1 if node else 1
        self.warnings.append(f"{self.filename}:{line}: warning: {message}")
        self.warnings_zh.append(f"{self.filename}:{line}: 警告：{zh}")

    def refuse(self) -> RubricError:
        return RubricError(self.formatted(), self.formatted_zh())


def _expr(
    ctx: _Ctx, node: YNode | None, where: str, exprs: list[tuple[Expr, ScalarNode]]
) -> Expr | None:
    e = located.expression(ctx, node, where, allow_prev=True)
    if e is not None:
        assert isinstance(node, ScalarNode)
        exprs.append((e, node))
    return e


# --- the rubric ---------------------------------------------------------------------


def parse_rubric(text: str, filename: str = "<rubric>") -> Rubric:
    """Parse and validate a rubric. Raises :class:`RubricError` listing every problem."""
    ctx = _Ctx(filename)
    try:
        root = load_yaml(text, filename)
    except YamlRefused as err:
        raise RubricError(err.problems, err.problems_zh) from None
    for node, message, zh in (*yaml_scope_problems(root), *rubric_birth_caps(root)):
        ctx.error(node, message, zh)
    top = located.as_map(ctx, root, "the rubric")
    if top is None:
        raise ctx.refuse()
    top.allow(TOP_KEYS)
    top.require("kaoping", "name", "total", "items")

    version = top.get("kaoping")
    if version is not None and not (
        isinstance(version, ScalarNode) and located.tag(version) == "int" and version.value == "1"
    ):
        ctx.error(
            version,
            f"kaoping: the format version must be 1, not {located.show(version)}",
            f"kaoping：格式版本应为 1，不是{located.show_zh(version)}",
        )
    name = located.text(ctx, top.get("name"), "name") or ""
    total = located.number(ctx, top.get("total"), "total") or Decimal(0)

    exprs: list[tuple[Expr, ScalarNode]] = []
    elements = _elements(ctx, top.get("elements"))
    checks = _checks(ctx, top.get("checks"), exprs)
    items = _items(ctx, top.get("items"), "", exprs)
    if "items" in top and not items and not ctx.problems:
        ctx.error(
            top.get("items"),
            "items: a rubric needs at least one item",
            "items：细则至少要有一个项目",
        )
    adjustments = _adjustments(ctx, top.get("adjustments"), exprs)
    bonus_cap = located.number(ctx, top.get("bonus_cap"), "bonus_cap")
    ranking = _ranking(ctx, top.get("ranking"))
    consequences = _consequences(ctx, top.get("consequences"))
    annual = _annual(ctx, top.get("annual"))

    # Names in expressions: declared elements, or the manual columns of section 3;
    # conditions and `per` amounts may read the unit's total and item scores too.
    manual_cols = {f"{n.path}.manual" for it in items for n in it.walk() if n.has_manual}
    results = {"total"}
    for it in items:
        for n in it.walk():
            results |= {f"items.{n.path}", f"items.{n.path}.max"}
    for group, allowed in ((exprs, set()), (ctx.consequence_exprs, results)):
        for e, node in group:
            for sub in e.walk():
                if sub.op == "name" and is_result_name(str(sub.value)):
                    if sub.value not in allowed:
                        ctx.error(
                            node,
                            f"{sub.value!r}: "
                            + (
                                "no such item (items.<path> or items.<path>.max)"
                                if allowed
                                else "total and items.<path> are read only by consequences"
                            ),
                            f"“{sub.value}”："
                            + (
                                "没有这个项目（应为 items.<路径> 或 items.<路径>.max）"
                                if allowed
                                else "total 和 items.<路径> 只能用于讲评兑现"
                            ),
                            sub.pos,
                        )
                elif (
                    elements
                    and sub.op == "name"
                    and sub.value not in elements
                    and sub.value not in manual_cols
                ):
                    ctx.error(
                        node,
                        f"unknown element {sub.value!r} (not declared in elements)",
                        f"未知的数据项“{sub.value}”（elements 中没有声明）",
                        sub.pos,
                    )
                elif sub.op == "prev":
                    declared = elements.get(str(sub.value))
                    if declared is None or declared.default is None:
                        ctx.error(
                            node,
                            f"prev({sub.value}): an element read with prev() must be declared "
                            "in elements with a default (its value where the quarter before "
                            "has no data)",
                            f"prev({sub.value})：prev() 读取的数据项必须在 elements 中声明并给出 "
                            "default（上季度无数据时取该值）",
                            sub.pos,
                        )

    # Warnings: maxima that do not add up (real rubrics do this; the parent caps).
    if items and total:
        s = sum((i.max for i in items), Decimal(0))
        if s != total:
            ctx.warn(
                top.keys.get("items"),
                f"the items' max values add up to {s}, not total {total}",
                f"各项目满分合计{s}，不等于总分{total}",
            )
    for item in items:
        for n in item.walk():
            if n.parts:
                s = sum((p.max for p in n.parts), Decimal(0))
                if s != n.max:
                    ctx.warn(
                        ctx.lines.get(n.path, 1),
                        f"{n.path}: its parts add up to {s}, not its max {n.max}",
                        f"{n.path}：各子项满分合计{s}，不等于其满分{n.max}",
                    )
    for c in (*consequences, *(annual.consequences if annual else ())):
        if c.group is None:
            continue
        size = ranking.top if c.group == "top" else ranking.bottom
        if size == 0:
            ctx.warn(
                None,
                f"consequences: group {c.group!r} is empty because ranking.{c.group} is 0",
                f"consequences：ranking.{c.group} 为0，分组“{c.group}”没有单位",
            )

    if ctx.problems:
        raise ctx.refuse()
    return Rubric(
        name=name,
        total=total,
        items=tuple(items),
        elements=elements,
        checks=tuple(checks),
        adjustments=tuple(adjustments),
        bonus_cap=bonus_cap,
        ranking=ranking,
        consequences=tuple(consequences),
        annual=annual,
        warnings=tuple(ctx.warnings),
        warnings_zh=tuple(ctx.warnings_zh),
        filename=filename,
    )


def _annual(ctx: _Ctx, node: YNode | None) -> Annual | None:
    if node is None:
        return None
    m = located.as_map(ctx, node, "annual")
    if m is None:
        return None
    m.allow({"rule", "consequences"})
    m.require("rule")
    rule = located.choice(ctx, m.get("rule"), "annual.rule", ANNUAL_RULES)
    rules = _consequences(ctx, m.get("consequences"), "annual.consequences")
    if rule is None:
        return None
    return Annual(rule, tuple(rules))


def _elements(ctx: _Ctx, node: YNode | None) -> dict[str, Element]:
    if node is None:
        return {}
    m = located.as_map(ctx, node, "elements")
    if m is None:
        return {}
    out: dict[str, Element] = {}
    for code, knode in m.keys.items():
        where = f"elements.{code}"
        if not located.ID.match(code):
            ctx.error(
                knode,
                f"element code {code!r} must match [a-z][a-z0-9_]*",
                f"数据项代码“{code}”应由小写字母开头，只含小写字母、数字和下划线",
            )
            continue
        if code in RESERVED_NAMES:
            ctx.error(
                knode,
                f"element code {code!r} is reserved: consequence conditions read the unit's "
                f"{code} under that name (reserved: {', '.join(RESERVED_NAMES)})",
                f"数据项代码“{code}”是保留字：讲评兑现的条件以此名称读取单位的"
                f"{'总分' if code == 'total' else '项目得分'}（保留：{'、'.join(RESERVED_NAMES)}）",
            )
            continue
        if code in RESERVED_COLUMNS:
            ctx.error(
                knode,
                f"element code {code!r} is reserved: data files use a column {code!r} "
                f"(reserved: {', '.join(RESERVED_COLUMNS)})",
                f"数据项代码“{code}”是保留字：数据文件中有同名的列（保留：{'、'.join(RESERVED_COLUMNS)}）",
            )
            continue
        spec = located.as_map(ctx, m.values[code], where)
        if spec is None:
            continue
        spec.allow({"label", "type", "default", "rollup", "over_time"})
        label = located.text(ctx, spec.get("label"), f"{where}.label") or code
        type_name = located.choice(
            ctx, spec.get("type"), f"{where}.type", tuple(t.value for t in ElementType)
        )
        etype = ElementType(type_name) if type_name else ElementType.NUMBER
        default = None
        dnode = spec.get("default")
        if dnode is not None:
            if not isinstance(dnode, ScalarNode) or located.tag(dnode) == "null":
                ctx.error(
                    dnode,
                    f"{where}.default must be a value, not {located.show(dnode)}",
                    f"{where_zh(where)} 的 default 应为一个值，不是{located.show_zh(dnode)}",
                )
            else:
                try:
                    default = parse_value(dnode.value, etype)
                except ValueProblem as err:
                    ctx.error(
                        dnode,
                        f"{where}.default: {err}",
                        f"{where_zh(where)} 的 default：{err.message_zh}",
                    )
        rollup = located.choice(ctx, spec.get("rollup"), f"{where}.rollup", ROLLUPS)
        over_time = located.choice(ctx, spec.get("over_time"), f"{where}.over_time", OVER_TIME)
        if rollup in ("count", "share") and etype is not ElementType.BOOL:
            ctx.error(
                spec.get("rollup"),
                f"{where}.rollup: {rollup} counts the units with yes, so the element must be "
                f"type bool, not {etype.value}",
                f"{where_zh(where)} 的 rollup：{rollup} 统计填“是”的单位，数据项类型应为 bool，"
                f"不是 {etype.value}",
            )
        out[code] = Element(code, label, etype, default, rollup, over_time)
    return out


def _checks(ctx: _Ctx, node: YNode | None, exprs: list[tuple[Expr, ScalarNode]]) -> list[Check]:
    out = []
    for i, cnode in enumerate(located.as_list(ctx, node, "checks")):
        where = f"checks[{i + 1}]"
        m = located.as_map(ctx, cnode, where)
        if m is None:
            continue
        m.allow({"rule", "message"})
        m.require("rule", "message")
        rule = _expr(ctx, m.get("rule"), f"{where}.rule", exprs)
        message = located.text(ctx, m.get("message"), f"{where}.message")
        if rule is not None and message is not None:
            out.append(Check(rule, message, cnode.start_mark.line + 1))
    return out


def _items(
    ctx: _Ctx, node: YNode | None, prefix: str, exprs: list[tuple[Expr, ScalarNode]]
) -> list[Node]:
    out: list[Node] = []
    seen: set[str] = set()
    for inode in located.as_list(ctx, node, f"{prefix or 'items'}"):
        m = located.as_map(ctx, inode, f"an item under {prefix or 'items'}")
        if m is None:
            continue
        node_id = located.ident(ctx, m.get("id"), "id") if "id" in m else None
        id_node = m.get("id")
        # Name the item even when its id is broken, so that later messages say which.
        shown_id = node_id or (id_node.value if isinstance(id_node, ScalarNode) else "?")
        path = f"{prefix}.{shown_id}" if prefix else str(shown_id)
        where = f"item {path}"
        m.allow({"id", "title", "max", "parts", "rules"})
        m.require("id", "title", "max")
        if node_id == "max":
            ctx.error(
                m.get("id"),
                f"{where}: 'max' cannot be an id (items.<path>.max names a node's max)",
                f"{where_zh(where)}：id 不能为“max”（items.<路径>.max 表示该项满分）",
            )
            node_id = None
        if node_id is not None:
            if node_id in seen:
                ctx.error(
                    m.get("id"),
                    f"{where}: duplicate id {node_id!r} among its siblings",
                    f"{where_zh(where)}：同级中 id“{node_id}”重复",
                )
            seen.add(node_id)
        title = located.text(ctx, m.get("title"), f"{where}.title") or path
        max_ = located.number(ctx, m.get("max"), f"{where}.max")
        ctx.lines[path] = inode.start_mark.line + 1
        parts: list[Node] = []
        rules: list[Rule] = []
        if "parts" in m and "rules" in m:
            ctx.error(
                m.keys["rules"],
                f"{where}: an item has either parts or rules, not both",
                f"{where_zh(where)}：项目只能有 parts 或 rules 之一",
            )
        elif "parts" in m:
            parts = _items(ctx, m.get("parts"), path, exprs)
            pnode = m.get("parts")
            if isinstance(pnode, SequenceNode) and not pnode.value:
                ctx.error(
                    m.get("parts"),
                    f"{where}.parts: give at least one part",
                    f"{where_zh(where)} 的 parts：至少要有一个子项",
                )
        elif "rules" in m:
            rules = _rules(ctx, m.get("rules"), path, exprs)
            rnode = m.get("rules")
            if isinstance(rnode, SequenceNode) and not rnode.value:
                ctx.error(
                    m.get("rules"),
                    f"{where}.rules: give at least one rule",
                    f"{where_zh(where)} 的 rules：至少要有一条规则",
                )
        else:
            ctx.error(
                inode,
                f"{where}: an item needs parts or rules",
                f"{where_zh(where)}：项目需要 parts 或 rules",
            )
        if node_id is not None and max_ is not None:
            out.append(Node(node_id, path, title, max_, tuple(parts), tuple(rules)))
    return out


def _kind_of(
    ctx: _Ctx, m: located.KeyedMap, kinds: tuple[str, ...] | set[str], where: str
) -> str | None:
    present = [k for k in m.keys if k in kinds]
    if len(present) != 1:
        if present:
            ctx.error(
                m.keys[present[1]],
                f"{where}: one kind per rule, found {', '.join(present)}",
                f"{where_zh(where)}：每条规则只能有一种，实有 {'、'.join(present)}",
            )
        else:
            ctx.error(
                m.node,
                f"{where}: no rule kind (one of {', '.join(sorted(kinds))})",
                f"{where_zh(where)}：没有规则种类（应为 {'、'.join(sorted(kinds))} 之一）",
            )
        return None
    return present[0]


def _rules(
    ctx: _Ctx, node: YNode | None, path: str, exprs: list[tuple[Expr, ScalarNode]]
) -> list[Rule]:
    out = []
    for i, rnode in enumerate(located.as_list(ctx, node, f"item {path}.rules")):
        where = f"item {path}, rule {i + 1}"
        m = located.as_map(ctx, rnode, where)
        if m is None:
            continue
        kind = _kind_of(ctx, m, RULE_KINDS, where)
        if kind is None:
            m.allow(set(RULE_KINDS) | {k for r, o in RULE_KEYS.values() for k in r | o})
            continue
        required, optional = RULE_KEYS[kind]
        where = m.where = f"{where} ({kind})"
        m.allow({kind} | required | optional)
        m.require(*sorted(required))
        line = rnode.start_mark.line + 1
        title = located.text(ctx, m.get("title"), f"{where}.title")
        num = _number_getter(ctx, m, where)
        if kind == "manual":
            mnode = m.get("manual")
            if not (
                isinstance(mnode, ScalarNode)
                and located.tag(mnode) == "bool"
                and mnode.value.lower() in ("true", "yes", "on")
            ):
                ctx.error(
                    mnode, f"{where}: manual must be true", f"{where_zh(where)}：manual 应为 true"
                )
            out.append(
                Rule(
                    "manual",
                    None,
                    title,
                    note=located.text(ctx, m.get("note"), f"{where}.note"),
                    line=line,
                )
            )
            continue
        e = _expr(ctx, m.get(kind), f"{where}", exprs)
        if kind == "rate":
            full_at = num("full_at")
            if full_at is not None and full_at > 1:
                ctx.error(
                    m.get("full_at"),
                    f"{where}.full_at is a ratio 0..1 (0.95 for 95%), not {full_at}",
                    f"{where_zh(where)} 的 full_at 是0到1之间的比率（95%写作0.95），不是{full_at}",
                )
            rule = Rule(
                "rate", e, title,
                points=num("points"), full_at=full_at, per_point_below=num("per_point_below"),
                partial=located.choice(ctx, m.get("partial"), f"{where}.partial", PARTIAL) or "exact",
                if_undefined=located.choice(ctx, m.get("if_undefined"), f"{where}.if_undefined", UNDEFINED)
                or "full",
                line=line,
            )  # fmt: skip
        elif kind == "per_case":
            rule = Rule("per_case", e, title, deduct=num("deduct"), cap=num("cap"), line=line)
        elif kind == "check":
            rule = Rule("check", e, title, points=num("points"), line=line)
        elif kind == "deduct_if":
            rule = Rule("deduct_if", e, title, deduct=num("deduct"), line=line)
        else:
            rule = Rule("zero_if", e, title, line=line)
        if e is not None and _complete(rule):
            out.append(rule)
    return out


PARTIAL = ("exact", "floor", "ceil")
UNDEFINED = ("full", "zero")


def _number_getter(ctx: _Ctx, m: located.KeyedMap, where: str) -> Callable[[str], Decimal | None]:
    return lambda key: located.number(ctx, m.get(key), f"{where}.{key}")


def _complete(rule: Rule) -> bool:
    need = {
        "rate": (rule.points, rule.full_at, rule.per_point_below),
        "per_case": (rule.deduct,),
        "check": (rule.points,),
        "deduct_if": (rule.deduct,),
    }.get(rule.kind, ())
    return all(v is not None for v in need)


def _adjustments(
    ctx: _Ctx, node: YNode | None, exprs: list[tuple[Expr, ScalarNode]]
) -> list[Adjustment]:
    out = []
    seen: set[str] = set()
    for i, anode in enumerate(located.as_list(ctx, node, "adjustments")):
        where = f"adjustments[{i + 1}]"
        m = located.as_map(ctx, anode, where)
        if m is None:
            continue
        kind = _kind_of(ctx, m, set(ADJUSTMENT_KEYS), where)
        if kind is None:
            m.allow({"id", "title"} | set(ADJUSTMENT_KEYS) | {"deduct", "bonus", "cap"})
            continue
        required, optional = ADJUSTMENT_KEYS[kind]
        m.allow({"id", "title", kind} | required | optional)
        m.require("id", *sorted(required))
        adj_id = located.ident(ctx, m.get("id"), f"{where}.id")
        if adj_id is not None:
            if adj_id in seen:
                ctx.error(
                    m.get("id"),
                    f"{where}: duplicate id {adj_id!r}",
                    f"{where_zh(where)}：id“{adj_id}”重复",
                )
            seen.add(adj_id)
        title = located.text(ctx, m.get("title"), f"{where}.title") or adj_id or ""
        e = _expr(ctx, m.get(kind), where, exprs)
        deduct = located.number(ctx, m.get("deduct"), f"{where}.deduct")
        bonus = located.number(ctx, m.get("bonus"), f"{where}.bonus")
        cap = located.number(ctx, m.get("cap"), f"{where}.cap")
        if adj_id is None or e is None:
            continue
        if (kind in ("per_case", "deduct_if") and deduct is None) or (
            kind == "check" and bonus is None
        ):
            continue
        out.append(Adjustment(adj_id, title, kind, e, deduct=deduct, bonus=bonus, cap=cap))
    return out


def _ranking(ctx: _Ctx, node: YNode | None) -> Ranking:
    if node is None:
        return Ranking()
    m = located.as_map(ctx, node, "ranking")
    if m is None:
        return Ranking()
    m.allow({"order", "ties", "top", "bottom", "boundary"})
    return Ranking(
        order=located.choice(ctx, m.get("order"), "ranking.order", ("desc", "asc")) or "desc",
        ties=located.choice(ctx, m.get("ties"), "ranking.ties", ("shared", "dense")) or "shared",
        top=located.integer(ctx, m.get("top"), "ranking.top") or 0,
        bottom=located.integer(ctx, m.get("bottom"), "ranking.bottom") or 0,
        boundary=located.choice(
            ctx, m.get("boundary"), "ranking.boundary", ("include_ties", "exclude_ties")
        )
        or "include_ties",
    )


def _consequences(
    ctx: _Ctx, node: YNode | None, key: str = "consequences"
) -> list[ConsequenceRule]:
    out = []
    seen: dict[tuple[str, ...], None] = {}
    for i, cnode in enumerate(located.as_list(ctx, node, key)):
        where = f"{key}[{i + 1}]"
        m = located.as_map(ctx, cnode, where)
        if m is None:
            continue
        m.allow({"group", "streak", "min_streak", "condition", "actions"})
        m.require("actions")
        group = streak = min_streak = condition = None
        if "condition" in m:
            # A standard, not a rank: it holds or not whatever the unit's group.
            for key in ("group", "streak", "min_streak"):
                if key in m:
                    ctx.error(
                        m.keys[key],
                        f"{where}: a condition rule has no {key} (it applies whatever the group)",
                        f"{where_zh(where)}：condition 规则不能有 {key}（不论分组都适用）",
                    )
            condition = _expr(ctx, m.get("condition"), f"{where}.condition", ctx.consequence_exprs)
            actions = list(_actions(ctx, m.get("actions"), where, ranked=False))
            if condition is None:
                continue
        else:
            m.require("group")
            group = located.choice(ctx, m.get("group"), f"{where}.group", ("top", "bottom"))
            if "streak" in m and "min_streak" in m:
                ctx.error(
                    m.keys["min_streak"],
                    f"{where}: a rule has streak or min_streak, not both",
                    f"{where_zh(where)}：streak 和 min_streak 只能有一个",
                )
            elif "streak" not in m and "min_streak" not in m:
                ctx.error(
                    m.node,
                    f"{where}: missing required key 'streak' (or 'min_streak', or 'condition')",
                    f"{where_zh(where)}：缺少必填的键“streak”（或“min_streak”“condition”）",
                )
            streak = located.integer(ctx, m.get("streak"), f"{where}.streak", minimum=1)
            min_streak = located.integer(ctx, m.get("min_streak"), f"{where}.min_streak", minimum=1)
            actions = list(_actions(ctx, m.get("actions"), where, ranked=True))
            if group is None or (streak is None and min_streak is None):
                continue
        rule = ConsequenceRule(
            group, streak, tuple(actions), min_streak=min_streak, condition=condition,
            line=cnode.start_mark.line + 1,
        )  # fmt: skip
        if rule.key in seen and condition is None:
            key = "streak" if streak is not None else "min_streak"
            n = streak if streak is not None else min_streak
            ctx.error(
                m.get(key),
                f"{where}: another rule already covers group {group} {key} {n}",
                f"{where_zh(where)}：已有规则针对分组 {group} {key} {n}",
            )
        seen[rule.key] = None
        out.append(rule)
    return out


ACTION_KEYS = {"kind", "effect", "to", "amount", "carry", "due_days", "at", "once_per", "scope"}
#: Words of a kind that suggest it means more than a note (RUBRIC.md §5.1).
EFFECT_HINTS = ("黄牌", "评优", "表态", "分析会", "整改", "奖", "罚")


def _actions(ctx: _Ctx, node: YNode | None, parent: str, *, ranked: bool) -> Iterator[ActionSpec]:
    for j, anode in enumerate(located.as_list(ctx, node, f"{parent}.actions")):
        where = f"{parent}.actions[{j + 1}]"
        m = located.as_map(ctx, anode, where)
        if m is None:
            continue
        m.allow(ACTION_KEYS)
        m.require("kind", "to")
        kind = located.text(ctx, m.get("kind"), f"{where}.kind")
        effect = located.choice(ctx, m.get("effect"), f"{where}.effect", EFFECTS)
        if effect is None and "effect" not in m and kind is not None:
            effect = IMPLIED_EFFECTS.get(kind, "note")
            if effect == "note" and any(w in kind for w in EFFECT_HINTS):
                ctx.warn(
                    m.get("kind"),
                    f"{where}: kind {kind!r} is shown as written and acted on as a note; "
                    f"add effect: (one of {', '.join(EFFECTS)}) if it means more",
                    f"{where_zh(where)}：措施“{kind}”仅作记录（note）；如有实际效果，"
                    f"请加上 effect（{'、'.join(EFFECTS)} 之一）",
                )
        targets = _targets(ctx, m.get("to"), where)
        amount = _amount(ctx, m.get("amount"), where, targets, ranked)
        if effect in MONEY_EFFECTS and "amount" not in m:
            ctx.error(
                m.node,
                f"{where}: {'an award' if effect == 'award' else 'a fine'} needs an amount "
                f"(kind {kind!r})",
                f"{where_zh(where)}：{'奖励' if effect == 'award' else '罚款'}类措施“{kind}”需要 amount",
            )
        elif effect is not None and effect not in MONEY_EFFECTS and "amount" in m:
            ctx.error(
                m.keys["amount"],
                f"{where}: only an award or a fine has an amount, not {effect} (kind {kind!r}); "
                "add effect: award or effect: fine if money is meant",
                f"{where_zh(where)}：只有奖励或罚款有 amount，“{kind}”是 {effect}；"
                "如涉及金额请写明 effect: award 或 effect: fine",
            )
        carry = located.choice(ctx, m.get("carry"), f"{where}.carry", ("next_year",))
        if carry is not None and effect not in ("yellow_card", "key_management"):
            ctx.error(
                m.keys["carry"],
                f"{where}: carry is for a yellow_card or key_management, not {effect}",
                f"{where_zh(where)}：carry 只用于 yellow_card（黄牌警告）或 key_management（单列管理）",
            )
        due_days = located.integer(ctx, m.get("due_days"), f"{where}.due_days", minimum=0)
        at = located.choice(ctx, m.get("at"), f"{where}.at", ("next_quarter_first_meeting",))
        for key in ("due_days", "at"):
            if key in m and effect is not None and effect not in FOLLOW_UP_EFFECTS:
                ctx.error(
                    m.keys[key],
                    f"{where}: {key} is for a follow-up (rectify, statement, analysis_meeting), "
                    f"not {effect}",
                    f"{where_zh(where)}：{key} 只用于需要跟进的措施（rectify、statement、analysis_meeting）",
                )
        if "due_days" in m and "at" in m:
            ctx.error(
                m.keys["at"],
                f"{where}: give due_days or at, not both",
                f"{where_zh(where)}：due_days 和 at 只能给一个",
            )
        once_per = located.choice(ctx, m.get("once_per"), f"{where}.once_per", ("person",))
        scope = located.choice(ctx, m.get("scope"), f"{where}.scope", ("year", "quarter"))
        if scope is not None and effect != "ineligible":
            ctx.error(
                m.keys["scope"],
                f"{where}: scope is for an ineligible, not {effect}",
                f"{where_zh(where)}：scope 只用于 ineligible（取消评优资格）",
            )
        if kind and effect:
            yield ActionSpec(
                kind, tuple(targets), amount, effect=effect, carry=carry, due_days=due_days,
                at=at, once_per=once_per, scope=scope or "year",
            )  # fmt: skip


def _role(ctx: _Ctx, node: YNode, where: str, *, places: bool) -> str | None:
    """A role code for a code, label or alias; with ``places``, ``unit`` and ``area`` too."""
    text = located.text(ctx, node, where)
    if text is None:
        return None
    if places and text in ("unit", "area"):
        return text
    code = role_code(text)
    if code is None:
        near = nearest_role(text)
        ctx.error(
            node,
            f"{where}: {text!r} is not a role (did you mean {near} {ROLES[near]}?); "
            f"roles: {', '.join(ROLES)}" + ("; or unit, area" if places else ""),
            f"{where_zh(where)}：“{text}”不是角色（是否应为 {near} {ROLES[near]}？）；"
            f"角色：{'、'.join(f'{c} {z}' for c, z in ROLES.items())}"
            + ("；或 unit（本单位）、area（片区）" if places else ""),
        )
    return code


def _targets(ctx: _Ctx, node: YNode | None, where: str) -> list[str]:
    nodes = [node] if isinstance(node, ScalarNode) else located.as_list(ctx, node, f"{where}.to")
    out: list[str] = []
    for tnode in nodes:
        t = _role(ctx, tnode, f"{where}.to", places=True)
        if t and t not in out:
            out.append(t)
    return out


def _amount(
    ctx: _Ctx, node: YNode | None, where: str, targets: list[str], ranked: bool
) -> Decimal | ByRank | ByRole | PerCase | None:
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        return located.number(ctx, node, f"{where}.amount")
    am = located.KeyedMap(ctx, node, f"{where}.amount")
    shapes = ("by_rank", "by_role", "per")
    am.allow({"by_rank", "by_role", "per", "each", "cap"})
    given = [k for k in shapes if k in am]
    if len(given) != 1:
        ctx.error(
            node,
            f"{where}.amount: give exactly one of by_rank, by_role, per",
            f"{where_zh(where)} 的 amount：by_rank、by_role、per 只能给一个",
        )
        return None
    if given[0] != "per":
        for key in ("each", "cap"):
            if key in am:
                ctx.error(
                    am.keys[key],
                    f"{where}.amount.{key} goes with per, not {given[0]}",
                    f"{where_zh(where)} 的 amount.{key} 只能与 per 一起使用",
                )
    if "by_rank" in am:
        if not ranked:
            ctx.error(
                am.keys["by_rank"],
                f"{where}.amount.by_rank needs a group's ranks; a condition rule has none",
                f"{where_zh(where)} 的 amount.by_rank 按组内名次给付，condition 规则没有分组",
            )
        values = [
            located.number(ctx, v, f"{where}.amount.by_rank")
            for v in located.as_list(ctx, am.get("by_rank"), f"{where}.amount.by_rank")
        ]
        if not values:
            ctx.error(
                am.get("by_rank"),
                f"{where}.amount.by_rank: give at least one amount",
                f"{where_zh(where)} 的 amount.by_rank：至少要有一个金额",
            )
        return ByRank(tuple(v for v in values if v is not None))
    if "per" in am:
        am.require("each")
        per_exprs: list[tuple[Expr, ScalarNode]] = []
        e = _expr(ctx, am.get("per"), f"{where}.amount.per", per_exprs)
        ctx.consequence_exprs.extend(per_exprs)
        each = located.number(ctx, am.get("each"), f"{where}.amount.each")
        cap = located.number(ctx, am.get("cap"), f"{where}.amount.cap")
        if e is None or each is None:
            return None
        return PerCase(e, each, cap)
    rm = located.as_map(ctx, am.get("by_role"), f"{where}.amount.by_role")
    roles: dict[str, Decimal] = {}
    if rm is not None:
        for role, vnode in rm.values.items():
            code = _role(ctx, rm.keys[role], f"{where}.amount.by_role", places=True)
            v = located.number(ctx, vnode, f"{where}.amount.by_role.{role}")
            if v is not None and code is not None:
                roles[code] = v
        for t in targets:
            if t not in roles:
                ctx.error(
                    rm.node,
                    f"{where}.amount.by_role: no amount for {t!r}, named in to",
                    f"{where_zh(where)} 的 amount.by_role：to 中的“{t}”没有金额",
                )
    return ByRole(roles)
