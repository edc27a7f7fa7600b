"""Located YAML: the toolkit the rubric's and the targets' parsers share.

PyYAML's composer gives nodes with line and column marks. A parser walks them
with the readers below, which report every problem at its node, in English and
in Chinese, and carry on, so that a file's problems are all listed at once as
``FILE:LINE:COLUMN: message``. The shells choose the language: ``problems`` or
``problems_zh`` of the error a parser raises.

A reader names the place of a value as the parser calls it (``where``: "total",
"target visits: every_unit"); the parser's own ``where_zh`` gives its Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._bounds import NumberOutOfBounds, bounded_whole, number_problem
from ._expr import Expr, ExprError, parse_expr

__all__ = [
    "ID",
    "KeyedMap",
    "Located",
    "as_list",
    "as_map",
    "choice",
    "expression",
    "ident",
    "integer",
    "number",
    "show",
    "show_zh",
    "tag",
    "text",
]

#: A name of the formats: an element, an item, a target, an allocation.
ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _same(where: str) -> str:
    return where


class Located:
    """The problems of one file, each at its node, in English and Chinese."""

    def __init__(self, filename: str, where_zh: Callable[[str], str] = _same) -> None:
        self.filename = filename
        self.where_zh = where_zh
        self.problems: list[tuple[int, int, str, str]] = []

    def error(self, node: Node | None, message: str, zh: str, offset: int = 0) -> None:
        """A problem at ``node`` (the file's start without one); ``offset`` points
        inside a one-line scalar, at an expression's own column."""
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        if node is not None and offset and isinstance(node, ScalarNode):
            # Quoted scalars start one column before their text.
            col += offset + (1 if node.style in ("'", '"') else 0)
        self.problems.append((line, col, message, zh))

    def __len__(self) -> int:
        return len(self.problems)

    def formatted(self) -> list[str]:
        """``FILE:LINE:COLUMN: message`` in English, in the file's order."""
        return [f"{self.filename}:{ln}:{c}: {m}" for ln, c, m, _ in sorted(self.problems)]

    def formatted_zh(self) -> list[str]:
        return [f"{self.filename}:{ln}:{c}: {z}" for ln, c, _, z in sorted(self.problems)]


class KeyedMap:
    """A YAML mapping whose keys are checked: a key that is not a plain name and
    a duplicate key are problems (the first of duplicates is kept)."""

    def __init__(self, ctx: Located, node: MappingNode, where: str) -> None:
        self.ctx, self.node, self.where = ctx, node, where
        self.keys: dict[str, ScalarNode] = {}
        self.values: dict[str, Node] = {}
        for k, v in node.value:
            if not isinstance(k, ScalarNode):
                ctx.error(
                    k,
                    f"{where}: keys must be plain names",
                    f"{ctx.where_zh(where)}：键必须是简单名称",
                )
                continue
            if k.value in self.values:
                ctx.error(
                    k,
                    f"{where}: duplicate key {k.value!r}",
                    f"{ctx.where_zh(where)}：键“{k.value}”重复",
                )
                continue
            self.keys[k.value] = k
            self.values[k.value] = v

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def allow(self, allowed: Collection[str]) -> None:
        """Each key not in ``allowed`` is a problem naming the allowed ones."""
        shown = ", ".join(sorted(allowed))
        for key, knode in self.keys.items():
            if key not in allowed:
                self.ctx.error(
                    knode,
                    f"{self.where}: unknown key {key!r}"
                    + (f" (allowed: {shown})" if allowed else ""),
                    f"{self.ctx.where_zh(self.where)}：未知的键“{key}”"
                    + (f"（可用：{shown}）" if allowed else ""),
                )

    def require(self, *keys: str) -> bool:
        ok = True
        for key in keys:
            if key not in self.values:
                self.ctx.error(
                    self.node,
                    f"{self.where}: missing required key {key!r}",
                    f"{self.ctx.where_zh(self.where)}：缺少必填的键“{key}”",
                )
                ok = False
        return ok

    def get(self, key: str) -> Node | None:
        return self.values.get(key)


def tag(node: Node) -> str:
    return node.tag.rsplit(":", 1)[-1]


def show(node: Node | None) -> str:
    """A value as a message quotes it: text quoted, a number or a word as written."""
    if isinstance(node, ScalarNode):
        return repr(node.value) if tag(node) == "str" else node.value or "null"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "nothing"


def show_zh(node: Node | None) -> str:
    """:func:`show` for a Chinese message: text in Chinese quotes, kinds in Chinese."""
    if isinstance(node, ScalarNode):
        return f"“{node.value}”" if tag(node) == "str" else node.value or "null"
    if isinstance(node, MappingNode):
        return "映射"
    if isinstance(node, SequenceNode):
        return "列表"
    return "空值"


def as_map(ctx: Located, node: Node | None, where: str) -> KeyedMap | None:
    if not isinstance(node, MappingNode):
        ctx.error(node, f"{where} must be a mapping", f"{ctx.where_zh(where)} 应为映射（键: 值）")
        return None
    return KeyedMap(ctx, node, where)


def as_list(ctx: Located, node: Node | None, where: str) -> list[Node]:
    if node is None:
        return []
    if not isinstance(node, SequenceNode):
        ctx.error(node, f"{where} must be a list", f"{ctx.where_zh(where)} 应为列表")
        return []
    return list(node.value)


def number(
    ctx: Located, node: Node | None, where: str, *, minimum: Decimal | None = Decimal(0)
) -> Decimal | None:
    if node is None:
        return None
    value: Decimal | None = None
    if isinstance(node, ScalarNode) and tag(node) in ("int", "float"):
        try:
            value = Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            value = None
    if value is None:
        ctx.error(
            node,
            f"{where} must be a number, not {show(node)}",
            f"{ctx.where_zh(where)} 应为数字，不是{show_zh(node)}",
        )
        return None
    problem = number_problem(value)
    if problem is not None:
        assert isinstance(node, ScalarNode)
        ctx.error(
            node,
            f"{where}: {node.value} is {problem[0]}",
            f"{ctx.where_zh(where)}：{node.value} {problem[1]}",
        )
        return None
    if minimum is not None and value < minimum:
        ctx.error(
            node,
            f"{where} must be {minimum} or more, not {value}",
            f"{ctx.where_zh(where)} 应不小于{minimum}，不是{value}",
        )
        return None
    return value


def integer(ctx: Located, node: Node | None, where: str, minimum: int = 0) -> int | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or tag(node) != "int":
        ctx.error(
            node,
            f"{where} must be a whole number, not {show(node)}",
            f"{ctx.where_zh(where)} 应为整数，不是{show_zh(node)}",
        )
        return None
    try:
        value = bounded_whole(node.value)
    except NumberOutOfBounds as err:
        ctx.error(node, f"{where}: {err}", f"{ctx.where_zh(where)}：{err.message_zh}")
        return None
    if value < minimum:
        ctx.error(
            node,
            f"{where} must be {minimum} or more, not {value}",
            f"{ctx.where_zh(where)} 应不小于{minimum}，不是{value}",
        )
        return None
    return value


def text(ctx: Located, node: Node | None, where: str, *, may_be_empty: bool = False) -> str | None:
    """A scalar's text, stripped; empty text is a problem unless ``may_be_empty``."""
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or tag(node) == "null":
        ctx.error(
            node,
            f"{where} must be text, not {show(node)}",
            f"{ctx.where_zh(where)} 应为文字，不是{show_zh(node)}",
        )
        return None
    value = str(node.value).strip()
    if not value and not may_be_empty:
        ctx.error(node, f"{where} must not be empty", f"{ctx.where_zh(where)} 不能为空")
        return None
    return value


def choice(ctx: Located, node: Node | None, where: str, choices: tuple[str, ...]) -> str | None:
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or node.value not in choices:
        ctx.error(
            node,
            f"{where} must be one of {', '.join(choices)}, not {show(node)}",
            f"{ctx.where_zh(where)} 应为 {'、'.join(choices)} 之一，不是{show_zh(node)}",
        )
        return None
    return str(node.value)


def ident(ctx: Located, node: Node | None, where: str) -> str | None:
    value = text(ctx, node, where)
    if value is not None and not ID.match(value):
        ctx.error(
            node,
            f"{where} {value!r} must match [a-z][a-z0-9_]*",
            f"{ctx.where_zh(where)}“{value}”应由小写字母开头，只含小写字母、数字和下划线",
        )
        return None
    return value


def expression(
    ctx: Located, node: Node | None, where: str, *, allow_prev: bool = False
) -> Expr | None:
    """An expression (RUBRIC.md §4); a syntax error points at its own column."""
    if node is None:
        return None
    if not isinstance(node, ScalarNode) or tag(node) == "null":
        ctx.error(
            node,
            f"{where} must be an expression, not {show(node)}",
            f"{ctx.where_zh(where)} 应为表达式，不是{show_zh(node)}",
        )
        return None
    try:
        return parse_expr(node.value, allow_prev=allow_prev)
    except ExprError as err:
        ctx.error(
            node,
            f"{where}: {err} in {node.value!r}",
            f"{ctx.where_zh(where)}：表达式“{node.value}”有误：{err.message_zh}",
            err.pos,
        )
        return None
