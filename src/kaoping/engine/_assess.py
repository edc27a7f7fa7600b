"""Assessing every period of a frame: checks, exact scores, ranks, consequences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import polars as pl

from ._consequences import ConsequenceProblem, FirstMeeting, HolderLookup, Ledger
from ._evaluate import UnitEvaluation, evaluate_unit
from ._explain import explain
from ._expr import prev_column
from ._format import format_number, to_decimal
from ._model import Rubric
from ._periods import Period, PeriodError
from ._ranking import rank_periods
from ._results import Assessment, PeriodResult, UnitResult
from ._scoring import DECIMAL, compile_condition, prepare_frame

__all__ = ["AssessmentError", "CheckViolation", "assess", "check_data"]


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


def check_data(rubric: Rubric, frame: pl.DataFrame) -> list[CheckViolation]:
    """Apply every check to every unit and period; all violations, in data order.

    A check whose figure is undefined (a division by 0) is a violation too.
    """
    if not rubric.checks:
        return []
    df = prepare_frame(rubric, frame)
    out: list[CheckViolation] = []
    for check in rubric.checks:
        names = list(dict.fromkeys(check.rule.columns()))
        bad = df.filter(compile_condition(check.rule).fill_null(False).not_())
        for row in bad.select("unit", "period", *names).iter_rows(named=True):
            values = {n: row[n] for n in names}
            out.append(CheckViolation(str(row["unit"]), str(row["period"]), check.message, values))
    return out


def _env(row: Mapping[str, object], codes: list[str]) -> dict[str, Fraction]:
    env: dict[str, Fraction] = {}
    for code in codes:
        v = row[code]
        if v is None:
            raise AssessmentError(
                [CheckViolation(str(row["unit"]), str(row["period"]), f"no value for {code}")]
            )
        assert isinstance(v, Decimal | int)
        env[code] = Fraction(v)
    return env


def assess(
    rubric: Rubric,
    frame: pl.DataFrame,
    people: HolderLookup | None = None,
    first_meeting: FirstMeeting | None = None,
    manual_reasons: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
) -> Assessment:
    """Score, rank and apply consequences for every period in ``frame``, in order.

    Raises :class:`AssessmentError` (and scores nothing) when any check fails or a
    figure cannot be scored. The numbers are exact (``Fraction``), shown as Decimal.
    ``first_meeting`` gives the day of a quarter's first township meeting, for
    follow-ups due ``at: next_quarter_first_meeting``. ``manual_reasons`` maps
    (unit, period) to {item path: the reason its assessor wrote}, which becomes the
    explanation of that manual deduction.
    """
    try:
        df = prepare_frame(rubric, frame)
    except KeyError as err:
        raise AssessmentError([CheckViolation("-", "-", str(err.args[0]))]) from None
    problems = check_data(rubric, df)
    prevs = [prev_column(c) for c in rubric.prev_elements()]
    codes = [
        c
        for c in dict.fromkeys([*rubric.data_elements(), *rubric.manual_columns, *prevs])
        if c in df.columns
    ]
    evaluations: dict[
        tuple[str, str], tuple[UnitEvaluation, dict[str, Fraction], dict[str, object]]
    ] = {}
    seen: set[tuple[str, str]] = set()
    for row in df.iter_rows(named=True):
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

    totals = pl.DataFrame(
        {
            "unit": [k[0] for k in evaluations],
            "period": [k[1] for k in evaluations],
            "total": [to_decimal(ev.total) for ev, _, _ in evaluations.values()],
            "vetoed": [ev.vetoed for ev, _, _ in evaluations.values()],
        },
        schema={"unit": pl.Utf8, "period": pl.Utf8, "total": DECIMAL, "vetoed": pl.Boolean},
    )
    ranked = rank_periods(totals, rubric.ranking) if len(totals) else totals

    periods: dict[Period, list[UnitResult]] = {}
    figures: dict[Period, dict[str, dict[str, Fraction]]] = {}
    for r in ranked.iter_rows(named=True) if len(totals) else []:
        ev, env, row = evaluations[(r["unit"], r["period"])]
        period = Period.parse(r["period"])
        reasons = (manual_reasons or {}).get((r["unit"], r["period"]))
        deductions, bonuses = explain(rubric, ev, env, reasons)
        area = row.get("area")
        name = row.get("name")
        figures.setdefault(period, {})[r["unit"]] = env
        periods.setdefault(period, []).append(
            UnitResult(
                unit=r["unit"],
                name=str(name) if name is not None else None,
                area=str(area) if area is not None else None,
                period=period,
                total=to_decimal(ev.total),
                rank=r["rank"],
                vetoed=ev.vetoed,
                group=r["group"],
                streak=r["streak"],
                group_rank=r["group_rank"],
                scores={p: to_decimal(s) for p, s in ev.scores.items()},
                deductions=deductions,
                bonuses=bonuses,
                values={k: to_decimal(v) for k, v in env.items()},
            )
        )
    # Consequences quarter by quarter: an ineligibility or a card given in one
    # quarter bears on the later ones.
    ledger = Ledger(rubric, people, first_meeting)
    results = []
    for period, units in sorted(periods.items()):
        try:
            warnings, warnings_zh = ledger.settle(period, units, figures[period])
        except ConsequenceProblem as err:
            raise AssessmentError([CheckViolation(err.unit, str(period), str(err))]) from None
        results.append(PeriodResult(period, units, warnings, warnings_zh))
    return Assessment(rubric, results)
