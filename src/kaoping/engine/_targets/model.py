"""What a targets file holds once read: targets with their clauses, allocation
entries, and the errors of a bad file or of data a target cannot be judged on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .._expr import Expr
from .._periods import Period

__all__ = [
    "SCALES",
    "STANDARD",
    "STANDARD_COLUMNS",
    "AllocationSpec",
    "ClauseResult",
    "Comparison",
    "ShareClause",
    "Shortfall",
    "Target",
    "TargetDataError",
    "TargetNotFormed",
    "TargetResult",
    "Targets",
    "TargetsError",
]

STANDARD = ("birth_rate", "death_rate", "natural_growth_rate")
SCALES = ("percent", "permille", "number")
STANDARD_COLUMNS = ("births", "deaths", "population_start", "population_end")


class TargetsError(ValueError):
    """A targets file that breaks the format; ``problems`` are ``FILE:LINE:COLUMN:
    message``, ``problems_zh`` the same in Chinese."""

    def __init__(self, problems: Sequence[str], problems_zh: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)
        self.problems_zh = tuple(problems_zh)


class TargetDataError(ValueError):
    """Data a target cannot be evaluated on (a missing column, an unknown unit...)."""

    def __init__(self, problems: Sequence[str], problems_zh: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)
        self.problems_zh = tuple(problems_zh)


class TargetNotFormed(TargetDataError):
    """A target that reads an element the period's figures cannot hold: a half-year
    or a year formed from its quarters has no figure of an element that does not
    add up over periods (``over_time: none``, a yes/no's default). The command line
    refuses it with these words; the web shows the target as not judged, with the
    same words (:meth:`as_result`)."""

    def __init__(
        self,
        target: Target,
        period: Period | None,
        problems: Sequence[str],
        problems_zh: Sequence[str],
    ) -> None:
        super().__init__(problems, problems_zh)
        self.target = target
        self.period = period

    def as_result(self) -> TargetResult:
        """The target not judged in the period: no clauses, the reason kept."""
        return TargetResult(
            self.target, self.period, True, None, None, {}, {}, (),
            reason="; ".join(self.problems), reason_zh="；".join(self.problems_zh),
        )  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """``value op threshold``, e.g. ``>= 0.80``."""

    op: str  # >= > <= <
    threshold: Fraction
    source: str = ""

    def holds(self, value: Fraction) -> bool:
        t = self.threshold
        return {
            ">=": value >= t,
            ">": value > t,
            "<=": value <= t,
            "<": value < t,
        }[self.op]

    def gap(self, value: Fraction) -> Fraction:
        """How far ``value`` is from the threshold on the wrong side (0 at the
        threshold itself, where a strict comparison fails)."""
        return self.threshold - value if self.op in (">=", ">") else value - self.threshold


@dataclass(frozen=True)
class ShareClause:
    at_least: Fraction
    value: Comparison


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    indicator: Expr | None  # None for a standard indicator
    standard: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    scale: str = "percent"
    if_undefined: str = "exclude"
    periods: tuple[Period, ...] = ()
    every_unit: Comparison | None = None
    share_of_units: tuple[ShareClause, ...] = ()
    spot_checked_units: Comparison | None = None
    aim_spot_checked: Comparison | None = None
    line: int = 0

    @property
    def indicator_text(self) -> str:
        if self.indicator is not None:
            return str(self.indicator)
        assert self.standard is not None
        return self.standard

    def elements(self) -> tuple[str, ...]:
        """The data columns the target reads."""
        if self.indicator is not None:
            return tuple(dict.fromkeys(self.indicator.names()))
        assert self.standard is not None
        wanted = {
            "birth_rate": ("births", "population_start", "population_end"),
            "death_rate": ("deaths", "population_start", "population_end"),
            "natural_growth_rate": ("births", "deaths", "population_start", "population_end"),
        }[self.standard]
        return tuple(self.columns.get(k, k) for k in wanted)


@dataclass(frozen=True)
class AllocationSpec:
    name: str
    title: str
    total: int
    weights: Mapping[str, Fraction]
    floor: int = 0
    line: int = 0


@dataclass(frozen=True)
class Targets:
    targets: Mapping[str, Target]
    allocations: Mapping[str, AllocationSpec]
    filename: str = "<targets>"


# --- what evaluating a target gives ----------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """A unit below a clause's value. ``gap`` is in the indicator's own unit (a
    ratio for percent targets); ``gap_points`` in percentage points (percent),
    per-mille points (permille) or the number itself (number)."""

    unit: str
    name: str | None
    value: Fraction
    gap: Fraction
    gap_points: Fraction


@dataclass(frozen=True)
class ClauseResult:
    kind: str  # every_unit | share_of_units | spot_checked_units | aim_spot_checked
    comparison: Comparison
    share: Fraction | None  # share_of_units only
    required: bool  # False for the aim
    evaluated: bool  # False: spot checks without a list of spot-checked units, or no values
    met: bool | None  # None when not evaluated
    considered: int  # units the clause counts
    qualifying: int
    needed: int
    short: tuple[Shortfall, ...]  # units that do not reach the value, largest gap first
    undefined: tuple[str, ...]  # units with no value (left out, or failing under 'fail')
    text: str
    text_zh: str


@dataclass(frozen=True)
class TargetResult:
    target: Target
    period: Period | None
    applicable: bool  # False when the target's periods leave this period out
    basis: str | None  # "annual" / "annualised ..." for standard indicators
    basis_zh: str | None
    values: Mapping[str, Fraction | None]  # every unit's indicator, None undefined
    names: Mapping[str, str | None]
    clauses: tuple[ClauseResult, ...]
    # Why the target is not judged in this period (TargetNotFormed), then without clauses.
    reason: str | None = None
    reason_zh: str | None = None

    @property
    def met(self) -> bool | None:
        """True when every evaluated required clause is met; None when none was evaluated."""
        judged = [c.met for c in self.clauses if c.required and c.evaluated]
        if not judged:
            return None
        return all(judged)
