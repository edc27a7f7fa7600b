"""The scope, enforced (DESIGN.md, "Scope"): what a rubric, targets file or data set
may not name or ask.

Two refusals, each with the reason and the place:

- a text (a code, label, title, message, note, indicator…) naming a coercive
  family-planning measure. The words stand in one place only, the README's scope
  section, which the installed package carries as its description; they are read
  from there, and a package without them refuses to run rather than check nothing;
- a rubric rule that costs points as births rise (``per_case: births``,
  ``deduct_if: births > 30``, a ``zero_if`` or ``veto`` on births above a level);
- a target that sets a ceiling on births or a birth rate for a unit: a standard
  ``birth_rate`` or ``natural_growth_rate`` target with an upper bound, or an
  indicator whose numerator reads births (``births / population <= 0.012``,
  ``births <= 30``) with one. Demographic rates are statistics, never targets.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YNode

from ._expr import Expr, ExprError, parse_expr

__all__ = [
    "ScopeTerm",
    "birth_ceiling_problem",
    "births_in_numerator",
    "rubric_birth_caps",
    "scope_terms",
    "term_in",
    "term_problem",
    "yaml_scope_problems",
]

_BLOCK = re.compile(
    r"<!-- scope-terms: begin -->\s*```text\n(?P<body>.*?)```\s*<!-- scope-terms: end -->", re.S
)
_SECTION = re.compile(r"^\[(?P<en>[^|\]]+)\|(?P<zh>[^\]]+)\]$")
# Figures that count births: births, births_q2, newborns, birth_count…
_BIRTHS = re.compile(
    r"^(births?|newborns?)(_(count|total|number|num|q[1-4]|\d{4}|year|quarter|month))?$"
)
_UPPER = ("<=", "<")


@dataclass(frozen=True)
class ScopeTerm:
    term: str
    measure: str  # the measure it names, in English
    measure_zh: str
    source: str  # the pattern's text, flags inline

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source)


# An English term matches at the start of a word, in any case.
_WORD_START = r"(?<![a-z0-9])"


def _body(term: str) -> str:
    """An English term's pattern after the start of a word: a space in the term also
    matches "_", "-" and "."."""
    return r"[\s_.\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", term.lower()))


def _source(term: str) -> str:
    if term.isascii():
        return rf"(?i:{_WORD_START}{_body(term)})"
    return re.escape(term)


@cache
def _any_term() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """What finds whether a text names any listed term: one pattern for the English
    terms and the Chinese terms as plain text (their patterns are the text itself).
    A text is searched once, not once per term, and the terms' own patterns are
    compiled only for a text that names one: compiling a hundred patterns was a
    tenth of reading a rubric. The start of a word is asked once for all the English
    terms, not once each: a fifth of the time to compile (8 ms to 1.5 ms)."""
    terms = scope_terms()
    english = "|".join(_body(t.term) for t in terms if t.term.isascii())
    pattern = rf"(?i:{_WORD_START}(?:{english}))" if english else "(?!)"
    return re.compile(pattern), tuple(t.term for t in terms if not t.term.isascii())


@cache
def scope_terms() -> tuple[ScopeTerm, ...]:
    """The maintained list, from the README's scope section (the package's description)."""
    found = _BLOCK.search(_description())
    if found is None:
        raise RuntimeError(
            "kaoping's scope term list is missing from the package's description "
            "(README.md, section 范围 Scope); reinstall kaoping"
        )
    text = found["body"]
    out: list[ScopeTerm] = []
    measure = measure_zh = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _SECTION.match(line)
        if m:
            measure, measure_zh = m["en"].strip(), m["zh"].strip()
            continue
        if not measure:
            raise ValueError(
                f"README scope terms: a term before any [measure | 措施] line: {line!r}"
            )
        out.append(ScopeTerm(line, measure, measure_zh, _source(line)))
    return tuple(out)


def _description() -> str:
    """The package's description: the body of its METADATA, found on ``sys.path`` as
    ``importlib.metadata`` finds it. Read directly because importing
    ``importlib.metadata`` (and the ``email`` parser it brings) was a tenth of the
    command line's start-up; any other layout (an egg, a description header) goes
    the long way."""
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.startswith("kaoping-") and name.endswith(".dist-info"):
                try:
                    with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as f:
                        text = f.read()
                except OSError:
                    break
                _headers, blank, body = text.replace("\r\n", "\n").partition("\n\n")
                if blank and body.strip():
                    return body
                break
    from importlib import metadata

    return str(metadata.metadata("kaoping").json.get("description", ""))


def term_in(text: str) -> tuple[ScopeTerm, str] | None:
    """The first listed term ``text`` names, and the words of ``text`` that matched."""
    english, chinese = _any_term()
    # The Chinese terms are not ASCII: a text that is (a key, a figure's code, an
    # expression, a number: most of a rubric) names none of them.
    if english.search(text) is None and (
        text.isascii() or not any(term in text for term in chinese)
    ):
        return None
    for t in scope_terms():
        m = t.pattern.search(text)
        if m:
            return t, m.group(0)
    return None


def term_problem(text: str, where: str, where_zh: str | None = None) -> tuple[str, str] | None:
    """Why ``text`` (found at ``where``) is out of scope, in English and Chinese, or None."""
    found = term_in(text)
    if found is None:
        return None
    t, words = found
    return (
        f"{where}: {text!r} names {t.measure} ({words!r}); kaoping serves voluntary "
        "services only and refuses coercive family-planning measures",
        f"{where_zh or where}：“{text}”涉及{t.measure_zh}（“{words}”）；"
        "kaoping只服务于自愿的人口与家庭服务，不接受强制性计划生育措施",
    )


def yaml_scope_problems(root: YNode | None) -> Iterator[tuple[YNode, str, str]]:
    """Every key and value of a YAML tree that names a listed term, with its node."""
    stack: list[YNode] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            problem = term_problem(str(node.value), "out of scope", "超出服务范围")
            if problem is not None:
                yield node, problem[0], problem[1]
        elif isinstance(node, MappingNode):
            for k, v in reversed(node.value):
                stack.extend((v, k))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def births_in_numerator(expr: Expr) -> list[str]:
    """The figures counting births that ``expr`` reads outside any denominator."""
    found: list[str] = []

    def walk(e: Expr) -> None:
        if e.op == "name" and isinstance(e.value, str) and _BIRTHS.match(e.value):
            found.append(e.value)
        children = e.args[:1] if e.op == "/" else e.args
        for child in children:
            walk(child)

    walk(expr)
    return found


def birth_ceiling_problem(
    target: str, op: str, clause: str, standard: str | None, indicator: Expr | None
) -> tuple[str, str] | None:
    """Why a clause ``op`` of a target is a ceiling on births, or None."""
    if op not in _UPPER:
        return None
    if standard in ("birth_rate", "natural_growth_rate"):
        what = standard
    elif indicator is not None and births_in_numerator(indicator):
        what = ", ".join(dict.fromkeys(births_in_numerator(indicator)))
    else:
        return None
    return (
        f"target {target}: {clause} sets a ceiling on {what} for a unit; births and "
        "birth rates are statistics, never targets",
        f"目标 {target}：{clause} 为单位设定了{what}的上限；出生人数和出生率只作统计，不能作为目标",
    )


_PENALTIES = ("per_case", "deduct_if", "zero_if", "veto")


def _penalises_births(kind: str, expr: Expr) -> list[str]:
    if kind == "per_case":
        return births_in_numerator(expr)
    # Births above a fixed level; births compared with another figure
    # (births_reported_on_time < births) is a reporting check, not a cap.
    found: list[str] = []
    for e in expr.walk():
        if e.op in (">", ">=", "<", "<="):
            births, level = e.args if e.op in (">", ">=") else reversed(e.args)
            if not list(level.names()):
                found += births_in_numerator(births)
    return found


def rubric_birth_caps(root: YNode | None) -> Iterator[tuple[YNode, str, str]]:
    """Every rule or adjustment of a rubric tree that costs points as births rise."""
    stack: list[YNode] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if (
                    isinstance(k, ScalarNode)
                    and k.value in _PENALTIES
                    and isinstance(v, ScalarNode)
                ):
                    try:
                        expr = parse_expr(str(v.value))
                    except ExprError:
                        continue  # the rubric's own check reports it
                    births = _penalises_births(k.value, expr)
                    if births:
                        what = ", ".join(dict.fromkeys(births))
                        yield (
                            v,
                            f"{k.value} {v.value!r} costs points as {what} rise, a ceiling on "
                            "births; births are statistics, never targets",
                            f"{k.value}“{v.value}”随{what}增加而扣分，等于为出生设定上限；"
                            "出生只作统计，不能作为考核目标",
                        )
                stack.extend((k, v))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
