"""Checks on the figures (RUBRIC.md §6) and what refuses an assessment, shared by
scoring unit by unit (``_assess``) and all at once (``_bulk``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ._figures import Figures, check_rows, prepare_rows
from ._format import format_number
from ._model import Rubric

if TYPE_CHECKING:
    import polars as pl

__all__ = ["AssessmentError", "CheckViolation", "check_data"]


@dataclass(frozen=True)
class CheckViolation:
    """A unit and period whose figures break a check or cannot be scored."""

    unit: str
    period: str
    message: str
    values: Mapping[str, Decimal] = field(default_factory=dict)

    def __str__(self) -> str:
        figs = ", ".join(f"{k}={format_number(v, 4)}" for k, v in self.values.items())
        return f"{self.unit} {self.period}: {self.message}" + (f" ({figs})" if figs else "")


class AssessmentError(ValueError):
    """Figures that fail the rubric's checks or cannot be scored; nothing is scored."""

    def __init__(self, violations: list[CheckViolation]) -> None:
        super().__init__("\n".join(str(v) for v in violations))
        self.violations = violations


def check_data(rubric: Rubric, frame: pl.DataFrame | Figures) -> list[CheckViolation]:
    """Apply every check to every unit and period; all violations, in data order.

    A check whose figure is undefined (a division by 0) is a violation too. Plain
    ``Figures`` are checked in exact arithmetic, without Polars.
    """
    if not rubric.checks:
        return []
    if isinstance(frame, Figures):
        return [CheckViolation(*v) for v in check_rows(rubric, prepare_rows(rubric, frame))]
    from ._scoring import compile_condition, prepare_frame

    df = prepare_frame(rubric, frame)
    out: list[CheckViolation] = []
    for check in rubric.checks:
        names = list(dict.fromkeys(check.rule.columns()))
        bad = df.filter(compile_condition(check.rule).fill_null(False).not_())
        for row in bad.select("unit", "period", *names).iter_rows(named=True):
            values = {n: row[n] for n in names}
            out.append(CheckViolation(str(row["unit"]), str(row["period"]), check.message, values))
    return out
