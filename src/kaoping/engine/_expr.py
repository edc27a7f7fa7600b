"""The rubric's expression language: parsed by a small Pratt parser, never ``eval``.

``numbers, element codes, + - * /, ( ), < <= > >= == !=, and, or, not,
min(...), max(...), abs(x), if(cond, a, b)``, and in rubrics ``prev(code)``: the
unit's value of ``code`` in the quarter before, read from the column
:func:`prev_column` names (the engine fills it before scoring). A division by zero is *undefined*
(``None``), and undefined propagates; comparisons and ``and``/``or`` follow
three-valued (Kleene) logic so that ``false and undefined`` is false.

An :class:`Expr` compiles to a Polars expression over ``Decimal`` columns for the
engine, and evaluates on plain Python ``Fraction`` values for explanations,
what-if figures and the per-unit reference evaluator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

from ._bounds import number_problem

if TYPE_CHECKING:  # Polars is loaded only by the callers that compile to it
    import polars as pl

__all__ = ["Expr", "ExprError", "parse_expr", "prev_column"]


def prev_column(code: str) -> str:
    """The frame column (and evaluation name) holding ``prev(code)``.

    Parentheses cannot appear in an element code, so the column never collides
    with a figure's."""
    return f"prev({code})"


class ExprError(ValueError):
    """A syntax error; ``pos`` is the 0-based column in the expression text."""

    def __init__(self, message: str, pos: int, message_zh: str = "") -> None:
        super().__init__(message)
        self.pos = pos
        self.message_zh = message_zh or message


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)"
    r"|(?P<op><=|>=|==|!=|[-+*/(),<>]))"
)
_KEYWORDS = {"and", "or", "not"}
FUNCTIONS = {"min": (1, None), "max": (1, None), "abs": (1, 1), "if": (3, 3)}
_CMP = {"<", "<=", ">", ">=", "==", "!="}


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, name, op, kw, end
    text: str
    pos: int


def _tokenize(src: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i = 0
    while i < len(src):
        if src[i:].strip() == "":
            break
        m = _TOKEN.match(src, i)
        if not m:
            j = i
            while j < len(src) and src[j].isspace():
                j += 1
            raise ExprError(f"unexpected character {src[j]!r}", j, f"无法识别的字符“{src[j]}”")
        kind = m.lastgroup or "op"
        text = m.group(kind)
        pos = m.start(kind)
        if kind == "name" and text in _KEYWORDS:
            kind = "kw"
        toks.append(_Tok(kind, text, pos))
        i = m.end()
    toks.append(_Tok("end", "", len(src)))
    return toks


# --- the tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    """A node of the expression tree. ``op`` names the node kind:

    ``num`` (value), ``name`` (value is the code), ``prev`` (value is the code),
    ``neg``, ``not``, ``+ - * /``, comparison operators, ``and``, ``or``, ``call``
    (value is the function name).
    """

    op: str
    args: tuple[Expr, ...] = ()
    value: object = None
    pos: int = 0
    source: str = ""

    def names(self) -> Iterator[str]:
        """Codes read for the period scored (``prev(code)`` is not among them)."""
        if self.op == "name":
            yield str(self.value)
        for a in self.args:
            yield from a.names()

    def prev_names(self) -> Iterator[str]:
        """Codes read through ``prev()``."""
        if self.op == "prev":
            yield str(self.value)
        for a in self.args:
            yield from a.prev_names()

    def columns(self) -> Iterator[str]:
        """Every name the expression looks up: codes, then ``prev(code)`` columns."""
        yield from self.names()
        for code in self.prev_names():
            yield prev_column(code)

    def walk(self) -> Iterator[Expr]:
        yield self
        for a in self.args:
            yield from a.walk()

    @property
    def is_name(self) -> bool:
        return self.op == "name"

    @property
    def is_boolean(self) -> bool:
        """True when the expression is a condition (comparison or logic)."""
        if self.op in _CMP or self.op in ("and", "or", "not"):
            return True
        if self.op == "call" and self.value == "if":
            return self.args[1].is_boolean and self.args[2].is_boolean
        return False

    def __str__(self) -> str:
        return self.source or _render(self)

    def __getstate__(self) -> dict[str, object]:
        # The compiled closure is a cache: pickles and copies carry the tree only.
        return {k: v for k, v in self.__dict__.items() if k != "_exact"}

    def __setstate__(self, state: dict[str, object]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, v)

    # --- evaluation on exact Python values --------------------------------------

    def evaluate(self, env: Mapping[str, Fraction | int | Decimal]) -> Fraction | bool | None:
        """Evaluate exactly. ``None`` is undefined (a division by zero)."""
        return self.exact()(env)

    def exact(self) -> Callable[[Mapping[str, Fraction | int | Decimal]], Fraction | bool | None]:
        """``evaluate`` as a function, compiled on first use and kept on the (frozen) node."""
        fn = self.__dict__.get("_exact")
        if fn is None:
            fn = _closure(self)
            object.__setattr__(self, "_exact", fn)
        return fn

    # --- compilation to Polars ---------------------------------------------------

    def to_polars(
        self, column: Callable[[str], pl.Expr], literal: Callable[[Decimal], pl.Expr]
    ) -> _Compiled:
        return _compile(self, column, literal)


def _render(e: Expr) -> str:
    if e.op == "num":
        return str(e.value)
    if e.op == "name":
        return str(e.value)
    if e.op == "prev":
        return f"prev({e.value})"
    if e.op == "neg":
        return f"-{_render(e.args[0])}"
    if e.op == "not":
        return f"not {_render(e.args[0])}"
    if e.op == "call":
        return f"{e.value}({', '.join(_render(a) for a in e.args)})"
    return f"({_render(e.args[0])} {e.op} {_render(e.args[1])})"


# --- parsing --------------------------------------------------------------------------

_BINARY_POWER = {
    "or": 1,
    "and": 2,
    # "not" is prefix at power 3
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "==": 4,
    "!=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
}


class _Parser:
    def __init__(self, src: str, allow_prev: bool = False) -> None:
        self.src = src
        self.allow_prev = allow_prev
        self.toks = _tokenize(src)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str) -> _Tok:
        t = self.take()
        if t.text != text:
            found = "end of expression" if t.kind == "end" else repr(t.text)
            found_zh = "表达式结尾" if t.kind == "end" else f"“{t.text}”"
            raise ExprError(
                f"expected {text!r}, found {found}", t.pos, f"此处应为“{text}”，实为{found_zh}"
            )
        return t

    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise ExprError("empty expression", 0, "表达式为空")
        e = self.expr(0)
        t = self.peek()
        if t.kind != "end":
            raise ExprError(f"unexpected {t.text!r}", t.pos, f"多余的“{t.text}”")
        return e

    def expr(self, min_power: int) -> Expr:
        left = self.prefix()
        while True:
            t = self.peek()
            power = _BINARY_POWER.get(t.text) if t.kind in ("op", "kw") else None
            if power is None or power <= min_power:
                return left
            self.take()
            right = self.expr(power)
            if t.text in _CMP and (left.op in _CMP or right.op in _CMP):
                raise ExprError(
                    "comparisons cannot be chained; join them with 'and'",
                    t.pos,
                    "比较不能连写，请用 and 连接两个比较",
                )
            left = Expr(t.text, (left, right), pos=t.pos)

    def prefix(self) -> Expr:
        t = self.take()
        if t.kind == "num":
            value = Decimal(t.text)
            problem = number_problem(value)
            if problem is not None:
                raise ExprError(
                    f"the number {t.text} {problem[0]}", t.pos, f"数字{t.text}{problem[1]}"
                )
            return Expr("num", value=value, pos=t.pos)
        if t.kind == "kw" and t.text == "not":
            return Expr("not", (self.expr(3),), pos=t.pos)
        if t.kind == "op" and t.text == "-":
            return Expr("neg", (self.expr(6),), pos=t.pos)
        if t.kind == "op" and t.text == "+":
            return self.expr(6)
        if t.kind == "op" and t.text == "(":
            e = self.expr(0)
            self.expect(")")
            return e
        if t.kind == "name":
            if self.peek().text == "(":
                return self.call(t)
            return Expr("name", value=t.text, pos=t.pos)
        if t.kind == "end":
            raise ExprError("expression ends too early", t.pos, "表达式不完整")
        raise ExprError(f"unexpected {t.text!r}", t.pos, f"此处不应出现“{t.text}”")

    def call(self, name: _Tok) -> Expr:
        if name.text == "prev" and self.allow_prev:
            self.expect("(")
            arg = self.take()
            if arg.kind != "name" or "." in arg.text or self.peek().text != ")":
                raise ExprError(
                    "prev() takes one element code, e.g. prev(outstanding_end)",
                    arg.pos,
                    "prev() 的参数应为一个数据项代码，例如 prev(outstanding_end)",
                )
            self.expect(")")
            return Expr("prev", value=arg.text, pos=arg.pos)
        if name.text not in FUNCTIONS:
            known = ", ".join(sorted([*FUNCTIONS, *(["prev"] if self.allow_prev else [])]))
            raise ExprError(
                f"unknown function {name.text!r} (known: {known})",
                name.pos,
                f"未知函数“{name.text}”（可用：{known}）",
            )
        self.expect("(")
        args: list[Expr] = []
        if self.peek().text != ")":
            args.append(self.expr(0))
            while self.peek().text == ",":
                self.take()
                args.append(self.expr(0))
        self.expect(")")
        lo, hi = FUNCTIONS[name.text]
        if len(args) < lo or (hi is not None and len(args) > hi):
            want = str(lo) if lo == hi else f"at least {lo}"
            raise ExprError(
                f"{name.text}() takes {want} argument(s), not {len(args)}",
                name.pos,
                f"{name.text}() 需要{'' if lo == hi else '至少'}{lo}个参数，实有{len(args)}个",
            )
        return Expr("call", tuple(args), value=name.text, pos=name.pos)


def parse_expr(source: object, *, allow_prev: bool = False) -> Expr:
    """Parse an expression. Numbers in YAML (``check: 1``) are accepted as text.

    ``prev(code)`` is accepted only with ``allow_prev`` (rubrics): elsewhere nothing
    fills the previous quarter's columns."""
    if isinstance(source, bool):
        source = "1" if source else "0"
    src = str(source)
    e = _Parser(src, allow_prev).parse()
    return Expr(e.op, e.args, e.value, e.pos, src.strip())


# --- exact evaluation -----------------------------------------------------------------

Value: TypeAlias = Fraction | bool | None


def _num(v: Value) -> Fraction | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return Fraction(int(v))
    return v


def _truth(v: Value) -> bool | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    return v != 0


Env: TypeAlias = Mapping[str, Fraction | int | Decimal]
Fn: TypeAlias = Callable[[Env], Value]


def _closure(e: Expr) -> Fn:
    """``e`` as a Python function of the figures: exact, undefined (``None``)
    propagating, ``and``/``or`` in Kleene logic so that the deciding value wins
    over an undefined side. Built once per expression, numbers already fractions."""
    op = e.op
    if op == "num":
        assert isinstance(e.value, Decimal)
        c = Fraction(e.value)
        return lambda env: c
    if op in ("name", "prev"):
        code = str(e.value) if op == "name" else prev_column(str(e.value))

        def name(env: Env) -> Value:
            v = env[code]
            return v if type(v) is Fraction else Fraction(v)

        return name
    args = [_closure(a) for a in e.args]
    if op == "neg":
        (x,) = args

        def neg(env: Env) -> Value:
            v = _num(x(env))
            return None if v is None else -v

        return neg
    if op == "not":
        (x,) = args

        def not_(env: Env) -> Value:
            t = _truth(x(env))
            return None if t is None else not t

        return not_
    if op in ("and", "or"):
        decides = op == "or"
        left, right = args

        def logic(env: Env) -> Value:
            p = _truth(left(env))
            if p is decides:
                return decides
            q = _truth(right(env))
            if q is decides:
                return decides
            return None if p is None or q is None else not decides

        return logic
    if op == "call":
        return _call_closure(str(e.value), args)
    left, right = args
    f = _BINARY[op]

    def binary(env: Env) -> Value:
        a = _num(left(env))
        b = _num(right(env))
        if a is None or b is None:
            return None
        return f(a, b)

    return binary


def _div(a: Fraction, b: Fraction) -> Fraction | None:
    return None if b == 0 else a / b


_BINARY: dict[str, Callable[[Fraction, Fraction], Value]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _div,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _call_closure(fn: str, args: list[Fn]) -> Fn:
    if fn == "if":
        test, then, other = args

        def if_(env: Env) -> Value:
            c = _truth(test(env))
            if c is None:
                return None
            return then(env) if c else other(env)

        return if_
    if fn == "abs":
        (x,) = args

        def abs_(env: Env) -> Value:
            v = _num(x(env))
            return None if v is None else abs(v)

        return abs_
    pick = min if fn == "min" else max

    def call(env: Env) -> Value:
        vals = [_num(a(env)) for a in args]
        if any(v is None for v in vals):
            return None
        return pick(v for v in vals if v is not None)

    return call


# --- compilation to Polars ------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    expr: pl.Expr
    boolean: bool


def _compile(
    e: Expr, column: Callable[[str], pl.Expr], literal: Callable[[Decimal], pl.Expr]
) -> _Compiled:
    import polars as pl

    def num(c: _Compiled) -> pl.Expr:
        x = c.expr
        if c.boolean:
            one, zero = literal(Decimal(1)), literal(Decimal(0))
            return pl.when(x.is_null()).then(None).when(x).then(one).otherwise(zero)
        return x

    def cond(c: _Compiled) -> pl.Expr:
        return c.expr if c.boolean else (c.expr != literal(Decimal(0)))

    def sub(x: Expr) -> _Compiled:
        return _compile(x, column, literal)

    op = e.op
    if op == "num":
        assert isinstance(e.value, Decimal)
        return _Compiled(literal(e.value), False)
    if op == "name":
        return _Compiled(column(str(e.value)), False)
    if op == "prev":
        return _Compiled(column(prev_column(str(e.value))), False)
    if op == "neg":
        return _Compiled(-num(sub(e.args[0])), False)
    if op == "not":
        return _Compiled(~cond(sub(e.args[0])), True)
    if op in ("and", "or"):
        a, b = cond(sub(e.args[0])), cond(sub(e.args[1]))
        return _Compiled(a & b if op == "and" else a | b, True)  # Kleene in Polars
    if op == "call":
        fn = e.value
        if fn == "if":
            c = cond(sub(e.args[0]))
            x, y = sub(e.args[1]), sub(e.args[2])
            both_bool = x.boolean and y.boolean
            tx, ty = (x.expr, y.expr) if both_bool else (num(x), num(y))
            out = pl.when(c.is_null()).then(None).when(c).then(tx).otherwise(ty)
            return _Compiled(out, both_bool)
        args = [num(sub(a)) for a in e.args]
        if fn == "abs":
            return _Compiled(args[0].abs(), False)
        any_null = pl.any_horizontal([a.is_null() for a in args])
        agg = pl.min_horizontal(args) if fn == "min" else pl.max_horizontal(args)
        return _Compiled(pl.when(any_null).then(None).otherwise(agg), False)
    a, b = num(sub(e.args[0])), num(sub(e.args[1]))
    if op == "+":
        return _Compiled(a + b, False)
    if op == "-":
        return _Compiled(a - b, False)
    if op == "*":
        return _Compiled(a * b, False)
    if op == "/":
        # A zero denominator becomes null before dividing: undefined, not an error.
        safe = pl.when(b != literal(Decimal(0))).then(b).otherwise(None)
        return _Compiled(a / safe, False)
    cmp = {
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
        "==": a == b,
        "!=": a != b,
    }[op]
    return _Compiled(cmp, True)
