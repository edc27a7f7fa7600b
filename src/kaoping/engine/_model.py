"""The parsed rubric: an immutable tree the scorer walks. Built by ``_rubric.parse_rubric``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ._expr import Expr
from ._values import Element

__all__ = [
    "EFFECTS",
    "FOLLOW_UP_EFFECTS",
    "IMPLIED_EFFECTS",
    "ActionSpec",
    "Adjustment",
    "ByRank",
    "ByRole",
    "Check",
    "ConsequenceRule",
    "Node",
    "PerCase",
    "Ranking",
    "Rubric",
    "Rule",
]


def is_result_name(name: str) -> bool:
    """``total`` and ``items.<path>[.max]``: names a consequence condition reads from
    the unit's scores rather than from its figures."""
    return name == "total" or name.startswith("items.")


RULE_KINDS = ("rate", "per_case", "check", "deduct_if", "zero_if", "manual")
EARNING_KINDS = ("rate", "check")


@dataclass(frozen=True)
class Rule:
    """One rule of a leaf. Which fields are set depends on ``kind``."""

    kind: str  # one of RULE_KINDS
    expr: Expr | None  # None for manual
    title: str | None = None
    points: Decimal | None = None  # rate, check
    full_at: Decimal | None = None  # rate
    per_point_below: Decimal | None = None  # rate
    partial: str = "exact"  # rate: exact | floor | ceil
    if_undefined: str = "full"  # rate: full | zero
    deduct: Decimal | None = None  # per_case, deduct_if
    cap: Decimal | None = None  # per_case
    note: str | None = None  # manual
    line: int = 0

    @property
    def earns(self) -> bool:
        return self.kind in EARNING_KINDS


@dataclass(frozen=True)
class Node:
    id: str
    path: str
    title: str
    max: Decimal
    parts: tuple[Node, ...] = ()
    rules: tuple[Rule, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.parts

    @property
    def manual_column(self) -> str:
        return f"{self.path}.manual"

    @property
    def has_manual(self) -> bool:
        return any(r.kind == "manual" for r in self.rules)

    def walk(self) -> Iterator[Node]:
        yield self
        for p in self.parts:
            yield from p.walk()


@dataclass(frozen=True)
class Adjustment:
    id: str
    title: str
    kind: str  # per_case | deduct_if | check | veto
    expr: Expr
    deduct: Decimal | None = None
    bonus: Decimal | None = None
    cap: Decimal | None = None

    @property
    def path(self) -> str:
        return f"adjustments.{self.id}"


@dataclass(frozen=True)
class Check:
    rule: Expr
    message: str
    line: int = 0


@dataclass(frozen=True)
class Ranking:
    order: str = "desc"  # desc | asc
    ties: str = "shared"  # shared (1,2,2,4) | dense (1,2,2,3)
    top: int = 0
    bottom: int = 0
    boundary: str = "include_ties"  # include_ties | exclude_ties


@dataclass(frozen=True)
class ByRank:
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True)
class ByRole:
    amounts: Mapping[str, Decimal]


@dataclass(frozen=True)
class PerCase:
    """``amount: {per: EXPR, each: N, cap: M}``: N for each case EXPR counts, at most M."""

    expr: Expr
    each: Decimal
    cap: Decimal | None = None


#: What an action means to the program (RUBRIC.md §5.1); ``kind`` stays the words shown.
EFFECTS = (
    "commend", "criticize", "award", "fine", "yellow_card", "key_management", "ineligible",
    "unfit", "statement", "analysis_meeting", "recommend_dismissal", "rectify", "note",
)  # fmt: skip

#: The effect a kind implies when the action names none (the kind's text exactly, trimmed).
IMPLIED_EFFECTS = {
    "通报表扬": "commend",
    "通报批评": "criticize",
    "奖励": "award",
    "罚款": "fine",
    "黄牌警告": "yellow_card",
    "单列管理": "key_management",
    "取消评优资格": "ineligible",
    "年度考核不称职": "unfit",
    "表态发言": "statement",
    "召开分析会": "analysis_meeting",
    "建议解聘": "recommend_dismissal",
    "整改": "rectify",
}

#: Effects that open a follow-up with a due date.
FOLLOW_UP_EFFECTS = frozenset({"rectify", "statement", "analysis_meeting"})
#: Effects that pay or cost money: they need an amount, and no other effect may have one.
MONEY_EFFECTS = frozenset({"award", "fine"})
#: Effects an ``ineligible`` person or a vetoed unit does not receive.
WITHHELD_EFFECTS = frozenset({"commend", "award"})


@dataclass(frozen=True)
class ActionSpec:
    kind: str
    to: tuple[str, ...]  # "unit", "area" or role codes
    amount: Decimal | ByRank | ByRole | PerCase | None = None
    effect: str = "note"
    carry: str | None = None  # "next_year" (yellow_card, key_management)
    due_days: int | None = None  # follow-ups: days after the quarter's last day
    at: str | None = None  # follow-ups: "next_quarter_first_meeting"
    once_per: str | None = None  # "person"
    scope: str = "year"  # ineligible: "year" | "quarter"

    @property
    def is_follow_up(self) -> bool:
        return self.effect in FOLLOW_UP_EFFECTS


@dataclass(frozen=True)
class ConsequenceRule:
    """One rule of ``consequences``: on a group's streak (``streak``: the largest not
    above the unit's applies; ``min_streak``: every one at or below it applies too),
    or on a standard (``condition``, whatever the group)."""

    group: str | None  # top | bottom; None for a condition rule
    streak: int | None
    actions: tuple[ActionSpec, ...]
    min_streak: int | None = None
    condition: Expr | None = None
    line: int = 0

    @property
    def key(self) -> tuple[str, ...]:
        """What tells this rule apart from the others of a rubric (for comparisons)."""
        if self.condition is not None:
            return ("condition", str(self.condition))
        if self.min_streak is not None:
            return (self.group or "", "min_streak", str(self.min_streak))
        return (self.group or "", "streak", str(self.streak))


@dataclass(frozen=True)
class Annual:
    """How the year's result (年度考核) is formed: ``rule`` is ``mean_of_quarters`` or
    ``year_figures``; ``consequences`` are applied to the year's ranking."""

    rule: str
    consequences: tuple[ConsequenceRule, ...] = ()


@dataclass(frozen=True)
class Rubric:
    name: str
    total: Decimal
    items: tuple[Node, ...]
    elements: Mapping[str, Element] = field(default_factory=dict)
    checks: tuple[Check, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    bonus_cap: Decimal | None = None
    ranking: Ranking = field(default_factory=Ranking)
    consequences: tuple[ConsequenceRule, ...] = ()
    annual: Annual | None = None
    warnings: tuple[str, ...] = ()
    warnings_zh: tuple[str, ...] = ()
    filename: str = "<rubric>"

    def nodes(self) -> Iterator[Node]:
        """Every node, depth first, in the rubric's order."""
        for item in self.items:
            yield from item.walk()

    def leaves(self) -> Iterator[Node]:
        return (n for n in self.nodes() if n.is_leaf)

    def node(self, path: str) -> Node:
        for n in self.nodes():
            if n.path == path:
                return n
        raise KeyError(path)

    @property
    def manual_columns(self) -> tuple[str, ...]:
        return tuple(n.manual_column for n in self.leaves() if n.has_manual)

    def expressions(self) -> Iterator[Expr]:
        for n in self.leaves():
            for r in n.rules:
                if r.expr is not None:
                    yield r.expr
        for a in self.adjustments:
            yield a.expr
        for c in self.checks:
            yield c.rule

    def consequence_expressions(self) -> Iterator[Expr]:
        """Conditions and ``per`` amounts: they read figures, and ``total``/``items.*``."""
        for c in self.consequences:
            if c.condition is not None:
                yield c.condition
            for a in c.actions:
                if isinstance(a.amount, PerCase):
                    yield a.amount.expr

    def referenced_elements(self) -> tuple[str, ...]:
        """Element codes the rubric's expressions read, in first-use order."""
        seen: dict[str, None] = {}
        for e in self.expressions():
            for name in e.names():
                seen.setdefault(name, None)
        for e in self.consequence_expressions():
            for name in e.names():
                if not is_result_name(name):
                    seen.setdefault(name, None)
        return tuple(seen)

    def prev_elements(self) -> tuple[str, ...]:
        """Element codes read through ``prev()``, in first-use order."""
        seen: dict[str, None] = {}
        for e in (*self.expressions(), *self.consequence_expressions()):
            for name in e.prev_names():
                seen.setdefault(name, None)
        return tuple(seen)

    def data_elements(self) -> dict[str, Element]:
        """The elements a data file must provide: declared ones, or (when none are
        declared) every element the expressions read, typed ``number``."""
        if self.elements:
            return dict(self.elements)
        return {code: Element(code, code) for code in self.referenced_elements()}
