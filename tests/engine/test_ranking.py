"""Ranks, groups at the boundary, streaks across quarters and consequences (RUBRIC.md §5)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from kaoping.engine import Period, Ranking, assess, rank_periods

from .helpers import make_rubric

D = Decimal


def ranked(totals: Sequence[int | str], **ranking: Any) -> list[dict[str, Any]]:
    df = pl.DataFrame(
        {
            "unit": [f"V{i + 1:02d}" for i in range(len(totals))],
            "period": ["2026Q3"] * len(totals),
            "total": [D(str(t)) for t in totals],
        },
        schema={"unit": pl.Utf8, "period": pl.Utf8, "total": pl.Decimal(38, 18)},
    )
    out = rank_periods(df, Ranking(**ranking)).sort("unit")
    return list(out.iter_rows(named=True))


TOTALS = [90, 85, 85, 80, 70, 70, 70, 60]


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        ("shared", [1, 2, 2, 4, 5, 5, 5, 8]),  # standard competition ranking
        ("dense", [1, 2, 2, 3, 4, 4, 4, 5]),
    ],
)
def test_ranks_share_ties(ties: str, expected: list[int]) -> None:
    assert [r["rank"] for r in ranked(TOTALS, ties=ties)] == expected


@pytest.mark.parametrize(
    ("top", "bottom", "boundary", "groups"),
    [
        # top 3: 90, 85, 85 fill positions 1-3 exactly
        (3, 0, "include_ties", ["top", "top", "top", None, None, None, None, None]),
        # top 2: the two 85s share the boundary: both in, or both out
        (2, 0, "include_ties", ["top", "top", "top", None, None, None, None, None]),
        (2, 0, "exclude_ties", ["top", None, None, None, None, None, None, None]),
        # bottom 3: 60, then three 70s sharing positions 2-4
        (0, 3, "include_ties", [None, None, None, None, "bottom", "bottom", "bottom", "bottom"]),
        (0, 3, "exclude_ties", [None, None, None, None, None, None, None, "bottom"]),
        (0, 1, "include_ties", [None, None, None, None, None, None, None, "bottom"]),
    ],
)
def test_groups_at_the_boundary(
    top: int, bottom: int, boundary: str, groups: list[str | None]
) -> None:
    rows = ranked(TOTALS, top=top, bottom=bottom, boundary=boundary)
    assert [r["group"] for r in rows] == groups


def test_a_unit_in_both_groups_is_in_top() -> None:
    rows = ranked([80, 80, 80], top=1, bottom=1)
    assert [r["group"] for r in rows] == ["top", "top", "top"]


def test_group_rank_counts_from_the_best_in_top_and_the_worst_in_bottom() -> None:
    rows = ranked(TOTALS, top=3, bottom=3)
    assert [r["group_rank"] for r in rows] == [1, 2, 2, None, 2, 2, 2, 1]


def test_ascending_order_ranks_the_lowest_first() -> None:
    assert [r["rank"] for r in ranked([3, 1, 2], order="asc")] == [3, 1, 2]


def test_totals_past_64_bits_at_12_decimals_rank_too() -> None:
    # Ten million points is 10^19 at 12 decimals, past 2^63: the keys are 128-bit.
    big = ["20000000", "10000000.000000000001", "10000000", "10000000.0000000000004"]
    assert [r["rank"] for r in ranked(big)] == [1, 2, 3, 3]


# Totals compared at 12 decimals, half to even (Decimal.quantize's rounding): the
# 13th decimal decides nothing unless past the half, and exactly half goes to the
# even neighbour, below zero too (a deduction can take a total under 0 before the
# floor; rank_periods takes any total).
@pytest.mark.parametrize(
    ("totals", "ranks"),
    [
        (["1.000000000000", "1.0000000000004999"], [1, 1]),  # under half: a tie
        (["1.000000000000", "1.0000000000005"], [1, 1]),  # half, to the even ...000
        (["1.000000000001", "1.0000000000005"], [1, 2]),  # half, not up to the odd ...001
        (["1.000000000002", "1.0000000000015"], [1, 1]),  # half, up to the even ...002
        (["1.000000000001", "1.000000000000500001"], [1, 1]),  # past half: up
        (["-0.000000000001", "-0.0000000000005"], [2, 1]),  # half below zero: to -0
        (["-0.000000000002", "-0.0000000000015"], [1, 1]),  # half below zero: to the even -2
    ],
)
def test_totals_tie_when_equal_at_12_decimals_rounded_half_to_even(
    totals: list[str], ranks: list[int]
) -> None:
    assert [r["rank"] for r in ranked(totals)] == ranks


# --- streaks and consequences over quarters ---------------------------------------------

RUBRIC_ITEMS = [
    {"id": "x", "title": "工作", "max": 100, "rules": [{"per_case": "lost", "deduct": 1}]}
]
CONSEQUENCES = [
    {"group": "top", "streak": 1, "actions": [{"kind": "通报表扬", "to": ["unit"]}]},
    {
        "group": "top",
        "streak": 2,
        "actions": [
            {"kind": "通报表扬", "to": ["unit"]},
            {"kind": "奖励", "to": ["service_worker"], "amount": {"by_rank": [300, 200, 100]}},
            {
                "kind": "奖励",
                "to": ["area_chief", "area_deputy"],
                "amount": {"by_role": {"area_chief": 200, "area_deputy": 100}},
            },
        ],
    },
    {"group": "bottom", "streak": 1, "actions": [{"kind": "通报批评", "to": ["unit"]}]},
    {
        "group": "bottom",
        "streak": 3,
        "actions": [{"kind": "罚款", "to": ["secretary"], "amount": 500}],
    },
]


def season(lost_by_quarter: dict[str, list[int]], veto: dict[str, list[int]] | None = None) -> Any:
    rubric = make_rubric(
        RUBRIC_ITEMS,
        ranking={"top": 1, "bottom": 1, "ties": "shared", "boundary": "include_ties"},
        consequences=CONSEQUENCES,
        adjustments=[{"id": "fraud", "title": "弄虚作假", "veto": "fraud"}],
    )
    rows = []
    for q, losses in lost_by_quarter.items():
        for i, lost in enumerate(losses):
            fraud = (veto or {}).get(q, [0] * len(losses))[i]
            rows.append({"unit": f"V{i + 1}", "period": q, "lost": D(lost), "fraud": D(fraud)})
    return assess(rubric, pl.DataFrame(rows))


def test_streaks_count_consecutive_quarters_in_the_same_group() -> None:
    # V1 best in Q1 and Q2, middle in Q3, best again in Q4: streak 1, 2, 0, 1.
    # V3 worst every quarter: 1, 2, 3, 4.
    a = season(
        {
            "2026Q1": [0, 5, 9],
            "2026Q2": [0, 5, 9],
            "2026Q3": [5, 0, 9],
            "2026Q4": [0, 5, 9],
        }
    )
    streaks = {str(p.period): {u.unit: (u.group, u.streak) for u in p} for p in a.periods}
    assert [streaks[q]["V1"] for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4")] == [
        ("top", 1), ("top", 2), (None, 0), ("top", 1),
    ]  # fmt: skip
    assert [streaks[q]["V3"][1] for q in ("2026Q1", "2026Q2", "2026Q3", "2026Q4")] == [1, 2, 3, 4]


def test_the_rule_with_the_largest_streak_not_above_the_units_applies() -> None:
    a = season({"2026Q1": [0, 5, 9], "2026Q2": [0, 5, 9], "2026Q3": [0, 5, 9], "2026Q4": [0, 5, 9]})
    q4 = a.period("2026Q4")
    # V1: streak 4 in top → the streak-2 rule (largest not above 4), all its actions.
    assert [(x.kind, x.to, x.amount) for x in q4.unit("V1").actions] == [
        ("通报表扬", "unit", None),
        ("奖励", "service_worker", D(300)),
        ("奖励", "area_chief", D(200)),
        ("奖励", "area_deputy", D(100)),
    ]
    # V3: streak 4 in bottom → the streak-3 rule only.
    assert [(x.kind, x.to, x.amount) for x in q4.unit("V3").actions] == [
        ("罚款", "secretary", D(500))
    ]
    # Q2: V3 has streak 2 → the streak-1 rule (there is no bottom rule for 2).
    assert [x.kind for x in a.period("2026Q2").unit("V3").actions] == ["通报批评"]


def test_tied_units_in_a_group_receive_the_same_amount() -> None:
    rubric = make_rubric(RUBRIC_ITEMS, ranking={"top": 3}, consequences=CONSEQUENCES)
    rows = [
        {"unit": u, "period": q, "lost": D(lost)}
        for q in ("2026Q1", "2026Q2")
        for u, lost in [("V1", 0), ("V2", 1), ("V3", 1), ("V4", 5)]
    ]
    q2 = assess(rubric, pl.DataFrame(rows)).period("2026Q2")
    amounts = {u.unit: [a.amount for a in u.actions if a.to == "service_worker"] for u in q2}
    # ranks 1, 2, 2: by_rank gives 300, 200, 200
    assert amounts == {"V1": [D(300)], "V2": [D(200)], "V3": [D(200)], "V4": []}


def test_a_vetoed_unit_gets_no_award_whatever_its_group() -> None:
    # All three vetoed in Q2 tie at 0: all in top (top wins over bottom), none rewarded:
    # each commendation and award is listed as withheld for the veto, with no amount.
    a = season({"2026Q1": [0, 5, 9], "2026Q2": [0, 5, 9]}, veto={"2026Q2": [1, 1, 1]})
    q2 = a.period("2026Q2")
    assert [(u.group, u.vetoed) for u in q2] == [("top", True)] * 3
    for u in q2:
        assert u.actions, u.unit
        assert {(a.withheld, a.amount) for a in u.actions} == {("veto", None)}


def test_streaks_skip_quarters_the_unit_was_not_assessed_in() -> None:
    # V1 is absent in Q2: its assessed quarters are Q1 and Q3, both top → streak 2.
    rubric = make_rubric(RUBRIC_ITEMS, ranking={"top": 1}, consequences=CONSEQUENCES)
    rows = [
        {"unit": "V1", "period": "2026Q1", "lost": D(0)},
        {"unit": "V2", "period": "2026Q1", "lost": D(3)},
        {"unit": "V2", "period": "2026Q2", "lost": D(3)},
        {"unit": "V1", "period": "2026Q3", "lost": D(0)},
        {"unit": "V2", "period": "2026Q3", "lost": D(3)},
    ]
    a = assess(rubric, pl.DataFrame(rows))
    assert a.period("2026Q3").unit("V1").streak == 2
    assert a.period("2026Q2").unit("V2").streak == 1


def test_periods_are_assessed_in_chronological_order_whatever_the_row_order() -> None:
    rubric = make_rubric(RUBRIC_ITEMS, ranking={"top": 1})
    rows = [
        {"unit": "V1", "period": "2026Q2", "lost": D(0)},
        {"unit": "V1", "period": "2025Q4", "lost": D(0)},
        {"unit": "V1", "period": "2026年第一季度", "lost": D(0)},
    ]
    a = assess(rubric, pl.DataFrame(rows).with_columns(pl.col("period")))
    assert [str(p.period) for p in a.periods] == ["2025Q4", "2026Q1", "2026Q2"]
    assert a.latest.period == Period.parse("2026Q2")


@pytest.mark.parametrize(
    ("totals", "ranking", "groups", "group_ranks"),
    [
        # Every unit tied: all in top (a unit in both groups is in top), or, without
        # ties at the boundary, in neither group.
        ([80, 80, 80, 80], {"top": 2, "bottom": 2}, ["top"] * 4, [1] * 4),
        (
            [80, 80, 80, 80],
            {"top": 2, "bottom": 2, "boundary": "exclude_ties"},
            [None] * 4,
            [None] * 4,
        ),
        # Fewer units than the top: every one in it, ranks as they are.
        ([90, 85], {"top": 3, "bottom": 3}, ["top", "top"], [1, 2]),
        # The bottom counted from the worst: the two 60s are 1st from the end, the
        # 70 3rd; dense, the 70 is 2nd.
        (
            [90, 70, 60, 60],
            {"top": 1, "bottom": 3},
            ["top", "bottom", "bottom", "bottom"],
            [1, 3, 1, 1],
        ),
        (
            [90, 70, 60, 60],
            {"top": 1, "bottom": 3, "ties": "dense"},
            ["top", "bottom", "bottom", "bottom"],
            [1, 2, 1, 1],
        ),
        # Ascending: the lowest is best, the highest the bottom.
        (
            [3, 1, 2, 2],
            {"top": 1, "bottom": 1, "order": "asc"},
            ["bottom", "top", None, None],
            [1, 1, None, None],
        ),
    ],
)
def test_groups_of_one_period_at_both_ends_and_in_ties(
    totals: list[int],
    ranking: dict[str, Any],
    groups: list[str | None],
    group_ranks: list[int | None],
) -> None:
    rows = ranked(totals, **ranking)
    assert [r["group"] for r in rows] == groups
    assert [r["group_rank"] for r in rows] == group_ranks
    assert [r["streak"] for r in rows] == [0 if g is None else 1 for g in groups]


def test_ranking_a_ranked_frame_again_writes_over_its_ranks() -> None:
    df = pl.DataFrame(
        {"unit": ["V1", "V2"], "period": ["2026Q3"] * 2, "total": [D(1), D(2)], "rank": [7, 7]},
        schema_overrides={"total": pl.Decimal(38, 18)},
    )
    out = rank_periods(df, Ranking(top=1, bottom=0))
    assert out.columns == ["unit", "period", "total", "rank", "group", "group_rank", "streak"]
    assert out.select("unit", "rank", "group").rows() == [("V2", 1, "top"), ("V1", 2, None)]
