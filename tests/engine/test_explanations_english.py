"""The same lines in English for the web's English pages: the same paths and
points as the Chinese, each sentence a whole entry of the engine's wording, the
township's labels and titles kept as they wrote them."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kaoping.engine import evaluate_unit, explain_unit, explain_units
from kaoping.engine._explain import explain

from .helpers import make_rubric
from .test_explanations import ELEMENTS


def english(rule: dict[str, Any], row: dict[str, Any], max_: int = 14, **extra: Any) -> list[str]:
    items = [{"id": "x", "title": "服务日到位率", "max": max_, "rules": [rule]}]
    r = make_rubric(items, elements=ELEMENTS, total=max_, **extra)
    env = {k: Fraction(str(v)) for k, v in row.items()}
    deductions, bonuses = explain_unit(r, env, lang="en")
    return [d.text for d in deductions + bonuses]


@pytest.mark.parametrize(
    ("rule", "row", "text"),
    [
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2, "partial": "ceil"},
         {"attended": 94, "invited": 100},
         "服务日到位率 94.0% (实到人数 94, 应到人数 100), below 95%: 1 percentage points short, "
         "2 a percentage point, 2 points lost"),
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2, "partial": "ceil"},
         {"attended": 189, "invited": 200},
         "服务日到位率 94.5% (实到人数 189, 应到人数 200), below 95%: 0.5 percentage points short, "
         "counted as 1, 2 a percentage point, 2 points lost"),
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2},
         {"attended": 50, "invited": 100},
         "服务日到位率 50.0% (实到人数 50, 应到人数 100), below 95%: 45 percentage points short, "
         "2 a percentage point, 14 points lost (all the rule's points)"),
        ({"rate": "attended / invited", "full_at": 0.95, "points": 14, "per_point_below": 2, "if_undefined": "zero"},
         {"attended": 0, "invited": 0},
         "服务日到位率 cannot be computed (the denominator is 0), so the rule gives no points: 14 points lost"),
        ({"per_case": "unfollowed", "deduct": 1}, {"unfollowed": 1},
         "缺席未回访人数 1, 1 a case: 1 point lost"),
        ({"per_case": "incomplete", "deduct": 1, "cap": 4}, {"incomplete": 6},
         "材料不全退回数 6, 1 a case, at most 4 points: 4 points lost"),
        ({"deduct_if": "not all_present", "deduct": 2}, {"all_present": 0},
         "应参加人员全部到位: no: 2 points lost"),
        ({"check": "accuracy >= 1", "points": 14}, {"accuracy": "0.98"},
         "统计数据准确率 is 0.98 (should be at least 1): 14 points not earned"),
        ({"deduct_if": "unreported > 0", "deduct": 2}, {"unreported": 1},
         "出生信息漏报例数 is 1 (more than 0): 2 points lost"),
        ({"check": "attended <= invited", "points": 14}, {"attended": 41, "invited": 40},
         "“实到人数 at most 应到人数” does not hold (实到人数 41, 应到人数 40): 14 points not earned"),
        ({"deduct_if": "attended < invited and not all_present", "deduct": 2},
         {"attended": 38, "invited": 40, "all_present": 0},
         "“(实到人数 less than 应到人数) and (not 应参加人员全部到位)” holds "
         "(实到人数 38, 应到人数 40, 应参加人员全部到位 no): 2 points lost"),
        ({"per_case": "max(unfollowed, incomplete)", "deduct": 1}, {"unfollowed": 2, "incomplete": 3},
         "the larger of 缺席未回访人数, 材料不全退回数 is 3 (缺席未回访人数 2, 材料不全退回数 3), "
         "1 a case: 3 points lost"),
        ({"check": "accuracy >= 1", "points": 14, "title": "统计数据准确率达100%"}, {"accuracy": "0.98"},
         "“统计数据准确率达100%” not achieved: 14 points not earned"),
        ({"zero_if": "not standard"}, {"standard": 0},
         "例会按规范召开并记录: no, so the item scores nothing: 14 points lost"),
    ],
)  # fmt: skip
def test_each_rule_kind_explains_its_loss_in_english(
    rule: dict[str, Any], row: dict[str, Any], text: str
) -> None:
    assert english(rule, row) == [text]


def test_english_lines_are_the_chinese_lines_paths_and_points() -> None:
    items = [
        {"id": "x", "title": "服务日到位率", "max": 5, "rules": [
            {"deduct_if": "too_simple", "deduct": 2}, {"per_case": "unfollowed", "deduct": 1}]},
    ]  # fmt: skip
    extra: dict[str, Any] = {
        "adjustments": [{"id": "award", "title": "获市级以上表彰", "check": "award", "bonus": 3}],
        "bonus_cap": 2,
    }
    r = make_rubric(items, elements=ELEMENTS, total=5, **extra)
    env = {"too_simple": Fraction(1), "unfollowed": Fraction(5), "award": Fraction(1)}
    ev = evaluate_unit(r, env)
    zh = explain(r, ev, env)
    en = explain(r, ev, env, lang="en")
    assert [(d.path, d.points) for d in zh[0] + zh[1]] == [
        (d.path, d.points) for d in en[0] + en[1]
    ]
    assert [d.text for d in en[0] + en[1]] == [
        "记录过于简单笼统: 2 points lost",
        "缺席未回访人数 5, 1 a case: 5 points lost (the item cannot fall below 0: 3 points actually lost)",
        "获市级以上表彰: 3 points added (bonuses count up to 2 points in all)",
    ]
    assert [d.points for d in en[0] + en[1]] == [Decimal(2), Decimal(3), Decimal(2)]


def test_an_unknown_language_is_refused_by_name() -> None:
    r = make_rubric(
        [{"id": "x", "title": "t", "max": 1, "rules": [{"deduct_if": "too_simple", "deduct": 1}]}],
        elements=ELEMENTS,
        total=1,
    )
    with pytest.raises(ValueError, match="'fr'"):
        explain_unit(r, {"too_simple": Fraction(1)}, lang="fr")


def test_many_units_explained_at_once_get_each_unit_s_own_lines() -> None:
    # Two units with the same figures but different assessors' reasons, and a third
    # with other figures: a line made once and given again must not cross them.
    r = make_rubric(
        [
            {"id": "x", "title": "服务日到位率", "max": 5,
             "rules": [{"per_case": "unfollowed", "deduct": 1}]},
            {"id": "other", "title": "其他工作", "max": 5,
             "rules": [{"manual": True, "note": "视情况扣分"}]},
        ],
        elements=ELEMENTS,
        total=10,
    )  # fmt: skip
    same = {"unfollowed": Fraction(2), "other.manual": Fraction(1)}
    units = [
        (same, {"other": "台账缺页"}),
        (same, {"other": "未按时报送"}),
        ({"unfollowed": Fraction(3), "other.manual": Fraction(1)}, None),
    ]
    got = [[d.text for d in ds] for ds, _bonuses in explain_units(r, units, "en")]
    assert got == [
        ["缺席未回访人数 2, 1 a case: 2 points lost", "manual deduction: 台账缺页, 1 point lost"],
        ["缺席未回访人数 2, 1 a case: 2 points lost", "manual deduction: 未按时报送, 1 point lost"],
        ["缺席未回访人数 3, 1 a case: 3 points lost", "manual deduction: 视情况扣分, 1 point lost"],
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_explained_at_once_is_the_demo_explained_unit_by_unit(lang: str) -> None:
    from kaoping.demo import build_demo
    from kaoping.engine import parse_rubric

    township = build_demo()
    r = parse_rubric(township.rubric_text, "default.yaml")
    codes = [*r.data_elements(), *r.manual_columns]
    envs = [
        {c: Fraction(str(row[c])) for c in codes if row.get(c) is not None}
        for row in township.frame.iter_rows(named=True)
    ]
    one_by_one = [explain_unit(r, env, None, lang) for env in envs]
    assert explain_units(r, [(env, None) for env in envs], lang) == one_by_one
    assert sum(len(ds) for ds, _ in one_by_one) > len(envs)  # the demo loses points
