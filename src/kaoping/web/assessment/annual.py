"""The year's result (年度考核) on the web: the engine's ``assess_years`` over a
township's four effective quarters, by the rubric's ``annual`` rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kaoping.engine import (
    Assessment as EngineAssessment,
)
from kaoping.engine import (
    Deduction,
    Period,
    PeriodResult,
    UnitResult,
    YearError,
    assess_years,
)

from . import services

__all__ = ["annual_result"]


def _unit(u: dict[str, Any], period: Period) -> UnitResult:
    def deductions(key: str) -> list[Deduction]:
        return [Deduction(d["path"], Decimal(d["points"]), d["text"]) for d in u.get(key, [])]

    return UnitResult(
        unit=u["unit"],
        name=u.get("name"),
        area=u.get("area"),
        period=period,
        total=Decimal(u["total"]),
        rank=u["rank"],
        vetoed=bool(u.get("vetoed")),
        group=u.get("group"),
        streak=u.get("streak", 0),
        group_rank=u.get("group_rank"),
        scores={k: Decimal(v) for k, v in u.get("scores", {}).items()},
        deductions=deductions("deductions"),
        bonuses=deductions("bonuses"),
        values={k: Decimal(v) for k, v in u.get("values", {}).items()},
    )


def annual_result(effective: list[Any], year: int) -> tuple[PeriodResult | None, str | None]:
    """The year's result from the year's effective assessments (the newest approved or
    published version of each quarter), and why there is none: a quarter not yet
    approved, a rubric without an ``annual`` rule, or a rule the web does not apply
    yet. The rubric is the fourth quarter's."""
    quarters = {a.period: a for a in effective if Period.parse(a.period).is_quarter}
    wanted = [str(q) for q in Period.whole_year(year).parts("Q")]
    if any(q not in quarters for q in wanted):
        return None, None
    rubric = services.parsed(quarters[wanted[-1]].rubric)
    if rubric.annual is None:
        return None, None
    if rubric.annual.rule != "mean_of_quarters":
        return None, "year_figures"
    periods = [
        PeriodResult(
            Period.parse(q),
            [_unit(u, Period.parse(q)) for u in quarters[q].results.get("units", [])],
        )
        for q in wanted
    ]
    try:
        years = assess_years(rubric, EngineAssessment(rubric, periods))
    except (YearError, KeyError):
        # A unit missing from a quarter, or a rubric whose items changed during the year.
        return None, "incomplete"
    return (years.periods[0] if years.periods else None), None
