"""Every point lost, in a line of Chinese with the figures behind it.

The lines of a leaf add up to what the leaf lost (``max - score``): when a leaf
is clamped at 0 (扣完为止) the last lines are reduced and say so. A parent's score
is ``min(max, sum of its parts' scores)``: where its parts' maxima add up to more
than its own, some of what they lose does not lower it, and :func:`absorbed_lines`
says how much in a line of its own (``Absorbed``), so that the lines under every
node add up to what it lost. Those lines stay out of ``deductions`` (RUBRIC.md §7
lists leaf losses); :func:`reading_order` puts them after the lines they absorb.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from ._evaluate import (
    ZERO,
    AdjustmentOutcome,
    LeafOutcome,
    RuleOutcome,
    UnitEvaluation,
    expr_figures,
)
from ._expr import Expr
from ._format import format_number, format_percent, to_decimal
from ._model import Node, Rubric
from ._results import Absorbed, Deduction
from ._values import Element, ElementType

__all__ = ["absorbed_lines", "absorbed_text_zh", "explain", "reading_order"]

T = TypeVar("T")


def explain(
    rubric: Rubric,
    ev: UnitEvaluation,
    env: Mapping[str, Fraction],
    manual_reasons: Mapping[str, str] | None = None,
) -> tuple[list[Deduction], list[Deduction]]:
    """(deductions, bonuses) of one unit's evaluation. ``manual_reasons`` maps a
    manual item's path to the reason its assessor wrote, which then is the line's
    text: the village and the bulletin read why, not the rubric's generic note."""
    t = _Texts(rubric, env, manual_reasons or {})
    deductions: list[Deduction] = []
    for path, leaf in ev.leaves.items():
        deductions.extend(t.leaf(path, leaf))
    bonuses: list[Deduction] = []
    for a in ev.adjustments:
        if not a.fired:
            continue
        if a.adjustment.kind == "check":
            bonuses.append(Deduction(a.adjustment.path, to_decimal(a.points), t.adjustment(a)))
        elif a.adjustment.kind == "veto":
            before = max(ZERO, ev.items_total + ev.bonus - ev.deducted)
            deductions.append(Deduction(a.adjustment.path, to_decimal(before), t.adjustment(a)))
        else:
            deductions.append(Deduction(a.adjustment.path, to_decimal(a.points), t.adjustment(a)))
    if ev.bonus_uncapped > ev.bonus and bonuses:
        cut = ev.bonus_uncapped - ev.bonus
        last = bonuses[-1]
        bonuses[-1] = Deduction(
            last.path,
            to_decimal(Fraction(last.points) - cut),
            f"{last.text}（加分合计以{format_number(ev.bonus)}分为限）",
        )
    return deductions, bonuses


def absorbed_text_zh(title: str, maximum: Decimal, parts_max: Decimal, points: Decimal) -> str:
    """The line of a parent whose score is not the sum of its parts' (see ``Absorbed``)."""
    if points > 0:
        return (
            f"{title}封顶{format_number(maximum)}分（各子项满分合计{format_number(parts_max)}分），"
            f"以上扣分中{format_number(points)}分未影响本项得分"
        )
    return (
        f"{title}各子项满分合计{format_number(parts_max)}分，"
        f"低于本项满分{format_number(maximum)}分，扣{format_number(-points)}分"
    )


def absorbed_lines(rubric: Rubric, scores: Mapping[str, Decimal]) -> list[Absorbed]:
    """A line for every parent whose loss differs from its parts' losses together:
    ``(sum of parts' (max - score)) - (max - score)``, from the scores as written,
    so that the command line, the stored results and every page say the same. A
    parent whose parts' maxima add up to its own never has one."""
    out: list[Absorbed] = []
    for n in rubric.nodes():
        if not n.parts:
            continue
        parts_max = sum((p.max for p in n.parts), Decimal(0))
        if parts_max == n.max:
            # Its loss is exactly its parts' losses: min(max, sum) is the sum.
            continue
        score = scores.get(n.path)
        if score is None:
            continue
        parts_lost = sum((p.max - scores.get(p.path, p.max) for p in n.parts), Decimal(0))
        points = parts_lost - (n.max - score)
        if points == 0:
            continue
        out.append(
            Absorbed(
                n.path, n.title, n.max, parts_max, points,
                absorbed_text_zh(n.title, n.max, parts_max, points),
            )
        )  # fmt: skip
    return out


def reading_order(
    rubric: Rubric,
    lines: Sequence[T],
    absorbed: Sequence[Absorbed],
    path_of: Callable[[T], str] = lambda d: d.path,  # type: ignore[attr-defined]
) -> list[T | Absorbed]:
    """Deductions and absorbed lines as a person reads them: each absorbed line
    right after the last line under its node ("以上扣分"), an inner node's before an
    outer's; lines of paths outside the tree (adjustments) last, as they came."""
    at: dict[str, int] = {}
    end: dict[str, int] = {}
    depth: dict[str, int] = {}

    def visit(n: Node, d: int) -> int:
        i = len(at)
        at[n.path], depth[n.path] = i, d
        last = i
        for p in n.parts:
            last = visit(p, d + 1)
        end[n.path] = last
        return last

    for item in rubric.items:
        visit(item, 0)
    outside = len(at)
    keyed: list[tuple[tuple[int, int, int, int], T | Absorbed]] = []
    for seq, line in enumerate(lines):
        keyed.append(((at.get(path_of(line), outside), 0, 0, seq), line))
    for seq, a in enumerate(absorbed):
        keyed.append(((end.get(a.path, outside), 1, -depth.get(a.path, 0), seq), a))
    keyed.sort(key=lambda kv: kv[0])
    return [line for _, line in keyed]


_CMP_WORDS = {
    ">=": "不低于",
    "<=": "不超过",
    ">": "大于",
    "<": "小于",
    "==": "等于",
    "!=": "不等于",
}
_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}
_OP_WORDS = {"+": "加", "-": "减", "*": "乘以", "/": "除以", "and": "且", "or": "或"}


@functools.cache
def _fraction(d: Decimal) -> Fraction:
    """A rubric's figure (a node's max) as a fraction, made once per value."""
    return Fraction(d)


def _pts(v: Fraction) -> str:
    return f"{format_number(v)}分"


class _Texts:
    def __init__(
        self, rubric: Rubric, env: Mapping[str, Fraction], manual_reasons: Mapping[str, str]
    ) -> None:
        self.rubric, self.env, self.manual_reasons = rubric, env, manual_reasons
        self.elements: Mapping[str, Element] = rubric.elements

    # --- figures ---------------------------------------------------------------

    def label(self, code: str) -> str:
        e = self.elements.get(code)
        if e is not None:
            return e.label
        if code.endswith(".manual"):
            return "人工扣分"
        return code

    def value(self, code: str, v: Fraction) -> str:
        e = self.elements.get(code)
        if e is not None and e.type is ElementType.BOOL:
            return "是" if v else "否"
        return format_number(v, 4)

    def figures(self, expr: Expr) -> str:
        figs = expr_figures(expr, self.env)
        return "，".join(f"{self.label(k)}{self.value(k, v)}" for k, v in figs.items())

    def condition(self, expr: Expr, holds: bool) -> str:
        """A condition in words: ``记录过于简单笼统``, ``应参加人员全部到位：否``, or the
        expression with its figures."""
        if expr.op == "name":
            code = str(expr.value)
            e = self.elements.get(code)
            if e is not None and e.type is ElementType.BOOL:
                return e.label if holds else f"{e.label}：否"
        if expr.op == "not" and expr.args[0].op == "name":
            code = str(expr.args[0].value)
            e = self.elements.get(code)
            if e is not None and e.type is ElementType.BOOL:
                return f"{e.label}：否" if holds else e.label
        simple = self._figure_against_number(expr)
        if simple is not None:
            # 迁出无交接回执例数为1（应等于0）: the figure, then what was asked of it.
            code, words = simple
            v = self.env.get(code)
            if v is not None:
                asked = f"应{words}" if not holds else words
                return f"{self.label(code)}为{self.value(code, v)}（{asked}）"
        state = "成立" if holds else "不成立"
        return f"“{self.words(expr)}”{state}（{self.figures(expr)}）"

    def quantity(self, expr: Expr, v: Fraction) -> str:
        if expr.op == "name":
            return f"{self.label(str(expr.value))}{format_number(v, 4)}"
        return f"{self.words(expr)}为{format_number(v, 4)}（{self.figures(expr)}）"

    # --- an expression in words: a clerk reads labels, never codes --------------

    def _figure_against_number(self, expr: Expr) -> tuple[str, str] | None:
        """(code, "不低于1") for ``code >= 1`` or ``1 <= code``; None otherwise."""
        if expr.op not in _CMP_WORDS or len(expr.args) != 2:
            return None
        a, b = expr.args
        if a.op == "name" and b.op == "num":
            return str(a.value), f"{_CMP_WORDS[expr.op]}{self.words(b)}"
        if a.op == "num" and b.op == "name":
            return str(b.value), f"{_CMP_WORDS[_FLIPPED[expr.op]]}{self.words(a)}"
        return None

    def words(self, e: Expr) -> str:
        if e.op == "num":
            return format_number(Fraction(str(e.value)), 4)
        if e.op == "name":
            return self.label(str(e.value))
        if e.op == "prev":
            return f"上季度{self.label(str(e.value))}"
        if e.op == "neg":
            return f"负{self._part(e.args[0])}"
        if e.op == "not":
            return f"并非{self._part(e.args[0])}"
        if e.op == "call":
            args = [self.words(a) for a in e.args]
            if e.value == "abs":
                return f"{self._part(e.args[0])}的绝对值"
            if e.value == "if":
                return f"{args[0]}时取{args[1]}，否则取{args[2]}"
            which = "较小者" if e.value == "min" else "较大者"
            return f"{'、'.join(args)}中的{which}" if len(args) > 1 else args[0]
        a, b = e.args
        op = _CMP_WORDS.get(e.op) or _OP_WORDS[e.op]
        return f"{self._part(a)}{op}{self._part(b)}"

    def _part(self, e: Expr) -> str:
        # A compound operand in brackets, so that 甲加乙除以丙 cannot be misread.
        text = self.words(e)
        return text if e.op in ("num", "name", "prev", "call") else f"（{text}）"

    # --- rules -----------------------------------------------------------------

    def leaf(self, path: str, leaf: LeafOutcome) -> list[Deduction]:
        maximum, score = _fraction(leaf.node.max), leaf.score
        # Most leaves of most units lost nothing: compared as integers when whole.
        if maximum.denominator == 1 and score.denominator == 1:
            if score.numerator >= maximum.numerator:
                return []
        elif score >= maximum:
            return []
        remaining = maximum - score
        lost = leaf.node.max - to_decimal(leaf.score)
        if leaf.zeroed_by is not None:
            o = leaf.zeroed_by
            assert o.rule.expr is not None
            what = o.rule.title or f"{self.condition(o.rule.expr, True)}，该项不得分"
            return [Deduction(path, lost, f"{what}，扣{_pts(remaining)}")]
        out: list[Deduction] = []
        for o in leaf.rules:
            nominal = o.lost
            if nominal <= 0:
                continue
            effective = min(nominal, remaining)
            text = self.rule(leaf, o)
            if effective < nominal:
                text += f"（本项扣完为止，实扣{_pts(effective)}）"
            out.append(Deduction(path, to_decimal(effective), text))
            remaining -= effective
        if remaining > 0:
            earned = leaf.score
            out.append(
                Deduction(
                    path,
                    to_decimal(remaining),
                    f"各项规则得分合计{_pts(earned)}，低于本项满分{_pts(Fraction(leaf.node.max))}",
                )
            )
        return out

    def rule(self, leaf: LeafOutcome, o: RuleOutcome) -> str:
        r = o.rule
        lost = _pts(o.lost)
        if r.kind == "rate":
            assert r.expr is not None
            if o.value is None:
                return f"{r.title or leaf.node.title}无法计算（分母为0），按规则不得分，扣{lost}"
            if r.title:
                return f"{r.title}，扣{lost}"
            assert o.shortfall is not None and o.counted is not None
            rate = Fraction(o.value)
            shown = format_percent(rate)
            if shown == format_percent(Fraction(r.full_at or 0)):
                shown = format_percent(rate, 4)
            figs = self.figures(r.expr)
            full_at = format_number(Fraction(r.full_at or 0) * 100)
            text = (
                f"{leaf.node.title}{shown}（{figs}），低于{full_at}%，"
                f"差{format_number(o.shortfall)}个百分点"
            )
            if o.counted != o.shortfall:
                text += f"，按{format_number(o.counted)}个百分点计"
            text += f"，每个百分点扣{format_number(Fraction(r.per_point_below or 0))}分，扣{lost}"
            if Fraction(r.per_point_below or 0) * o.counted > Fraction(r.points or 0):
                # 50 points short at 0.5 a point is 25, but the rule has only 15 to lose.
                text += "（扣完为止）"
            return text
        if r.kind == "per_case":
            assert r.expr is not None
            cases = max(ZERO, Fraction(o.value or 0))
            text = r.title or (
                f"{self.quantity(r.expr, cases)}，每例扣{format_number(Fraction(r.deduct or 0))}分"
            )
            if o.capped:
                text += f"，最多扣{format_number(Fraction(r.cap or 0))}分"
            return f"{text}，扣{lost}"
        if r.kind == "check":
            assert r.expr is not None
            if r.title:
                return f"未达到“{r.title}”，扣{lost}"
            return f"{self.condition(r.expr, False)}，未得{lost}"
        if r.kind == "deduct_if":
            assert r.expr is not None
            return f"{r.title or self.condition(r.expr, True)}，扣{lost}"
        # manual
        typed = self.manual_reasons.get(leaf.node.path, "").strip()
        if typed:
            return f"人工扣分：{typed}，扣{lost}"
        reason = r.title or (f"人工扣分：{r.note}" if r.note else "人工扣分")
        return f"{reason}，扣{lost}"

    def adjustment(self, a: AdjustmentOutcome) -> str:
        adj = a.adjustment
        if adj.kind == "per_case":
            cases = max(ZERO, Fraction(a.value or 0))
            each = format_number(Fraction(adj.deduct or 0))
            text = f"{adj.title}：{self.quantity(adj.expr, cases)}，每例扣{each}分"
            if (
                adj.cap is not None
                and a.points >= Fraction(adj.cap)
                and a.points < Fraction(adj.deduct or 0) * cases
            ):
                text += f"，最多扣{format_number(Fraction(adj.cap))}分"
            return f"{text}，扣{_pts(a.points)}"
        if adj.kind == "deduct_if":
            return f"{adj.title}，扣{_pts(a.points)}"
        if adj.kind == "check":
            return f"{adj.title}，加{_pts(a.points)}"
        return f"一票否决：{adj.title}，总分计为0分"
