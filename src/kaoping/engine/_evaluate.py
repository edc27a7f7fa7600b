"""Scoring one unit exactly, rule by rule, with everything needed to explain it.

This is the reference semantics of RUBRIC.md §3–4 on Python ``Fraction`` values:
``assess`` uses it for the numbers it shows, explanations and what-if figures use
its details, and the vectorised scorer (``_scoring``) is tested against it.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ._compiled import Compiled, compile_rubric
from ._expr import Expr, prev_column
from ._model import Adjustment, Node, Rubric, Rule
from ._values import ElementType

__all__ = ["AdjustmentOutcome", "LeafOutcome", "RuleOutcome", "UnitEvaluation", "evaluate_unit"]

ZERO = Fraction(0)
HUNDRED = Fraction(100)


def _plus(a: Fraction, b: Fraction) -> Fraction:
    # Most scores are whole: adding their numerators skips Fraction's gcd work.
    if a.denominator == 1 and b.denominator == 1:
        return Fraction(a.numerator + b.numerator)
    return a + b


def _minus(a: Fraction, b: Fraction) -> Fraction:
    if a.denominator == 1 and b.denominator == 1:
        return Fraction(a.numerator - b.numerator)
    return a - b


def _times(a: Fraction, b: Fraction) -> Fraction:
    if a.denominator == 1 and b.denominator == 1:
        return Fraction(a.numerator * b.numerator)
    return a * b


def _at_most(a: Fraction, b: Fraction) -> Fraction:
    """``min(a, b)``, comparing whole numbers as integers."""
    if a.denominator == 1 and b.denominator == 1:
        return a if a.numerator <= b.numerator else b
    return min(a, b)


def F(d: Decimal | None) -> Fraction:
    return ZERO if d is None else Fraction(d)


@dataclass(slots=True)  # made 30 times a unit: slots are quicker to fill
class RuleOutcome:
    rule: Rule
    value: Fraction | bool | None  # the expression's value (None: undefined)
    earned: Fraction = ZERO  # rate, check
    deducted: Fraction = ZERO  # per_case, deduct_if, manual
    fired: bool = False  # check failed, deduct_if/zero_if true, per_case counted cases
    shortfall: Fraction | None = None  # rate: percentage points below full_at
    counted: Fraction | None = None  # rate: shortfall as counted by `partial`
    capped: bool = False  # per_case: the cap applied

    @property
    def lost(self) -> Fraction:
        """Points this rule cost, before the leaf's clamp."""
        if self.rule.earns:
            return F(self.rule.points) - self.earned
        return self.deducted


@dataclass(slots=True)
class LeafOutcome:
    node: Node
    score: Fraction
    rules: list[RuleOutcome]
    zeroed_by: RuleOutcome | None = None


@dataclass(slots=True)
class AdjustmentOutcome:
    adjustment: Adjustment
    value: Fraction | bool | None
    points: Fraction  # deducted or earned; for veto, 0
    fired: bool


class UnitEvaluation:
    """One unit's scores and totals; what each rule and adjustment did (``leaves``,
    ``adjustments``) is worked out from the figures when first read, with the
    reference code, and kept."""

    __slots__ = (
        "_adjustments", "_env", "_fired", "_leaves", "_plan", "bonus", "bonus_uncapped",
        "deducted", "items_total", "problems", "scores", "total", "vetoed",
    )  # fmt: skip

    def __init__(
        self,
        scores: dict[str, Fraction],  # every node path
        leaves: Mapping[str, LeafOutcome] | None,
        adjustments: list[AdjustmentOutcome] | None,
        items_total: Fraction,
        bonus: Fraction,  # after bonus_cap
        bonus_uncapped: Fraction,
        deducted: Fraction,  # adjustments' deductions
        total: Fraction,
        vetoed: bool,
        problems: list[str] | None = None,
        *,
        plan: _Plan | None = None,
        env: Mapping[str, Fraction] | None = None,
        fired: bool = True,
    ) -> None:
        self.scores, self.items_total, self.bonus = scores, items_total, bonus
        self.bonus_uncapped, self.deducted, self.total = bonus_uncapped, deducted, total
        self.vetoed, self.problems = vetoed, problems if problems is not None else []
        self._leaves: Mapping[str, LeafOutcome] | None = leaves
        self._adjustments, self._plan, self._env, self._fired = adjustments, plan, env, fired

    @property
    def leaves(self) -> Mapping[str, LeafOutcome]:
        """Every leaf's outcome by path, in rubric order."""
        if self._leaves is None:
            assert self._plan is not None and self._env is not None
            self._leaves = _LazyLeaves(self._plan, self._env)
        return self._leaves

    @property
    def adjustments(self) -> list[AdjustmentOutcome]:
        if self._adjustments is None:
            assert self._plan is not None and self._env is not None
            self._adjustments = _adjustment_outcomes(self._plan, self._env, [])[0]
        return self._adjustments

    def lost_leaf_paths(self) -> list[str]:
        """The paths of the leaves that scored below their maximum, in rubric order."""
        if self._plan is None:
            return [p for p, leaf in self.leaves.items() if leaf.score < F(leaf.node.max)]
        scores = self.scores
        return [path for path, mx in self._plan.leaf_max if scores[path] < mx]

    def lost_leaves(self) -> list[tuple[str, LeafOutcome]]:
        """The leaves that scored below their maximum, in rubric order: only these
        have lines to explain, and only their outcomes are worked out."""
        if self._plan is None:
            return [
                (path, leaf) for path, leaf in self.leaves.items() if leaf.score < F(leaf.node.max)
            ]
        scores, leaves = self.scores, self.leaves
        return [(path, leaves[path]) for path, mx in self._plan.leaf_max if scores[path] < mx]

    def fired_adjustments(self) -> list[AdjustmentOutcome]:
        """The adjustments that fired, in rubric order."""
        if not self._fired:
            return []
        return [a for a in self.adjustments if a.fired]

    def __repr__(self) -> str:
        return f"UnitEvaluation(total={self.total!r}, scores={self.scores!r})"


class _LazyLeaves(Mapping[str, LeafOutcome]):
    """A unit's leaf outcomes, each made when first read."""

    __slots__ = ("_env", "_made", "_plan")

    def __init__(self, plan: _Plan, env: Mapping[str, Fraction]) -> None:
        self._plan, self._env = plan, env
        self._made: dict[str, LeafOutcome] = {}

    def __getitem__(self, path: str) -> LeafOutcome:
        leaf = self._made.get(path)
        if leaf is None:
            leaf = self._made[path] = _leaf(self._plan.leaf_plans[path], self._env, [])
        return leaf

    def __iter__(self) -> Iterator[str]:
        return iter(self._plan.leaf_plans)

    def __len__(self) -> int:
        return len(self._plan.leaf_plans)


def _truth(v: Fraction | bool | None) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    return v != 0


def _number(v: Fraction | bool | None) -> Fraction | None:
    if v is None:
        return None
    return Fraction(int(v)) if isinstance(v, bool) else v


@dataclass(frozen=True)
class _RulePlan:
    """A rule's numbers as fractions, worked out once per rubric, not once per unit."""

    rule: Rule
    kind: str
    expr: Expr | None
    fn: Callable[[Mapping[str, Fraction]], Fraction | bool | None] | None
    points: Fraction
    full_at: Fraction
    per_point_below: Fraction
    deduct: Fraction
    cap: Fraction | None
    whole_ok: bool


@dataclass(frozen=True)
class _NodePlan:
    node: Node
    path: str
    maximum: Fraction
    base: Fraction
    rules: tuple[_RulePlan, ...]
    parts: tuple[_NodePlan, ...]


@dataclass(frozen=True)
class _AdjustmentPlan:
    adjustment: Adjustment
    fn: Callable[[Mapping[str, Fraction]], Fraction | bool | None]
    deduct: Fraction
    bonus: Fraction
    cap: Fraction | None


@dataclass(frozen=True)
class _Plan:
    items: tuple[_NodePlan, ...]
    adjustments: tuple[_AdjustmentPlan, ...]
    bonus_cap: Fraction | None
    leaf_plans: dict[str, _NodePlan]  # rubric order
    leaf_max: tuple[tuple[str, Fraction], ...]
    compiled: Compiled
    leaf_reads: dict[str, tuple[str, ...]]  # every figure a leaf's rules read


def _opt(d: Decimal | None) -> Fraction | None:
    return None if d is None else Fraction(d)


def _rule_plan(rubric: Rubric, rule: Rule) -> _RulePlan:
    return _RulePlan(
        rule, rule.kind, rule.expr, rule.expr.exact() if rule.expr else None, F(rule.points),
        F(rule.full_at), F(rule.per_point_below), F(rule.deduct), _opt(rule.cap),
        fractional_cases_ok(rubric, rule),
    )  # fmt: skip


def _node_plan(rubric: Rubric, node: Node) -> _NodePlan:
    maximum = F(node.max)
    return _NodePlan(
        node,
        node.path,
        maximum,
        ZERO if any(r.earns for r in node.rules) else maximum,
        tuple(_rule_plan(rubric, r) for r in node.rules),
        tuple(_node_plan(rubric, p) for p in node.parts),
    )


_PLANS: dict[int, tuple[weakref.ref[Rubric], _Plan]] = {}


def _plan(rubric: Rubric) -> _Plan:
    """The rubric's plan, built on first use and kept while the rubric lives."""
    key = id(rubric)
    hit = _PLANS.get(key)
    if hit is not None and hit[0]() is rubric:
        return hit[1]
    items = tuple(_node_plan(rubric, i) for i in rubric.items)
    leaf_plans: dict[str, _NodePlan] = {}

    def leaves(p: _NodePlan) -> None:
        if not p.parts:
            leaf_plans[p.path] = p
        for part in p.parts:
            leaves(part)

    for item in items:
        leaves(item)
    plan = _Plan(
        items,
        tuple(
            _AdjustmentPlan(a, a.expr.exact(), F(a.deduct), F(a.bonus), _opt(a.cap))
            for a in rubric.adjustments
        ),
        _opt(rubric.bonus_cap),
        leaf_plans,
        tuple((path, p.maximum) for path, p in leaf_plans.items()),
        compile_rubric(rubric, lambda rule: fractional_cases_ok(rubric, rule)),
        {path: _reads(p.node) for path, p in leaf_plans.items()},
    )
    _PLANS[key] = (weakref.ref(rubric, lambda _: _PLANS.pop(key, None)), plan)
    return plan


def _reads(node: Node) -> tuple[str, ...]:
    """Every figure ``node``'s rules read: the period's, the previous quarter's
    columns and the manual column."""
    codes: dict[str, None] = {}

    def walk(e: Expr) -> None:
        if e.op == "name":
            codes[str(e.value)] = None
        elif e.op == "prev":
            codes[prev_column(str(e.value))] = None
        for a in e.args:
            walk(a)

    for rule in node.rules:
        if rule.kind == "manual":
            codes[node.manual_column] = None
        elif rule.expr is not None:
            walk(rule.expr)
    return tuple(codes)


def leaf_reads(rubric: Rubric) -> Mapping[str, tuple[str, ...]]:
    """Every leaf's path → the figures its outcome (and its lines) depend on."""
    return _plan(rubric).leaf_reads


def rate_outcome(rule: Rule, value: Fraction | bool | None) -> RuleOutcome:
    return _rate(_RulePlan(rule, rule.kind, rule.expr, None, F(rule.points), F(rule.full_at),
                           F(rule.per_point_below), ZERO, None, True), value)  # fmt: skip


def _rate(p: _RulePlan, value: Fraction | bool | None) -> RuleOutcome:
    points = p.points
    r = _number(value)
    out = RuleOutcome(p.rule, value)
    if r is None:
        out.earned = points if p.rule.if_undefined == "full" else ZERO
        out.fired = out.earned < points
        return out
    full_at = p.full_at
    if r >= full_at:
        out.earned = points
        return out
    shortfall = (full_at - r) * HUNDRED
    partial = p.rule.partial
    if partial == "floor":
        counted = Fraction(math.floor(shortfall))
    elif partial == "ceil":
        counted = Fraction(math.ceil(shortfall))
    else:
        counted = shortfall
    out.shortfall, out.counted = shortfall, counted
    out.earned = max(ZERO, points - p.per_point_below * counted)
    out.fired = out.earned < points
    return out


def _rule(
    p: _RulePlan, node: Node, env: Mapping[str, Fraction], problems: list[str]
) -> RuleOutcome:
    rule = p.rule
    kind = p.kind
    if kind == "manual":
        amount = env.get(node.manual_column, ZERO)
        return RuleOutcome(rule, amount, ZERO, amount, amount.numerator > 0)
    assert p.fn is not None
    value = p.fn(env)
    if kind == "rate":
        return _rate(p, value)
    if value is None:
        problems.append(f"{node.path}: {kind} {p.expr} is undefined (division by 0)")
        return RuleOutcome(rule, value)
    if kind == "per_case":
        n = _number(value)
        if n is None or n.numerator <= 0:  # no cases: most units, no arithmetic
            return RuleOutcome(rule, value)
        if n.denominator != 1 and not p.whole_ok:
            problems.append(
                f"{node.path}: per_case {p.expr} counts {float(n):g} cases; "
                "cases of count elements must be whole"
            )
        amount = _times(p.deduct, n)
        capped = p.cap is not None and amount > p.cap
        if capped:
            assert p.cap is not None
            amount = p.cap
        return RuleOutcome(rule, value, ZERO, amount, True, None, None, capped)
    t = value if value.__class__ is bool else value != 0
    if kind == "check":
        return RuleOutcome(rule, value, p.points if t else ZERO, ZERO, not t)
    if kind == "deduct_if":
        return RuleOutcome(rule, value, ZERO, p.deduct if t else ZERO, bool(t))
    return RuleOutcome(rule, value, ZERO, ZERO, bool(t))  # zero_if


def _leaf(plan: _NodePlan, env: Mapping[str, Fraction], problems: list[str]) -> LeafOutcome:
    node = plan.node
    outcomes = []
    raw = plan.base
    zeroed = None
    for r in plan.rules:
        o = _rule(r, node, env, problems)
        outcomes.append(o)
        # Adding zeros is most of a leaf's arithmetic: skip the untouched defaults.
        if o.earned is not ZERO:
            raw = _plus(raw, o.earned)
        if o.deducted is not ZERO:
            raw = _minus(raw, o.deducted)
        if zeroed is None and o.fired and r.kind == "zero_if":
            zeroed = o
    maximum = plan.maximum
    if zeroed is not None:
        score = ZERO
    else:
        score = _at_most(raw, maximum) if raw.numerator > 0 else ZERO
    return LeafOutcome(node, score, outcomes, zeroed)


def fractional_cases_ok(rubric: Rubric, rule: Rule) -> bool:
    """A per_case count may be fractional only when it reads a ``number`` (or an
    undeclared) element; counts of ``count``/``bool`` elements must be whole."""
    if rule.kind != "per_case" or rule.expr is None or not rubric.elements:
        return True
    types = {rubric.elements[n].type for n in rule.expr.names() if n in rubric.elements}
    return bool(types & {ElementType.NUMBER, ElementType.AMOUNT})


def evaluate_unit(rubric: Rubric, env: Mapping[str, Fraction]) -> UnitEvaluation:
    """Score one unit from its figures (element code → exact value)."""
    plan = _plan(rubric)
    try:
        scores, items, bonus, uncapped, deducted, total, vetoed, problems, fired = plan.compiled(
            env
        )
    except KeyError:
        # A figure missing: the reference code says so (or does not need it).
        return evaluate_unit_reference(rubric, env)
    return UnitEvaluation(
        scores, None, None, items, bonus, uncapped, deducted, total, vetoed, problems,
        plan=plan, env=dict(env), fired=fired,
    )  # fmt: skip


def _adjustment_outcomes(
    plan: _Plan, env: Mapping[str, Fraction], problems: list[str]
) -> tuple[list[AdjustmentOutcome], Fraction, Fraction, bool]:
    """(outcomes, bonus before the cap, deducted, vetoed)."""
    adjustments: list[AdjustmentOutcome] = []
    bonus = deducted = ZERO
    vetoed = False
    for ap in plan.adjustments:
        adj = ap.adjustment
        value = ap.fn(env)
        if value is None:
            problems.append(f"{adj.path}: {adj.kind} {adj.expr} is undefined (division by 0)")
            adjustments.append(AdjustmentOutcome(adj, value, ZERO, False))
            continue
        if adj.kind == "per_case":
            n = _number(value)
            if n is None or n.numerator <= 0:
                adjustments.append(AdjustmentOutcome(adj, value, ZERO, False))
                continue
            pts = _times(ap.deduct, n)
            if ap.cap is not None:
                pts = min(pts, ap.cap)
            deducted += pts
            adjustments.append(AdjustmentOutcome(adj, value, pts, True))
        elif adj.kind == "deduct_if":
            t = bool(_truth(value))
            pts = ap.deduct if t else ZERO
            if pts:
                deducted += pts
            adjustments.append(AdjustmentOutcome(adj, value, pts, t))
        elif adj.kind == "check":
            t = bool(_truth(value))
            pts = ap.bonus if t else ZERO
            if pts:
                bonus += pts
            adjustments.append(AdjustmentOutcome(adj, value, pts, t))
        else:  # veto
            t = bool(_truth(value))
            vetoed = vetoed or t
            adjustments.append(AdjustmentOutcome(adj, value, ZERO, t))
    return adjustments, bonus, deducted, vetoed


def evaluate_unit_reference(rubric: Rubric, env: Mapping[str, Fraction]) -> UnitEvaluation:
    """``evaluate_unit`` rule by rule, every outcome made as it goes: the reference
    the generated code (``_compiled``) is tested against, and what ``leaves`` and
    ``adjustments`` are made with."""
    plan = _plan(rubric)
    problems: list[str] = []
    scores: dict[str, Fraction] = {}
    leaves: dict[str, LeafOutcome] = {}

    def visit(p: _NodePlan) -> Fraction:
        if not p.parts:
            leaf = _leaf(p, env, problems)
            leaves[p.path] = leaf
            scores[p.path] = leaf.score
            return leaf.score
        scores[p.path] = ZERO  # keep rubric order: parent before its parts
        first, *rest = p.parts
        s = visit(first)
        for part in rest:
            s = _plus(s, visit(part))
        s = _at_most(p.maximum, s)
        scores[p.path] = s
        return s

    items_total = ZERO
    for item in plan.items:
        score = visit(item)
        items_total = score if items_total is ZERO else _plus(items_total, score)
    adjustments, bonus, deducted, vetoed = _adjustment_outcomes(plan, env, problems)
    capped_bonus = min(bonus, plan.bonus_cap) if plan.bonus_cap is not None else bonus
    total = max(ZERO, items_total + capped_bonus - deducted)
    if vetoed:
        total = ZERO
    return UnitEvaluation(
        scores, leaves, adjustments, items_total, capped_bonus, bonus, deducted, total, vetoed,
        problems,
    )  # fmt: skip


def expr_figures(expr: Expr, env: Mapping[str, Fraction]) -> dict[str, Fraction]:
    """The figures an expression reads, in order of first use."""
    return {name: env[name] for name in dict.fromkeys(expr.names()) if name in env}
