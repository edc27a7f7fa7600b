"""Assessing every period of a frame: checks, exact scores, ranks, consequences."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from ._checks import AssessmentError, CheckViolation, check_data
from ._consequences import ConsequenceProblem, FirstMeeting, HolderLookup, Ledger
from ._evaluate import UnitEvaluation, evaluate_unit
from ._explain import ExplainedLines, absorbed_lines, explain
from ._expr import prev_column
from ._figures import Figures, check_rows, prepare_rows, rank_rows
from ._format import to_decimal
from ._model import Rubric
from ._periods import Period, PeriodError
from ._results import Assessment, PeriodResult, UnitResult

if TYPE_CHECKING:
    import polars as pl

    from ._bulk import BulkUnits

__all__ = ["PER_UNIT_ROWS", "AssessmentError", "CheckViolation", "assess", "check_data"]

#: Rows ``assess`` scores unit by unit; above, the vectorised scorer is quicker than
#: its own start (a Polars import and a compiled plan cost more than a township).
PER_UNIT_ROWS = 1000


def _env(row: Mapping[str, Any], codes: list[str]) -> dict[str, Fraction]:
    env: dict[str, Fraction] = {}
    for code in codes:
        v = row[code]
        if v is None:
            raise AssessmentError(
                [CheckViolation(str(row["unit"]), str(row["period"]), f"no value for {code}")]
            )
        env[code] = v if v.__class__ is Fraction else Fraction(v)
    return env


def _prepared(
    rubric: Rubric, frame: pl.DataFrame | Figures
) -> tuple[list[Mapping[str, Any]], list[CheckViolation], set[str]]:
    """The rows with every figure and ``prev()`` column, the checks' violations and
    the columns present."""
    try:
        if isinstance(frame, Figures):
            rows = prepare_rows(rubric, frame)
            violations = [CheckViolation(*v) for v in check_rows(rubric, rows)]
            return list(rows), violations, set(rows[0]) if rows else set(frame.columns)
        from ._scoring import prepare_frame

        df = prepare_frame(rubric, frame)
    except KeyError as err:
        raise AssessmentError([CheckViolation("-", "-", str(err.args[0]))]) from None
    return list(df.iter_rows(named=True)), check_data(rubric, df), set(df.columns)


def _score_units(
    rubric: Rubric,
    frame: pl.DataFrame | Figures,
    manual_reasons: Mapping[tuple[str, str], Mapping[str, str]] | None,
) -> tuple[dict[Period, list[UnitResult]], dict[Period, Mapping[str, Mapping[str, Fraction]]]]:
    """Every unit's result by period, in rank order, scored one by one, and the
    figures the consequences read."""
    rows, problems, columns = _prepared(rubric, frame)
    prevs = [prev_column(c) for c in rubric.prev_elements()]
    codes = [
        c
        for c in dict.fromkeys([*rubric.data_elements(), *rubric.manual_columns, *prevs])
        if c in columns
    ]
    evaluations: dict[
        tuple[str, str], tuple[UnitEvaluation, dict[str, Fraction], Mapping[str, Any]]
    ] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        try:
            key = (str(row["unit"]), str(Period.parse(str(row["period"]))))
        except PeriodError as err:
            problems.append(CheckViolation(str(row["unit"]), str(row["period"]), str(err)))
            continue
        if key in seen:
            problems.append(CheckViolation(key[0], key[1], "the unit appears twice in this period"))
            continue
        seen.add(key)
        env = _env(row, codes)
        ev = evaluate_unit(rubric, env)
        for p in ev.problems:
            problems.append(CheckViolation(key[0], key[1], p))
        evaluations[key] = (ev, env, row)
    if problems:
        raise AssessmentError(problems)

    ranked = rank_rows(
        [(k[0], k[1], ev.total) for k, (ev, _, _) in evaluations.items()], rubric.ranking
    )

    decimals: dict[Fraction, Decimal] = {}  # figures repeat: each written once

    def shown(v: Fraction) -> Decimal:
        d = decimals.get(v)
        if d is None:
            d = decimals[v] = to_decimal(v)
        return d

    periods: dict[Period, list[UnitResult]] = {}
    figures: dict[Period, dict[str, Mapping[str, Fraction]]] = {}
    lines = ExplainedLines()
    for r in ranked:
        ev, env, row = evaluations[(r.unit, r.period)]
        period = Period.parse(r.period)
        reasons = (manual_reasons or {}).get((r.unit, r.period))
        deductions, bonuses = explain(rubric, ev, env, reasons, lines=lines, kind=period.kind)
        area = row.get("area")
        name = row.get("name")
        figures.setdefault(period, {})[r.unit] = env
        periods.setdefault(period, []).append(
            UnitResult(
                unit=r.unit,
                name=str(name) if name is not None else None,
                area=str(area) if area is not None else None,
                period=period,
                total=to_decimal(ev.total),
                rank=r.rank,
                vetoed=ev.vetoed,
                group=r.group,
                streak=r.streak,
                group_rank=r.group_rank,
                scores=(scores := {p: to_decimal(s) for p, s in ev.scores.items()}),
                deductions=deductions,
                bonuses=bonuses,
                absorbed=absorbed_lines(rubric, scores),
                values={k: shown(v) for k, v in env.items()},
            )
        )
    by_period: dict[Period, Mapping[str, Mapping[str, Fraction]]] = dict(figures)
    return periods, by_period


def assess(
    rubric: Rubric,
    frame: pl.DataFrame | Figures,
    people: HolderLookup | None = None,
    first_meeting: FirstMeeting | None = None,
    manual_reasons: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
    *,
    vectorised: bool | None = None,
) -> Assessment:
    """Score, rank and apply consequences for every period in ``frame``, in order.

    Raises :class:`AssessmentError` (and scores nothing) when any check fails or a
    figure cannot be scored. The numbers are exact (``Fraction``), shown as Decimal.
    ``first_meeting`` gives the day of a quarter's first township meeting, for
    follow-ups due ``at: next_quarter_first_meeting``. ``manual_reasons`` maps
    (unit, period) to {item path: the reason its assessor wrote}, which becomes the
    explanation of that manual deduction.

    Up to :data:`PER_UNIT_ROWS` rows are scored unit by unit with the exact
    evaluator, in plain Python; more with the vectorised exact scorer over the
    whole frame (``_bulk``), whose results are the same to the character
    (``vectorised`` forces one or the other, for tests and benchmarks).
    """
    if vectorised is None:
        vectorised = frame.height > PER_UNIT_ROWS
    if vectorised:
        from ._bulk import score_all

        whole = frame.to_frame() if isinstance(frame, Figures) else frame
        periods, figures, tables = score_all(rubric, whole, manual_reasons)
    else:
        periods, figures = _score_units(rubric, frame, manual_reasons)
        tables = {}
    # Consequences quarter by quarter: an ineligibility or a card given in one
    # quarter bears on the later ones.
    ledger = Ledger(rubric, people, first_meeting)
    conditional = any(c.condition is not None for c in rubric.consequences)
    results = []
    for period, units in sorted(periods.items()):
        # Without conditional rules only a unit in a group, or one holding a card to
        # carry, can be given or carry anything: the others of a vectorised
        # assessment are not even made (Ledger.settle leaves them as they are).
        acting = (
            cast("BulkUnits", units).where(
                grouped=True, units=[u for u, c in ledger.cards.items() if c]
            )
            if vectorised and not conditional
            else units
        )
        try:
            warnings, warnings_zh = ledger.settle(period, acting, figures[period])
        except ConsequenceProblem as err:
            raise AssessmentError([CheckViolation(err.unit, str(period), str(err))]) from None
        results.append(PeriodResult(period, units, warnings, warnings_zh, table=tables.get(period)))
    return Assessment(rubric, results)
