"""What an assessment returns: per unit and period, scores explained and ranked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._periods import Period

if TYPE_CHECKING:
    from ._rubric import Rubric

__all__ = [
    "Absorbed",
    "Action",
    "Assessment",
    "Carried",
    "Deduction",
    "PeriodResult",
    "UnitResult",
]


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
class Absorbed:
    """A parent item whose loss is not the sum of its parts' losses (RUBRIC.md §3:
    its score is ``min(max, sum of its parts' scores)``), said in a line of its own
    so that the lines under every item add up to what it lost.

    ``points`` > 0: that many of the points its parts lost did not lower its score,
    because their maxima add up to more than its own (``parts_max`` > ``max``), and
    the sum of its parts' scores still reached ``max`` or came closer to it.
    ``points`` < 0: its parts' maxima add up to less than its own, so it lost that
    many more than its parts did. A reader's lines: every deduction's points, minus
    every ``Absorbed``'s points. ``text`` is the line in Chinese (a web page words
    it in its reader's language from the other fields).
    """

    path: str
    title: str
    max: Decimal
    parts_max: Decimal
    points: Decimal
    text: str


@dataclass(frozen=True)
class Action:
    """A consequence: a commendation, award, fine or other measure (RUBRIC.md §5, §5.1).

    ``withheld`` is ``"ineligible"`` or ``"veto"`` for a commendation or award the
    person does not receive (``amount`` then None); ``due`` is a follow-up's due
    date; ``from_units`` the units a ``once_per: person`` action came from.
    """

    kind: str
    to: str  # "unit", "area" or a role code such as "service_worker"
    person: str | None
    amount: Decimal | None
    effect: str = "note"
    withheld: str | None = None
    due: date | None = None
    from_units: tuple[str, ...] = ()
    once_per: bool = False
    carry: str | None = None  # "next_year": the unit's next year lists it under carried
    scope: str | None = None  # an ineligible's: "year" or "quarter"


@dataclass(frozen=True)
class Carried:
    """A yellow card or key management given last year with ``carry: next_year``."""

    year: int
    period: Period
    kind: str
    effect: str


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
    # Parents whose cap absorbed some of their parts' losses (kept out of
    # ``deductions``, whose JSON is RUBRIC.md §7's leaf losses only).
    absorbed: list[Absorbed] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)  # the figures scored
    carried: list[Carried] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name or self.unit


@dataclass
class PeriodResult:
    period: Period
    units: list[UnitResult]  # rank order, ties by unit code
    # Consequences that reached nobody (a role vacant on the quarter's last day).
    warnings: list[str] = field(default_factory=list)
    warnings_zh: list[str] = field(default_factory=list)
    # A half-year's or a year's result formed from its quarters (over_quarters):
    # the quarters' own results, for the figures that do not add up over time.
    parts: list[PeriodResult] = field(default_factory=list)
    #: The vectorised scorer's table the units were made from (``_bulk.score_all``),
    #: for writers that take the whole period at once (a province's CSV); None
    #: when the units were scored one by one.
    table: Any = field(default=None, repr=False, compare=False)

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
