"""A rubric's scores as one generated Python function of a unit's figures.

``evaluate_unit`` runs it for every unit: the scores, the totals and the problems
of ``_evaluate``'s reference semantics (RUBRIC.md §3–4) in straight-line code, with
no closure per expression node, no outcome object per rule and whole figures as
Python integers (exact, and several times quicker than ``Fraction`` for the sums
and comparisons most rules are). Division is the one place a fraction is made
(``Fraction(a, b)``); every number returned is a ``Fraction`` again.

What a rule did (its outcome, for the explanations) is not kept here: the
evaluation makes it with the reference code when a reader asks, for the leaves
that lost points only. tests/engine/test_compiled_evaluator.py holds the two to
the same figures on every kind of rule and edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._expr import Expr, prev_column
from ._model import Node, Rubric, Rule

__all__ = ["Compiled", "compile_rubric"]

#: (scores, items_total, bonus, bonus_uncapped, deducted, total, vetoed, problems,
#: fired adjustments)
Compiled = Callable[
    [Mapping[str, Any]],
    tuple[
        dict[str, Fraction], Fraction, Fraction, Fraction, Fraction, Fraction, bool, list[str],
        bool,
    ],
]  # fmt: skip

_SMALL = tuple(Fraction(i) for i in range(1001))


def _fr(x: Any) -> Fraction:
    """An exact result as a ``Fraction`` (whole ones up to 1000 shared, made once)."""
    c = x.__class__
    if c is Fraction:
        return x
    if c is int and 0 <= x <= 1000:
        return _SMALL[x]
    return Fraction(x)


def _div(a: Any, b: Any) -> Any:
    if b == 0:
        return None
    if isinstance(a, int) and isinstance(b, int):  # bool too
        return Fraction(a, b)
    return a / b  # one of them a Fraction: exact


class _Gen:
    def __init__(self, rubric: Rubric, whole_ok: Callable[[Rule], bool]) -> None:
        self.rubric, self.whole_ok = rubric, whole_ok
        self.lines: list[str] = []
        self.consts: dict[str, object] = {}
        self.names: dict[str, str] = {}  # env key -> local
        self.n = 0

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def const(self, v: Fraction | Decimal | None) -> str:
        """A number of the rubric as a literal (whole) or a bound constant."""
        f = Fraction(0) if v is None else Fraction(v)
        if f.denominator == 1:
            return repr(f.numerator)
        key = f"c{len(self.consts)}"
        self.consts[key] = f
        return key

    def name(self, code: str) -> str:
        local = self.names.get(code)
        if local is None:
            local = self.names[code] = f"v{len(self.names)}"
        return local

    def emit(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    # --- an expression: (local holding its value, may it be None) ---------------------

    def expr(self, e: Expr, ind: int) -> tuple[str, bool]:
        op = e.op
        if op == "num":
            assert isinstance(e.value, Decimal)
            return self.const(e.value), False
        if op == "name":
            return self.name(str(e.value)), False
        if op == "prev":
            return self.name(prev_column(str(e.value))), False
        args = [self.expr(a, ind) for a in e.args]
        t = self.tmp()
        maybe = any(n for _, n in args)
        guard = " or ".join(f"{a} is None" for a, n in args if n)

        def put(value: str, none: bool = maybe) -> tuple[str, bool]:
            if none and guard:
                self.emit(ind, f"{t} = None if {guard} else {value}")
            else:
                self.emit(ind, f"{t} = {value}")
            return t, none

        if op == "neg":
            return put(f"-{args[0][0]}")
        if op == "not":
            return put(f"not {args[0][0]}")
        if op in ("and", "or"):
            (a, na), (b, nb) = args
            if not (na or nb):
                return put(f"True if ({a} {op} {b}) else False")
            self.emit(ind, f"{t} = _{op}({a}, {b})")
            return t, True
        if op == "call":
            fn = str(e.value)
            vals = [a for a, _ in args]
            if fn == "if":
                (c, nc), (x, nx), (y, ny) = args
                if nc:
                    self.emit(ind, f"{t} = None if {c} is None else ({x} if {c} else {y})")
                else:
                    self.emit(ind, f"{t} = {x} if {c} else {y}")
                return t, nc or nx or ny
            if fn == "abs":
                return put(f"abs({vals[0]})")
            if len(vals) == 1:
                return put(vals[0])
            return put(f"{fn}({', '.join(vals)})")
        (a, _), (b, _) = args
        if op == "/":
            return put(f"_div({a}, {b})", True)
        return put(f"{a} {op} {b}")

    # --- rules and nodes --------------------------------------------------------------

    def problem(self, ind: int, text: str) -> None:
        key = f"m{len(self.consts)}"
        self.consts[key] = text
        self.emit(ind, f"problems.append({key})")

    def leaf(self, node: Node, ind: int) -> str:
        earns = any(r.earns for r in node.rules)
        raw = self.tmp()
        zeroed = self.tmp()
        self.emit(ind, f"{raw} = {0 if earns else self.const(node.max)}")
        self.emit(ind, f"{zeroed} = False")
        for rule in node.rules:
            kind = rule.kind
            if kind == "manual":
                m = self.tmp()
                self.emit(ind, f"{m} = env.get({node.manual_column!r}, 0)")
                self.emit(ind, f"{raw} = {raw} - {m}")
                continue
            assert rule.expr is not None
            v, none = self.expr(rule.expr, ind)
            undefined = f"{node.path}: {kind} {rule.expr} is undefined (division by 0)"
            if kind == "rate":
                points, full = self.const(rule.points), self.const(rule.full_at)
                each = self.const(rule.per_point_below)
                e = self.tmp()
                if none:
                    full_if = points if rule.if_undefined == "full" else "0"
                    self.emit(ind, f"if {v} is None:")
                    self.emit(ind + 1, f"{e} = {full_if}")
                    self.emit(ind, f"elif {v} >= {full}:")
                else:
                    self.emit(ind, f"if {v} >= {full}:")
                self.emit(ind + 1, f"{e} = {points}")
                self.emit(ind, "else:")
                sh = f"({full} - {v}) * 100"
                if rule.partial == "floor":
                    sh = f"_floor({sh})"
                elif rule.partial == "ceil":
                    sh = f"_ceil({sh})"
                self.emit(ind + 1, f"{e} = {points} - {each} * {sh}")
                self.emit(ind + 1, f"if {e} < 0:")
                self.emit(ind + 2, f"{e} = 0")
                self.emit(ind, f"{raw} = {raw} + {e}")
                continue
            inner = ind
            if none:
                self.emit(ind, f"if {v} is None:")
                self.problem(ind + 1, undefined)
                self.emit(ind, "else:")
                inner = ind + 1
            if kind == "per_case":
                self.emit(inner, f"if {v} > 0:")
                if not self.whole_ok(rule):
                    key = f"p{len(self.consts)}"
                    self.consts[key] = f"{node.path}: per_case {rule.expr} counts "
                    self.emit(
                        inner + 1,
                        f"if {v}.__class__ is _Fraction and {v}.denominator != 1:",
                    )
                    self.emit(
                        inner + 2,
                        f"problems.append(f'{{{key}}}{{float({v}):g}} cases; "
                        "cases of count elements must be whole')",
                    )
                amount = self.tmp()
                self.emit(inner + 1, f"{amount} = {self.const(rule.deduct)} * {v}")
                if rule.cap is not None:
                    cap = self.const(rule.cap)
                    self.emit(inner + 1, f"if {amount} > {cap}:")
                    self.emit(inner + 2, f"{amount} = {cap}")
                self.emit(inner + 1, f"{raw} = {raw} - {amount}")
            elif kind == "check":
                self.emit(inner, f"if {v}:")
                self.emit(inner + 1, f"{raw} = {raw} + {self.const(rule.points)}")
            elif kind == "deduct_if":
                self.emit(inner, f"if {v}:")
                self.emit(inner + 1, f"{raw} = {raw} - {self.const(rule.deduct)}")
            else:  # zero_if
                self.emit(inner, f"if {v}:")
                self.emit(inner + 1, f"{zeroed} = True")
        s = self.tmp()
        mx = self.const(node.max)
        self.emit(ind, f"if {zeroed} or {raw} <= 0:")
        self.emit(ind + 1, f"{s} = 0")
        self.emit(ind, "else:")
        self.emit(ind + 1, f"{s} = {raw} if {raw} <= {mx} else {mx}")
        return s

    def node(self, node: Node, ind: int, order: list[tuple[str, str]]) -> str:
        at = len(order)
        order.append((node.path, ""))  # parent before its parts
        if not node.parts:
            s = self.leaf(node, ind)
        else:
            parts = [self.node(p, ind, order) for p in node.parts]
            total = self.tmp()
            self.emit(ind, f"{total} = {' + '.join(parts)}")
            mx = self.const(node.max)
            s = self.tmp()
            self.emit(ind, f"{s} = {mx} if {total} > {mx} else {total}")
        order[at] = (node.path, s)
        return s

    def adjustments(self, ind: int) -> None:
        self.emit(ind, "bonus = 0")
        self.emit(ind, "deducted = 0")
        self.emit(ind, "vetoed = False")
        self.emit(ind, "fired = False")
        for adj in self.rubric.adjustments:
            v, none = self.expr(adj.expr, ind)
            inner = ind
            if none:
                self.emit(ind, f"if {v} is None:")
                self.problem(
                    ind + 1, f"{adj.path}: {adj.kind} {adj.expr} is undefined (division by 0)"
                )
                self.emit(ind, "else:")
                inner = ind + 1
            if adj.kind == "per_case":
                self.emit(inner, f"if {v} > 0:")
                pts = self.tmp()
                self.emit(inner + 1, f"{pts} = {self.const(adj.deduct)} * {v}")
                if adj.cap is not None:
                    cap = self.const(adj.cap)
                    self.emit(inner + 1, f"if {pts} > {cap}:")
                    self.emit(inner + 2, f"{pts} = {cap}")
                self.emit(inner + 1, f"deducted = deducted + {pts}")
                self.emit(inner + 1, "fired = True")
            elif adj.kind == "deduct_if":
                self.emit(inner, f"if {v}:")
                self.emit(inner + 1, f"deducted = deducted + {self.const(adj.deduct)}")
                self.emit(inner + 1, "fired = True")
            elif adj.kind == "check":
                self.emit(inner, f"if {v}:")
                self.emit(inner + 1, f"bonus = bonus + {self.const(adj.bonus)}")
                self.emit(inner + 1, "fired = True")
            else:  # veto
                self.emit(inner, f"if {v}:")
                self.emit(inner + 1, "vetoed = True")
                self.emit(inner + 1, "fired = True")

    def build(self) -> Compiled:
        body_start = len(self.lines)
        order: list[tuple[str, str]] = []
        items = [self.node(item, 1, order) for item in self.rubric.items]
        self.emit(1, f"items = {' + '.join(items) if items else '0'}")
        self.adjustments(1)
        if self.rubric.bonus_cap is not None:
            cap = self.const(self.rubric.bonus_cap)
            self.emit(1, f"capped = {cap} if bonus > {cap} else bonus")
        else:
            self.emit(1, "capped = bonus")
        self.emit(1, "total = 0 if vetoed else items + capped - deducted")
        self.emit(1, "if total < 0:")
        self.emit(2, "total = 0")
        scores = ", ".join(f"{p!r}: _fr({s})" for p, s in order)
        self.emit(
            1,
            f"return ({{{scores}}}, _fr(items), _fr(capped), _fr(bonus), _fr(deducted), "
            "_fr(total), vetoed, problems, fired)",
        )
        head = ["def evaluate(env):", "    problems = []"]
        for code, local in self.names.items():
            # Fraction's slots read directly: a property call per figure was a tenth of it.
            head += [
                f"    {local} = env[{code!r}]",
                f"    if {local}.__class__ is not _Fraction:",
                f"        {local} = _Fraction({local})",
                f"    if {local}._denominator == 1:",
                f"        {local} = {local}._numerator",
            ]
        source = "\n".join([*head, *self.lines[body_start:]]) + "\n"
        namespace: dict[str, Any] = {
            "_fr": _fr, "_div": _div, "_and": _and, "_or": _or,
            "_floor": math.floor, "_ceil": math.ceil, "_Fraction": Fraction, **self.consts,
        }  # fmt: skip
        exec(compile(source, f"<rubric {self.rubric.name}>", "exec"), namespace)
        fn: Compiled = namespace["evaluate"]
        fn.__doc__ = source  # the generated code, for a reader debugging it
        return fn


def _truth(v: Any) -> bool | None:
    return None if v is None else bool(v)


def _and(a: Any, b: Any) -> bool | None:
    p, q = _truth(a), _truth(b)
    if p is False or q is False:
        return False
    return None if p is None or q is None else True


def _or(a: Any, b: Any) -> bool | None:
    p, q = _truth(a), _truth(b)
    if p is True or q is True:
        return True
    return None if p is None or q is None else False


def compile_rubric(rubric: Rubric, whole_ok: Callable[[Rule], bool]) -> Compiled:
    """``rubric``'s scores as one function of a unit's figures (see the module);
    ``whole_ok(rule)`` tells whether a per_case rule may count fractional cases."""
    return _Gen(rubric, whole_ok).build()
