"""What it would take to regain lost points: the engine scores modified figures.

For every rule that cost a unit points, each figure the rule reads is moved, one
step at a time in the direction that helps (a count by 1, a ratio by 0.01, a
yes/no flipped), and the smallest move that makes the rule cost nothing is
found with :func:`kaoping.engine.evaluate_unit`. A move that would break one of
the rubric's checks (more attended than invited) is not offered.

Points are regained by serving better, never by expecting fewer: a figure in a
denominator (those invited) is never moved, nor is an informed decline anywhere —
a person's "no" is theirs, not a lever for the office (DESIGN.md, Scope).

The sentences are the engine's (:data:`kaoping.engine.WHATIF_WORDING`), in the
page's language: Chinese by default, English for the English pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kaoping.engine import (
    ElementType,
    Expr,
    Rubric,
    RuleOutcome,
    UnitEvaluation,
    evaluate_unit,
    format_number,
    to_decimal,
    whatif_text,
)

_MAX_STEPS = 1 << 13


@dataclass(frozen=True)
class WhatIf:
    path: str
    text: str
    regained: Decimal  # points of the total regained by the whole move


def _checks_pass(rubric: Rubric, env: Mapping[str, Fraction]) -> bool:
    for c in rubric.checks:
        v = c.rule.evaluate(env)
        if v is None or not v:
            return False
    return True


def _outcome(ev: UnitEvaluation, path: str, index: int) -> RuleOutcome:
    return ev.leaves[path].rules[index]


def _step(rubric: Rubric, code: str) -> Fraction:
    e = rubric.elements.get(code)
    if e is None or e.type in (ElementType.COUNT, ElementType.AMOUNT):
        return Fraction(1)
    return Fraction(1, 100)


def _denominators(expr: Expr) -> set[str]:
    return {n for e in expr.walk() if e.op == "/" for n in e.args[1].names()}


def _is_decline(rubric: Rubric, code: str) -> bool:
    e = rubric.elements.get(code)
    return "declin" in code or (e is not None and "自愿不参加" in (e.label or ""))


def _never_moved(rubric: Rubric, base: UnitEvaluation) -> set[str]:
    # Every denominator of the rubric (invited, due, births…), wherever else it is
    # read, and every informed decline.
    exprs = [o.rule.expr for leaf in base.leaves.values() for o in leaf.rules if o.rule.expr]
    exprs += [a.adjustment.expr for a in base.adjustments]
    names = {n for e in exprs for n in _denominators(e)}
    return names | {c for e in exprs for c in e.names() if _is_decline(rubric, c)}


def what_ifs(rubric: Rubric, env: Mapping[str, Fraction], lang: str = "zh") -> list[WhatIf]:
    base = evaluate_unit(rubric, env)
    never = _never_moved(rubric, base)
    out: list[WhatIf] = []
    for path, leaf in base.leaves.items():
        for i, outcome in enumerate(leaf.rules):
            rule = outcome.rule
            if not outcome.fired or rule.kind == "manual" or rule.expr is None:
                continue

            def fixed(ev: UnitEvaluation, path: str = path, i: int = i) -> bool:
                return not _outcome(ev, path, i).fired

            # A rate is regained by doing more, never by expecting fewer.
            directions = (1,) if rule.kind == "rate" else (1, -1)
            goal = rule.full_at if rule.kind == "rate" else None
            for code in dict.fromkeys(rule.expr.names()):
                if code not in env or code in never:
                    continue
                found = _search(rubric, env, base, code, fixed, lang, directions, goal, rule.expr)
                if found is not None:
                    out.append(WhatIf(path, *found))
    for j, adj in enumerate(base.adjustments):
        if not adj.fired or adj.adjustment.kind == "check":
            continue

        def adj_fixed(ev: UnitEvaluation, j: int = j) -> bool:
            return not ev.adjustments[j].fired

        for code in dict.fromkeys(adj.adjustment.expr.names()):
            if code in env and code not in never:
                found = _search(rubric, env, base, code, adj_fixed, lang)
                if found is not None:
                    out.append(WhatIf(adj.adjustment.path, *found))
    return out


def _label(rubric: Rubric, code: str) -> str:
    e = rubric.elements.get(code)
    return e.label if e is not None and e.label else code


def _search(
    rubric: Rubric,
    env: Mapping[str, Fraction],
    base: UnitEvaluation,
    code: str,
    fixed: object,
    lang: str,
    directions: tuple[int, ...] = (1, -1),
    goal: Decimal | None = None,
    expr: Expr | None = None,
) -> tuple[str, Decimal] | None:
    assert callable(fixed)
    element = rubric.elements.get(code)
    now = env[code]
    if element is not None and element.type is ElementType.BOOL:
        other = Fraction(0) if now else Fraction(1)
        changed = {**env, code: other}
        ev = evaluate_unit(rubric, changed)
        if not fixed(ev) or not _checks_pass(rubric, changed):
            return None
        gain = ev.total - base.total
        if gain <= 0:
            return None
        text = whatif_text(
            "yes" if other else "no", lang, label=_label(rubric, code), gain=format_number(gain)
        )
        return text, to_decimal(gain)
    step = _step(rubric, code)
    for direction in directions:

        def at(k: int, direction: int = direction) -> tuple[UnitEvaluation, dict[str, Fraction]]:
            changed = {**env, code: now + direction * k * step}
            return evaluate_unit(rubric, changed), changed

        limit = _MAX_STEPS if direction > 0 else int(now / step)
        if limit < 1:
            continue
        # Exponential then binary search: the smallest move that fixes the rule.
        hi = 1
        while hi < limit and not fixed(at(hi)[0]):
            hi *= 2
        hi = min(hi, limit)
        ev_hi, _changed = at(hi)
        if not fixed(ev_hi):
            continue
        lo = hi // 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if fixed(at(mid)[0]):
                hi = mid
            else:
                lo = mid
        ev, changed = at(hi)
        if not _checks_pass(rubric, changed):
            continue
        gain = ev.total - base.total
        if gain <= 0:
            continue  # e.g. the leaf is zeroed by another rule: nothing to regain here
        reached: str | None = None
        if goal is not None and expr is not None:
            rate = expr.evaluate(changed)
            # With partial: floor a rate just below full_at already earns every point.
            if isinstance(rate, Fraction) and rate >= Fraction(goal):
                reached = format_number(Fraction(goal) * 100)
        words = {
            "label": _label(rubric, code),
            "by": format_number(hi * step),
            "start": format_number(now),
            "end": format_number(changed[code]),
            "gain": format_number(gain),
        }
        first = Fraction(0)
        if hi > 1:
            one, one_env = at(1)
            if _checks_pass(rubric, one_env):
                first = one.total - base.total
        # Each case a whole sentence of the catalogue, never one built from words.
        up = direction > 0
        if first > 0:
            more = {**words, "step": format_number(step), "first": format_number(first)}
            if reached:
                key = "up_reaches_first" if up else "down_reaches_first"
                text = whatif_text(key, lang, goal=reached, **more)
            else:
                text = whatif_text("up_first" if up else "down_first", lang, **more)
        elif reached:
            text = whatif_text("up_reaches" if up else "down_reaches", lang, goal=reached, **words)
        else:
            text = whatif_text("up" if up else "down", lang, **words)
        return text, to_decimal(gain)
    return None
