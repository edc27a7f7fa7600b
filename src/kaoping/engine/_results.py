"""What an assessment returns: per unit and period, scores explained and ranked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ._periods import Period

if TYPE_CHECKING:
    from ._rubric import Rubric

__all__ = ["Action", "Assessment", "Deduction", "PeriodResult", "UnitResult"]


@dataclass(frozen=True)
class Deduction:
    """Points lost (or, in ``bonuses``, gained) at one place, with the reason in words.

    ``path`` is a node path (``service_day.attendance``) or ``adjustments.<id>``.
    The points of a leaf's deductions add up to what the leaf lost (``max - score``).
    """

    path: str
    points: Decimal
    text: str


@dataclass(frozen=True)
class Action:
    """A consequence: a commendation, award, fine or other measure."""

    kind: str
    to: str  # "unit" or a role code such as "service_worker"
    person: str | None
    amount: Decimal | None


@dataclass
class UnitResult:
    unit: str
    name: str | None
    area: str | None
    period: Period
    total: Decimal
    rank: int
    vetoed: bool
    group: str | None  # "top", "bottom" or None
    streak: int
    group_rank: int | None  # rank within the group: 1 is the best in top, the worst in bottom
    scores: dict[str, Decimal]  # every node path, in rubric order
    deductions: list[Deduction] = field(default_factory=list)
    bonuses: list[Deduction] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)  # the figures scored

    @property
    def display_name(self) -> str:
        return self.name or self.unit


@dataclass
class PeriodResult:
    period: Period
    units: list[UnitResult]  # rank order, ties by unit code

    def unit(self, code: str) -> UnitResult:
        for u in self.units:
            if u.unit == code:
                return u
        raise KeyError(code)

    def __iter__(self) -> Iterator[UnitResult]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)


@dataclass
class Assessment:
    """Every assessed period, in chronological order."""

    rubric: Rubric
    periods: list[PeriodResult]

    def period(self, period: Period | str) -> PeriodResult:
        p = Period.parse(period) if isinstance(period, str) else period
        for r in self.periods:
            if r.period == p:
                return r
        raise KeyError(str(p))

    @property
    def latest(self) -> PeriodResult:
        return self.periods[-1]
