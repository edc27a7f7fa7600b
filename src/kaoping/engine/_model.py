"""The parsed rubric: an immutable tree the scorer walks. Built by ``_rubric.parse_rubric``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ._expr import Expr
from ._values import Element

__all__ = [
    "ActionSpec",
    "Adjustment",
    "ByRank",
    "ByRole",
    "Check",
    "ConsequenceRule",
    "Node",
    "Ranking",
    "Rubric",
    "Rule",
]

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
class ActionSpec:
    kind: str
    to: tuple[str, ...]
    amount: Decimal | ByRank | ByRole | None = None


@dataclass(frozen=True)
class ConsequenceRule:
    group: str  # top | bottom
    streak: int
    actions: tuple[ActionSpec, ...]


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

    def referenced_elements(self) -> tuple[str, ...]:
        """Element codes the rubric's expressions read, in first-use order."""
        seen: dict[str, None] = {}
        for e in self.expressions():
            for name in e.names():
                seen.setdefault(name, None)
        return tuple(seen)

    def data_elements(self) -> dict[str, Element]:
        """The elements a data file must provide: declared ones, or (when none are
        declared) every element the expressions read, typed ``number``."""
        if self.elements:
            return dict(self.elements)
        return {code: Element(code, code) for code in self.referenced_elements()}
