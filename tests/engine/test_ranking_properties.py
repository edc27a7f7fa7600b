"""Ranks, groups and order on random totals, against RUBRIC.md §5 read literally:
a unit's rank counts the units of its period with a better total (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.engine import Ranking, rank_periods
from kaoping.engine._ranking import _key_at_12_decimals, _rank_general

PERIODS = ["2026Q1", "2026Q2", "2026Q3"]


@st.composite
def frames(draw: st.DrawFn) -> tuple[pl.DataFrame, Ranking]:
    units = draw(st.integers(1, 9))
    rows: list[dict[str, Any]] = []
    for p in draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=3, unique=True)):
        for u in draw(st.lists(st.integers(0, units), min_size=1, unique=True)):
            # few distinct totals, so that ties are common; some a hair apart
            total = Decimal(draw(st.sampled_from(["80", "85", "85.5", "90", "0"])))
            total += Decimal(draw(st.sampled_from([0, 0, 1]))) * Decimal("1e-18")
            rows.append({"unit": f"U{u:02d}", "period": p, "total": total})
    ranking = Ranking(
        order=draw(st.sampled_from(["desc", "asc"])),
        ties=draw(st.sampled_from(["shared", "dense"])),
        top=draw(st.integers(0, 3)),
        bottom=draw(st.integers(0, 3)),
        boundary=draw(st.sampled_from(["include_ties", "exclude_ties"])),
    )
    shuffled = draw(st.permutations(rows))
    df = pl.DataFrame(
        shuffled, schema={"unit": pl.Utf8, "period": pl.Utf8, "total": pl.Decimal(38, 18)}
    )
    return df, ranking


def _better(a: Decimal, b: Decimal, desc: bool) -> bool:
    return a > b if desc else a < b


@settings(max_examples=200, deadline=None)
@given(frames())
def test_ranks_groups_and_order_follow_the_contract(case: tuple[pl.DataFrame, Ranking]) -> None:
    df, ranking = case
    out = rank_periods(df, ranking)
    rows = list(out.iter_rows(named=True))
    desc = ranking.order == "desc"
    # ties compare at 12 decimals: a 1e-18 difference is a tie
    key = {(r["unit"], r["period"]): r["total"].quantize(Decimal("1e-12")) for r in rows}
    for r in rows:
        mine = key[(r["unit"], r["period"])]
        others = [v for (u, p), v in key.items() if p == r["period"]]
        better = [v for v in others if _better(v, mine, desc)]
        worse = [v for v in others if _better(mine, v, desc)]
        if ranking.ties == "shared":
            assert r["rank"] == 1 + len(better)
        else:
            assert r["rank"] == 1 + len(set(better))
        tied = len(others) - len(better) - len(worse)
        best_pos = len(better) + (1 if ranking.boundary == "include_ties" else tied)
        worst_pos = len(worse) + (1 if ranking.boundary == "include_ties" else tied)
        if ranking.top and best_pos <= ranking.top:
            assert r["group"] == "top"
        elif ranking.bottom and worst_pos <= ranking.bottom:
            assert r["group"] == "bottom"
            shared = ranking.ties == "shared"
            assert r["group_rank"] == 1 + (len(worse) if shared else len(set(worse)))
        else:
            assert r["group"] is None
    # by period, then rank, ties by unit code
    order = sorted(rows, key=lambda r: (PERIODS.index(r["period"]), r["rank"], r["unit"]))
    assert [(r["period"], r["unit"]) for r in rows] == [(r["period"], r["unit"]) for r in order]


@st.composite
def one_period(draw: st.DrawFn) -> tuple[pl.DataFrame, Ranking]:
    """One period, as a county's or the country's quarter is ranked: up to 40 units,
    few distinct totals (runs of ties at both ends and in between), any order."""
    units = draw(st.lists(st.integers(0, 99), min_size=1, max_size=40, unique=True))
    totals = draw(st.lists(st.sampled_from(["0", "60", "80", "80.5", "90", "-3"]), min_size=1))
    rows = [
        {"unit": f"U{u:02d}", "period": "2026Q3", "total": Decimal(totals[i % len(totals)])}
        for i, u in enumerate(units)
    ]
    ranking = Ranking(
        order=draw(st.sampled_from(["desc", "asc"])),
        ties=draw(st.sampled_from(["shared", "dense"])),
        top=draw(st.integers(0, 5)),
        bottom=draw(st.integers(0, 5)),
        boundary=draw(st.sampled_from(["include_ties", "exclude_ties"])),
    )
    return pl.DataFrame(
        rows, schema={"unit": pl.Utf8, "period": pl.Utf8, "total": pl.Decimal(38, 18)}
    ), ranking


@settings(max_examples=300, deadline=None)
@given(one_period())
def test_one_period_ranks_as_the_general_form_does_to_the_last_column(
    case: tuple[pl.DataFrame, Ranking],
) -> None:
    # One period takes its own path (groups counted at the ends of one sort); the
    # general form, which fills positions along the runs of ties, must agree on
    # every value, type and row order.
    df, ranking = case
    fast = rank_periods(df, ranking)
    keyed = df.sort("unit").with_columns(
        _uid=pl.int_range(pl.len(), dtype=pl.UInt32),
        _order=pl.lit(0, dtype=pl.Int64),
        _key=_key_at_12_decimals(pl.col("total")).cast(pl.Int64),
    )
    general = _rank_general(keyed, ranking, one=True)
    assert fast.schema == general.schema
    assert fast.equals(general)
