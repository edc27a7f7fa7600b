"""Scoring one unit exactly, rule by rule, with everything needed to explain it.

This is the reference semantics of RUBRIC.md §3–4 on Python ``Fraction`` values:
``assess`` uses it for the numbers it shows, explanations and what-if figures use
its details, and the vectorised scorer (``_scoring``) is tested against it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from ._expr import Expr
from ._model import Adjustment, Node, Rubric, Rule
from ._values import ElementType

__all__ = ["AdjustmentOutcome", "LeafOutcome", "RuleOutcome", "UnitEvaluation", "evaluate_unit"]

ZERO = Fraction(0)
HUNDRED = Fraction(100)


def F(d: Decimal | None) -> Fraction:
    return ZERO if d is None else Fraction(d)


@dataclass
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


@dataclass
class LeafOutcome:
    node: Node
    score: Fraction
    rules: list[RuleOutcome]
    zeroed_by: RuleOutcome | None = None


@dataclass
class AdjustmentOutcome:
    adjustment: Adjustment
    value: Fraction | bool | None
    points: Fraction  # deducted or earned; for veto, 0
    fired: bool


@dataclass
class UnitEvaluation:
    scores: dict[str, Fraction]  # every node path
    leaves: dict[str, LeafOutcome]
    adjustments: list[AdjustmentOutcome]
    items_total: Fraction
    bonus: Fraction  # after bonus_cap
    bonus_uncapped: Fraction
    deducted: Fraction  # adjustments' deductions
    total: Fraction
    vetoed: bool
    problems: list[str] = field(default_factory=list)


def _truth(v: Fraction | bool | None) -> bool | None:
    if v is None or isinstance(v, bool):
        return v
    return v != 0


def _number(v: Fraction | bool | None) -> Fraction | None:
    if v is None:
        return None
    return Fraction(int(v)) if isinstance(v, bool) else v


def rate_outcome(rule: Rule, value: Fraction | bool | None) -> RuleOutcome:
    points = F(rule.points)
    r = _number(value)
    out = RuleOutcome(rule, value)
    if r is None:
        out.earned = points if rule.if_undefined == "full" else ZERO
        out.fired = out.earned < points
        return out
    full_at = F(rule.full_at)
    if r >= full_at:
        out.earned = points
        return out
    shortfall = (full_at - r) * HUNDRED
    if rule.partial == "floor":
        counted = Fraction(math.floor(shortfall))
    elif rule.partial == "ceil":
        counted = Fraction(math.ceil(shortfall))
    else:
        counted = shortfall
    out.shortfall, out.counted = shortfall, counted
    out.earned = max(ZERO, points - F(rule.per_point_below) * counted)
    out.fired = out.earned < points
    return out


def _rule(
    rule: Rule, node: Node, env: Mapping[str, Fraction], problems: list[str], whole_ok: bool
) -> RuleOutcome:
    if rule.kind == "manual":
        amount = env.get(node.manual_column, ZERO)
        return RuleOutcome(rule, amount, deducted=amount, fired=amount > 0)
    assert rule.expr is not None
    value = rule.expr.evaluate(env)
    if rule.kind == "rate":
        return rate_outcome(rule, value)
    if value is None:
        problems.append(f"{node.path}: {rule.kind} {rule.expr} is undefined (division by 0)")
        return RuleOutcome(rule, value)
    if rule.kind == "per_case":
        cases = max(ZERO, _number(value) or ZERO)
        if cases.denominator != 1 and not whole_ok:
            problems.append(
                f"{node.path}: per_case {rule.expr} counts {float(cases):g} cases; "
                "cases of count elements must be whole"
            )
        amount = F(rule.deduct) * cases
        capped = rule.cap is not None and amount > F(rule.cap)
        if capped:
            amount = F(rule.cap)
        return RuleOutcome(rule, value, deducted=amount, fired=cases > 0, capped=capped)
    t = _truth(value)
    if rule.kind == "check":
        return RuleOutcome(rule, value, earned=F(rule.points) if t else ZERO, fired=not t)
    if rule.kind == "deduct_if":
        return RuleOutcome(rule, value, deducted=F(rule.deduct) if t else ZERO, fired=bool(t))
    return RuleOutcome(rule, value, fired=bool(t))  # zero_if


def _leaf(
    node: Node, env: Mapping[str, Fraction], problems: list[str], rubric: Rubric
) -> LeafOutcome:
    outcomes = [_rule(r, node, env, problems, fractional_cases_ok(rubric, r)) for r in node.rules]
    maximum = F(node.max)
    base = ZERO if any(r.earns for r in node.rules) else maximum
    raw = base + sum((o.earned for o in outcomes), ZERO) - sum((o.deducted for o in outcomes), ZERO)
    score = min(maximum, max(ZERO, raw))
    zeroed = next((o for o in outcomes if o.rule.kind == "zero_if" and o.fired), None)
    if zeroed is not None:
        score = ZERO
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
    problems: list[str] = []
    scores: dict[str, Fraction] = {}
    leaves: dict[str, LeafOutcome] = {}

    def visit(node: Node) -> Fraction:
        if node.is_leaf:
            leaf = _leaf(node, env, problems, rubric)
            leaves[node.path] = leaf
            scores[node.path] = leaf.score
            return leaf.score
        scores[node.path] = ZERO  # keep rubric order: parent before its parts
        s = min(F(node.max), sum((visit(p) for p in node.parts), ZERO))
        scores[node.path] = s
        return s

    items_total = sum((visit(i) for i in rubric.items), ZERO)
    adjustments: list[AdjustmentOutcome] = []
    bonus = deducted = ZERO
    vetoed = False
    for adj in rubric.adjustments:
        value = adj.expr.evaluate(env)
        if value is None:
            problems.append(f"{adj.path}: {adj.kind} {adj.expr} is undefined (division by 0)")
            adjustments.append(AdjustmentOutcome(adj, value, ZERO, False))
            continue
        if adj.kind == "per_case":
            cases = max(ZERO, _number(value) or ZERO)
            pts = F(adj.deduct) * cases
            if adj.cap is not None:
                pts = min(pts, F(adj.cap))
            deducted += pts
            adjustments.append(AdjustmentOutcome(adj, value, pts, cases > 0))
        elif adj.kind == "deduct_if":
            t = bool(_truth(value))
            pts = F(adj.deduct) if t else ZERO
            deducted += pts
            adjustments.append(AdjustmentOutcome(adj, value, pts, t))
        elif adj.kind == "check":
            t = bool(_truth(value))
            pts = F(adj.bonus) if t else ZERO
            bonus += pts
            adjustments.append(AdjustmentOutcome(adj, value, pts, t))
        else:  # veto
            t = bool(_truth(value))
            vetoed = vetoed or t
            adjustments.append(AdjustmentOutcome(adj, value, ZERO, t))
    capped_bonus = min(bonus, F(rubric.bonus_cap)) if rubric.bonus_cap is not None else bonus
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
