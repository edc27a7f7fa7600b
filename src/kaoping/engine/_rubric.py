"""Loading a rubric (考评细则) from YAML text, with every problem located.

PyYAML's composer gives us nodes with line and column marks, so that each problem
is reported as ``FILE:LINE:COLUMN: message`` at the offending key, all at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YNode

from ._bounds import NumberOutOfBounds, YamlRefused, bounded_whole, load_yaml, number_problem
from ._expr import Expr, ExprError, parse_expr
from ._model import (
    RULE_KINDS,
    ActionSpec,
    Adjustment,
    ByRank,
    ByRole,
    Check,
    ConsequenceRule,
    Node,
    Ranking,
    Rubric,
    Rule,
)
from ._values import Element, ElementType, ValueProblem, parse_value

__all__ = ["RubricError", "parse_rubric"]

ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Column names of data files (RUBRIC.md §7, and the unit's work area): an element
# of the same name could not be told apart from them.
RESERVED_COLUMNS = ("unit", "period", "name", "area", "element", "value")

TOP_KEYS = {
    "kaoping", "name", "total", "elements", "checks", "items",
    "adjustments", "bonus_cap", "ranking", "consequences",
}  # fmt: skip
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
    (re.compile(r"^consequences\[(\d+)\]"), r"第\1条讲评兑现规则"),
    (re.compile(r"\.actions\[(\d+)\]"), r"第\1项措施"),
    (re.compile(r"^elements\.(\w+)"), r"数据项 \1"),
]


def where_zh(where: str) -> str:
    """A place in the rubric, as kaoping names it, in Chinese (the keys stay)."""
    for pattern, repl in _WHERE_ZH:
        where = pattern.sub(repl, where)
    return where


class _Ctx:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[tuple[int, int, str, str]] = []
        self.warnings: list[str] = []
        self.warnings_zh: list[str] = []
        self.lines: dict[str, int] = {}  # node path → line, for warnings

    def error(self, node: YNode | None, message: str, zh: str, offset: int = 0) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        if node is not None and offset and isinstance(node, ScalarNode):
            # Point inside a one-line scalar; quoted scalars start one column later.
            col += offset + (1 if node.style in ("'", '"') else 0)
        self.problems.append((line, col, message, zh))

    def warn(self, node: YNode | int | None, message: str, zh: str) -> None:
        if isinstance(node, int):
            line = node
        else:
            line = node.start_mark.line + 1 if node else 1
        self.warnings.append(f"{self.filename}:{line}: warning: {message}")
        self.warnings_zh.append(f"{self.filename}:{line}: 警告：{zh}")

    def formatted(self) -> list[str]:
        return [f"{self.filename}:{ln}:{c}: {m}" for ln, c, m, _ in sorted(self.problems)]

    def formatted_zh(self) -> list[str]:
        return [f"{self.filename}:{ln}:{c}: {z}" for ln, c, _, z in sorted(self.problems)]

    def refuse(self) -> RubricError:
        return RubricError(self.formatted(), self.formatted_zh())


# --- typed access to YAML nodes ---------------------------------------------------------


class _Map:
    """A YAML mapping whose keys are checked: unknown and duplicate keys are errors."""

    def __init__(self, ctx: _Ctx, node: MappingNode, where: str) -> None:
        self.ctx, self.node, self.where = ctx, node, where
        self.keys: dict[str, ScalarNode] = {}
        self.values: dict[str, YNode] = {}
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                ctx.error(
                    k, f"{where}: keys must be plain names", f"{where_zh(where)}：键必须是简单名称"
                )
                continue
            if k.value in self.values:
                ctx.error(
                    k,
                    f"{where}: duplicate key {k.value!r}",
                    f"{where_zh(where)}：键“{k.value}”重复",
                )
                continue
            self.keys[k.value] = k
            self.values[k.value] = v

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def allow(self, allowed: set[str]) -> None:
        for key, knode in self.keys.items():
            if key not in allowed:
                hint = f" (allowed: {', '.join(sorted(allowed))})" if allowed else ""
                self.ctx.error(
                    knode,
                    f"{self.where}: unknown key {key!r}{hint}",
                    f"{where_zh(self.where)}：未知的键“{key}”"
                    + (f"（可用：{', '.join(sorted(allowed))}）" if allowed else ""),
                )

    def require(self, *keys: str) -> bool:
        ok = True
        for key in keys:
            if key not in self.values:
                self.ctx.error(
                    self.node,
                    f"{self.where}: missing required key {key!r}",
                    f"{where_zh(self.where)}：缺少必填的键“{key}”",
                )
                ok = False
        return ok

    def get(self, key: str) -> YNode | None:
        return self.values.get(key)


def _as_map(ctx: _Ctx, node: YNode | None, where: str) -> _Map | None:
    if not isinstance(node, MappingNode):
        ctx.error(node, f"{where} must be a mapping", f"{where_zh(where)} 应为映射（键: 值）")
        return None
    return _Map(ctx, node, where)


def _as_list(ctx: _Ctx, node: YNode | None, where: str) -> list[YNode]:
    if node is None:
        return []
    if not isinstance(node, SequenceNode):
        ctx.error(node, f"{where} must be a list", f"{where_zh(where)} 应为列表")
        return []
    return list(node.value)


def _tag(node: YNode) -> str:
    return node.tag.rsplit(":", 1)[-1]


def _number(
    ctx: _Ctx, node: YNode | None, where: str, *, minimum: Decimal | None = Decimal(0)
) -> Decimal | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or _tag(node) not in ("int", "float"):
        ctx.error(
            node,
            f"{where} must be a number, not {_show(node)}",
            f"{where_zh(where)} 应为数字，不是 {_show(node)}",
        )
        return None
    try:
        value = Decimal(node.value.replace("_", ""))
    except InvalidOperation:
        ctx.error(
            node,
            f"{where} must be a number, not {_show(node)}",
            f"{where_zh(where)} 应为数字，不是 {_show(node)}",
        )
        return None
    problem = number_problem(value)
    if problem is not None:
        ctx.error(
            node,
            f"{where}: {node.value} is {problem[0]}",
            f"{where_zh(where)}：{node.value} {problem[1]}",
        )
        return None
    if minimum is not None and value < minimum:
        ctx.error(
            node,
            f"{where} must be {minimum} or more, not {value}",
            f"{where_zh(where)} 应不小于{minimum}，不是{value}",
        )
        return None
    return value


def _integer(ctx: _Ctx, node: YNode | None, where: str, minimum: int = 0) -> int | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or _tag(node) != "int":
        ctx.error(
            node,
            f"{where} must be a whole number, not {_show(node)}",
            f"{where_zh(where)} 应为整数，不是 {_show(node)}",
        )
        return None
    try:
        value = bounded_whole(node.value)
    except NumberOutOfBounds as err:
        ctx.error(node, f"{where}: {err}", f"{where_zh(where)}：{err.message_zh}")
        return None
    if value < minimum:
        ctx.error(
            node,
            f"{where} must be {minimum} or more, not {value}",
            f"{where_zh(where)} 应不小于{minimum}，不是{value}",
        )
        return None
    return value


def _text(ctx: _Ctx, node: YNode | None, where: str) -> str | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or _tag(node) == "null":
        ctx.error(
            node,
            f"{where} must be text, not {_show(node)}",
            f"{where_zh(where)} 应为文字，不是 {_show(node)}",
        )
        return None
    text = str(node.value).strip()
    if not text:
        ctx.error(node, f"{where} must not be empty", f"{where_zh(where)} 不能为空")
        return None
    return text


def _choice(ctx: _Ctx, node: YNode | None, where: str, choices: tuple[str, ...]) -> str | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or node.value not in choices:
        ctx.error(
            node,
            f"{where} must be one of {', '.join(choices)}, not {_show(node)}",
            f"{where_zh(where)} 应为 {'、'.join(choices)} 之一，不是 {_show(node)}",
        )
        return None
    return str(node.value)


def _ident(ctx: _Ctx, node: YNode | None, where: str) -> str | None:
    text = _text(ctx, node, where)
    if text is not None and not ID.match(text):
        ctx.error(
            node,
            f"{where} {text!r} must match [a-z][a-z0-9_]*",
            f"{where_zh(where)}“{text}”应由小写字母开头，只含小写字母、数字和下划线",
        )
        return None
    return text


def _show(node: YNode | None) -> str:
    if isinstance(node, ScalarNode):
        return repr(node.value) if _tag(node) == "str" else node.value or "null"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "nothing"


def _expr(
    ctx: _Ctx, node: YNode | None, where: str, exprs: list[tuple[Expr, ScalarNode]]
) -> Expr | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or _tag(node) == "null":
        ctx.error(
            node,
            f"{where} must be an expression, not {_show(node)}",
            f"{where_zh(where)} 应为表达式，不是 {_show(node)}",
        )
        return None
    try:
        e = parse_expr(node.value)
    except ExprError as err:
        ctx.error(
            node,
            f"{where}: {err} in {node.value!r}",
            f"{where_zh(where)}：表达式“{node.value}”有误：{err.message_zh}",
            err.pos,
        )
        return None
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
    top = _as_map(ctx, root, "the rubric")
    if top is None:
        raise ctx.refuse()
    top.allow(TOP_KEYS)
    top.require("kaoping", "name", "total", "items")

    version = top.get("kaoping")
    if version is not None and not (
        isinstance(version, ScalarNode) and _tag(version) == "int" and version.value == "1"
    ):
        ctx.error(
            version,
            f"kaoping: the format version must be 1, not {_show(version)}",
            f"kaoping：格式版本应为 1，不是 {_show(version)}",
        )
    name = _text(ctx, top.get("name"), "name") or ""
    total = _number(ctx, top.get("total"), "total") or Decimal(0)

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
    bonus_cap = _number(ctx, top.get("bonus_cap"), "bonus_cap")
    ranking = _ranking(ctx, top.get("ranking"))
    consequences = _consequences(ctx, top.get("consequences"))

    # Names in expressions: declared elements, or the manual columns of section 3.
    manual_cols = {f"{n.path}.manual" for it in items for n in it.walk() if n.has_manual}
    if elements:
        for e, node in exprs:
            for sub in e.walk():
                if sub.op == "name" and sub.value not in elements and sub.value not in manual_cols:
                    ctx.error(
                        node,
                        f"unknown element {sub.value!r} (not declared in elements)",
                        f"未知的数据项“{sub.value}”（elements 中没有声明）",
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
    for c in consequences:
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
        warnings=tuple(ctx.warnings),
        warnings_zh=tuple(ctx.warnings_zh),
        filename=filename,
    )


def _elements(ctx: _Ctx, node: YNode | None) -> dict[str, Element]:
    if node is None:
        return {}
    m = _as_map(ctx, node, "elements")
    if m is None:
        return {}
    out: dict[str, Element] = {}
    for code, knode in m.keys.items():
        where = f"elements.{code}"
        if not ID.match(code):
            ctx.error(
                knode,
                f"element code {code!r} must match [a-z][a-z0-9_]*",
                f"数据项代码“{code}”应由小写字母开头，只含小写字母、数字和下划线",
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
        spec = _as_map(ctx, m.values[code], where)
        if spec is None:
            continue
        spec.allow({"label", "type", "default"})
        label = _text(ctx, spec.get("label"), f"{where}.label") or code
        type_name = _choice(
            ctx, spec.get("type"), f"{where}.type", tuple(t.value for t in ElementType)
        )
        etype = ElementType(type_name) if type_name else ElementType.NUMBER
        default = None
        dnode = spec.get("default")
        if dnode is not None:
            if not isinstance(dnode, ScalarNode) or _tag(dnode) == "null":
                ctx.error(
                    dnode,
                    f"{where}.default must be a value, not {_show(dnode)}",
                    f"{where_zh(where)} 的 default 应为一个值，不是 {_show(dnode)}",
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
        out[code] = Element(code, label, etype, default)
    return out


def _checks(ctx: _Ctx, node: YNode | None, exprs: list[tuple[Expr, ScalarNode]]) -> list[Check]:
    out = []
    for i, cnode in enumerate(_as_list(ctx, node, "checks")):
        where = f"checks[{i + 1}]"
        m = _as_map(ctx, cnode, where)
        if m is None:
            continue
        m.allow({"rule", "message"})
        m.require("rule", "message")
        rule = _expr(ctx, m.get("rule"), f"{where}.rule", exprs)
        message = _text(ctx, m.get("message"), f"{where}.message")
        if rule is not None and message is not None:
            out.append(Check(rule, message, cnode.start_mark.line + 1))
    return out


def _items(
    ctx: _Ctx, node: YNode | None, prefix: str, exprs: list[tuple[Expr, ScalarNode]]
) -> list[Node]:
    out: list[Node] = []
    seen: set[str] = set()
    for inode in _as_list(ctx, node, f"{prefix or 'items'}"):
        m = _as_map(ctx, inode, f"an item under {prefix or 'items'}")
        if m is None:
            continue
        node_id = _ident(ctx, m.get("id"), "id") if "id" in m else None
        id_node = m.get("id")
        # Name the item even when its id is broken, so that later messages say which.
        shown_id = node_id or (id_node.value if isinstance(id_node, ScalarNode) else "?")
        path = f"{prefix}.{shown_id}" if prefix else str(shown_id)
        where = f"item {path}"
        m.allow({"id", "title", "max", "parts", "rules"})
        m.require("id", "title", "max")
        if node_id is not None:
            if node_id in seen:
                ctx.error(
                    m.get("id"),
                    f"{where}: duplicate id {node_id!r} among its siblings",
                    f"{where_zh(where)}：同级中 id“{node_id}”重复",
                )
            seen.add(node_id)
        title = _text(ctx, m.get("title"), f"{where}.title") or path
        max_ = _number(ctx, m.get("max"), f"{where}.max")
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


def _kind_of(ctx: _Ctx, m: _Map, kinds: tuple[str, ...] | set[str], where: str) -> str | None:
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
    for i, rnode in enumerate(_as_list(ctx, node, f"item {path}.rules")):
        where = f"item {path}, rule {i + 1}"
        m = _as_map(ctx, rnode, where)
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
        title = _text(ctx, m.get("title"), f"{where}.title")
        num = _number_getter(ctx, m, where)
        if kind == "manual":
            mnode = m.get("manual")
            if not (
                isinstance(mnode, ScalarNode)
                and _tag(mnode) == "bool"
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
                    note=_text(ctx, m.get("note"), f"{where}.note"),
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
                partial=_choice(ctx, m.get("partial"), f"{where}.partial", PARTIAL) or "exact",
                if_undefined=_choice(ctx, m.get("if_undefined"), f"{where}.if_undefined", UNDEFINED)
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


def _number_getter(ctx: _Ctx, m: _Map, where: str) -> Callable[[str], Decimal | None]:
    return lambda key: _number(ctx, m.get(key), f"{where}.{key}")


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
    for i, anode in enumerate(_as_list(ctx, node, "adjustments")):
        where = f"adjustments[{i + 1}]"
        m = _as_map(ctx, anode, where)
        if m is None:
            continue
        kind = _kind_of(ctx, m, set(ADJUSTMENT_KEYS), where)
        if kind is None:
            m.allow({"id", "title"} | set(ADJUSTMENT_KEYS) | {"deduct", "bonus", "cap"})
            continue
        required, optional = ADJUSTMENT_KEYS[kind]
        m.allow({"id", "title", kind} | required | optional)
        m.require("id", *sorted(required))
        adj_id = _ident(ctx, m.get("id"), f"{where}.id")
        if adj_id is not None:
            if adj_id in seen:
                ctx.error(
                    m.get("id"),
                    f"{where}: duplicate id {adj_id!r}",
                    f"{where_zh(where)}：id“{adj_id}”重复",
                )
            seen.add(adj_id)
        title = _text(ctx, m.get("title"), f"{where}.title") or adj_id or ""
        e = _expr(ctx, m.get(kind), where, exprs)
        deduct = _number(ctx, m.get("deduct"), f"{where}.deduct")
        bonus = _number(ctx, m.get("bonus"), f"{where}.bonus")
        cap = _number(ctx, m.get("cap"), f"{where}.cap")
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
    m = _as_map(ctx, node, "ranking")
    if m is None:
        return Ranking()
    m.allow({"order", "ties", "top", "bottom", "boundary"})
    return Ranking(
        order=_choice(ctx, m.get("order"), "ranking.order", ("desc", "asc")) or "desc",
        ties=_choice(ctx, m.get("ties"), "ranking.ties", ("shared", "dense")) or "shared",
        top=_integer(ctx, m.get("top"), "ranking.top") or 0,
        bottom=_integer(ctx, m.get("bottom"), "ranking.bottom") or 0,
        boundary=_choice(
            ctx, m.get("boundary"), "ranking.boundary", ("include_ties", "exclude_ties")
        )
        or "include_ties",
    )


def _consequences(ctx: _Ctx, node: YNode | None) -> list[ConsequenceRule]:
    out = []
    seen: dict[tuple[str, int], None] = {}
    for i, cnode in enumerate(_as_list(ctx, node, "consequences")):
        where = f"consequences[{i + 1}]"
        m = _as_map(ctx, cnode, where)
        if m is None:
            continue
        m.allow({"group", "streak", "actions"})
        m.require("group", "streak", "actions")
        group = _choice(ctx, m.get("group"), f"{where}.group", ("top", "bottom"))
        streak = _integer(ctx, m.get("streak"), f"{where}.streak", minimum=1)
        actions = list(_actions(ctx, m.get("actions"), where))
        if group is None or streak is None:
            continue
        if (group, streak) in seen:
            ctx.error(
                m.get("streak"),
                f"{where}: another rule already covers group {group} streak {streak}",
                f"{where_zh(where)}：已有规则针对分组 {group} 连续 {streak} 次",
            )
        seen[(group, streak)] = None
        out.append(ConsequenceRule(group, streak, tuple(actions)))
    return out


def _actions(ctx: _Ctx, node: YNode | None, parent: str) -> Iterator[ActionSpec]:
    for j, anode in enumerate(_as_list(ctx, node, f"{parent}.actions")):
        where = f"{parent}.actions[{j + 1}]"
        m = _as_map(ctx, anode, where)
        if m is None:
            continue
        m.allow({"kind", "to", "amount"})
        m.require("kind", "to")
        kind = _text(ctx, m.get("kind"), f"{where}.kind")
        to_node = m.get("to")
        targets: list[str] = []
        if isinstance(to_node, ScalarNode):
            t = _ident(ctx, to_node, f"{where}.to")
            targets = [t] if t else []
        else:
            for tnode in _as_list(ctx, to_node, f"{where}.to"):
                t = _ident(ctx, tnode, f"{where}.to")
                if t:
                    targets.append(t)
        amount: Decimal | ByRank | ByRole | None = None
        anode2 = m.get("amount")
        if isinstance(anode2, MappingNode):
            am = _Map(ctx, anode2, f"{where}.amount")
            am.allow({"by_rank", "by_role"})
            if len(am.values) != 1:
                ctx.error(
                    anode2,
                    f"{where}.amount: give exactly one of by_rank, by_role",
                    f"{where_zh(where)} 的 amount：by_rank 和 by_role 只能给一个",
                )
            elif "by_rank" in am:
                values = [
                    _number(ctx, v, f"{where}.amount.by_rank")
                    for v in _as_list(ctx, am.get("by_rank"), f"{where}.amount.by_rank")
                ]
                if not values:
                    ctx.error(
                        am.get("by_rank"),
                        f"{where}.amount.by_rank: give at least one amount",
                        f"{where_zh(where)} 的 amount.by_rank：至少要有一个金额",
                    )
                amount = ByRank(tuple(v for v in values if v is not None))
            else:
                rm = _as_map(ctx, am.get("by_role"), f"{where}.amount.by_role")
                roles: dict[str, Decimal] = {}
                if rm is not None:
                    for role, vnode in rm.values.items():
                        v = _number(ctx, vnode, f"{where}.amount.by_role.{role}")
                        if v is not None:
                            roles[role] = v
                    for t in targets:
                        if t not in roles:
                            ctx.error(
                                rm.node,
                                f"{where}.amount.by_role: no amount for {t!r}, named in to",
                                f"{where_zh(where)} 的 amount.by_role：to 中的“{t}”没有金额",
                            )
                amount = ByRole(roles)
        elif anode2 is not None:
            amount = _number(ctx, anode2, f"{where}.amount")
        if kind:
            yield ActionSpec(kind, tuple(targets), amount)
