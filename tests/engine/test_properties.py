"""Invariants of scoring, on random figures for the shipped rubric (hypothesis)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoping.cli import default_rubric_text
from kaoping.engine import ElementType, assess, evaluate_unit, parse_rubric, score_frame
from kaoping.engine._format import to_decimal

RUBRIC = parse_rubric(default_rubric_text(), "default.yaml")
CASE_ELEMENTS = sorted(
    {
        str(r.expr.value)
        for n in RUBRIC.leaves()
        for r in n.rules
        if r.kind == "per_case" and r.expr is not None and r.expr.op == "name"
    }
    | {str(a.expr.value) for a in RUBRIC.adjustments if a.kind == "per_case"}
)


@st.composite
def unit_figures(draw: st.DrawFn) -> dict[str, Any]:
    """Figures that pass the rubric's checks."""
    row: dict[str, Any] = {}
    for code, e in RUBRIC.elements.items():
        if e.type is ElementType.BOOL:
            row[code] = draw(st.integers(0, 1))
        elif e.type is ElementType.NUMBER:
            row[code] = Fraction(draw(st.integers(0, 100)), 100)
        else:
            row[code] = draw(st.integers(0, 12))
    row["sd_invited"] = draw(st.integers(0, 150))
    row["sd_attended"] = draw(st.integers(0, row["sd_invited"]))
    row["sd_declined"] = draw(st.integers(0, row["sd_invited"] - row["sd_attended"]))
    row["births_reported_on_time"] = draw(st.integers(0, row["births"]))
    row["postpartum_visited"] = draw(st.integers(0, row["postpartum_due"]))
    row["other.manual"] = Fraction(draw(st.integers(0, 12)), 2)
    return row


def to_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    out = []
    for i, r in enumerate(rows):
        d = {
            k: Decimal(v.numerator) / Decimal(v.denominator)
            if isinstance(v, Fraction)
            else Decimal(v)
            for k, v in r.items()
        }
        out.append({"unit": f"V{i:03d}", "period": "2026Q3", **d})
    return pl.DataFrame(out)


def env(row: dict[str, Any]) -> dict[str, Fraction]:
    return {k: Fraction(v) for k, v in row.items()}


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(unit_figures(), min_size=1, max_size=12))
def test_the_vectorised_scorer_agrees_with_the_exact_one_to_the_last_digit(
    rows: list[dict[str, Any]],
) -> None:
    fast = score_frame(RUBRIC, to_frame(rows))
    for row, got in zip(rows, fast.iter_rows(named=True), strict=True):
        ev = evaluate_unit(RUBRIC, env(row))
        for path, exact in ev.scores.items():
            assert got[path] == to_decimal(exact), path
        assert got["total"] == to_decimal(ev.total)


@FAST
@given(unit_figures())
def test_every_score_is_within_zero_and_its_max(row: dict[str, Any]) -> None:
    ev = evaluate_unit(RUBRIC, env(row))
    for node in RUBRIC.nodes():
        assert 0 <= ev.scores[node.path] <= node.max
        if node.parts:
            assert ev.scores[node.path] <= sum(ev.scores[p.path] for p in node.parts)
    assert 0 <= ev.items_total <= RUBRIC.total


@FAST
@given(unit_figures(), st.sampled_from(CASE_ELEMENTS), st.integers(1, 5))
def test_more_cases_never_score_higher(row: dict[str, Any], code: str, more: int) -> None:
    before = evaluate_unit(RUBRIC, env(row)).total
    worse = dict(row, **{code: row[code] + more})
    assert evaluate_unit(RUBRIC, env(worse)).total <= before


@FAST
@given(unit_figures(), st.integers(1, 20))
def test_someone_invited_who_declines_changes_no_score(row: dict[str, Any], more: int) -> None:
    declined = dict(row, sd_invited=row["sd_invited"] + more, sd_declined=row["sd_declined"] + more)
    assert evaluate_unit(RUBRIC, env(declined)).total == evaluate_unit(RUBRIC, env(row)).total


@FAST
@given(unit_figures(), st.integers(1, 20))
def test_an_absence_turning_out_an_informed_decline_never_scores_lower(
    row: dict[str, Any], more: int
) -> None:
    absent = row["sd_invited"] - row["sd_attended"] - row["sd_declined"]
    moved = dict(row, sd_declined=row["sd_declined"] + min(more, absent))
    assert evaluate_unit(RUBRIC, env(moved)).total >= evaluate_unit(RUBRIC, env(row)).total


@FAST
@given(unit_figures(), st.integers(1, 20))
def test_more_attendance_never_scores_lower(row: dict[str, Any], more: int) -> None:
    better = dict(row, sd_invited=row["sd_invited"] + more, sd_attended=row["sd_attended"] + more)
    a, b = evaluate_unit(RUBRIC, env(row)), evaluate_unit(RUBRIC, env(better))
    assert b.scores["service_day.attendance"] >= a.scores["service_day.attendance"]


@FAST
@given(st.lists(unit_figures(), min_size=2, max_size=15))
def test_rank_order_agrees_with_totals(rows: list[dict[str, Any]]) -> None:
    units = assess(RUBRIC, to_frame(rows)).latest.units
    for a, b in itertools.pairwise(units):
        assert a.total >= b.total
        assert (a.rank == b.rank) == (a.total == b.total)
        if a.rank != b.rank:
            # shared ranking: the next rank is one more than the number of units above
            assert b.rank == units.index(b) + 1


@FAST
@given(unit_figures())
def test_a_leafs_deductions_add_up_to_what_it_lost(row: dict[str, Any]) -> None:
    u = assess(RUBRIC, to_frame([row])).latest.units[0]
    for leaf in RUBRIC.leaves():
        lost = sum((d.points for d in u.deductions if d.path == leaf.path), Decimal(0))
        assert abs(lost - (leaf.max - u.scores[leaf.path])) < Decimal("1e-15"), leaf.path
