"""The year (年度考核): an annual result from the four quarters, ranked, with the
rubric's ``annual.consequences`` (docs/rubric.md "The year")."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ._checks import AssessmentError, CheckViolation
from ._consequences import ConsequenceProblem, FirstMeeting, HolderLookup, Ledger
from ._figures import Figures, rank_rows
from ._levels import LevelProblem, over_periods, over_time_rule
from ._model import Rubric
from ._periods import Period
from ._results import Assessment, Deduction, PeriodResult, UnitResult

__all__ = ["YearError", "assess_years", "over_quarters"]


class YearError(ValueError):
    """A year that cannot be assessed: its quarters or units missing, or figures that
    do not add up over the year. ``problems`` say which, in English and Chinese."""

    def __init__(self, problems: list[LevelProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def assess_years(
    rubric: Rubric,
    quarterly: Assessment,
    rows: Sequence[Mapping[str, Any]] = (),
    columns: Sequence[str] = (),
    people: HolderLookup | None = None,
    first_meeting: FirstMeeting | None = None,
) -> Assessment:
    """Every year of ``quarterly`` whose four quarters were all assessed (a year still
    under way has no result, and is no error), by the rubric's
    ``annual.rule``, ranked by its ``ranking``, streaks counted over years, and with
    its ``annual.consequences`` applied year by year.

    ``mean_of_quarters``: a unit's total and every item score are the means of its
    four quarterly ones (exact: a quarter of a sum of decimals); a unit vetoed in any
    quarter is vetoed for the year. ``year_figures``: the rubric scores the year's
    figures, gathered from the quarters' ``rows`` by each element's ``over_time``.

    Raises :class:`YearError` naming the year and the quarters or units missing, and
    :class:`AssessmentError` when the year's figures fail the rubric's checks.
    """
    if rubric.annual is None:
        raise YearError(
            [LevelProblem("-", "-", "the rubric has no annual rule", "细则没有年度考核规则")]
        )
    years = sorted({p.period.year for p in quarterly.periods if p.period.is_quarter})
    annual_rubric = dataclasses.replace(rubric, consequences=rubric.annual.consequences)
    if rubric.annual.rule == "year_figures":
        from ._assess import assess

        done = over_periods(rubric.data_elements(), rows, columns, "Y")
        if done.problems:
            raise YearError(list(done.problems))
        year_rows = Figures(tuple(columns), done.rows)
        return assess(annual_rubric, year_rows, people, first_meeting, vectorised=False)

    problems: list[LevelProblem] = []
    by_year: dict[int, dict[str, list[UnitResult]]] = {}
    for year in years:
        quarters = {p.period: p for p in quarterly.periods if p.period.year == year}
        wanted = Period.whole_year(year).parts("Q")
        if any(q not in quarters for q in wanted):
            continue  # not a whole year yet: no annual result, and no error
        units: dict[str, list[UnitResult]] = {}
        for q in wanted:
            for u in quarters[q].units:
                units.setdefault(u.unit, []).append(u)
        for code, of_unit in sorted(units.items()):
            if len(of_unit) < 4:
                have = {u.period for u in of_unit}
                missing = [q for q in wanted if q not in have]
                problems.append(
                    LevelProblem(
                        code,
                        str(year),
                        f"not assessed in {', '.join(str(q) for q in missing)}: no annual mean",
                        f"{'、'.join(q.label_zh() for q in missing)}没有考评，无法计算年度平均",
                    )
                )
        by_year[year] = units
    if problems:
        raise YearError(problems)

    results: list[UnitResult] = []
    for year, units in by_year.items():
        period = Period.whole_year(year)
        for _code, of_unit in sorted(units.items()):
            results.append(_mean(period, of_unit))
    ranked = rank_rows(
        [(u.unit, str(u.period), Fraction(u.total)) for u in results], rubric.ranking
    )
    at = {(u.unit, str(u.period)): u for u in results}
    periods: dict[Period, list[UnitResult]] = {}
    for r in ranked:
        u = at[(r.unit, r.period)]
        u.rank, u.group, u.group_rank, u.streak = r.rank, r.group, r.group_rank, r.streak
        periods.setdefault(u.period, []).append(u)
    ledger = Ledger(annual_rubric, people, first_meeting)
    out = []
    for period, units_of in sorted(periods.items()):
        # A condition reads the year's total and items, and the last quarter's figures.
        figures = {u.unit: {k: Fraction(v) for k, v in u.values.items()} for u in units_of}
        try:
            warnings, warnings_zh = ledger.settle(period, units_of, figures)
        except ConsequenceProblem as err:
            raise AssessmentError([CheckViolation(err.unit, str(period), str(err))]) from None
        out.append(PeriodResult(period, units_of, warnings, warnings_zh))
    return Assessment(annual_rubric, out)


def _mean(period: Period, quarters: list[UnitResult]) -> UnitResult:
    n = Decimal(len(quarters))  # four for a year, two for a half-year
    last = quarters[-1]
    deductions = [
        Deduction(d.path, d.points, f"{u.period.label_zh()}：{d.text}")
        for u in quarters
        for d in u.deductions
    ]
    bonuses = [
        Deduction(d.path, d.points, f"{u.period.label_zh()}：{d.text}")
        for u in quarters
        for d in u.bonuses
    ]
    absorbed = [
        dataclasses.replace(a, text=f"{u.period.label_zh()}：{a.text}")
        for u in quarters
        for a in u.absorbed
    ]
    return UnitResult(
        unit=last.unit,
        name=last.name,
        area=last.area,
        period=period,
        total=sum((u.total for u in quarters), Decimal(0)) / n,
        rank=0,
        vetoed=any(u.vetoed for u in quarters),
        group=None,
        streak=0,
        group_rank=None,
        scores={
            path: sum((u.scores[path] for u in quarters), Decimal(0)) / n for path in last.scores
        },
        deductions=deductions,
        bonuses=bonuses,
        absorbed=absorbed,
        values=dict(last.values),
    )


def over_quarters(
    rubric: Rubric,
    quarterly: Assessment,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    period: Period,
) -> Assessment:
    """A half-year's or a year's result for its summary, and the results of the
    periods it is compared with (the previous one, the same one last year) where all
    their quarters were assessed: what a 工作总结 of 2026H1 or 2026年度 reads.

    Scores come from the quarters' results, never from figures the quarters do not
    add up to: a year by the rubric's ``annual`` rule (``year_figures`` scores the
    year's figures, and then every element must add up over time), otherwise — a
    half-year, or a year without the rule or with ``mean_of_quarters`` — each unit's
    total and item scores are the means of its quarters' (exact). Ranked by the
    rubric's ``ranking``; no consequences are applied (that is assess_years's).

    The figures (``values``) are the quarters' ``rows`` formed by each element's
    ``over_time``: counts summed, stocks the last quarter's; an element that does not
    add up (a yes/no with ``over_time: none``) is left out of ``values``, and the
    quarters' results are kept in ``parts`` for what is said about it quarter by
    quarter. Raises :class:`YearError` naming a quarter or a unit missing from
    ``period`` itself (a comparison that cannot be formed is left out).
    """
    if not (period.is_half or period.is_year):
        raise YearError(
            [
                LevelProblem(
                    "-",
                    str(period),
                    "only a half-year or a year is formed from quarters",
                    "只有半年和年度由各季度汇总",
                )
            ]
        )
    elements = rubric.data_elements()
    by_period = {r.period: r for r in quarterly.periods}
    out: list[PeriodResult] = []
    for target in dict.fromkeys([period, period.previous(), period.same_period_last_year()]):
        try:
            out.append(_formed(rubric, elements, by_period, rows, columns, target))
        except YearError:
            if target == period:
                raise
    out.sort(key=lambda r: r.period)
    return Assessment(rubric, out)


def _formed(
    rubric: Rubric,
    elements: Mapping[str, Any],
    by_period: Mapping[Period, PeriodResult],
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    target: Period,
) -> PeriodResult:
    wanted = target.parts("Q")
    missing = [q for q in wanted if q not in by_period or not by_period[q].units]
    if missing:
        raise YearError(
            [
                LevelProblem(
                    "-",
                    str(target),
                    f"{', '.join(str(q) for q in missing)} not assessed",
                    f"{'、'.join(q.label_zh() for q in missing)}没有考评",
                )
            ]
        )
    parts = [by_period[q] for q in wanted]
    units: dict[str, list[UnitResult]] = {}
    for part in parts:
        for u in part.units:
            units.setdefault(u.unit, []).append(u)
    lacking = [
        LevelProblem(
            code,
            str(target),
            f"not assessed in {', '.join(str(q) for q in wanted if q not in have)}",
            f"{'、'.join(q.label_zh() for q in wanted if q not in have)}没有考评",
        )
        for code, of_unit in sorted(units.items())
        if len(have := {u.period for u in of_unit}) < len(wanted)
    ]
    if lacking:
        raise YearError(lacking)
    quarter_rows = [
        r for r in rows if _parsed(r.get("period")) in wanted and str(r["unit"]) in units
    ]
    done = over_periods(elements, quarter_rows, columns, target.kind)
    # A figure that does not add up over time is no problem here: it is said about
    # quarter by quarter; any other problem (a stock without its last quarter) is.
    unsummed = {c for c in columns if c in elements and over_time_rule(elements[c]) == "none"}
    unsummed |= {c for c in columns if c.endswith(".manual")}
    problems = [p for p in done.problems if "(over_time: none)" not in p.message]
    if problems:
        raise YearError(problems)
    figures = {
        str(r["unit"]): {
            c: Decimal(v.numerator) / Decimal(v.denominator) if isinstance(v, Fraction) else v
            for c, v in r.items()
            if c in elements and c not in unsummed and v is not None
        }
        for r in done.rows
    }
    if target.is_year and rubric.annual is not None and rubric.annual.rule == "year_figures":
        scored = _year_figures(rubric, quarter_rows, columns, target)
        results = [
            dataclasses.replace(u, values={**u.values, **figures.get(u.unit, {})})
            for u in scored.units
        ]
    else:
        results = []
        for code, of_unit in sorted(units.items()):
            u = _mean(target, of_unit)
            u.values = figures.get(code, {})
            results.append(u)
    ranked = rank_rows(
        [(u.unit, str(u.period), Fraction(u.total)) for u in results], rubric.ranking
    )
    at = {u.unit: u for u in results}
    ordered = []
    for r in ranked:
        u = at[r.unit]
        u.rank, u.group, u.group_rank, u.streak = r.rank, r.group, r.group_rank, 0
        ordered.append(u)
    return PeriodResult(target, ordered, parts=parts)


def _year_figures(
    rubric: Rubric, rows: Sequence[Mapping[str, Any]], columns: Sequence[str], target: Period
) -> PeriodResult:
    from ._assess import assess

    full = over_periods(rubric.data_elements(), rows, columns, "Y")
    if full.problems:
        raise YearError(list(full.problems))
    scored = assess(rubric, Figures(tuple(columns), full.rows), vectorised=False)
    return scored.period(target)


def _parsed(text: object) -> Period | None:
    from ._periods import PeriodError

    try:
        return Period.parse(str(text))
    except PeriodError:
        return None
