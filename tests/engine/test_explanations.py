"""Every point lost is a line of Chinese with the figures behind it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from .helpers import frame, make_rubric, score_both

ELEMENTS = {
    "invited": {"label": "应到人数", "type": "count"},
    "attended": {"label": "实到人数", "type": "count"},
    "unfollowed": {"label": "缺席未回访人数", "type": "count"},
    "incomplete": {"label": "材料不全退回数", "type": "count"},
    "all_present": {"label": "应参加人员全部到位", "type": "bool"},
    "too_simple": {"label": "记录过于简单笼统", "type": "bool"},
    "standard": {"label": "例会按规范召开并记录", "type": "bool"},
    "accuracy": {"label": "统计数据准确率", "type": "number"},
    "unreported": {"label": "出生信息漏报例数", "type": "count"},
    "award": {"label": "获市级以上表彰", "type": "bool"},
}


def explain_one(
    rules: list[dict[str, Any]], row: dict[str, Any], max_: int = 14, **extra: Any
) -> list[tuple[str, Decimal, str]]:
    items = [{"id": "x", "title": "服务日到位率", "max": max_, "rules": rules}]
    r = make_rubric(items, elements=ELEMENTS, total=max_, **extra)
    u = score_both(r, [row]).latest.units[0]
    return [(d.path, d.points, d.text) for d in u.deductions + u.bonuses]


@pytest.mark.parametrize(
    ("rule", "row", "text"),
    [
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2, "partial": "ceil"},
         {"attended": 94, "invited": 100},
         "服务日到位率94.0%（实到人数94，应到人数100），低于95%，差1个百分点，每个百分点扣2分，扣2分"),
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2, "partial": "ceil"},
         {"attended": 189, "invited": 200},
         "服务日到位率94.5%（实到人数189，应到人数200），低于95%，差0.5个百分点，按1个百分点计，每个百分点扣2分，扣2分"),
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2},
         {"attended": 50, "invited": 100},
         "服务日到位率50.0%（实到人数50，应到人数100），低于95%，差45个百分点，每个百分点扣2分，扣14分（扣完为止）"),
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2, "if_undefined": "zero"},
         {"attended": 0, "invited": 0},
         "服务日到位率无法计算（分母为0），按规则不得分，扣14分"),
        ({"per_case": "unfollowed", "deduct": 1}, {"unfollowed": 3},
         "缺席未回访人数3，每例扣1分，扣3分"),
        ({"per_case": "incomplete", "deduct": 1, "cap": 4}, {"incomplete": 6},
         "材料不全退回数6，每例扣1分，最多扣4分，扣4分"),
        ({"deduct_if": "too_simple", "deduct": 2}, {"too_simple": 1}, "记录过于简单笼统，扣2分"),
        ({"deduct_if": "not all_present", "deduct": 2}, {"all_present": 0}, "应参加人员全部到位：否，扣2分"),
        ({"deduct_if": "not all_present", "deduct": 2, "title": "应参加人员未全部到位"}, {"all_present": 0},
         "应参加人员未全部到位，扣2分"),
        # Conditions are said with labels and values, never the rubric's code.
        ({"check": "accuracy >= 1", "points": 14}, {"accuracy": "0.98"},
         "统计数据准确率为0.98（应不低于1），未得14分"),
        ({"check": "0 == unreported", "points": 14}, {"unreported": 1},
         "出生信息漏报例数为1（应等于0），未得14分"),
        ({"deduct_if": "unreported > 0", "deduct": 2}, {"unreported": 1},
         "出生信息漏报例数为1（大于0），扣2分"),
        ({"check": "attended <= invited", "points": 14}, {"attended": 41, "invited": 40},
         "“实到人数不超过应到人数”不成立（实到人数41，应到人数40），未得14分"),
        ({"deduct_if": "attended < invited and not all_present", "deduct": 2},
         {"attended": 38, "invited": 40, "all_present": 0},
         "“（实到人数小于应到人数）且（并非应参加人员全部到位）”成立（实到人数38，应到人数40，应参加人员全部到位否），扣2分"),
        ({"per_case": "invited - attended", "deduct": 1}, {"attended": 37, "invited": 40},
         "应到人数减实到人数为3（应到人数40，实到人数37），每例扣1分，扣3分"),
        ({"per_case": "max(unfollowed, incomplete)", "deduct": 1}, {"unfollowed": 2, "incomplete": 3},
         "缺席未回访人数、材料不全退回数中的较大者为3（缺席未回访人数2，材料不全退回数3），每例扣1分，扣3分"),
        ({"check": "accuracy >= 1", "points": 14, "title": "统计数据准确率达100%"}, {"accuracy": "0.98"},
         "未达到“统计数据准确率达100%”，扣14分"),
        ({"zero_if": "not standard"}, {"standard": 0}, "例会按规范召开并记录：否，该项不得分，扣14分"),
        ({"zero_if": "not standard", "title": "未按规范记录的不得分"}, {"standard": 0}, "未按规范记录的不得分，扣14分"),
    ],
)  # fmt: skip
def test_each_rule_kind_explains_its_loss(
    rule: dict[str, Any], row: dict[str, Any], text: str
) -> None:
    lines = explain_one([rule], row)
    assert [t for _, _, t in lines] == [text]


def test_deductions_beyond_the_leaf_are_reduced_and_say_so() -> None:
    rules = [{"deduct_if": "too_simple", "deduct": 2}, {"per_case": "unfollowed", "deduct": 1}]
    lines = explain_one(rules, {"too_simple": 1, "unfollowed": 5}, max_=5)
    assert lines == [
        ("x", Decimal(2), "记录过于简单笼统，扣2分"),
        ("x", Decimal(3), "缺席未回访人数5，每例扣1分，扣5分（本项扣完为止，实扣3分）"),
    ]


def test_adjustments_explain_deductions_and_capped_bonuses() -> None:
    extra: dict[str, Any] = {
        "adjustments": [
            {"id": "unreported", "title": "出生信息漏报", "per_case": "unreported", "deduct": 5},
            {"id": "award", "title": "获市级以上表彰", "check": "award", "bonus": 3},
        ],
        "bonus_cap": 2,
    }
    lines = explain_one(
        [{"per_case": "unfollowed", "deduct": 1}],
        {"unfollowed": 0, "unreported": 2, "award": 1},
        **extra,
    )
    assert lines == [
        (
            "adjustments.unreported",
            Decimal(10),
            "出生信息漏报：出生信息漏报例数2，每例扣5分，扣10分",
        ),
        ("adjustments.award", Decimal(2), "获市级以上表彰，加3分（加分合计以2分为限）"),
    ]


@pytest.mark.parametrize(
    ("reasons", "expected"),
    [
        # No reason given (the command line): the rubric's note speaks.
        (None, "人工扣分：视情况扣分，扣1.5分"),
        # The assessor's reason is the line; surrounding spaces dropped.
        ({("V01", "2026Q3"): {"other": "  总结未按时上交 "}}, "人工扣分：总结未按时上交，扣1.5分"),
        # A reason for another unit or item says nothing about this one.
        ({("V02", "2026Q3"): {"other": "别村的理由"}}, "人工扣分：视情况扣分，扣1.5分"),
        ({("V01", "2026Q3"): {"elsewhere": "别项的理由"}}, "人工扣分：视情况扣分，扣1.5分"),
    ],
)
def test_a_manual_deduction_is_explained_by_the_reason_its_assessor_wrote(
    reasons: Any, expected: str
) -> None:
    from kaoping.engine import assess

    rubric = make_rubric(
        [
            {
                "id": "other",
                "title": "其他工作",
                "max": 5,
                "rules": [{"manual": True, "note": "视情况扣分"}],
            }
        ]
    )
    result = assess(rubric, frame([{"other.manual": "1.5"}]), manual_reasons=reasons)
    texts = [d.text for d in result.period("2026Q3").unit("V01").deductions]
    assert texts == [expected]
