"""The vectorised scorer's integer arithmetic: totals worked out by hand, edge values,
and agreement to the last digit with the per-unit evaluator on every rule kind."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoping.engine import evaluate_unit, score_frame
from kaoping.engine._exact import IntegerOverflow, score_integers
from kaoping.engine._format import to_decimal

from .helpers import frame, make_rubric, score_both

D = Decimal


def leaf(rules: list[dict[str, Any]], max_: float = 10, id_: str = "x") -> dict[str, Any]:
    return {"id": id_, "title": id_, "max": max_, "rules": rules}


# (rubric items, extra rubric keys, figures, the total worked out by hand)
CASES: list[tuple[str, list[dict[str, Any]], dict[str, Any], dict[str, Any], str]] = [
    (
        "a third of a point is kept exactly and shown at 18 decimals, half up",
        # 2/3 is 33 1/3 points below 100%: 10 - 0.1 * 33.33... = 6.666...67
        [leaf([{"rate": "a / b", "full_at": 1, "points": 10, "per_point_below": 0.1}])],
        {},
        {"a": 2, "b": 3},
        "6.666666666666666667",
    ),
    (
        "95 of 100 meets a 95% threshold without any division",
        [leaf([{"rate": "a / b", "full_at": 0.95, "points": 14, "per_point_below": 2}], 14)],
        {},
        {"a": 95, "b": 100},
        "14",
    ),
    (
        "a shortfall of 0.5 points counts as 1 under ceil",
        [
            leaf(
                [
                    {
                        "rate": "a / b",
                        "full_at": 0.95,
                        "points": 14,
                        "per_point_below": 2,
                        "partial": "ceil",
                    }
                ],
                14,
            )
        ],
        {},
        {"a": 189, "b": 200},
        "12",
    ),
    (
        "a rate over a difference: 18 of 20 invited, 2 of whom declined, is 100%",
        [leaf([{"rate": "a / (b - c)", "full_at": 0.95, "points": 14, "per_point_below": 2}], 14)],
        {},
        {"a": 18, "b": 20, "c": 2},
        "14",
    ),
    (
        "an undefined rate with if_undefined zero earns nothing",
        [
            leaf([{"rate": "a / b", "full_at": 1, "points": 5, "per_point_below": 1}], 5),
            leaf([{"check": "1", "points": 3}], 3, "y"),
            leaf(
                [
                    {
                        "rate": "a / b",
                        "full_at": 1,
                        "points": 2,
                        "per_point_below": 1,
                        "if_undefined": "zero",
                    }
                ],
                2,
                "z",
            ),
        ],
        {},
        {"a": 0, "b": 0},
        "8",
    ),
    (
        "false and undefined is false; true or undefined is true (Kleene)",
        [
            leaf([{"deduct_if": "a > 0 and b / c > 1", "deduct": 4}], 5),
            leaf([{"check": "a == 0 or b / c > 1", "points": 3}], 3, "y"),
        ],
        {},
        {"a": 0, "b": 1, "c": 0},
        "8",
    ),
    (
        "a veto sets the total to 0 whatever was earned",
        [leaf([{"check": "1", "points": 10}])],
        {"adjustments": [{"id": "v", "title": "一票否决", "veto": "a > 0"}]},
        {"a": 1},
        "0",
    ),
    (
        "bonuses of 3 and 3 stop at a bonus_cap of 5",
        [leaf([{"check": "1", "points": 10}])],
        {
            "adjustments": [
                {"id": "p", "title": "表彰", "check": "a > 0", "bonus": 3},
                {"id": "q", "title": "表彰", "check": "a > 0", "bonus": 3},
            ],
            "bonus_cap": 5,
        },
        {"a": 1},
        "15",
    ),
    (
        "a parent caps the sum of its parts",
        [
            {
                "id": "p",
                "title": "p",
                "max": 10,
                "parts": [
                    leaf([{"check": "1", "points": 6}], 6, "u"),
                    leaf([{"check": "1", "points": 6}], 6, "v"),
                ],
            }
        ],
        {},
        {},
        "10",
    ),
    (
        "cases of half a point each, capped, and a manual deduction of 1.5",
        [
            leaf([{"per_case": "a", "deduct": 0.5, "cap": 2}], 5),
            leaf([{"manual": True}], 5, "m"),
        ],
        {},
        {"a": 3, "m.manual": "1.5"},
        "7",  # 5 - 1.5, and 5 - 1.5 again
    ),
    (
        "a negative count of cases deducts nothing",
        [leaf([{"per_case": "a - b", "deduct": 1}], 5)],
        {},
        {"a": 1, "b": 4},
        "5",
    ),
    (
        "min, max, abs and if compare fractions exactly",
        # min(1/3, 0.34) = 1/3 ≥ 1/3; abs(-2) > 1; if(a > 0, 1/3, 0) * 3 == 1
        [
            leaf([{"check": "min(1 / a, 0.34) >= 1 / 3", "points": 1}], 1, "u"),
            leaf([{"check": "abs(0 - 2) > max(1, 1 / a)", "points": 1}], 1, "v"),
            leaf([{"check": "if(a > 0, 1 / a, 0) * 3 == 1", "points": 1}], 1, "w"),
        ],
        {},
        {"a": 3},
        "3",
    ),
    (
        "a ratio of twelve-digit counts, whose cross products pass 2^63",
        # (10^12 - 1) / 10^12 is 0.0000000001 points below 100%
        [leaf([{"rate": "a / b", "full_at": 1, "points": 10, "per_point_below": 1}])],
        {},
        {"a": 10**12 - 1, "b": 10**12},
        "9.9999999999",
    ),
    (
        "cases past their cap and raw points past the max or below 0 are clamped",
        # 8 / 2 = 4 cases capped at 3: 2. 7 + 7 past a max of 10 is 10; 3 - 2 * 4 cases
        # is -5, so 0; 4 of 5 is 80%, 10 points below 90%: 5 - 10 * 0.25 = 2.5.
        [
            leaf([{"per_case": "a / b", "deduct": 1, "cap": 3}], 5, "u"),
            leaf([{"check": "1", "points": 7}, {"check": "1", "points": 7}], 10, "v"),
            leaf([{"per_case": "c", "deduct": 2}], 3, "w"),
            leaf([{"rate": "c / 5", "full_at": 0.9, "points": 5, "per_point_below": 0.25}], 5, "y"),
        ],
        {},
        {"a": 8, "b": 2, "c": 4},
        "14.5",
    ),
    (
        "a decimal figure of 0.995 meets 0.99",
        [leaf([{"check": "s >= 0.99", "points": 2}], 2)],
        {},
        {"s": "0.995"},
        "2",
    ),
]


@pytest.mark.parametrize(
    ("items", "extra", "row", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_totals_worked_out_by_hand(
    items: list[dict[str, Any]], extra: dict[str, Any], row: dict[str, Any], expected: str
) -> None:
    rubric = make_rubric(items, **extra)
    result = score_both(rubric, [row])
    assert result.latest.units[0].total == D(expected)


def test_figures_whose_products_could_pass_2_to_the_127_are_refused_naming_the_expression() -> None:
    rubric = make_rubric([leaf([{"check": "a * b * c > 1", "points": 1}], 1)])
    df = frame([{"a": 10**19, "b": 10**19, "c": 10**19}])
    with pytest.raises(IntegerOverflow, match=r"a \* b \* c"):
        score_integers(rubric, df)


def test_figures_whose_bound_is_too_large_for_integers_are_scored_with_decimals() -> None:
    # Each row's product is 10^19, but the bound (the product of the largest a, b and
    # c) is 10^57: the integer form refuses, the decimal form scores each row.
    rubric = make_rubric([leaf([{"check": "a * b * c > 10", "points": 1}], 1)])
    big = 10**19
    df = frame([{"a": big, "b": 1, "c": 1}, {"a": 1, "b": big, "c": 1}, {"a": 1, "b": 1, "c": 1}])
    assert score_frame(rubric, df).get_column("total").to_list() == [D(1), D(1), D(0)]


def test_an_undefined_count_of_cases_deducts_nothing_and_an_undefined_rate_earns_its_if_undefined() -> (
    None
):
    # The exact evaluator reports these as problems; the vectorised scorer, which
    # finds undefined rows without a branch per row, scores them as 0 cases and as
    # if_undefined: 5 - 0, and 4 (full) + 0 (zero) on b = 0.
    rubric = make_rubric(
        [
            leaf([{"per_case": "a / b", "deduct": 1, "cap": 3}], 5, "u"),
            leaf([{"rate": "a / b", "full_at": 1, "points": 4, "per_point_below": 1}], 4, "v"),
            leaf(
                [
                    {
                        "rate": "a / b",
                        "full_at": 1,
                        "points": 2,
                        "per_point_below": 1,
                        "if_undefined": "zero",
                    }
                ],
                2,
                "w",
            ),
        ]
    )
    df = frame([{"a": 8, "b": 0}, {"a": 8, "b": 4}])  # 2 cases, 200%: 3 + 4 + 2
    assert score_integers(rubric, df).get_column("total").to_list() == [D(9), D(9)]


def test_integer_and_text_columns_score_like_decimal_ones() -> None:
    rubric = make_rubric(
        [leaf([{"rate": "a / b", "full_at": 0.9, "points": 5, "per_point_below": 0.5}], 5)]
    )
    ints = pl.DataFrame({"unit": ["V1"], "period": ["2026Q3"], "a": [17], "b": [19]})
    text = ints.with_columns(pl.col("a").cast(pl.Utf8), pl.col("b").cast(pl.Utf8))
    # 17/19 is 0.526315... points below 90%: 5 - 0.263157... = 4.736842105263157895
    for df in (ints, text):
        assert score_frame(rubric, df).get_column("x").to_list() == [D("4.736842105263157895")]


@pytest.mark.parametrize(
    ("dtype", "a", "expected"),
    [
        # The bound is the larger of the largest and the smallest figure's magnitude:
        # the most negative 64-bit figure needs 128 bits to be doubled.
        (pl.Int64, -(2**63), [D(0), D(1)]),
        (pl.Int64, 2**62, [D(1), D(1)]),
        (pl.UInt64, 2**64 - 1, [D(1), D(1)]),
        (pl.Int8, -128, [D(0), D(1)]),
        (pl.Boolean, True, [D(1), D(1)]),
    ],
)
def test_integer_columns_of_every_width_score_exactly(
    dtype: pl.DataType, a: object, expected: list[Decimal]
) -> None:
    # 2a >= a holds for a >= 0 only; the row of 1 beside each extreme figure.
    rubric = make_rubric([leaf([{"check": "2 * a >= a", "points": 1}], 1)])
    df = pl.DataFrame(
        {"unit": ["V1", "V2"], "period": ["2026Q3"] * 2, "a": [a, dtype == pl.Boolean or 1]},
        schema_overrides={"a": dtype},
    )
    assert score_integers(rubric, df).get_column("total").to_list() == expected


def test_a_rubric_scored_again_over_other_figures_is_compiled_for_them() -> None:
    # The compiled plan is kept per rubric and per the figures' bounds: the same
    # bounds reuse it over other rows, larger ones compile a wider plan.
    rubric = make_rubric(
        [leaf([{"rate": "a / b", "full_at": 1, "points": 10, "per_point_below": 1}])]
    )
    small = frame([{"a": 9, "b": 10}, {"a": 10, "b": 10}])
    again = frame([{"a": 10, "b": 10}, {"a": 3, "b": 10}])  # the same largest a and b
    wide = frame([{"a": 3 * 10**17, "b": 4 * 10**17}])  # 75%: 25 points below, 0
    assert score_integers(rubric, small).get_column("total").to_list() == [D(0), D(10)]
    assert score_integers(rubric, again).get_column("total").to_list() == [D(10), D(0)]
    assert score_integers(rubric, wide).get_column("total").to_list() == [D(0)]
    half = frame([{"a": 995, "b": 1000}])  # 99.5%: half a point below, 9.5
    assert score_integers(rubric, half).get_column("total").to_list() == [D("9.5")]


# --- every rule kind at once, against the per-unit evaluator ---------------------------

EVERY_KIND = make_rubric(
    [
        {
            "id": "p",
            "title": "p",
            "max": 12,
            "parts": [
                leaf(
                    [
                        {
                            "rate": "a / (b - c)",
                            "full_at": 0.95,
                            "points": 7,
                            "per_point_below": 0.3,
                        }
                    ],
                    7,
                    "exact",
                ),
                leaf(
                    [
                        {
                            "rate": "a / b",
                            "full_at": 0.9,
                            "points": 5,
                            "per_point_below": 0.25,
                            "partial": "floor",
                            "if_undefined": "zero",
                        },
                        {"per_case": "c", "deduct": 0.5, "cap": 2},
                    ],
                    5,
                    "floor",
                ),
                leaf(
                    [
                        {
                            "rate": "s",
                            "full_at": 0.99,
                            "points": 3,
                            "per_point_below": 1.5,
                            "partial": "ceil",
                        }
                    ],
                    3,
                    "ceil",
                ),
            ],
        },
        leaf(
            [
                {"zero_if": "not f and c > 5"},
                {"deduct_if": "a / c > 2 or f", "deduct": 1},
                {
                    "check": "min(a, b) >= abs(s - 1) * 100 and if(c > 0, b / c, 1) > 1",
                    "points": 2,
                },
                {"per_case": "max(0, c - a / 3)", "deduct": 1},
            ],
            6,
            "logic",
        ),
        leaf([{"manual": True}], 4, "m"),
    ],
    adjustments=[
        {"id": "late", "title": "迟报", "per_case": "c", "deduct": 0.75, "cap": 3},
        {"id": "wrong", "title": "差错", "deduct_if": "s < 0.5", "deduct": 2},
        {"id": "award", "title": "表彰", "check": "f", "bonus": 2},
        {"id": "award2", "title": "表彰", "check": "a > b / 2", "bonus": 1.5},
        {"id": "veto", "title": "否决", "veto": "c > 40"},
    ],
    bonus_cap=3,
)

# Up to a billion: every product and cross-multiplication this rubric makes of them
# fits 128 bits (larger figures are the decimal fallback's, tested above).
EDGE_COUNTS = st.one_of(
    st.integers(0, 12), st.sampled_from([0, 1, 2**31 - 1, 2**31, 10**9]), st.integers(0, 10**9)
)


@st.composite
def every_kind_figures(draw: st.DrawFn) -> dict[str, Any]:
    places = draw(st.integers(0, 6))
    return {
        "a": draw(EDGE_COUNTS),
        "b": draw(EDGE_COUNTS),
        "c": draw(st.one_of(st.integers(0, 50), EDGE_COUNTS)),
        "f": draw(st.integers(0, 1)),
        "s": Fraction(draw(st.integers(-(10**places), 2 * 10**places)), 10**places),
        "m.manual": Fraction(draw(st.integers(0, 16)), 4),
    }


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    def dec(v: Any) -> Decimal:
        f = Fraction(v)
        return Decimal(f.numerator) / Decimal(f.denominator)

    return pl.DataFrame(
        [
            {"unit": f"V{i:03d}", "period": "2026Q3", **{k: dec(v) for k, v in r.items()}}
            for i, r in enumerate(rows)
        ],
        schema_overrides={k: pl.Decimal(38, 18) for k in ("a", "b", "c", "f", "s", "m.manual")},
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(every_kind_figures(), min_size=1, max_size=8))
def test_every_rule_kind_agrees_with_the_exact_evaluator_to_the_last_digit(
    rows: list[dict[str, Any]],
) -> None:
    fast = score_integers(EVERY_KIND, _frame(rows))
    for row, got in zip(rows, fast.iter_rows(named=True), strict=True):
        ev = evaluate_unit(EVERY_KIND, {k: Fraction(v) for k, v in row.items()})
        for path, exact in ev.scores.items():
            assert got[path] == to_decimal(exact), (path, row)
        assert got["bonus"] == to_decimal(ev.bonus)
        assert got["deducted"] == to_decimal(ev.deducted)
        assert got["total"] == to_decimal(ev.total), row
        assert got["vetoed"] == ev.vetoed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(every_kind_figures(), min_size=1, max_size=8))
def test_asking_for_the_total_only_gives_the_total_the_exact_evaluator_gives(
    rows: list[dict[str, Any]],
) -> None:
    only = score_frame(EVERY_KIND, _frame(rows), columns=["total", "vetoed"])
    assert only.columns == ["unit", "period", "name", "area", "total", "vetoed"]
    for row, got in zip(rows, only.iter_rows(named=True), strict=True):
        ev = evaluate_unit(EVERY_KIND, {k: Fraction(v) for k, v in row.items()})
        assert got["total"] == to_decimal(ev.total), row
        assert got["vetoed"] == ev.vetoed


def test_the_total_only_of_figures_too_large_for_integers_comes_from_the_decimal_form() -> None:
    rubric = make_rubric([leaf([{"check": "a * b * c > 10", "points": 1}], 1)])
    big = 10**19
    df = frame([{"a": big, "b": 1, "c": 1}, {"a": 1, "b": 1, "c": 1}])
    only = score_frame(rubric, df, columns=["total"])
    assert only.columns == ["unit", "period", "name", "area", "total"]
    assert only.get_column("total").to_list() == [D(1), D(0)]


def test_asking_for_a_column_score_frame_does_not_write_names_it() -> None:
    rubric = make_rubric([leaf([{"check": "a > 1", "points": 1}], 1)])
    with pytest.raises(KeyError, match="no column nope"):
        score_frame(rubric, frame([{"a": 2}]), columns=["total", "nope"])


# --- plans compiled for figures with no null and no negative ---------------------------

# A rate over a column, cases of a column, a check of a column, min() and if() of them:
# every guard a null or a negative figure needs.
GUARDED = make_rubric(
    [
        leaf([{"rate": "a / b", "full_at": 1, "points": 10, "per_point_below": 0.1}], 10, "r"),
        leaf([{"per_case": "c", "deduct": 1, "cap": 3}], 5, "k"),
        leaf([{"check": "min(a, c) >= 1 and if(c > 0, a, 1) > 0", "points": 2}], 2, "q"),
    ]
)


INT64 = pl.Int64()


def _ints(rows: list[dict[str, int | None]], dtype: pl.DataType = INT64) -> pl.DataFrame:
    df = pl.DataFrame(
        [{"unit": f"V{i}", "period": "2026Q3", **r} for i, r in enumerate(rows)],
        schema_overrides={k: pl.Int64 for k in ("a", "b", "c")},
    )
    return df.with_columns(pl.col("a", "b", "c").cast(dtype))


@pytest.mark.parametrize(
    ("rows", "totals"),
    [
        # 3 of 4: 25 below, 7.5; 2 cases of 5; 2 points: 7.5 + 3 + 2
        ([{"a": 3, "b": 4, "c": 2}], ["12.5"]),
        # a null count deducts nothing; min and if of an undefined figure are undefined,
        # no points: 7.5 + 5 + 0 (its neighbour as above)
        ([{"a": 3, "b": 4, "c": 2}, {"a": 3, "b": 4, "c": None}], ["12.5", "12.5"]),
        # a null numerator is an undefined rate: if_undefined full, 10 + 3 + 0
        ([{"a": None, "b": 4, "c": 2}, {"a": 3, "b": 4, "c": 2}], ["13", "12.5"]),
        # a negative divisor: -3 / -4 is 75% (7.5); 3 / -4 is -75%, 175 below, 0
        ([{"a": -3, "b": -4, "c": 2}, {"a": 3, "b": -4, "c": 2}], ["10.5", "5"]),
        # a negative count is no case (min(3, -2) below 1): 7.5 + 5 + 0; 0 of 0: 10 + 3 + 0
        ([{"a": 3, "b": 4, "c": -2}, {"a": 0, "b": 0, "c": 2}], ["12.5", "13"]),
    ],
)
@pytest.mark.parametrize("dtype", [pl.Int64(), pl.Decimal(38, 2)])
def test_a_null_or_a_negative_figure_scores_as_the_hand_computed_total(
    rows: list[dict[str, int | None]], totals: list[str], dtype: pl.DataType
) -> None:
    got = score_integers(GUARDED, _ints(rows, dtype)).get_column("total").to_list()
    assert got == [D(t) for t in totals]


def test_a_plan_compiled_for_figures_without_nulls_is_not_reused_for_figures_with_them() -> None:
    # The same bounds each time: only the null, then the negative figure, tell the frames apart.
    clean = _ints([{"a": 3, "b": 4, "c": 2}, {"a": 1, "b": 1, "c": 0}])
    holed = _ints([{"a": 3, "b": 4, "c": None}, {"a": 1, "b": 1, "c": 0}])
    signed = _ints([{"a": 3, "b": -4, "c": 2}, {"a": 1, "b": 1, "c": 0}])
    assert score_integers(GUARDED, clean).get_column("total").to_list() == [D("12.5"), D(15)]
    assert score_integers(GUARDED, holed).get_column("total").to_list() == [D("12.5"), D(15)]
    assert score_integers(GUARDED, signed).get_column("total").to_list() == [D(5), D(15)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(every_kind_figures(), min_size=1, max_size=6))
def test_figures_score_the_same_beside_a_row_of_negative_figures(
    rows: list[dict[str, Any]],
) -> None:
    # Rows of no negative figure (but s) take the plan without sign guards; beside a
    # row of negative figures, the plan with every guard: the same scores, and the
    # negative row's the exact evaluator's.
    alone = score_integers(EVERY_KIND, _frame(rows))
    odd = {k: -3 for k in rows[0]}
    beside = score_integers(EVERY_KIND, _frame([*rows, odd]))
    assert beside.head(len(rows)).equals(alone)
    got = beside.row(len(rows), named=True)
    ev = evaluate_unit(EVERY_KIND, {k: Fraction(v) for k, v in odd.items()})
    assert got["total"] == to_decimal(ev.total)
    for path, exact in ev.scores.items():
        assert got[path] == to_decimal(exact), path


def _one_rate(**rule: Any) -> Any:
    return make_rubric([leaf([{"rate": "a / b", **rule}], rule["points"])])


CEIL = _one_rate(full_at=0.95, points=14, per_point_below=2, partial="ceil")
FLOOR = _one_rate(full_at=0.9, points=5, per_point_below=0.25, partial="floor")
EXACT = _one_rate(full_at=0.9, points=5, per_point_below=0.5)
ZEROED = _one_rate(full_at=0.9, points=5, per_point_below=0.5, if_undefined="zero")


@pytest.mark.parametrize(
    ("rubric", "a", "b", "total"),
    [
        # ×100 // (20·b) compiled as ×5 // b: the same points at and about the threshold
        (CEIL, 189, 200, "12"),  # 94.5%: half a point below, 1 under ceil
        (CEIL, 19, 20, "14"),
        (CEIL, 37, 40, "8"),  # 92.5%: 2.5 below, 3
        (CEIL, -37, -40, "8"),  # the divisor's sign moved to the numerator
        (CEIL, 37, -40, "0"),
        (FLOOR, 17, 20, "3.75"),  # 85%: 5 below, 1.25
        (FLOOR, 179, 200, "5"),  # 89.5%: half a point below, 0 under floor
        (FLOOR, 1, 3, "0"),
        (EXACT, 17, 20, "2.5"),
        (EXACT, 8, 9, "4.444444444444444444"),  # 1.11... below: 5 - 0.555...
        (EXACT, 0, 0, "5"),  # undefined: if_undefined full
        (ZEROED, 0, 0, "0"),
        (ZEROED, 3, 0, "0"),  # undefined, not above 90%
    ],
)
def test_a_rate_whose_factors_cancel_when_compiled_scores_as_worked_out_by_hand(
    rubric: Any, a: int, b: int, total: str
) -> None:
    df = _ints([{"a": a, "b": b, "c": 0}, {"a": 1, "b": 1, "c": 0}])  # beside a full rate
    got = score_integers(rubric, df).get_column("total").to_list()
    assert got == [D(total), D(rubric.items[0].max)]


def test_a_rate_of_a_figure_in_hundredths_cancels_the_hundred_and_scores_as_by_hand() -> None:
    # s / 100 against 0.95: ×100 and the figure's scale of 100 cancel when compiling.
    rubric = make_rubric(
        [leaf([{"rate": "s", "full_at": 0.95, "points": 14, "per_point_below": 2}], 14)]
    )
    df = frame([{"s": "0.9375"}, {"s": "0.93"}, {"s": "0.95"}, {"s": "-0.5"}])
    # 1.25 points below: 11.5; 2 below: 10; at the threshold: 14; 145 below: 0
    got = score_integers(rubric, df).get_column("total").to_list()
    assert got == [D("11.5"), D(10), D(14), D(0)]
