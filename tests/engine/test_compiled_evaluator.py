"""The generated evaluator (``_compiled``) against the reference rule-by-rule code:
the same scores, totals, problems and outcomes, of the same types, on every rule
kind, undefined values, fractional cases and missing figures."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoping.cli import default_rubric_text
from kaoping.engine import evaluate_unit, parse_rubric
from kaoping.engine._evaluate import UnitEvaluation, evaluate_unit_reference
from kaoping.engine._explain import ExplainedLines, explain
from kaoping.engine._model import Rubric

from .helpers import make_rubric
from .test_exact_scoring import EVERY_KIND, every_kind_figures, leaf

SHIPPED = parse_rubric(default_rubric_text(), "default.yaml")

FIELDS = ("items_total", "bonus", "bonus_uncapped", "deducted", "total", "vetoed", "problems")


def assert_same(rubric: Rubric, env: dict[str, Fraction]) -> UnitEvaluation:
    got, want = evaluate_unit(rubric, env), evaluate_unit_reference(rubric, env)
    assert list(got.scores.items()) == list(want.scores.items())
    assert all(type(v) is Fraction for v in got.scores.values())
    for name in FIELDS:
        g, w = getattr(got, name), getattr(want, name)
        assert (g, type(g)) == (w, type(w)), name
    assert list(got.leaves) == list(want.leaves)
    for path, leaf_ in want.leaves.items():
        assert got.leaves[path] == leaf_, path
    assert got.adjustments == want.adjustments
    assert got.fired_adjustments() == [a for a in want.adjustments if a.fired]
    assert [p for p, _ in got.lost_leaves()] == [
        p for p, leaf_ in want.leaves.items() if leaf_.score < Fraction(leaf_.node.max)
    ]
    return got


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(every_kind_figures())
def test_every_rule_kind_gives_what_the_reference_code_gives(row: dict[str, Any]) -> None:
    assert_same(EVERY_KIND, {k: Fraction(v) for k, v in row.items()})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(sorted(SHIPPED.data_elements())), st.integers(0, 30)))
def test_the_shipped_rubric_gives_what_the_reference_code_gives(figures: dict[str, int]) -> None:
    env = {c: Fraction(figures.get(c, 0)) for c in [*SHIPPED.data_elements()]}
    env["other.manual"] = Fraction(figures.get("births", 0) % 7, 2)
    env["stat_accuracy"] = Fraction(figures.get("card_errors", 0), 30)
    assert_same(SHIPPED, env)


ODD = make_rubric(
    [
        leaf([{"per_case": "n / 2", "deduct": 1}], 10, "half"),  # counts read a count: whole
        leaf([{"deduct_if": "a / b > 1", "deduct": 2}], 5, "div"),
        leaf([{"check": "a / b >= 1 or a > 3", "points": 3}], 3, "kleene"),
        leaf([{"zero_if": "not (a / b < 1) and n > 0"}, {"per_case": "-n", "deduct": 1}], 4, "z"),
        leaf([{"per_case": "if(a > 0, min(n), abs(a - 9))", "deduct": 0.5, "cap": 3}], 5, "fn"),
    ],
    elements={
        "a": {"label": "甲", "type": "count"},
        "b": {"label": "乙", "type": "count"},
        "n": {"label": "件数", "type": "count"},
    },
    adjustments=[{"id": "q", "title": "比例", "per_case": "a / b", "deduct": 1}],
)

# (figures, the problems, the total worked out by hand)
EDGES: list[tuple[dict[str, int], list[str], str]] = [
    # half: 3/2 cases (a problem) cost 1.5; kleene: a/b undefined but a > 3 holds;
    # z: undefined and n > 0 is undefined (a problem, not zeroed), -n no cases;
    # q: a/b undefined
    (
        {"a": 4, "b": 0, "n": 3},
        [
            "half: per_case n / 2 counts 1.5 cases; cases of count elements must be whole",
            "div: deduct_if a / b > 1 is undefined (division by 0)",
            "z: zero_if not (a / b < 1) and n > 0 is undefined (division by 0)",
            "adjustments.q: per_case a / b is undefined (division by 0)",
        ],
        # half 8.5, div 5, kleene 3, z 4, fn: a > 0 so n = 3 cases at 0.5 = 1.5 → 3.5
        "24",
    ),
    # everything defined: a/b = 2 > 1 costs 2; z zeroed (not 2 < 1, n = 2); q: 2 cases
    (
        {"a": 2, "b": 1, "n": 2},
        [],
        # half 1 case: 9; div 3; kleene 3; z 0; fn 2 cases: 4; total 19 - 2
        "17",
    ),
]


@pytest.mark.parametrize(("figures", "problems", "total"), EDGES)
def test_undefined_values_and_fractional_cases_are_found_as_the_reference_finds_them(
    figures: dict[str, int], problems: list[str], total: str
) -> None:
    got = assert_same(ODD, {k: Fraction(v) for k, v in figures.items()})
    assert got.problems == problems
    assert got.total == Fraction(total)


def test_a_missing_figure_fails_as_the_reference_fails() -> None:
    with pytest.raises(KeyError) as got:
        evaluate_unit(ODD, {"a": Fraction(1), "n": Fraction(1)})
    with pytest.raises(KeyError) as want:
        evaluate_unit_reference(ODD, {"a": Fraction(1), "n": Fraction(1)})
    assert got.value.args == want.value.args == ("b",)


def test_figures_given_as_integers_score_as_fractions() -> None:
    got = evaluate_unit(ODD, {"a": 2, "b": 1, "n": 2})  # type: ignore[dict-item]
    assert got.total == Fraction(17) and type(got.total) is Fraction


def test_outcomes_read_after_the_figures_changed_are_those_of_the_figures_scored() -> None:
    env = {"a": Fraction(2), "b": Fraction(1), "n": Fraction(2)}
    ev = evaluate_unit(ODD, env)
    env["n"] = Fraction(0)
    assert ev.leaves["z"].zeroed_by is not None


# --- the lines of a file's units, kept by the figures they depend on -------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(every_kind_figures(), min_size=1, max_size=12), st.sampled_from(["zh", "en"]))
def test_lines_kept_for_a_file_are_those_each_unit_gets_alone(
    rows: list[dict[str, Any]], lang: str
) -> None:
    lines = ExplainedLines()
    for i, row in enumerate(rows * 2):  # every unit twice: the second from what was kept
        env = {k: Fraction(v) for k, v in row.items()}
        reasons = {"m": "台账缺页"} if i % 3 == 0 else None
        ev = evaluate_unit(EVERY_KIND, env)
        alone = explain(EVERY_KIND, evaluate_unit_reference(EVERY_KIND, env), env, reasons, lang)
        assert explain(EVERY_KIND, ev, env, reasons, lang, lines=lines) == alone


def test_a_kept_line_is_not_given_to_a_unit_whose_reason_differs() -> None:
    env = {"a": Fraction(1), "b": Fraction(1), "c": Fraction(0), "f": Fraction(1),
           "s": Fraction(1), "m.manual": Fraction(1)}  # fmt: skip
    lines = ExplainedLines()
    first = explain(EVERY_KIND, evaluate_unit(EVERY_KIND, env), env, {"m": "甲"}, lines=lines)
    second = explain(EVERY_KIND, evaluate_unit(EVERY_KIND, env), env, {"m": "乙"}, lines=lines)
    assert [d.text for d in first[0] if d.path == "m"] == ["人工扣分：甲，扣1分"]
    assert [d.text for d in second[0] if d.path == "m"] == ["人工扣分：乙，扣1分"]
