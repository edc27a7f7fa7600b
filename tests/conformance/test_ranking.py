"""RUBRIC.md §3 (exact ties) and §5: ranking, groups at the boundary, order of units."""

from __future__ import annotations

from pathlib import Path

import pytest

from ._cli import rubric, score, units

# Each unit's total is 10 - d where d is the number in its row: totals are set directly.
RANKED = """\
elements:
  d: {label: 扣分, type: number}
items:
  - id: work
    title: 工作
    max: 10
    rules:
      - {per_case: d, deduct: 1}
ranking:
  order: desc
  ties: shared
  top: %d
  bottom: %d
  boundary: include_ties
"""


def ranked(tmp_path: Path, top: int, bottom: int, deductions: dict[str, float]) -> dict:
    rows = "".join(f"{unit},2026Q3,{d}\n" for unit, d in deductions.items())
    return score(tmp_path, rubric(RANKED % (top, bottom)), "unit,period,d\n" + rows)


def test_ties_share_a_rank_and_the_next_rank_skips(tmp_path: Path) -> None:
    # totals V01 10, V02 9, V03 9, V04 8 -> ranks 1, 2, 2, 4
    result = ranked(tmp_path, 0, 0, {"V04": 2, "V03": 1, "V02": 1, "V01": 0})
    assert [(u["unit"], u["total"], u["rank"]) for u in result["units"]] == [
        ("V01", 10, 1),
        ("V02", 9, 2),
        ("V03", 9, 2),
        ("V04", 8, 4),
    ]


def test_units_are_listed_in_rank_order_ties_by_unit_code(tmp_path: Path) -> None:
    # all tied at 9.5, given in reverse order; then V01 at 7
    result = ranked(tmp_path, 0, 0, {"V09": 0.5, "V05": 0.5, "V01": 3, "V02": 0.5})
    assert [(u["unit"], u["rank"]) for u in result["units"]] == [
        ("V02", 1),
        ("V05", 1),
        ("V09", 1),
        ("V01", 4),
    ]


GROUPS = [
    # (top, bottom, deductions, expected groups, why)
    (
        2,
        1,
        {"V01": 0, "V02": 1, "V03": 1, "V04": 2, "V05": 3},
        {"V01": "top", "V02": "top", "V03": "top", "V04": None, "V05": "bottom"},
        "10, 9, 9, 8, 7: top 2 includes both units tied at 9",
    ),
    (
        1,
        2,
        {"V01": 0, "V02": 1, "V03": 2, "V04": 2},
        {"V01": "top", "V02": None, "V03": "bottom", "V04": "bottom"},
        "10, 9, 8, 8: bottom 2 are the two at 8",
    ),
    (
        1,
        1,
        {"V01": 0, "V02": 1, "V03": 2, "V04": 2},
        {"V01": "top", "V02": None, "V03": "bottom", "V04": "bottom"},
        "10, 9, 8, 8: bottom 1 includes both tied at the boundary",
    ),
    (
        2,
        2,
        {"V01": 0, "V02": 1, "V03": 2},
        {"V01": "top", "V02": "top", "V03": "bottom"},
        "10, 9, 8: V02 is both 2nd best and 2nd worst -> top",
    ),
    (
        2,
        2,
        {"V01": 0, "V02": 1},
        {"V01": "top", "V02": "top"},
        "two units, top 2 and bottom 2: both in top",
    ),
    (
        3,
        3,
        {"V01": 0, "V02": 0, "V03": 0},
        {"V01": "top", "V02": "top", "V03": "top"},
        "all tied: all in top",
    ),
    (0, 0, {"V01": 0, "V02": 1}, {"V01": None, "V02": None}, "no groups: group null"),
]


@pytest.mark.parametrize(
    ("top", "bottom", "deductions", "groups", "why"), GROUPS, ids=[g[4] for g in GROUPS]
)
def test_groups_take_the_tied_units_at_the_boundary_and_top_wins(
    tmp_path: Path, top: int, bottom: int, deductions: dict[str, float], groups: dict, why: str
) -> None:
    result = ranked(tmp_path, top, bottom, deductions)
    assert {u["unit"]: u["group"] for u in result["units"]} == groups
    for unit in result["units"]:
        # streak is 0 exactly when the unit is in no group; 1 in its first quarter
        assert unit["streak"] == (0 if unit["group"] is None else 1)


EXACT = """\
elements:
  a: {label: 实到, type: count}
  b: {label: 应到, type: count}
  c: {label: 实到2, type: count}
  e: {label: 应到2, type: count}
  x: {label: 扣分, type: number, default: 0}
  y: {label: 扣分2, type: number, default: 0}
items:
  - id: one
    title: 一
    max: 10
    rules:
      - {rate: a / b, full_at: 0.95, points: 10, per_point_below: 1}
  - id: two
    title: 二
    max: 10
    rules:
      - {rate: c / e, full_at: 0.95, points: 10, per_point_below: 1}
  - id: three
    title: 三
    max: 10
    rules:
      - {per_case: x, deduct: 1}
      - {per_case: y, deduct: 1}
ranking: {top: 1, bottom: 1, boundary: include_ties}
"""


@pytest.mark.parametrize(
    ("rows", "total"),
    [
        # V01: one 284/300 -> shortfall 1/3 pp, 10 - 1/3; two the same; three 10
        #      total 30 - 2/3 = 29.333..
        # V02: one 283/300 -> shortfall 2/3 pp, 10 - 2/3; two 300/300 10; three 10
        #      total 30 - 2/3: the same exact total, reached through other fractions
        ("V02,2026Q3,283,300,300,300,0,0\nV01,2026Q3,284,300,284,300,0,0\n", 29.33),
        # V01: three 10 - 0.1 - 0.2 = 9.7 (0.1 + 0.2 is not 0.3 in binary floats)
        # V02: three 10 - 0.3 = 9.7; both total 29.7
        ("V02,2026Q3,1,1,1,1,0.3,0\nV01,2026Q3,1,1,1,1,0.1,0.2\n", 29.7),
        # V01: one 949/1000 -> shortfall 0.1 pp; two 948/1000 -> 0.2 pp: 30 - 0.3
        # V02: one 947/1000 -> shortfall 0.3 pp; two full: 30 - 0.3
        ("V02,2026Q3,947,1000,1,1,0,0\nV01,2026Q3,949,1000,948,1000,0,0\n", 29.7),
    ],
)
def test_units_with_the_same_exact_total_are_tied(tmp_path: Path, rows: str, total: float) -> None:
    result = score(tmp_path, rubric(EXACT, total=30), "unit,period,a,b,c,e,x,y\n" + rows)
    assert [(u["unit"], u["total"], u["rank"]) for u in result["units"]] == [
        ("V01", total, 1),
        ("V02", total, 1),
    ]
    # tied at the top boundary: both in top (top wins over bottom)
    assert {u["group"] for u in result["units"]} == {"top"}


def test_units_a_hair_apart_are_not_tied(tmp_path: Path) -> None:
    # V01: 10 - 1/3 - 1/3 = 9.333..; V02: 10 - 0.67 - 0 = 9.33, shown the same but lower
    # (9.3333.. > 9.33) so V01 ranks first and V02 second.
    rows = "V02,2026Q3,1,1,1,1,0.67,0\nV01,2026Q3,284,300,284,300,0,0\n"
    result = score(tmp_path, rubric(EXACT, total=30), "unit,period,a,b,c,e,x,y\n" + rows)
    by_unit = units(result)
    assert (by_unit["V01"]["total"], by_unit["V02"]["total"]) == (29.33, 29.33)
    assert (by_unit["V01"]["rank"], by_unit["V02"]["rank"]) == (1, 2)


def test_decimals_written_in_the_rubric_are_exact(tmp_path: Path) -> None:
    text = rubric(
        """\
elements:
  n: {label: 件数, type: count}
  m: {label: 件数二, type: count}
items:
  - id: k
    title: K
    max: 10
    rules:
      - {per_case: n, deduct: 0.1}
      - {per_case: m, deduct: 0.3}
"""
    )
    # V01: 10 - 3 * 0.1 = 9.7; V02: 10 - 1 * 0.3 = 9.7: tied only if 0.1 and 0.3 are
    # read as the decimals written, not as the nearest binary fractions.
    result = score(tmp_path, text, "unit,period,n,m\nV02,2026Q3,0,1\nV01,2026Q3,3,0\n")
    assert [(u["unit"], u["total"], u["rank"]) for u in result["units"]] == [
        ("V01", 9.7, 1),
        ("V02", 9.7, 1),
    ]
