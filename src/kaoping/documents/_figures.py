"""Figures of a quarter, read off the rubric's rules and written as phrases.

Nothing here knows the demo rubric: a ``rate`` rule ``a / b`` becomes "b, a and
the rate" in the words of the elements' labels, a ``per_case`` count becomes a
total and the villages concerned, a yes/no element becomes how many villages
answered yes. Any rubric whose elements carry labels reads naturally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..engine import (
    Element,
    ElementType,
    Node,
    Period,
    PeriodResult,
    Rubric,
    Rule,
    UnitResult,
    format_number,
    format_percent,
)
from ._format import join_zh, round_pct
from ._level import words as level_words

__all__ = [
    "UNIT_WORD",
    "RatePair",
    "count_phrase",
    "element_of",
    "item_facts",
    "rate_pairs",
    "stem",
    "target_text",
]

UNIT_WORD = "村（居）"
# The most units a sentence names; the lowest come first, the rest are "等".
LISTED = 20

# The measure word a count label ends in: 应到人数 -> 应到490人.
_MEASURES = {
    "人数": "人",
    "例数": "例",
    "处数": "处",
    "项数": "项",
    "组数": "组",
    "件数": "件",
    "户数": "户",
    "次数": "次",
    "个数": "个",
    "份数": "份",
    "名数": "名",
}


def element_of(rubric: Rubric, code: str) -> Element:
    elements = rubric.data_elements()
    return elements.get(code) or Element(code, code)


def stem(label: str) -> str:
    """The label without its counting suffix: 缺席未回访人数 -> 缺席未回访."""
    for suffix in _MEASURES:
        if label.endswith(suffix) and len(label) > len(suffix):
            return label[: -len(suffix)]
    if label.endswith("数") and len(label) > 1:
        return label[:-1]
    return label


def count_phrase(label: str, value: Decimal, etype: ElementType = ElementType.COUNT) -> str:
    """``服务日应到490人``, ``本季度出生数为37``, ``发放金额1200元``."""
    if etype is ElementType.AMOUNT:
        return f"{label}{format_number(value)}元"
    shown = format_number(value)
    for suffix, measure in _MEASURES.items():
        if label.endswith(suffix) and len(label) > len(suffix):
            return f"{label[: -len(suffix)]}{shown}{measure}"
    return f"{label}为{shown}"


def of_period(label: str, period: Period) -> str:
    """A label written for the quarter (本季度出生数) said of the period summed:
    上半年出生数, 本年度出生数, 本月出生数; any other label as it is."""
    if not label.startswith("本季度") or period.is_quarter:
        return label
    if period.is_half:
        word = "上半年" if period.number == 1 else "下半年"
    else:
        word = "本年度" if period.is_year else "本月"
    return word + label[len("本季度") :]


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _total(result: PeriodResult, code: str) -> Decimal:
    return sum((u.values.get(code, Decimal(0)) for u in result.units), Decimal(0))


@dataclass(frozen=True)
class RatePair:
    """A ``rate: numerator / denominator`` rule of a leaf."""

    node: Node
    rule: Rule
    numerator: str
    denominator: str

    def name(self) -> str:
        """The rate's name: the leaf's title, with 率 added when it lacks one."""
        title = self.rule.title or self.node.title
        return title if title.endswith("率") else f"{title}率"

    def totals(self, result: PeriodResult) -> tuple[Decimal, Decimal]:
        return _total(result, self.numerator), _total(result, self.denominator)

    def pooled(self, result: PeriodResult) -> Fraction | None:
        """The township's rate: all numerators over all denominators."""
        num, den = self.totals(result)
        return None if den == 0 else Fraction(num) / Fraction(den)

    def unit_rate(self, u: UnitResult) -> Fraction | None:
        den = u.values.get(self.denominator, Decimal(0))
        if den == 0:
            return None
        return Fraction(u.values.get(self.numerator, Decimal(0))) / Fraction(den)


def rate_pairs(rubric: Rubric, under: Node | None = None) -> Iterator[RatePair]:
    nodes = under.walk() if under is not None else rubric.nodes()
    for n in nodes:
        for r in n.rules:
            e = r.expr
            if (
                r.kind == "rate"
                and e is not None
                and e.op == "/"
                and e.args[0].is_name
                and e.args[1].is_name
            ):
                yield RatePair(n, r, str(e.args[0].value), str(e.args[1].value))


def _threshold(full_at: Decimal) -> str:
    pct = round_pct(full_at)
    text = format(pct, "f")
    return (text[:-2] if text.endswith(".0") else text) + "%"


def target_text(pair: RatePair) -> str:
    assert pair.rule.full_at is not None
    if pair.rule.full_at >= 1:
        return f"{pair.name()}达到100%"
    return f"{pair.name()}达到{_threshold(pair.rule.full_at)}以上"


def _rate_sentence(rubric: Rubric, pair: RatePair, result: PeriodResult) -> list[str]:
    num, den = pair.totals(result)
    num_label = of_period(element_of(rubric, pair.numerator).display, result.period)
    den_label = of_period(element_of(rubric, pair.denominator).display, result.period)
    prefix = _common_prefix(den_label, num_label)
    name = pair.name()
    short_num = num_label[len(prefix) :] if prefix else num_label
    short_name = name[len(prefix) :] if prefix and name.startswith(prefix) else name
    rate = pair.pooled(result)
    if rate is None:
        return [f"{count_phrase(den_label, den)}，无法计算{name}。"]
    first = (
        f"{count_phrase(den_label, den)}，{count_phrase(short_num, num)}，"
        f"{short_name}{format_percent(rate)}。"
    )
    out = [first]
    if pair.rule.full_at is not None:
        rated = [(u, pair.unit_rate(u)) for u in result.units]
        defined = [(u, r) for u, r in rated if r is not None]
        met = [u for u, r in defined if r >= pair.rule.full_at]
        missed = [(u, r) for u, r in defined if r < pair.rule.full_at]
        missed.sort(key=lambda ur: (ur[1], ur[0].unit))
        sentence = f"{len(defined)}个{level_words().unit}中，{len(met)}个{target_text(pair)}"
        if missed:
            names = join_zh(f"{u.display_name}（{format_percent(r)}）" for u, r in missed[:LISTED])
            more = "等" if len(missed) > LISTED else ""
            sentence += f"，未达到的{len(missed)}个：{names}{more}"
        out.append(sentence + "。")
        undefined = len(rated) - len(defined)
        if undefined:
            out.append(f"另有{undefined}个{level_words().unit}{den_label}为0，不计算{name}。")
    return out


def _count_sentence(rubric: Rubric, code: str, result: PeriodResult) -> str:
    el = element_of(rubric, code)
    label = of_period(el.display, result.period)
    total = _total(result, code)
    if total == 0:
        return f"各{level_words().unit}均无{stem(label)}。"
    units = [u for u in result.units if u.values.get(code, Decimal(0)) != 0]
    return f"{count_phrase(label, total, el.type)}，涉及{len(units)}个{level_words().unit}。"


def _yes_count(result: PeriodResult, code: str) -> int:
    return sum(1 for u in result.units if u.values.get(code, Decimal(0)) != 0)


def _yes_phrase(k: int, phrase: str) -> str:
    return f"{k}个{phrase}" if k else f"没有{phrase}的"


def _bool_sentence(n: int, parts: list[str]) -> str:
    """Yes/no figures read together: ``21个村（居）中，20个例会按规范召开并记录，3个…``."""
    return f"{n}个{level_words().unit}中，{'，'.join(parts)}。"


def _quarter_word(p: Period) -> str:
    """第一季度 (the year is the summary's own)."""
    return p.label_zh()[len(f"{p.year}年") :]


def _by_quarter(result: PeriodResult, phrase: str, count: Callable[[PeriodResult], int]) -> str:
    """A yes/no figure of a half-year or a year, which does not add up over time,
    quarter by quarter: ``例会按规范召开并记录的第一季度20个、第二季度21个``."""
    return f"{phrase}的" + "、".join(f"{_quarter_word(q.period)}{count(q)}个" for q in result.parts)


def _named(e: object) -> str | None:
    """The element an expression is about when it is ``x``, ``not x``, ``x > 0``,
    ``x == 0`` or similar; ``None`` for anything more involved."""
    from ..engine import Expr

    assert isinstance(e, Expr)
    if e.is_name:
        return str(e.value)
    if e.op == "not" and e.args[0].is_name:
        return str(e.args[0].value)
    if e.op in (">", ">=", "==", "!=", "<", "<=") and e.args[0].is_name and e.args[1].op == "num":
        return str(e.args[0].value)
    return None


def item_facts(rubric: Rubric, item: Node, result: PeriodResult) -> list[str]:
    """Sentences about one top-level item: its figures, then the points scored.

    For a half-year or a year formed from its quarters (``result.parts``), a figure
    that does not add up over time (absent from every unit's values) is told
    quarter by quarter from the quarters' results."""
    sentences: list[str] = []
    seen: set[str] = set()
    yes_no: list[str] = []

    def flush() -> None:
        if yes_no:
            sentences.append(_bool_sentence(len(result.units), list(yes_no)))
            yes_no.clear()

    def by_quarters(code: str) -> bool:
        return bool(result.parts) and all(code not in u.values for u in result.units)

    for leaf in item.walk():
        for rule in leaf.rules:
            if rule.expr is None:
                continue
            if rule.kind == "rate":
                pair = next(
                    (p for p in rate_pairs(rubric, leaf) if p.rule is rule),
                    None,
                )
                if pair is not None and pair.numerator not in seen:
                    flush()
                    seen.update((pair.numerator, pair.denominator))
                    sentences.extend(_rate_sentence(rubric, pair, result))
                continue
            code = _named(rule.expr)
            if code is None or code in seen:
                continue
            seen.add(code)
            el = element_of(rubric, code)
            expr = rule.expr
            if el.type is ElementType.BOOL:
                if by_quarters(code):

                    def yes(r: PeriodResult, c: str = code) -> int:
                        return _yes_count(r, c)

                    yes_no.append(_by_quarter(result, el.display, yes))
                else:
                    yes_no.append(_yes_phrase(_yes_count(result, code), el.display))
                continue
            if el.type is ElementType.NUMBER and rule.kind == "check" and rule.title:

                def passing(r: PeriodResult, e: Any = expr) -> int:
                    return sum(1 for u in r.units if e.evaluate(_env(u)) is True)

                if by_quarters(code):
                    yes_no.append(_by_quarter(result, rule.title, passing))
                else:
                    yes_no.append(_yes_phrase(passing(result), rule.title))
                continue
            flush()
            if el.type in (ElementType.COUNT, ElementType.AMOUNT) or rule.kind == "per_case":
                if by_quarters(code):
                    sentences.extend(
                        f"{_quarter_word(q.period)}，{_count_sentence(rubric, code, q)}"
                        for q in result.parts
                    )
                else:
                    sentences.append(_count_sentence(rubric, code, result))
    flush()
    sentences.append(_score_sentence(item, result))
    return sentences


def _env(u: UnitResult) -> dict[str, Decimal]:
    return dict(u.values)


def _score_sentence(item: Node, result: PeriodResult) -> str:
    n = len(result.units)
    scores = [u.scores.get(item.path, Decimal(0)) for u in result.units]
    full = sum(1 for s in scores if s >= item.max)
    average = sum(scores, Decimal(0)) / n
    text = f"该项{level_words().whole}平均得分{format_number(average)}分（满分{format_number(item.max)}分），"
    if full == n:
        return text + f"各{level_words().unit}均得满分。"
    return text + f"{full}个{level_words().unit}得满分，{n - full}个{level_words().unit}失分。"
