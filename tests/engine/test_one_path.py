"""Scoring unit by unit and scoring the whole frame at once (``assess`` picks by
size) give the same assessment to the character: totals, ranks, groups, streaks,
every score and figure as written, every explanation, every action, the JSON and
the refusals with their messages. Over the demo township, every case of the
conformance suite (run again with each of its assessments made both ways), random
figures on a rubric of every rule kind, and random quarters of the shipped rubric.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kaoping.engine
from kaoping import scoresheet
from kaoping.engine import Assessment, AssessmentError, assess

from .test_exact_scoring import EVERY_KIND, _frame, every_kind_figures
from .test_properties import RUBRIC, to_frame, unit_figures

HERE = Path(__file__).parent


def facts(a: Assessment) -> list[Any]:
    """Everything an assessment says, Decimals by their digits (``repr``)."""
    out: list[Any] = []
    for p in a.periods:
        out.append((str(p.period), p.warnings, p.warnings_zh))
        out.append(scoresheet.to_json(a.rubric, p))
        out.extend(repr(dataclasses.asdict(u)) for u in p.units)
    return out


def both_ways(rubric: Any, frame: Any, *args: Any, **kwargs: Any) -> Assessment:
    """Assess both ways; fail unless they agree (refusals included)."""
    outcomes: list[tuple[str, Any]] = []
    for vectorised in (False, True):
        try:
            outcomes.append(
                ("scored", assess(rubric, frame, *args, vectorised=vectorised, **kwargs))
            )
        except AssessmentError as err:
            outcomes.append(("refused", [str(v) for v in err.violations]))
    (kind, one), (kind2, other) = outcomes
    assert kind == kind2, outcomes
    if kind == "refused":
        assert one == other
        raise AssessmentError([])  # the caller's refusal is the per-unit one's
    assert facts(one) == facts(other)
    return one


def test_the_demo_township_scores_the_same_both_ways() -> None:
    from kaoping.demo import build_demo
    from kaoping.engine import People, parse_rubric

    township = build_demo()
    rubric = parse_rubric(township.rubric_text, "default.yaml")
    result = both_ways(rubric, township.frame, People(township.people))
    assert len(result.periods) == 4
    assert sum(len(p.units) for p in result.periods) == 84


class _Compare:
    """A pytest plugin: every ``assess`` the conformance suite makes, made both ways."""

    def __init__(self) -> None:
        self.calls = 0

    def pytest_configure(self, config: pytest.Config) -> None:
        original = kaoping.engine.assess

        def compared(rubric: Any, frame: Any, *args: Any, **kwargs: Any) -> Assessment:
            self.calls += 1
            try:
                return both_ways(rubric, frame, *args, **kwargs)
            except AssessmentError:
                return original(rubric, frame, *args, **kwargs)  # raises the same

        config.add_cleanup(lambda: setattr(kaoping.engine, "assess", original))
        kaoping.engine.assess = compared


def test_every_conformance_case_scores_the_same_both_ways() -> None:
    plugin = _Compare()
    code = pytest.main(
        # -n0: in this process, where the plugin patches the engine (the project's
        # addopts would spread the run over xdist workers that never see it).
        [
            str(HERE.parent / "conformance"),
            *("-q", "-x", "-n0", "-p", "no:cacheprovider", "-p", "no:django"),
        ],
        plugins=[plugin],
    )
    assert code == pytest.ExitCode.OK
    assert plugin.calls > 100  # the suite's scoring runs went through the comparison


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(every_kind_figures(), min_size=1, max_size=8))
def test_every_rule_kind_scores_and_explains_the_same_both_ways(
    rows: list[dict[str, Any]],
) -> None:
    with contextlib.suppress(AssessmentError):  # refused the same way, same messages
        both_ways(EVERY_KIND, _frame(rows))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(unit_figures(), min_size=1, max_size=10),
    st.lists(unit_figures(), min_size=1, max_size=10),
)
def test_two_quarters_of_the_shipped_rubric_score_the_same_both_ways(
    q2: list[dict[str, Any]], q3: list[dict[str, Any]]
) -> None:
    import polars as pl

    frame = pl.concat(
        [
            to_frame(q2).with_columns(period=pl.lit("2026Q2")),
            to_frame(q3).with_columns(period=pl.lit("2026Q3")),
        ],
        how="diagonal_relaxed",
    )
    both_ways(RUBRIC, frame)
