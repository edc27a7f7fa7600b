"""Every point lost, in a line of text with the figures behind it.

The lines of a leaf add up to what the leaf lost (``max - score``): when a leaf
is clamped at 0 (扣完为止) the last lines are reduced and say so. A parent's score
is ``min(max, sum of its parts' scores)``: where its parts' maxima add up to more
than its own, some of what they lose does not lower it, and :func:`absorbed_lines`
says how much in a line of its own (``Absorbed``), so that the lines under every
node add up to what it lost. Those lines stay out of ``deductions`` (RUBRIC.md §7
lists leaf losses); :func:`reading_order` puts them after the lines they absorb.

The lines are Chinese (``lang="zh"``, what the results, the CLI and the
documents carry) or English (``lang="en"``, for the web's English pages). Every
sentence is a whole entry of :data:`WORDING`, one per language, with named
places for its figures: a translation never assembles a sentence from the other
language's pieces. Only an expression read aloud (``甲加乙``, ``A plus B``) is
made of words, because a rubric's expressions are any the township wrote.
Labels and titles stay as the township wrote them: they are data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from ._evaluate import (
    ZERO,
    AdjustmentOutcome,
    LeafOutcome,
    RuleOutcome,
    UnitEvaluation,
    evaluate_unit,
    expr_figures,
    leaf_reads,
)
from ._expr import Expr
from ._format import format_number, format_percent, to_decimal
from ._model import Node, Rubric
from ._results import Absorbed, Deduction
from ._values import Element, ElementType

__all__ = [
    "EXPLAIN_LANGUAGES",
    "WORDING",
    "ExplainedLines",
    "absorbed_lines",
    "absorbed_text",
    "absorbed_text_zh",
    "explain",
    "explain_unit",
    "explain_units",
    "reading_order",
]

T = TypeVar("T")

EXPLAIN_LANGUAGES = ("zh", "en")

# The one home of the explanations' wording. Keys are the same in every language;
# tests/engine/test_explain_wording.py checks that, and that every place named in
# one language is named in the other.
WORDING: Mapping[str, Mapping[str, str]] = {
    "zh": {
        # figures
        "points": "{n}分",
        "point": "{n}分",
        "figure": "{label}{value}",
        "list": "，",
        "yes": "是",
        "no": "否",
        "manual": "人工扣分",
        # conditions
        "is_no": "{label}：否",
        "figure_is": "{label}为{value}（{asked}）",
        "should": "应{words}",
        "holds": "“{words}”成立（{figures}）",
        "fails": "“{words}”不成立（{figures}）",
        "quantity": "{words}为{value}（{figures}）",
        # an expression in words
        ">=": "{a}不低于{b}",
        "<=": "{a}不超过{b}",
        ">": "{a}大于{b}",
        "<": "{a}小于{b}",
        "==": "{a}等于{b}",
        "!=": "{a}不等于{b}",
        "+": "{a}加{b}",
        "-": "{a}减{b}",
        "*": "{a}乘以{b}",
        "/": "{a}除以{b}",
        "and": "{a}且{b}",
        "or": "{a}或{b}",
        "cmp_>=": "不低于{b}",
        "cmp_<=": "不超过{b}",
        "cmp_>": "大于{b}",
        "cmp_<": "小于{b}",
        "cmp_==": "等于{b}",
        "cmp_!=": "不等于{b}",
        "prev": "上季度{label}",
        "prev_month": "上月{label}",  # prev() of a month is the month before
        "neg": "负{x}",
        "not": "并非{x}",
        "abs": "{x}的绝对值",
        "if": "{a}时取{b}，否则取{c}",
        "min": "{items}中的较小者",
        "max": "{items}中的较大者",
        "items": "、",
        "bracket": "（{x}）",
        # the lines
        "bonus_capped": "{text}（加分合计以{cap}分为限）",
        "zeroed_untitled": "{condition}，该项不得分，扣{lost}",
        "titled": "{title}，扣{lost}",
        "clamped": "{text}（本项扣完为止，实扣{lost}）",
        "rules_below_max": "各项规则得分合计{earned}，低于本项满分{max}",
        "rate_no_denominator": "{title}无法计算（分母为0），按规则不得分，扣{lost}",
        "rate": (
            "{title}{rate}（{figures}），低于{full}%，差{short}个百分点，"
            "每个百分点扣{each}分，扣{lost}"
        ),
        "rate_counted": (
            "{title}{rate}（{figures}），低于{full}%，差{short}个百分点，"
            "按{counted}个百分点计，每个百分点扣{each}分，扣{lost}"
        ),
        "rate_all": (
            "{title}{rate}（{figures}），低于{full}%，差{short}个百分点，"
            "每个百分点扣{each}分，扣{lost}（扣完为止）"
        ),
        "rate_counted_all": (
            "{title}{rate}（{figures}），低于{full}%，差{short}个百分点，"
            "按{counted}个百分点计，每个百分点扣{each}分，扣{lost}（扣完为止）"
        ),
        "per_case": "{quantity}，每例扣{each}分，扣{lost}",
        "per_case_capped": "{quantity}，每例扣{each}分，最多扣{cap}分，扣{lost}",
        "titled_capped": "{title}，最多扣{cap}分，扣{lost}",
        "check_titled": "未达到“{title}”，扣{lost}",
        "check_untitled": "{condition}，未得{lost}",
        "manual_reason": "人工扣分：{reason}，扣{lost}",
        "manual_bare": "人工扣分，扣{lost}",
        "adjust_per_case": "{title}：{quantity}，每例扣{each}分，扣{lost}",
        "adjust_per_case_capped": "{title}：{quantity}，每例扣{each}分，最多扣{cap}分，扣{lost}",
        "bonus": "{title}，加{points}",
        "veto": "一票否决：{title}，总分计为0分",
        # a parent whose cap absorbs some of its parts' losses, or whose parts
        # are worth less than it
        "absorbed": "{title}封顶{max}分（各子项满分合计{parts}分），以上扣分中{points}分未影响本项得分",
        "parts_below_max": "{title}各子项满分合计{parts}分，低于本项满分{max}分，扣{points}分",
    },
    "en": {
        "points": "{n} points",
        "point": "{n} point",
        "figure": "{label} {value}",
        "list": ", ",
        "yes": "yes",
        "no": "no",
        "manual": "manual deduction",
        "is_no": "{label}: no",
        "figure_is": "{label} is {value} ({asked})",
        "should": "should be {words}",
        "holds": "“{words}” holds ({figures})",
        "fails": "“{words}” does not hold ({figures})",
        "quantity": "{words} is {value} ({figures})",
        ">=": "{a} at least {b}",
        "<=": "{a} at most {b}",
        ">": "{a} more than {b}",
        "<": "{a} less than {b}",
        "==": "{a} equal to {b}",
        "!=": "{a} not equal to {b}",
        "+": "{a} plus {b}",
        "-": "{a} minus {b}",
        "*": "{a} times {b}",
        "/": "{a} divided by {b}",
        "and": "{a} and {b}",
        "or": "{a} or {b}",
        "cmp_>=": "at least {b}",
        "cmp_<=": "at most {b}",
        "cmp_>": "more than {b}",
        "cmp_<": "less than {b}",
        "cmp_==": "equal to {b}",
        "cmp_!=": "not equal to {b}",
        "prev": "last quarter's {label}",
        "prev_month": "last month's {label}",
        "neg": "minus {x}",
        "not": "not {x}",
        "abs": "the absolute value of {x}",
        "if": "{b} if {a}, otherwise {c}",
        "min": "the smaller of {items}",
        "max": "the larger of {items}",
        "items": ", ",
        "bracket": "({x})",
        "bonus_capped": "{text} (bonuses count up to {cap} points in all)",
        "zeroed_untitled": "{condition}, so the item scores nothing: {lost} lost",
        "titled": "{title}: {lost} lost",
        "clamped": "{text} (the item cannot fall below 0: {lost} actually lost)",
        "rules_below_max": "the rules together earn {earned}, less than the item's maximum of {max}",
        "rate_no_denominator": (
            "{title} cannot be computed (the denominator is 0), so the rule gives no points: "
            "{lost} lost"
        ),
        "rate": (
            "{title} {rate} ({figures}), below {full}%: {short} percentage points short, "
            "{each} a percentage point, {lost} lost"
        ),
        "rate_counted": (
            "{title} {rate} ({figures}), below {full}%: {short} percentage points short, "
            "counted as {counted}, {each} a percentage point, {lost} lost"
        ),
        "rate_all": (
            "{title} {rate} ({figures}), below {full}%: {short} percentage points short, "
            "{each} a percentage point, {lost} lost (all the rule's points)"
        ),
        "rate_counted_all": (
            "{title} {rate} ({figures}), below {full}%: {short} percentage points short, "
            "counted as {counted}, {each} a percentage point, {lost} lost "
            "(all the rule's points)"
        ),
        "per_case": "{quantity}, {each} a case: {lost} lost",
        "per_case_capped": "{quantity}, {each} a case, at most {cap} points: {lost} lost",
        "titled_capped": "{title}, at most {cap} points: {lost} lost",
        "check_titled": "“{title}” not achieved: {lost} not earned",
        "check_untitled": "{condition}: {lost} not earned",
        "manual_reason": "manual deduction: {reason}, {lost} lost",
        "manual_bare": "manual deduction: {lost} lost",
        "adjust_per_case": "{title}: {quantity}, {each} a case: {lost} lost",
        "adjust_per_case_capped": (
            "{title}: {quantity}, {each} a case, at most {cap} points: {lost} lost"
        ),
        "bonus": "{title}: {points} added",
        "veto": "veto: {title}, the total counts as 0 points",
        "absorbed": (
            "{title} is capped at {max} points (its parts add up to {parts}): "
            "{points} of the points deducted above did not lower its score"
        ),
        "parts_below_max": (
            "{title}: its parts add up to {parts} points, less than its {max}: {points} points lost"
        ),
    },
}


def explain(
    rubric: Rubric,
    ev: UnitEvaluation,
    env: Mapping[str, Fraction],
    manual_reasons: Mapping[str, str] | None = None,
    lang: str = "zh",
    lines: ExplainedLines | None = None,
    kind: str = "Q",
) -> tuple[list[Deduction], list[Deduction]]:
    """(deductions, bonuses) of one unit's evaluation, worded in ``lang`` (one of
    :data:`EXPLAIN_LANGUAGES`). ``manual_reasons`` maps a manual item's path to the reason
    its assessor wrote, which then is the line's text: the village and the
    bulletin read why, not the rubric's generic note.

    ``lines``, shared by the units of one file (same rubric, same ``lang``), keeps
    each leaf's lines by the figures they depend on: a leaf that lost the same
    points on the same figures as an earlier unit's gets its lines, the same to the
    character, without its outcome worked out or its text formatted again.

    ``kind`` is the kind of the unit's period (``Period.kind``): ``prev(code)`` of
    a month (``M``) is worded as the month before's (上月), of any other period as
    the quarter before's (上季度)."""
    if lang not in WORDING:
        raise ValueError(f"no wording for language {lang!r} (have: {', '.join(EXPLAIN_LANGUAGES)})")
    reasons = manual_reasons or {}
    t = _Texts(rubric, env, reasons, _MONTH_WORDING[lang] if kind == "M" else WORDING[lang])
    deductions: list[Deduction] = []
    if lines is None:
        for path, leaf in ev.lost_leaves():
            deductions.extend(t.leaf(path, leaf))
    else:
        reads = leaf_reads(rubric)
        kept = lines.kept
        get = env.get
        for path in ev.lost_leaf_paths():
            key = (path, kind, reasons.get(path), *[get(c) for c in reads[path]])
            found = kept.get(key)
            if found is None:
                if len(kept) >= lines.limit:
                    kept.clear()
                found = kept[key] = tuple(t.leaf(path, ev.leaves[path]))
            deductions.extend(found)
    bonuses: list[Deduction] = []
    for a in ev.fired_adjustments():
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
            t.say("bonus_capped", text=last.text, cap=format_number(ev.bonus)),
        )
    return deductions, bonuses


# A month's words: prev(code) is the month before's.
_MONTH_WORDING = {lang: {**w, "prev": w["prev_month"]} for lang, w in WORDING.items()}


class ExplainedLines:
    """Leaf lines already made for the units of one file (see :func:`explain`)."""

    __slots__ = ("kept", "limit")

    def __init__(self, limit: int = 200_000) -> None:
        self.kept: dict[tuple[object, ...], tuple[Deduction, ...]] = {}
        self.limit = limit


def explain_unit(
    rubric: Rubric,
    env: Mapping[str, Fraction],
    manual_reasons: Mapping[str, str] | None = None,
    lang: str = "zh",
    kind: str = "Q",
) -> tuple[list[Deduction], list[Deduction]]:
    """One unit's figures scored and explained in ``lang``: the same lines (paths,
    points) as :func:`assess` gave, worded for another reader (the web's English
    pages word a stored result again rather than store it twice). ``kind``: the
    period's, as for :func:`explain`."""
    return explain(rubric, evaluate_unit(rubric, env), env, manual_reasons, lang, kind=kind)


def explain_units(
    rubric: Rubric,
    units: Iterable[tuple[Mapping[str, Fraction], Mapping[str, str] | None]],
    lang: str = "zh",
    kind: str = "Q",
) -> list[tuple[list[Deduction], list[Deduction]]]:
    """:func:`explain_unit` of many units of one period kind (each its figures and its
    assessors' reasons) at once, in order: a leaf's lines made for one unit are the
    next one's when it lost the same points on the same figures (one
    :class:`ExplainedLines` for all)."""
    lines = ExplainedLines()
    return [
        explain(rubric, evaluate_unit(rubric, env), env, reasons, lang, lines, kind)
        for env, reasons in units
    ]


def absorbed_text(
    title: str, maximum: Decimal, parts_max: Decimal, points: Decimal, lang: str = "zh"
) -> str:
    """The line of a parent whose score is not the sum of its parts' (see
    ``Absorbed``), in ``lang``."""
    w = WORDING[lang]
    if points > 0:
        return w["absorbed"].format(
            title=title,
            max=format_number(maximum),
            parts=format_number(parts_max),
            points=format_number(points),
        )
    return w["parts_below_max"].format(
        title=title,
        max=format_number(maximum),
        parts=format_number(parts_max),
        points=format_number(-points),
    )


def absorbed_text_zh(title: str, maximum: Decimal, parts_max: Decimal, points: Decimal) -> str:
    """The Chinese line of :func:`absorbed_text` (the results', the documents')."""
    return absorbed_text(title, maximum, parts_max, points, "zh")


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


_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "==": "==", "!=": "!="}
_COMPARISONS = frozenset(_FLIPPED)


@functools.cache
def _fraction(d: Decimal) -> Fraction:
    """A rubric's figure (a node's max) as a fraction, made once per value."""
    return Fraction(d)


class _Texts:
    def __init__(
        self,
        rubric: Rubric,
        env: Mapping[str, Fraction],
        manual_reasons: Mapping[str, str],
        wording: Mapping[str, str],
    ) -> None:
        self.rubric, self.env, self.manual_reasons = rubric, env, manual_reasons
        self.elements: Mapping[str, Element] = rubric.elements
        self.w = wording

    def say(self, key: str, **places: str) -> str:
        return self.w[key].format(**places)

    def pts(self, v: Fraction) -> str:
        n = format_number(v)
        return self.say("point" if n == "1" else "points", n=n)

    # --- figures ---------------------------------------------------------------

    def label(self, code: str) -> str:
        e = self.elements.get(code)
        if e is not None:
            return e.label
        if code.endswith(".manual"):
            return self.w["manual"]
        return code

    def value(self, code: str, v: Fraction) -> str:
        e = self.elements.get(code)
        if e is not None and e.type is ElementType.BOOL:
            return self.w["yes"] if v else self.w["no"]
        return format_number(v, 4)

    def figures(self, expr: Expr) -> str:
        figs = expr_figures(expr, self.env)
        return self.w["list"].join(
            self.say("figure", label=self.label(k), value=self.value(k, v)) for k, v in figs.items()
        )

    def condition(self, expr: Expr, holds: bool) -> str:
        """A condition in words: ``记录过于简单笼统``, ``应参加人员全部到位：否``, or the
        expression with its figures."""
        if expr.op == "name":
            code = str(expr.value)
            e = self.elements.get(code)
            if e is not None and e.type is ElementType.BOOL:
                return e.label if holds else self.say("is_no", label=e.label)
        if expr.op == "not" and expr.args[0].op == "name":
            code = str(expr.args[0].value)
            e = self.elements.get(code)
            if e is not None and e.type is ElementType.BOOL:
                return self.say("is_no", label=e.label) if holds else e.label
        simple = self._figure_against_number(expr)
        if simple is not None:
            # 迁出无交接回执例数为1（应等于0）: the figure, then what was asked of it.
            code, words = simple
            v = self.env.get(code)
            if v is not None:
                asked = self.say("should", words=words) if not holds else words
                return self.say(
                    "figure_is", label=self.label(code), value=self.value(code, v), asked=asked
                )
        return self.say(
            "holds" if holds else "fails", words=self.words(expr), figures=self.figures(expr)
        )

    def quantity(self, expr: Expr, v: Fraction) -> str:
        if expr.op == "name":
            return self.say("figure", label=self.label(str(expr.value)), value=format_number(v, 4))
        return self.say(
            "quantity",
            words=self.words(expr),
            value=format_number(v, 4),
            figures=self.figures(expr),
        )

    # --- an expression in words: a clerk reads labels, never codes --------------

    def _figure_against_number(self, expr: Expr) -> tuple[str, str] | None:
        """(code, "不低于1") for ``code >= 1`` or ``1 <= code``; None otherwise."""
        if expr.op not in _COMPARISONS or len(expr.args) != 2:
            return None
        a, b = expr.args
        if a.op == "name" and b.op == "num":
            return str(a.value), self.say(f"cmp_{expr.op}", b=self.words(b))
        if a.op == "num" and b.op == "name":
            return str(b.value), self.say(f"cmp_{_FLIPPED[expr.op]}", b=self.words(a))
        return None

    def words(self, e: Expr) -> str:
        if e.op == "num":
            return format_number(Fraction(str(e.value)), 4)
        if e.op == "name":
            return self.label(str(e.value))
        if e.op == "prev":
            return self.say("prev", label=self.label(str(e.value)))
        if e.op in ("neg", "not"):
            return self.say(e.op, x=self._part(e.args[0]))
        if e.op == "call":
            args = [self.words(a) for a in e.args]
            if e.value == "abs":
                return self.say("abs", x=self._part(e.args[0]))
            if e.value == "if":
                return self.say("if", a=args[0], b=args[1], c=args[2])
            which = "min" if e.value == "min" else "max"
            return self.say(which, items=self.w["items"].join(args)) if len(args) > 1 else args[0]
        a, b = e.args
        return self.say(e.op, a=self._part(a), b=self._part(b))

    def _part(self, e: Expr) -> str:
        # A compound operand in brackets, so that 甲加乙除以丙 cannot be misread.
        text = self.words(e)
        return text if e.op in ("num", "name", "prev", "call") else self.say("bracket", x=text)

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
            if o.rule.title:
                text = self.say("titled", title=o.rule.title, lost=self.pts(remaining))
            else:
                text = self.say(
                    "zeroed_untitled",
                    condition=self.condition(o.rule.expr, True),
                    lost=self.pts(remaining),
                )
            return [Deduction(path, lost, text)]
        out: list[Deduction] = []
        for o in leaf.rules:
            nominal = o.lost
            if nominal <= 0:
                continue
            effective = min(nominal, remaining)
            text = self.rule(leaf, o)
            if effective < nominal:
                text = self.say("clamped", text=text, lost=self.pts(effective))
            out.append(Deduction(path, to_decimal(effective), text))
            remaining -= effective
        if remaining > 0:
            earned = leaf.score
            out.append(
                Deduction(
                    path,
                    to_decimal(remaining),
                    self.say(
                        "rules_below_max",
                        earned=self.pts(earned),
                        max=self.pts(Fraction(leaf.node.max)),
                    ),
                )
            )
        return out

    def rule(self, leaf: LeafOutcome, o: RuleOutcome) -> str:
        r = o.rule
        lost = self.pts(o.lost)
        if r.kind == "rate":
            assert r.expr is not None
            if o.value is None:
                return self.say("rate_no_denominator", title=r.title or leaf.node.title, lost=lost)
            if r.title:
                return self.say("titled", title=r.title, lost=lost)
            assert o.shortfall is not None and o.counted is not None
            rate = Fraction(o.value)
            shown = format_percent(rate)
            if shown == format_percent(Fraction(r.full_at or 0)):
                shown = format_percent(rate, 4)
            each = Fraction(r.per_point_below or 0)
            # 50 points short at 0.5 a point is 25, but the rule has only 15 to lose.
            everything = each * o.counted > Fraction(r.points or 0)
            key = "rate_counted" if o.counted != o.shortfall else "rate"
            return self.say(
                f"{key}_all" if everything else key,
                title=leaf.node.title,
                rate=shown,
                figures=self.figures(r.expr),
                full=format_number(Fraction(r.full_at or 0) * 100),
                short=format_number(o.shortfall),
                counted=format_number(o.counted),
                each=format_number(each),
                lost=lost,
            )
        if r.kind == "per_case":
            assert r.expr is not None
            cap = format_number(Fraction(r.cap or 0))
            if r.title:
                if o.capped:
                    return self.say("titled_capped", title=r.title, cap=cap, lost=lost)
                return self.say("titled", title=r.title, lost=lost)
            cases = max(ZERO, Fraction(o.value or 0))
            places = {
                "quantity": self.quantity(r.expr, cases),
                "each": format_number(Fraction(r.deduct or 0)),
                "lost": lost,
            }
            if o.capped:
                return self.say("per_case_capped", cap=cap, **places)
            return self.say("per_case", **places)
        if r.kind == "check":
            assert r.expr is not None
            if r.title:
                return self.say("check_titled", title=r.title, lost=lost)
            return self.say("check_untitled", condition=self.condition(r.expr, False), lost=lost)
        if r.kind == "deduct_if":
            assert r.expr is not None
            return self.say("titled", title=r.title or self.condition(r.expr, True), lost=lost)
        # manual
        typed = self.manual_reasons.get(leaf.node.path, "").strip()
        if typed:
            return self.say("manual_reason", reason=typed, lost=lost)
        if r.title:
            return self.say("titled", title=r.title, lost=lost)
        if r.note:
            return self.say("manual_reason", reason=r.note, lost=lost)
        return self.say("manual_bare", lost=lost)

    def adjustment(self, a: AdjustmentOutcome) -> str:
        adj = a.adjustment
        if adj.kind == "per_case":
            cases = max(ZERO, Fraction(a.value or 0))
            places = {
                "title": adj.title,
                "quantity": self.quantity(adj.expr, cases),
                "each": format_number(Fraction(adj.deduct or 0)),
                "lost": self.pts(a.points),
            }
            if (
                adj.cap is not None
                and a.points >= Fraction(adj.cap)
                and a.points < Fraction(adj.deduct or 0) * cases
            ):
                return self.say(
                    "adjust_per_case_capped", cap=format_number(Fraction(adj.cap)), **places
                )
            return self.say("adjust_per_case", **places)
        if adj.kind == "deduct_if":
            return self.say("titled", title=adj.title, lost=self.pts(a.points))
        if adj.kind == "check":
            return self.say("bonus", title=adj.title, points=self.pts(a.points))
        return self.say("veto", title=adj.title)
