"""Every rule kind of RUBRIC.md §3, with expectations worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from .helpers import make_rubric, score_both

D = Decimal


def leaf(rules: Sequence[Mapping[str, Any]], max_: float = 14) -> list[dict[str, Any]]:
    return [{"id": "x", "title": "到位率", "max": max_, "rules": rules}]


def rate(**kw: Any) -> dict[str, Any]:
    rule = {"rate": "a / b", "full_at": 0.95, "points": 14, "per_point_below": 2}
    rule.update(kw)
    return rule


# 14 points at 95%, 2 points for each percentage point below (到位率达95%以上的得14分，每降低1个百分点扣2分)
@pytest.mark.parametrize(
    ("a", "b", "partial", "expected"),
    [
        (95, 100, "exact", "14"),  # exactly at full_at
        (100, 100, "exact", "14"),
        (110, 100, "exact", "14"),  # above 100% still full
        (94, 100, "exact", "12"),  # 1 point below: a float would say 1.0000000000000009
        (94, 100, "ceil", "12"),
        (94, 100, "floor", "12"),
        (189, 200, "exact", "13"),  # 94.5%: half a point below
        (189, 200, "floor", "14"),  # the half point is not counted
        (189, 200, "ceil", "12"),  # 不足1个百分点按1个百分点计
        (93, 100, "ceil", "10"),
        (50, 100, "exact", "0"),  # 45 points below: never under 0
        (0, 7, "exact", "0"),
        (284, 300, "exact", "13.3333333333333333333"),  # 94.666..%: 1/3 point below
        (284, 300, "floor", "14"),
        (284, 300, "ceil", "12"),
    ],
)
def test_rate_rules_earn_by_shortfall(a: int, b: int, partial: str, expected: str) -> None:
    r = make_rubric(leaf([rate(partial=partial)]))
    u = score_both(r, [{"a": a, "b": b}]).latest.units[0]
    assert abs(u.scores["x"] - D(expected)) < D("1e-15")


@pytest.mark.parametrize(("if_undefined", "expected"), [(None, 14), ("full", 14), ("zero", 0)])
def test_an_undefined_rate_follows_if_undefined(if_undefined: str | None, expected: int) -> None:
    kw = {"if_undefined": if_undefined} if if_undefined else {}
    r = make_rubric(leaf([rate(**kw)]))
    u = score_both(r, [{"a": 0, "b": 0}]).latest.units[0]
    assert u.scores["x"] == expected


def test_a_third_of_a_point_is_kept_exact_and_ties_with_the_same_exact_total() -> None:
    # V01: 94 2/3 % with exact partial loses 2/3 point on a 2-point step (13 1/3 → shown 13.33).
    # V02: the same rate from other figures (142/150) must tie, not differ at the 18th decimal.
    r = make_rubric(leaf([rate()]))
    res = score_both(r, [{"a": 284, "b": 300}, {"a": 142, "b": 150}]).latest
    assert [u.rank for u in res.units] == [1, 1]
    assert res.units[0].total == res.units[1].total


def test_a_rate_whose_points_exceed_the_leaf_max_is_capped() -> None:
    r = make_rubric(leaf([rate(points=20)], max_=14))
    assert score_both(r, [{"a": 1, "b": 1}]).latest.units[0].scores["x"] == 14


@pytest.mark.parametrize(
    ("cases", "deduct", "cap", "max_", "expected"),
    [
        (0, 0.5, None, 3, "3"),
        (1, 0.5, None, 3, "2.5"),
        (6, 0.5, None, 3, "0"),
        (7, 0.5, None, 3, "0"),  # 扣完为止: never below 0
        (3, 1, 4, 10, "7"),
        (4, 1, 4, 10, "6"),
        (5, 1, 4, 10, "6"),  # the cap holds
        (100, 1, 4, 10, "6"),
    ],
)
def test_per_case_rules_deduct_per_case(
    cases: int, deduct: float, cap: float | None, max_: int, expected: str
) -> None:
    rule: dict[str, Any] = {"per_case": "n", "deduct": deduct}
    if cap is not None:
        rule["cap"] = cap
    r = make_rubric(leaf([rule], max_=max_))
    assert score_both(r, [{"n": cases}]).latest.units[0].scores["x"] == D(expected)


def test_persisting_cases_count_until_resolved_and_exemptions_subtract() -> None:
    # 直至落实为止: this quarter's new cases plus last quarter's unresolved ones,
    # less those exempted (持有效证明的除外).
    rule = {"per_case": "new + outstanding_prev - exempted", "deduct": 2}
    r = make_rubric(leaf([rule], max_=10))
    u = score_both(r, [{"new": 1, "outstanding_prev": 2, "exempted": 1}]).latest.units[0]
    assert u.scores["x"] == 6


# 准确率100%得2分; 一览表及时更新得1分; 迁出无回执为0得1分 (max 4)
@pytest.mark.parametrize(
    ("accuracy", "ledger", "no_receipt", "expected"),
    [
        ("1", 1, 0, 4),
        ("0.99", 1, 0, 2),
        ("1", 0, 0, 3),
        ("1", 1, 2, 3),
        ("0.5", 0, 1, 0),
    ],
)
def test_check_rules_earn_their_points_when_true(
    accuracy: str, ledger: int, no_receipt: int, expected: int
) -> None:
    rules = [
        {"check": "acc >= 1", "points": 2},
        {"check": "ledger", "points": 1},
        {"check": "no_receipt == 0", "points": 1},
    ]
    r = make_rubric(leaf(rules, max_=4))
    u = score_both(r, [{"acc": accuracy, "ledger": ledger, "no_receipt": no_receipt}]).latest
    assert u.units[0].scores["x"] == expected


MEETING: list[dict[str, Any]] = [
    {"zero_if": "not standard", "title": "未按规范记录的不得分"},
    {"deduct_if": "not all_present", "deduct": 2},
    {"deduct_if": "too_simple", "deduct": 2},
    {"deduct_if": "not key_issues", "deduct": 3},
]


@pytest.mark.parametrize(
    ("standard", "all_present", "too_simple", "key_issues", "expected"),
    [
        (1, 1, 0, 1, 5),
        (1, 0, 0, 1, 3),
        (1, 0, 1, 1, 1),
        (1, 0, 1, 0, 0),  # 7 points of deductions on a 5-point leaf: 0, not -2
        (0, 1, 0, 1, 0),  # zero_if wins whatever else holds
    ],
)
def test_deduct_if_and_zero_if(
    standard: int, all_present: int, too_simple: int, key_issues: int, expected: int
) -> None:
    r = make_rubric(leaf(MEETING, max_=5))
    row = {
        "standard": standard,
        "all_present": all_present,
        "too_simple": too_simple,
        "key_issues": key_issues,
    }
    assert score_both(r, [row]).latest.units[0].scores["x"] == expected


@pytest.mark.parametrize(("manual", "expected"), [(None, "5"), ("1.5", "3.5"), ("7", "0")])
def test_manual_deductions_come_from_the_path_manual_column(
    manual: str | None, expected: str
) -> None:
    r = make_rubric(
        [
            {
                "id": "other",
                "title": "其他工作",
                "max": 5,
                "rules": [{"manual": True, "note": "视情况扣分"}],
            }
        ]
    )
    row = {"dummy": 0} if manual is None else {"other.manual": manual}
    u = score_both(r, [row]).latest.units[0]
    assert u.scores["other"] == D(expected)
    if manual is not None:
        assert u.deductions[0].path == "other"
        assert "视情况扣分" in u.deductions[0].text


def test_earning_and_deducting_rules_on_one_leaf_start_from_zero() -> None:
    # An earning rule makes the base 0: 3 earned, 1 deducted → 2.
    rules = [{"check": "ok", "points": 3}, {"per_case": "n", "deduct": 1}]
    r = make_rubric(leaf(rules, max_=5))
    assert score_both(r, [{"ok": 1, "n": 1}]).latest.units[0].scores["x"] == 2
    assert score_both(r, [{"ok": 0, "n": 1}]).latest.units[0].scores["x"] == 0


@pytest.mark.parametrize(
    ("lost_a", "lost_b", "parent"),
    [(0, 0, 10), (2, 0, 10), (3, 0, 9), (6, 6, 0), (1, 1, 10)],
)
def test_a_parent_never_exceeds_its_max(lost_a: int, lost_b: int, parent: int) -> None:
    # Two parts of 6 under a parent of 10 (real rubrics do this: the parent caps).
    items = [
        {
            "id": "p",
            "title": "父项",
            "max": 10,
            "parts": [
                {"id": "a", "title": "甲", "max": 6, "rules": [{"per_case": "la", "deduct": 1}]},
                {"id": "b", "title": "乙", "max": 6, "rules": [{"per_case": "lb", "deduct": 1}]},
            ],
        }
    ]
    r = make_rubric(items, total=10)
    assert any("parts add up to 12" in w for w in r.warnings)
    u = score_both(r, [{"la": lost_a, "lb": lost_b}]).latest.units[0]
    assert u.scores["p"] == parent
    assert u.scores["p.a"] == 6 - lost_a


ADJUSTED: dict[str, Any] = dict(
    adjustments=[
        {"id": "unreported", "title": "出生信息漏报", "per_case": "unreported", "deduct": 5},
        {"id": "award", "title": "获市级表彰", "check": "award", "bonus": 4},
        {"id": "model", "title": "示范村", "check": "model", "bonus": 3},
        {"id": "fraud", "title": "弄虚作假", "veto": "fraud"},
    ],
    bonus_cap=5,
)


@pytest.mark.parametrize(
    ("unreported", "award", "model", "fraud", "total", "vetoed"),
    [
        (0, 0, 0, 0, "90", False),
        (2, 0, 0, 0, "80", False),  # 5 per case
        (0, 1, 0, 0, "94", False),
        (0, 1, 1, 0, "95", False),  # 4 + 3 capped at 5
        (1, 1, 1, 0, "90", False),
        (19, 0, 0, 0, "0", False),  # the total never goes below 0
        (0, 1, 1, 1, "0", True),  # 一票否决
    ],
)
def test_adjustments_bonus_cap_and_veto(
    unreported: int, award: int, model: int, fraud: int, total: str, vetoed: bool
) -> None:
    r = make_rubric(leaf([{"per_case": "n", "deduct": 1}], max_=100), **ADJUSTED)
    row = {"n": 10, "unreported": unreported, "award": award, "model": model, "fraud": fraud}
    u = score_both(r, [row]).latest.units[0]
    assert u.total == D(total)
    assert u.vetoed is vetoed


def test_adjustments_are_not_capped_by_any_item() -> None:
    r = make_rubric(leaf([{"per_case": "n", "deduct": 1}], max_=10), total=10, **ADJUSTED)
    u = score_both(r, [{"n": 0, "unreported": 1, "award": 1, "model": 1, "fraud": 0}]).latest
    assert u.units[0].total == 10  # 10 - 5 + 5: bonuses may lift a total over the items' sum
