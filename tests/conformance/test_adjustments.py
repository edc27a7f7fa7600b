"""RUBRIC.md §4: adjustments to the total, bonus_cap, veto, a total never below 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from ._cli import rubric, score, units

BASE = """\
elements:
  n: {label: 扣分件数, type: count, default: 0}
  late: {label: 漏报, type: count, default: 0}
  slack: {label: 敷衍, type: bool, default: 0}
  award: {label: 市级表彰, type: bool, default: 0}
  praise: {label: 县级表彰, type: bool, default: 0}
  fraud: {label: 弄虚作假, type: bool, default: 0}
items:
  - id: work
    title: 工作
    max: 10
    rules:
      - {per_case: n, deduct: 1}
adjustments:
  - {id: unreported, title: 出生信息漏报, per_case: late, deduct: 5}
  - {id: careless, title: 敷衍, deduct_if: slack, deduct: 3}
  - {id: city, title: 获市级表彰, check: award, bonus: 2}
  - {id: county, title: 获县级表彰, check: praise, bonus: 1.5}
  - {id: falsified, title: 弄虚作假, veto: fraud}
"""

CASES = [
    # (row n,late,slack,award,praise,fraud, expected total, vetoed, why)
    ("0,0,0,0,0,0", 10, False, "no adjustment: items 10"),
    ("2,1,0,0,0,0", 3, False, "items 10 - 2 = 8; 8 - 1*5 = 3"),
    ("0,3,0,0,0,0", 0, False, "10 - 3*5 = -5 -> max(0, -5) = 0"),
    ("0,0,1,0,0,0", 7, False, "deduct_if once: 10 - 3 = 7"),
    ("0,0,0,1,0,0", 12, False, "bonus not capped by any item: 10 + 2 = 12"),
    ("0,0,0,1,1,0", 13.5, False, "10 + 2 + 1.5 = 13.5"),
    ("4,1,1,1,0,0", 0, False, "10 - 4 = 6; 6 + 2 - 5 - 3 = 0"),
    ("4,0,1,1,1,0", 6.5, False, "6 + 2 + 1.5 - 3 = 6.5"),
    ("0,0,0,1,1,1", 0, True, "veto: the total becomes 0 whatever it would be (13.5)"),
]


@pytest.mark.parametrize(("row", "total", "vetoed", "why"), CASES, ids=[c[3] for c in CASES])
def test_the_total_is_items_plus_bonuses_minus_deductions_never_below_zero(
    tmp_path: Path, row: str, total: float, vetoed: bool, why: str
) -> None:
    data = f"unit,period,n,late,slack,award,praise,fraud\nV01,2026Q3,{row}\n"
    unit = score(tmp_path, rubric(BASE), data)["units"][0]
    assert (unit["total"], unit["vetoed"]) == (total, vetoed)
    assert unit["scores"]["work"] == 10 - int(row.split(",")[0])


@pytest.mark.parametrize(
    ("cap", "award", "praise", "total"),
    [
        ("bonus_cap: 3\n", 1, 1, 13),  # 2 + 1.5 = 3.5 capped at 3: 10 + 3
        ("bonus_cap: 3\n", 1, 0, 12),  # 2 under the cap: 10 + 2
        ("bonus_cap: 0.5\n", 0, 1, 10.5),  # 1.5 capped at 0.5: 10 + 0.5
        ("", 1, 1, 13.5),  # no cap: 10 + 3.5
    ],
)
def test_all_bonuses_together_never_exceed_bonus_cap(
    tmp_path: Path, cap: str, award: int, praise: int, total: float
) -> None:
    data = f"unit,period,award,praise\nV01,2026Q3,{award},{praise}\n"
    assert score(tmp_path, rubric(BASE + cap), data)["units"][0]["total"] == total


def test_a_per_case_adjustment_may_carry_a_cap(tmp_path: Path) -> None:
    text = rubric(BASE.replace("per_case: late, deduct: 5}", "per_case: late, deduct: 5, cap: 7}"))
    # 3 * 5 = 15 capped at 7: 10 - 7 = 3
    assert score(tmp_path, text, "unit,period,late\nV01,2026Q3,3\n")["units"][0]["total"] == 3


VETO_AWARDS = (
    BASE
    + """\
ranking: {top: 3, bottom: 0, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 奖励, to: [unit], amount: 500}
"""
)


def test_a_vetoed_unit_is_ranked_at_zero_and_gets_no_award(tmp_path: Path) -> None:
    # top 3 of 3 units: every unit is in top; V01 would total 10 but is vetoed -> 0,
    # ranked last (V02 10 - 1 = 9 second) and gets no 奖励: §5.1 lists it as withheld.
    data = "unit,period,n,fraud\nV01,2026Q3,0,1\nV02,2026Q3,1,0\nV03,2026Q3,0,0\n"
    result = score(tmp_path, rubric(VETO_AWARDS), data)
    by_unit = units(result)
    assert [u["unit"] for u in result["units"]] == ["V03", "V02", "V01"]
    assert (by_unit["V01"]["total"], by_unit["V01"]["vetoed"], by_unit["V01"]["rank"]) == (
        0,
        True,
        3,
    )
    assert by_unit["V01"]["actions"] == [
        {
            "kind": "奖励",
            "effect": "award",
            "to": "unit",
            "person": None,
            "amount": None,
            "withheld": "veto",
        }
    ]
    assert [a["amount"] for a in by_unit["V02"]["actions"]] == [500]
    assert by_unit["V02"]["vetoed"] is False


def test_a_vetoed_unit_in_bottom_still_meets_the_bottom_rules(tmp_path: Path) -> None:
    # RUBRIC.md bars a vetoed unit from awards only; docs/rubric.md: bottom rules apply.
    text = rubric(
        BASE
        + """\
ranking: {top: 1, bottom: 1}
consequences:
  - group: bottom
    streak: 1
    actions:
      - {kind: 黄牌警告, to: [unit]}
"""
    )
    data = "unit,period,n,fraud\nV01,2026Q3,0,1\nV02,2026Q3,1,0\nV03,2026Q3,0,0\n"
    v01 = units(score(tmp_path, text, data))["V01"]
    assert (v01["group"], v01["vetoed"]) == ("bottom", True)
    assert v01["actions"] == [
        {"kind": "黄牌警告", "effect": "yellow_card", "to": "unit", "person": None, "amount": None}
    ]
