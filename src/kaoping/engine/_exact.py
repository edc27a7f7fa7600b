"""The vectorised scorer in exact integer arithmetic.

Every value of the rubric's expressions is carried as a fraction ``n / d`` of two
integer columns (``d > 0``), or of an integer column over a denominator known when
compiling (``d`` a Python ``int``). Figures are integers scaled by a power of ten
(``0.97`` is ``97 / 100``); ``a / b`` becomes ``(a.n * b.d) / (a.d * b.n)``;
``x >= 0.95`` becomes ``20 * x.n >= 19 * x.d``. Nothing is rounded until a score is
written out, so every score, deduction and total is the exact fraction the per-unit
evaluator (``_evaluate``) computes, shown at 18 decimals the way ``to_decimal`` shows it.

Overflow: each column's largest magnitude is read from the data, and every
operation's bound is computed from its operands' bounds while compiling. A value
whose bound fits 63 bits is an ``Int64`` column, one that fits 127 bits an
``Int128``; a bound beyond that raises :class:`IntegerOverflow` naming the
expression, before anything is computed, and the caller falls back to decimals.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

import polars as pl

from ._expr import Expr, prev_column
from ._model import Node, Rubric, Rule
from ._prev import with_prev_columns

__all__ = ["IntegerOverflow", "prepare_integers", "score_integers"]

I64 = 2**63 - 1
I128 = 2**127 - 1
_SCALE = 10**18  # the decimals a score is written with (Decimal(38, 18))
# As text, cast: a Decimal literal would import numpy (see _scoring.decimal_lit).
_ONE_E_18 = pl.lit("0.000000000000000001").cast(pl.Decimal(38, 18))
DECIMAL = pl.Decimal(38, 18)


class IntegerOverflow(ValueError):
    """The figures are too large for exact 128-bit arithmetic; ``str()`` says where."""


Den = int | pl.Expr


@dataclass(frozen=True)
class Q:
    """A rational column ``n / d``: ``nb`` bounds ``|n|``, ``db`` bounds ``d``."""

    n: pl.Expr
    d: Den
    nb: int
    db: int
    wide: bool  # Int128 rather than Int64
    const: Fraction | None = None
    # Facts of the data the plan is compiled for (the figures' null counts and least
    # values, read with their bounds): a value known never null needs no null
    # guard or fill, one known never negative no sign fix-up (issue 12). False is
    # always safe.
    nonnull: bool = False
    nonneg: bool = False

    def _db(self) -> Q:
        """With ``db`` set from a static denominator."""
        assert isinstance(self.d, int)
        return replace(self, db=self.d)


@dataclass(frozen=True)
class B:
    """A boolean column (null: undefined, unless ``nonnull``)."""

    e: pl.Expr
    nonnull: bool = False


Value = Q | B


def _dtype(wide: bool) -> pl.DataType:
    return pl.Int128() if wide else pl.Int64()


def _sd(q: Q) -> int:
    """The denominator of a value whose denominator is known when compiling."""
    assert isinstance(q.d, int)
    return q.d


def _need(bound: int, where: str) -> bool:
    """True when ``bound`` needs 128 bits; refuses beyond them."""
    if bound > I128:
        raise IntegerOverflow(
            f"{where}: values up to about 2^{bound.bit_length()} do not fit exact 128-bit integers"
        )
    return bound > I64


def _as(q: Q, wide: bool) -> Q:
    if q.wide == wide or not wide:
        return q
    d = q.d if isinstance(q.d, int) else q.d.cast(pl.Int128)
    return replace(q, n=q.n.cast(pl.Int128), d=d, wide=True)


@lru_cache(maxsize=4096)
def _lit(v: int, wide: bool) -> pl.Expr:
    """An integer literal, made once: ``pl.lit`` with a dtype builds a Series each
    time, and a rubric's compiling asks for hundreds (most of a small frame's
    scoring time; issue 12). Expressions are immutable, so one serves every use."""
    return pl.lit(v, dtype=_dtype(wide))


@lru_cache(maxsize=256)
def _decimal_lit(v: int) -> pl.Expr:
    """An integer as a ``Decimal(38, 0)`` literal, made once (as ``_lit``)."""
    return pl.lit(v, dtype=pl.Decimal(38, 0))


def _neg(e: pl.Expr, wide: bool) -> pl.Expr:
    return _lit(0, wide) - e  # Polars has no unary minus on Int128


def _times(e: pl.Expr, k: int, wide: bool) -> pl.Expr:
    return e if k == 1 else e * _lit(k, wide)


def _den(d: Den, wide: bool) -> pl.Expr:
    return _lit(d, wide) if isinstance(d, int) else d


def const(f: Fraction | Decimal | int) -> Q:
    f = Fraction(f)
    wide = _need(max(abs(f.numerator), f.denominator), f"the number {f}")
    return Q(
        _lit(f.numerator, wide),
        f.denominator,
        abs(f.numerator),
        f.denominator,
        wide,
        f,
        True,
        f >= 0,
    )


ZERO = const(0)


def _mul_den(a: Den, b: Den, wide: bool) -> Den:
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if isinstance(a, int):
        return _times(b, a, wide)  # type: ignore[arg-type]
    if isinstance(b, int):
        return _times(a, b, wide)
    return a * b


def _cross(a: Q, b: Q, where: str) -> tuple[pl.Expr, pl.Expr, int, bool]:
    """``a.n`` and ``b.n`` over one denominator (the numerators only), their bound."""
    if isinstance(a.d, int) and isinstance(b.d, int):
        lcm = math.lcm(a.d, b.d)
        fa, fb = lcm // a.d, lcm // b.d
        bound = max(a.nb * fa, b.nb * fb)
        wide = _need(2 * bound, where) or a.wide or b.wide
        a, b = _as(a, wide), _as(b, wide)
        return _times(a.n, fa, wide), _times(b.n, fb, wide), bound, wide
    bound = max(a.nb * b.db, b.nb * a.db)
    wide = _need(2 * bound, where) or a.wide or b.wide
    a, b = _as(a, wide), _as(b, wide)
    return _over(a, b.d, wide), _over(b, a.d, wide), bound, wide


def _over(q: Q, d: Den, wide: bool) -> pl.Expr:
    """``q``'s numerator times ``d``; an integer constant's as ``d`` times it."""
    if isinstance(d, int):
        return _times(q.n, d, wide)
    if q.const is not None and q.const.denominator == 1:
        return _times(d, q.const.numerator, wide)
    return q.n * d


def add(a: Q, b: Q, where: str, sign: int = 1) -> Q:
    if a.const is not None and b.const is not None:
        return const(a.const + sign * b.const)
    if b.const == 0:
        return a
    if a.const == 0 and sign == 1:
        return b
    nonnull = a.nonnull and b.nonnull
    nonneg = sign == 1 and a.nonneg and b.nonneg
    if isinstance(a.d, int) and isinstance(b.d, int):
        an, bn, bound, wide = _cross(a, b, where)
        n = an + bn if sign == 1 else an - bn
        return Q(n, math.lcm(a.d, b.d), 2 * bound, 0, wide, None, nonnull, nonneg)._db()
    db = a.db * b.db
    wide = _need(max(2 * a.nb * b.db, 2 * b.nb * a.db, db), where) or a.wide or b.wide
    a, b = _as(a, wide), _as(b, wide)
    an, bn, bound, _ = _cross(a, b, where)
    d = _mul_den(a.d, b.d, wide)
    return Q(an + bn if sign == 1 else an - bn, d, 2 * bound, db, wide, None, nonnull, nonneg)


def mul(a: Q, b: Q, where: str) -> Q:
    if a.const is not None and b.const is not None:
        return const(a.const * b.const)
    if b.const is not None and a.const is None:
        a, b = b, a
    if a.const is not None:
        # A constant factor needs no column product: its numerator is a literal and
        # its denominator joins a static one at compile time.
        f = a.const
        if f == 1:
            return b
        nb = b.nb * abs(f.numerator)
        nonneg = b.nonneg and f >= 0
        if isinstance(b.d, int):
            # The factor's numerator and the denominator cancel: exact, and smaller.
            g = math.gcd(f.numerator, b.d)
            d, nb = b.d * f.denominator // g, nb // g
            wide = _need(max(nb, d), where) or b.wide
            b = _as(b, wide)
            return Q(_times(b.n, f.numerator // g, wide), d, nb, d, wide, None, b.nonnull, nonneg)
        db = b.db * f.denominator
        wide = _need(max(nb, db), where) or b.wide
        b = _as(b, wide)
        dd = _mul_den(b.d, f.denominator, wide)
        return Q(_times(b.n, f.numerator, wide), dd, nb, db, wide, None, b.nonnull, nonneg)
    nb, db = a.nb * b.nb, a.db * b.db
    wide = _need(max(nb, db), where) or a.wide or b.wide
    a, b = _as(a, wide), _as(b, wide)
    nonnull, nonneg = a.nonnull and b.nonnull, a.nonneg and b.nonneg
    return Q(a.n * b.n, _mul_den(a.d, b.d, wide), nb, db, wide, None, nonnull, nonneg)


def div(a: Q, b: Q, where: str) -> Q:
    """``a / b``; null where ``b`` is 0 (undefined, RUBRIC.md §2)."""
    if b.const is not None:
        if b.const == 0:
            return Q(pl.lit(None, dtype=_dtype(a.wide)), 1, 0, 1, a.wide)
        return mul(a, const(1 / b.const), where)
    nb, db = a.nb * b.db, a.db * b.nb
    wide = _need(max(nb, db), where) or a.wide or b.wide
    a, b = _as(a, wide), _as(b, wide)
    n = a.n if isinstance(b.d, int) and b.d == 1 else a.n * _den(b.d, wide)
    d = b.n if isinstance(a.d, int) and a.d == 1 else b.n * _den(a.d, wide)
    defined = b.n != 0
    if b.nonneg:  # a divisor never negative: its sign needs no fix-up
        return Q(
            pl.when(defined).then(n), pl.when(defined).then(d), nb, db, wide, None, False, a.nonneg
        )
    # The denominator keeps its sign positive so that comparisons can cross-multiply.
    neg = b.n < 0
    n = pl.when(defined).then(pl.when(neg).then(_neg(n, wide)).otherwise(n))
    d = pl.when(defined).then(d.abs())
    return Q(n, d, nb, db, wide)


def compare(a: Q, b: Q, op: str, where: str) -> B:
    if a.const is not None and b.const is not None:
        return B(pl.lit(_CMP[op](a.const, b.const)), True)
    an, bn, _, _ = _cross(a, b, where)
    return B(_CMP_EXPR[op](an, bn), a.nonnull and b.nonnull)


_CMP: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
}
_CMP_EXPR: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
}


def select(branches: Sequence[tuple[pl.Expr, Q]], otherwise: Q, where: str) -> Q:
    """``when(c1) q1, when(c2) q2, ..., otherwise``: one value per row, exactly."""
    qs = [q for _, q in branches] + [otherwise]
    wide = any(q.wide for q in qs)
    # A condition that is null falls through to the next: never null if no value is.
    nonnull, nonneg = all(q.nonnull for q in qs), all(q.nonneg for q in qs)
    if all(isinstance(q.d, int) for q in qs):
        lcm = math.lcm(*(_sd(q) for q in qs))
        nb = max(q.nb * (lcm // _sd(q)) for q in qs)
        wide = _need(nb, where) or wide
        nums = [_times(_as(q, wide).n, lcm // _sd(q), wide) for q in qs]
        n: Any = pl.when(branches[0][0]).then(nums[0])
        for (c, _), num in zip(branches[1:], nums[1:-1], strict=True):
            n = n.when(c).then(num)
        return Q(n.otherwise(nums[-1]), lcm, nb, lcm, wide, None, nonnull, nonneg)
    qs = [_as(q, wide) for q in qs]
    n = pl.when(branches[0][0]).then(qs[0].n)
    d: Any = pl.when(branches[0][0]).then(_den(qs[0].d, wide))
    for (c, _), q in zip(branches[1:], qs[1:-1], strict=True):
        n = n.when(c).then(q.n)
        d = d.when(c).then(_den(q.d, wide))
    last = qs[-1]
    return Q(
        n.otherwise(last.n),
        d.otherwise(_den(last.d, wide)),
        max(q.nb for q in qs),
        max(q.db for q in qs),
        wide,
        None,
        nonnull,
        nonneg,
    )


def null_if(cond: pl.Expr, q: Q) -> Q:
    n = pl.when(cond).then(None).otherwise(q.n)
    d = q.d if isinstance(q.d, int) else pl.when(cond).then(None).otherwise(q.d)
    return Q(n, d, q.nb, q.db, q.wide, None, False, q.nonneg)


def fill_zero(q: Q) -> Q:
    """Undefined counts as 0 points (the exact evaluator reports it as a problem)."""
    if q.const is not None or q.nonnull:
        return q
    d = q.d if isinstance(q.d, int) else q.d.fill_null(1)
    return Q(q.n.fill_null(0), d, q.nb, q.db, q.wide, None, True, q.nonneg)


def minimum(a: Q, b: Q, where: str) -> Q:
    return _extreme(a, b, where, low=True) or select([(compare(a, b, "<=", where).e, a)], b, where)


def maximum(a: Q, b: Q, where: str) -> Q:
    return _extreme(a, b, where, low=False) or select([(compare(a, b, ">=", where).e, a)], b, where)


def _extreme(a: Q, b: Q, where: str, *, low: bool) -> Q | None:
    """The least (greatest) of two values never null over known denominators: one
    horizontal extreme of their numerators over one denominator, not a mask and a
    choice. None otherwise (a horizontal extreme skips a null, a choice keeps it)."""
    if not (a.nonnull and b.nonnull and isinstance(a.d, int) and isinstance(b.d, int)):
        return None
    if a.const is not None and b.const is not None:
        return None
    an, bn, bound, wide = _cross(a, b, where)
    n = pl.min_horizontal(an, bn) if low else pl.max_horizontal(an, bn)
    lcm = math.lcm(a.d, b.d)
    nonneg = (a.nonneg and b.nonneg) if low else (a.nonneg or b.nonneg)
    return Q(n, lcm, bound, lcm, wide, None, True, nonneg)


def at_least_zero(q: Q, where: str) -> Q:
    """``q``, or 0 where it is negative, and 0 where it is undefined (null): each
    caller reads no undefined row's value (a rate has taken ``if_undefined`` first,
    cases are filled with 0, a total is never undefined). One ``max_horizontal``
    where a ``when(n < 0)`` made a mask and then chose, a third of the time."""
    if q.const is not None:
        return const(max(q.const, Fraction(0)))
    if q.nonnull and q.nonneg:
        return q
    # An undefined numerator becomes 0; a denominator known when compiling is never null.
    nonnull = q.nonnull or isinstance(q.d, int)
    return Q(pl.max_horizontal(q.n, _lit(0, q.wide)), q.d, q.nb, q.db, q.wide, None, nonnull, True)


def floor(q: Q, ceil: bool = False) -> Q:
    d = _den(q.d, q.wide)
    n = _neg(_neg(q.n, q.wide) // d, q.wide) if ceil else q.n // d
    return Q(n, 1, q.nb, 1, q.wide, None, q.nonnull, q.nonneg)


# --- expressions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    scale: int  # value = expr / scale
    bound: int  # largest |expr|
    wide: bool
    nonnull: bool = False  # no figure of the column is null
    nonneg: bool = False  # none is negative


def _number(v: Value) -> Q:
    if isinstance(v, Q):
        return v
    n = pl.when(v.e).then(_lit(1, False)).otherwise(_lit(0, False))
    return Q(n, 1, 1, 1, False, None, True, True)


def _num(v: Value) -> Q:
    if isinstance(v, B):
        if v.nonnull:
            return _number(v)
        # when(null) falls through to otherwise: undefined must stay undefined.
        return null_if(v.e.is_null(), _number(v))
    return v


def _cond(v: Value) -> B:
    return v if isinstance(v, B) else B(v.n != 0, v.nonnull)


def _filled(c: B) -> pl.Expr:
    """A condition where undefined is false."""
    return c.e if c.nonnull else c.e.fill_null(False)


def compile_value(e: Expr, columns: dict[str, Column], where: str = "") -> Value:
    """``where`` names the rule in an overflow message (default: the expression)."""
    where = where or str(e)
    op = e.op
    if op == "num":
        assert isinstance(e.value, Decimal)
        return const(e.value)
    if op in ("name", "prev"):
        c = columns[str(e.value) if op == "name" else prev_column(str(e.value))]
        return Q(pl.col(c.name), c.scale, c.bound, c.scale, c.wide, None, c.nonnull, c.nonneg)
    if op == "neg":
        q = _num(compile_value(e.args[0], columns, where))
        return (
            const(-q.const)
            if q.const is not None
            else Q(_neg(q.n, q.wide), q.d, q.nb, q.db, q.wide, None, q.nonnull)
        )
    if op == "not":
        negated = _cond(compile_value(e.args[0], columns, where))
        return B(~negated.e, negated.nonnull)
    if op in ("and", "or"):
        p = _cond(compile_value(e.args[0], columns, where))
        r = _cond(compile_value(e.args[1], columns, where))
        both = p.e & r.e if op == "and" else p.e | r.e  # Kleene in Polars
        return B(both, p.nonnull and r.nonnull)
    if op == "call":
        return _call(e, columns, where)
    a = _num(compile_value(e.args[0], columns, where))
    b = _num(compile_value(e.args[1], columns, where))
    if op == "+":
        return add(a, b, where)
    if op == "-":
        return add(a, b, where, sign=-1)
    if op == "*":
        return mul(a, b, where)
    if op == "/":
        return div(a, b, where)
    return compare(a, b, op, where)


def _any_null(qs: Iterable[Q]) -> pl.Expr:
    return pl.any_horizontal([q.n.is_null() for q in qs])


def _call(e: Expr, columns: dict[str, Column], where: str) -> Value:
    fn = e.value
    if fn == "if":
        c = _cond(compile_value(e.args[0], columns, where))
        x, y = compile_value(e.args[1], columns, where), compile_value(e.args[2], columns, where)
        if isinstance(x, B) and isinstance(y, B):
            if c.nonnull:
                return B(pl.when(c.e).then(x.e).otherwise(y.e), x.nonnull and y.nonnull)
            return B(pl.when(c.e.is_null()).then(None).when(c.e).then(x.e).otherwise(y.e))
        picked = select([(c.e, _num(x))], _num(y), where)
        return picked if c.nonnull else null_if(c.e.is_null(), picked)
    args = [_num(compile_value(a, columns, where)) for a in e.args]
    if fn == "abs":
        q = args[0]
        if q.const is not None:
            return const(abs(q.const))
        return Q(q.n.abs(), q.d, q.nb, q.db, q.wide, None, q.nonnull, True)
    pick = minimum if fn == "min" else maximum
    out = args[0]
    for q in args[1:]:
        out = pick(out, q, where)
    if len(args) == 1 or all(q.nonnull for q in args):
        return out
    return null_if(_any_null(args), out)


# --- rules and nodes ------------------------------------------------------------------


Bind = Callable[[Q], Q]


class _Stages:
    """Values computed once into columns of an earlier pass, then read by name: a
    value used three times (a rate's ratio, a leaf's raw sum) is not computed thrice."""

    def __init__(self, count: int) -> None:
        self.passes: list[dict[str, pl.Expr]] = [{} for _ in range(count)]

    def binder(self, stage: int) -> Bind:
        def bind(q: Q) -> Q:
            if q.const is not None:
                return q
            exprs = self.passes[stage]
            name = f"__t{stage}.{len(exprs)}"
            exprs[name] = q.n
            d: Den = q.d
            if not isinstance(q.d, int):
                exprs[name + "d"] = q.d
                d = pl.col(name + "d")
            return Q(pl.col(name), d, q.nb, q.db, q.wide, None, q.nonnull, q.nonneg)

        return bind


def _ratio(e: Expr, columns: dict[str, Column], bind: Bind, where: str) -> tuple[Q, pl.Expr | None]:
    """A rate's value, and where it is undefined when that is not where it is null.

    ``a / b`` of figures never null, ``b`` never negative, is the fraction unguarded,
    undefined where its denominator is 0: no null made and tested, no sign fixed."""
    if e.op == "/":
        a = _num(compile_value(e.args[0], columns, where))
        b = _num(compile_value(e.args[1], columns, where))
        if a.const is None and b.const is None and a.nonnull and b.nonnull:
            nb, db = a.nb * b.db, a.db * b.nb
            wide = _need(max(nb, db), where) or a.wide or b.wide
            a, b = _as(a, wide), _as(b, wide)
            n = a.n if b.d == 1 else a.n * _den(b.d, wide)
            d = b.n if a.d == 1 else b.n * _den(a.d, wide)
            if not b.nonneg:  # the sign moved to the numerator: a product, not two choices
                n, d = n * b.n.sign(), d.abs()
            v = Q(n, d, nb, db, wide, None, True, a.nonneg and b.nonneg)
            if not (n.meta.is_column() and d.meta.is_column()):
                v = bind(v)
            return v, _den(v.d, wide) == _lit(0, wide)
    return bind(_num(compile_value(e, columns, where))), None


def _rate(rule: Rule, columns: dict[str, Column], bind: Bind, path: str) -> Q:
    assert rule.expr is not None
    where = f"{path}: rate {rule.expr}"
    v, zero = _ratio(rule.expr, columns, bind, where)
    points = const(rule.points or 0)
    full_at = Fraction(rule.full_at or 0)
    k = full_at.denominator
    # k·(full_at − v), integers over v's denominator: the 100 of a percentage point
    # and the k then cancel when compiling (×100 // (20·d) is ×5 // d).
    scaled = add(const(full_at * k), mul(const(k), v, where), where, sign=-1)
    per = Fraction(rule.per_point_below or 0)
    if rule.partial in ("floor", "ceil"):
        shortfall = floor(mul(const(Fraction(100, k)), scaled, where), rule.partial == "ceil")
        lost = mul(const(per), shortfall, where)
    else:
        lost = mul(const(per * 100 / k), scaled, where)
    partial = at_least_zero(add(points, lost, where, sign=-1), where)
    undefined = points if rule.if_undefined == "full" else ZERO
    full = scaled.n <= _lit(0, scaled.wide)  # v >= full_at: the denominator is positive
    if zero is not None:
        return select([(zero, undefined), (full, points)], partial, where)
    if v.nonnull:
        return select([(full, points)], partial, where)
    return select([(v.n.is_null(), undefined), (full, points)], partial, where)


def _cases(
    expr: Expr, deduct: Decimal | None, cap: Decimal | None, cols: dict[str, Column], path: str
) -> Q:
    where = f"{path}: per_case {expr}"
    cases = at_least_zero(_num(compile_value(expr, cols, where)), where)
    amount = mul(const(deduct or 0), cases, where)
    if cap is not None:
        amount = minimum(const(cap), amount, where)
    return fill_zero(amount)


def _when(cond: pl.Expr, points: Decimal | None) -> Q:
    """``points`` where ``cond`` (already filled: undefined is false), else 0."""
    return select([(cond, const(points or 0))], ZERO, "")


def _rule(
    node: Node, rule: Rule, cols: dict[str, Column], bind: Bind
) -> tuple[Q, Q, pl.Expr | None]:
    """(earned, deducted, zeroes) for one rule."""
    if rule.kind == "manual":
        c = cols[node.manual_column]
        q = Q(pl.col(c.name), c.scale, c.bound, c.scale, c.wide, None, c.nonnull, c.nonneg)
        return ZERO, fill_zero(q), None
    assert rule.expr is not None
    if rule.kind == "rate":
        return _rate(rule, cols, bind, node.path), ZERO, None
    if rule.kind == "per_case":
        return ZERO, _cases(rule.expr, rule.deduct, rule.cap, cols, node.path), None
    cond = _filled(_cond(compile_value(rule.expr, cols, f"{node.path}: {rule.kind} {rule.expr}")))
    if rule.kind == "check":
        return _when(cond, rule.points), ZERO, None
    if rule.kind == "deduct_if":
        return ZERO, _when(cond, rule.deduct), None
    return ZERO, ZERO, cond  # zero_if


def _total(qs: Sequence[Q], where: str) -> Q:
    """A sum: terms over known denominators in one expression, the others added to it,
    so that the expression grows with the number of terms, not its square."""
    fixed = [q for q in qs if isinstance(q.d, int) and q.const is None]
    out = ZERO
    if fixed:
        lcm = math.lcm(*(_sd(q) for q in fixed))
        nb = sum(q.nb * (lcm // _sd(q)) for q in fixed)
        wide = _need(nb, where) or any(q.wide for q in fixed)
        terms = [_times(_as(q, wide).n, lcm // _sd(q), wide) for q in fixed]
        n = pl.sum_horizontal(terms) if len(terms) > 1 else terms[0]
        nonnull, nonneg = all(q.nonnull for q in fixed), all(q.nonneg for q in fixed)
        out = Q(n, lcm, nb, lcm, wide, None, nonnull, nonneg)
    consts = sum((q.const for q in qs if q.const is not None), Fraction(0))
    if consts:
        out = add(out, const(consts), where)
    for q in qs:
        if not isinstance(q.d, int):
            out = add(out, q, where)
    return out


def _clamp(q: Q, hi: Decimal, where: str, *, low: bool = True) -> Q:
    """Points that are never undefined (a leaf's raw sum, a parent's parts) within
    ``[0, hi]``, or with ``low`` false at most ``hi``."""
    if q.const is None and isinstance(q.d, int):
        cap = Fraction(hi) * q.d
        if cap.denominator == 1 and cap <= (I128 if q.wide else I64):
            # Over a known denominator: horizontal extremes of the numerator, where
            # masks and choices were the slowest part of a leaf.
            n = q.n
            if low and not (q.nonneg and q.nonnull):
                n = pl.max_horizontal(n, _lit(0, q.wide))
            if q.nb > cap:
                n = pl.min_horizontal(n, _lit(cap.numerator, q.wide))
            nonnull, nonneg = q.nonnull or low, q.nonneg or low
            return _at_most(Q(n, q.d, q.nb, q.db, q.wide, None, nonnull, nonneg), hi)
    top = const(hi)
    if not low:
        return _at_most(minimum(top, q, where), hi)
    at_top = (compare(q, top, ">=", where).e, top)
    if q.nonneg:  # never below 0: only the top to cut
        return _at_most(select([at_top], q, where), hi)
    return _at_most(select([(q.n < 0, ZERO), at_top], q, where), hi)


def _leaf(node: Node, cols: dict[str, Column], values: Bind, raws: Bind) -> Q:
    where = node.path
    outcomes = [_rule(node, r, cols, values) for r in node.rules]
    base = ZERO if any(r.earns for r in node.rules) else const(node.max)
    raw = raws(
        add(
            add(base, _total([e for e, _, _ in outcomes], where), where),
            _total([d for _, d, _ in outcomes], where),
            where,
            sign=-1,
        )
    )
    score = _clamp(raw, node.max, where)
    zeroes = [z for _, _, z in outcomes if z is not None]
    if zeroes:
        score = select([(pl.any_horizontal(zeroes), ZERO)], score, where)
    return score


# --- the frame ------------------------------------------------------------------------


_INTEGERS = (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)


def prepare_integers(rubric: Rubric, frame: pl.DataFrame) -> tuple[pl.LazyFrame, dict[str, Column]]:
    """The figures as scaled integer columns (``__i.<code>``), with their scales and
    bounds read from the data; manual columns that are absent are 0. The columns
    come as a lazy frame, made in the scoring's own plan (issue 12)."""
    manual_columns, referenced, prev = _reads(rubric)
    manual = set(manual_columns)
    needed = [c for c in referenced if c not in manual]
    present = set(frame.columns)
    missing = [c for c in needed if c not in present]
    if missing:
        raise KeyError(f"the data has no column for: {', '.join(missing)}")
    # prev(code) (RUBRIC.md §5.2) is one more column, filled from the quarter before.
    if prev:
        frame = with_prev_columns(rubric, frame)
        present = set(frame.columns)
    needed += [prev_column(c) for c in prev]
    codes = list(dict.fromkeys([*needed, *(c for c in manual if c in present)]))
    schema = frame.schema  # built anew at each reading: once, not once a column
    # Text, floats and finer decimals are read at 18 decimals, as the decimal path
    # does: cast once, here, not in each pass below.
    recast = [c for c in codes if not _read_as_is(schema[c])]
    if recast:
        frame = frame.with_columns(pl.col(c).cast(DECIMAL) for c in recast)
        schema = frame.schema
    raw: dict[str, pl.Expr] = {}
    decimals: dict[str, int] = {}
    for code in codes:
        dtype = schema[code]
        if isinstance(dtype, pl.Decimal):
            raw[code] = pl.col(code).to_physical()
            decimals[code] = dtype.scale or 0
        else:
            raw[code] = pl.col(code).cast(pl.Int128 if dtype == pl.UInt64 else pl.Int64)
            decimals[code] = 0
    # The figures' magnitudes: each integer column's largest and smallest value (no
    # column of absolute values made), each decimal column's distinct values, which
    # also say how many decimals the data really uses (a column of 0.5s and 1s holds
    # 490,000 rows and 3 values). The integer columns' are read from each Series as it
    # is: in one selection, seventy reductions were planned and scheduled on the
    # thread pool, twice the CPU of reading them (issue 12).
    ints = [c for c in codes if decimals[c] == 0]
    decs = [c for c in codes if decimals[c] > 0]
    # With them, whether a column holds a null or a negative figure: the plan of
    # figures that hold none drops the guards and fills they would need.
    magnitude: dict[str, int] = {}
    used: dict[str, int] = {}
    nonnull: dict[str, bool] = {}
    nonneg: dict[str, bool] = {}
    for c in ints:
        figures = frame.get_column(c)
        if isinstance(schema[c], pl.Decimal):  # of no decimals: its digits
            figures = figures.to_physical()
        least = figures.min()
        magnitude[c] = max(_magnitude(figures.max()), _magnitude(least))
        nonnull[c] = figures.null_count() == 0
        nonneg[c] = least is None or bool(least >= 0)  # type: ignore[operator]
    if decs:
        distinct = frame.select(raw[c].unique().implode() for c in decs)
        for c in decs:
            values: pl.Series = distinct.get_column(c)[0]
            magnitude[c], used[c] = _decimal_extent(values, decimals[c])
            least = values.min()
            nonnull[c] = values.null_count() == 0
            nonneg[c] = least is None or bool(least >= 0)  # type: ignore[operator]
    columns: dict[str, Column] = {}
    made: dict[str, pl.Expr] = {}
    for code in codes:
        mx = magnitude[code]
        bound = mx
        k = decimals[code]
        e = raw[code]
        if k > 0:
            k = used[code]
            drop = 10 ** (decimals[code] - k)
            bound //= drop
            wide = _need(bound, f"the figures of {code}")
            if mx <= I64:
                # Narrowed first: 64-bit division is several times 128-bit's.
                e = e.cast(pl.Int64)
                if drop > 1:
                    e = e // _lit(drop, False)
            elif drop > 1:
                e = (e // _lit(drop, True)).cast(_dtype(wide))
            else:
                e = e.cast(_dtype(wide))
        else:
            wide = _need(bound, f"the figures of {code}")
            read_as = pl.Int128() if schema[code] == pl.UInt64 else pl.Int64()
            if read_as != _dtype(wide):
                e = e.cast(_dtype(wide))
        made[f"__i.{code}"] = e
        columns[code] = Column(f"__i.{code}", 10**k, bound, wide, nonnull[code], nonneg[code])
    for code in manual_columns:
        if code not in columns:
            columns[code] = Column(f"__i.{code}", 1, 0, False, True, True)
            made[f"__i.{code}"] = _lit(0, False)
    keys = [c for c in ("unit", "period", "name", "area") if c in frame.columns]
    absent = {c: pl.lit(None, dtype=pl.Utf8) for c in ("name", "area") if c not in frame.columns}
    return frame.lazy().select(*keys, **made, **absent), columns


_READS: dict[int, tuple[weakref.ref[Rubric], tuple[tuple[str, ...], ...]]] = {}


def _reads(rubric: Rubric) -> tuple[tuple[str, ...], ...]:
    """The rubric's manual columns, the elements it reads and those it reads through
    ``prev()``, found once while it lives: walking its expressions at every scoring
    was a tenth of scoring 49,000 units (issue 12)."""
    rid = id(rubric)
    hit = _READS.get(rid)
    if hit is None or hit[0]() is not rubric:
        found = (rubric.manual_columns, rubric.referenced_elements(), rubric.prev_elements())
        hit = _READS[rid] = (weakref.ref(rubric, lambda _: _READS.pop(rid, None)), found)
    return hit[1]


def _read_as_is(dtype: pl.DataType) -> bool:
    """Integers, booleans and decimals of at most 18 places: read as they are."""
    if isinstance(dtype, pl.Decimal):
        return (dtype.scale or 0) <= 18
    return isinstance(dtype, _INTEGERS) or dtype == pl.Boolean


def _decimal_extent(values: pl.Series, scale: int) -> tuple[int, int]:
    """The largest magnitude of a decimal column's distinct ``values`` (integers at
    ``scale`` decimals) and the fewest decimals that hold every one exactly."""
    if values.len() <= 4096:
        ints = [v for v in values.to_list() if v is not None]
        most = max((abs(v) for v in ints), default=0)
        return most, max((_decimals_of(v % 10**scale, scale) for v in ints), default=0)
    frac = (values % pl.Series([10**scale], dtype=pl.Int128)).cast(pl.Int64)
    return _magnitude(values.abs().max()), _used_decimals(frac, scale)


def _decimals_of(frac: int, scale: int) -> int:
    """The decimals a fractional part (an integer at ``scale`` decimals) uses."""
    if frac == 0:
        return 0
    while frac % 10 == 0:
        frac //= 10
        scale -= 1
    return scale


def _magnitude(v: object) -> int:
    """|v| of a column's largest or smallest value (0 for an empty or null column)."""
    if v is None:
        return 0
    assert isinstance(v, int)
    return abs(v)


def _used_decimals(frac: pl.Series, scale: int) -> int:
    """The fewest decimals that hold every value exactly (fractional parts given
    as integers at ``scale`` decimals)."""
    lo, hi = 0, scale  # answer in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        if bool((frac % (10 ** (scale - mid)) == 0).all()):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _to_decimal(q: Q, where: str, most: Fraction | None = None) -> pl.Expr:
    """A value at 18 decimals, exact where it terminates, else half up, as ``to_decimal``.
    ``most`` bounds ``|value|`` when the rubric does (a node's max)."""
    if isinstance(q.d, int) and _SCALE % q.d == 0 and q.nb < 10**20:
        whole = q.n.cast(DECIMAL)  # Decimal(38, 18) holds 20 digits before the point
        return whole if q.d == 1 else whole / _decimal_lit(q.d)
    if q.db < 2**19 and q.nb < 10**20:
        # Polars divides half to even; a value n/d lands half way at the 19th decimal
        # only when 2^19 or 5^19 divides d, which a d below 2^19 cannot: half up agrees.
        return q.n.cast(DECIMAL) / _den(q.d, q.wide).cast(pl.Decimal(38, 0))
    # Half up on integers: whole part and remainder, so that only the remainder
    # (below d) is multiplied by 10^18: |n| = w·d + r, digits = w·10^18 + (2r·10^18 + d) // 2d.
    if most is None:
        most = Fraction(q.nb, q.d) if isinstance(q.d, int) else Fraction(q.nb)
    _need(max(2 * q.db * _SCALE + q.db, math.ceil(most + 1) * _SCALE), where)
    w = _as(q, True)
    d = _den(w.d, True)
    mag = w.n.abs()
    whole, rest = mag // d, mag % d
    two = _lit(2, True)
    digits = whole * _lit(_SCALE, True) + (rest * _lit(2 * _SCALE, True) + d) // (d * two)
    scaled = pl.when(w.n < 0).then(_neg(digits, True)).otherwise(digits)
    # x · 10^-18 at scale 0 + 18: the integer read as 18 decimals, no rounding.
    return scaled.cast(pl.Decimal(38, 0)) * _ONE_E_18


def _at_most(q: Q, most: Decimal | Fraction) -> Q:
    """``q`` known to lie in ``[0, most]``: its numerator is bounded by ``most · d``,
    however large the bound its arithmetic gave."""
    nb = min(q.nb, math.ceil(Fraction(most) * q.db))
    return replace(q, nb=nb)


def score_integers(
    rubric: Rubric, frame: pl.DataFrame, columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """Score every row exactly; the columns of ``score_frame`` (of them only
    ``columns`` besides the keys, when given)."""
    # One lazy plan, collected once: the passes are not materialised one by one, and
    # a column the caller does not read is not computed (nor cast to a decimal).
    df, cols = prepare_integers(rubric, frame)
    passes, wanted = _compiled(rubric, cols, None if columns is None else tuple(columns))
    for exprs in passes:
        df = df.with_columns(**exprs)
    return df.select("unit", "period", "name", "area", **wanted).collect()


# Compiled plans of a rubric, kept while it lives (as _evaluate's): the same rubric
# scored again over figures of the same bounds compiles nothing (issue 12).
_COMPILED: dict[
    int,
    tuple[
        weakref.ref[Rubric],
        dict[tuple[object, ...], tuple[list[dict[str, pl.Expr]], dict[str, pl.Expr]]],
    ],
] = {}
_KEPT_PER_RUBRIC = 8


def _compiled(
    rubric: Rubric, cols: dict[str, Column], columns: tuple[str, ...] | None
) -> tuple[list[dict[str, pl.Expr]], dict[str, pl.Expr]]:
    """The passes (``with_columns``) and the written columns scoring ``rubric``
    over figures read as ``cols``; Polars expressions are immutable, so a plan
    serves any frame of those columns."""
    rid = id(rubric)
    hit = _COMPILED.get(rid)
    if hit is None or hit[0]() is not rubric:
        hit = (weakref.ref(rubric, lambda _: _COMPILED.pop(rid, None)), {})
        _COMPILED[rid] = hit
    plans = hit[1]
    key = (tuple(cols.items()), columns)
    plan = plans.get(key)
    if plan is None:
        if len(plans) >= _KEPT_PER_RUBRIC:
            plans.pop(next(iter(plans)))
        plan = plans[key] = _compile(rubric, cols, columns)
    return plan


def _compile(
    rubric: Rubric, cols: dict[str, Column], columns: Sequence[str] | None
) -> tuple[list[dict[str, pl.Expr]], dict[str, pl.Expr]]:
    passes: list[dict[str, pl.Expr]] = []
    node_q: dict[str, Q] = {}
    levels: dict[int, list[Node]] = {}

    def collect(node: Node, depth: int) -> None:
        levels.setdefault(depth, []).append(node)
        for p in node.parts:
            collect(p, depth + 1)

    for item in rubric.items:
        collect(item, 0)
    # Pass 1: rules' ratios; pass 2: leaves' raw sums; then leaves, then parents
    # level by level, so that a parent reads its parts' columns.
    stages = _Stages(2)
    values, raws = stages.binder(0), stages.binder(1)
    scores: list[dict[str, pl.Expr]] = []
    for depth in sorted(levels, reverse=True):
        exprs: dict[str, pl.Expr] = {}
        for node in levels[depth]:
            if node.is_leaf:
                q = _leaf(node, cols, values, raws)
            else:
                parts = [node_q[p.path] for p in node.parts]
                q = _clamp(_total(parts, node.path), node.max, node.path, low=False)
            exprs[f"__n.{node.path}"] = q.n
            d: Den = q.d
            if not isinstance(q.d, int):
                exprs[f"__d.{node.path}"] = q.d
                d = pl.col(f"__d.{node.path}")
            node_q[node.path] = replace(q, n=pl.col(f"__n.{node.path}"), d=d, const=None)
        scores.append(exprs)
    passes += [exprs for exprs in [*stages.passes, *scores] if exprs]

    bonus: list[Q] = []
    deducted: list[Q] = []
    vetoes: list[pl.Expr] = []
    for a in rubric.adjustments:
        if a.kind == "per_case":
            deducted.append(_cases(a.expr, a.deduct, a.cap, cols, a.path))
            continue
        cond = _filled(_cond(compile_value(a.expr, cols, f"{a.path}: {a.kind} {a.expr}")))
        if a.kind == "deduct_if":
            deducted.append(_when(cond, a.deduct))
        elif a.kind == "check":
            bonus.append(_when(cond, a.bonus))
        else:
            vetoes.append(cond)
    # Sums first, then the total that reads each of them twice.
    sums = _Stages(2)
    bonus_q = _total(bonus, "bonus")
    if rubric.bonus_cap is not None:
        bonus_q = minimum(const(rubric.bonus_cap), sums.binder(0)(bonus_q), "bonus_cap")
    bonus_q = sums.binder(1)(bonus_q)
    deducted_q = sums.binder(1)(_total(deducted, "adjustments"))
    items = sums.binder(1)(_total([node_q[i.path] for i in rubric.items], "total"))
    vetoed: pl.Expr = pl.lit(False)  # no veto: no column of falses, no choice made on it
    if vetoes:
        vetoed = sums.binder(1)(_number(B(pl.any_horizontal(vetoes)))).n == 1
    passes += [exprs for exprs in sums.passes if exprs]
    total = at_least_zero(add(add(items, bonus_q, "total"), deducted_q, "total", sign=-1), "total")
    if vetoes:
        total = select([(vetoed, ZERO)], total, "total")
    # A denominator that is a column already is read where it is, not copied.
    last = {"__total": total.n}
    d_total = total.d
    if not isinstance(d_total, int) and not d_total.meta.is_column():
        last["__total_d"] = d_total
        d_total = pl.col("__total_d")
    passes.append(last)
    total = replace(total, n=pl.col("__total"), d=d_total)
    paths = [n.path for n in rubric.nodes()]
    maxima = {n.path: n.max for n in rubric.nodes()}
    # A total is at most every item's max plus the bonus: the rubric bounds it, not
    # the arithmetic that reached it.
    most_total = (
        sum((Fraction(i.max) for i in rubric.items), Fraction(0))
        + Fraction(bonus_q.nb, _sd(bonus_q))
        if isinstance(bonus_q.d, int)
        else None
    )
    out = {
        **{p: _to_decimal(node_q[p], p, Fraction(maxima[p])) for p in paths},
        "bonus": _to_decimal(bonus_q, "bonus"),
        "deducted": _to_decimal(deducted_q, "deducted"),
        "total": _to_decimal(total, "total", most_total),
        "vetoed": vetoed,
    }
    return passes, out if columns is None else {c: out[c] for c in columns}
