"""RUBRIC.md §3: every rule kind with its options, leaf base and clamping, parent caps.

Expected scores are worked out by hand from RUBRIC.md's wording; the arithmetic
is in the comment of each case.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ._cli import rubric, score, score_run

ELEMENTS = """\
elements:
  a: {label: 实到, type: count, default: 0}
  b: {label: 应到, type: count, default: 0}
  n: {label: 件数, type: count, default: 0}
  m: {label: 其他件数, type: count, default: 0}
  x: {label: 数值, type: number, default: 0}
  ok: {label: 规范, type: bool, default: 1}
"""


def leaf(rules: str, max_: int = 10) -> str:
    """A rubric of one leaf `k` (max MAX_) holding RULES (YAML list items)."""
    body = ELEMENTS + f"items:\n  - id: k\n    title: 考核项\n    max: {max_}\n    rules:\n"
    body += "".join(f"      - {rule}\n" for rule in rules.strip().splitlines())
    return rubric(body, total=max_)


def leaf_score(tmp_path: Path, rules: str, row: str, max_: int = 10) -> Any:
    columns = "unit,period," + ",".join(key for key, _ in pair(row))
    values = "V01,2026Q3," + ",".join(value for _, value in pair(row))
    result = score(tmp_path, leaf(rules, max_), f"{columns}\n{values}\n")
    return result["units"][0]


def pair(row: str) -> list[tuple[str, str]]:
    return [tuple(item.split("=")) for item in row.split()]  # type: ignore[misc]


RATE = "{rate: a / b, full_at: 0.95, points: 10, per_point_below: %s%s}"

RATE_CASES = [
    # (rule, data, expected score, why)
    (RATE % (2, ""), "a=96 b=100", 10, "96% >= 95%: full points"),
    (RATE % (2, ""), "a=57 b=60", 10, "57/60 = 95% exactly: at full_at earns points"),
    (RATE % (2, ""), "a=93 b=100", 6, "shortfall 95 - 93 = 2 pp; 10 - 2*2 = 6"),
    (
        RATE % (2, ""),
        "a=283 b=300",
        8.67,
        "283/300 = 94.333..%, shortfall 2/3 pp; 10 - 2*2/3 = 8.666.. -> 8.67",
    ),
    (RATE % (2, ", partial: exact"), "a=283 b=300", 8.67, "exact is the default: same as above"),
    (
        RATE % (2, ", partial: floor"),
        "a=283 b=300",
        10,
        "shortfall 2/3 pp floored to 0; 10 - 0 = 10",
    ),
    (RATE % (2, ", partial: ceil"), "a=283 b=300", 8, "shortfall 2/3 pp ceiled to 1; 10 - 2*1 = 8"),
    (
        RATE % (2, ", partial: floor"),
        "a=917 b=1000",
        4,
        "shortfall 3.3 pp floored to 3; 10 - 2*3 = 4",
    ),
    (
        RATE % (2, ", partial: ceil"),
        "a=917 b=1000",
        2,
        "shortfall 3.3 pp ceiled to 4; 10 - 2*4 = 2",
    ),
    # shortfalls that are whole numbers exactly, though not in binary floating point
    # (0.95 - 0.94 = 0.010000000000000009): ceil must not add a point
    (RATE % (2, ", partial: ceil"), "a=94 b=100", 8, "95 - 94 = 1 pp exactly; ceil 1; 10 - 2 = 8"),
    (
        "{rate: a / b, full_at: 0.9, points: 10, per_point_below: 2, partial: ceil}",
        "a=87 b=100",
        4,
        "90 - 87 = 3 pp exactly; ceil 3; 10 - 6 = 4",
    ),
    (
        "{rate: a / b, full_at: 0.7, points: 10, per_point_below: 1, partial: floor}",
        "a=69 b=100",
        9,
        "70 - 69 = 1 pp exactly (0.7 - 0.69 = 0.0099999.. in floats); floor 1; 10 - 1 = 9",
    ),
    (
        RATE % (1, ""),
        "a=284 b=300",
        9.67,
        "shortfall 95 - 94.666.. = 1/3 pp; 10 - 1/3 = 9.666.. -> 9.67",
    ),
    (RATE % (2, ""), "a=50 b=100", 0, "shortfall 45 pp; 10 - 90 < 0 -> 0 (not below 0)"),
    (RATE % (2, ""), "a=0 b=0", 10, "0/0 undefined, if_undefined defaults to full"),
    (RATE % (2, ", if_undefined: full"), "a=0 b=0", 10, "undefined, full: points"),
    (RATE % (2, ", if_undefined: zero"), "a=0 b=0", 0, "undefined, zero: 0"),
    (
        RATE % (2, ", if_undefined: zero"),
        "a=100 b=100",
        10,
        "if_undefined has no effect on a defined ratio",
    ),
    (
        "{rate: a / b, full_at: 0.9, points: 6, per_point_below: 0.5}",
        "a=85 b=100",
        3.5,
        "earning rule: base 0; shortfall 5 pp, 6 - 0.5*5 = 3.5 (max 10 not reached)",
    ),
]


@pytest.mark.parametrize(
    ("rule", "row", "expected", "why"), RATE_CASES, ids=[c[3] for c in RATE_CASES]
)
def test_a_rate_rule_earns_points_less_per_point_of_shortfall(
    tmp_path: Path, rule: str, row: str, expected: float, why: str
) -> None:
    assert leaf_score(tmp_path, rule, row)["total"] == expected


LEAF_CASES = [
    # per_case: deducts; a leaf of pure deductions starts full (base = max)
    ("{per_case: n, deduct: 2}", "n=0", 10, "no case: base 10"),
    ("{per_case: n, deduct: 2}", "n=3", 4, "10 - 3*2 = 4"),
    ("{per_case: n, deduct: 0.5}", "n=3", 8.5, "每处扣0.5分: 10 - 3*0.5 = 8.5"),
    ("{per_case: n, deduct: 2}", "n=7", 0, "10 - 14 < 0 -> 0 (扣完为止)"),
    ("{per_case: n, deduct: 2, cap: 5}", "n=4", 5, "4*2 = 8 capped at 5; 10 - 5 = 5"),
    ("{per_case: n, deduct: 2, cap: 5}", "n=2", 6, "2*2 = 4 under the cap; 10 - 4 = 6"),
    ("{per_case: n + m, deduct: 1}", "n=2 m=3", 5, "expression counts 2 + 3 = 5 cases; 10 - 5 = 5"),
    ("{per_case: x, deduct: 2}", "x=1.5", 7, "a number element may be fractional: 10 - 1.5*2 = 7"),
    # deduct_if: once when true
    ("{deduct_if: n > 0, deduct: 3}", "n=5", 7, "true: 10 - 3 once, not per case"),
    ("{deduct_if: n > 0, deduct: 3}", "n=0", 10, "false: nothing"),
    ("{deduct_if: not ok, deduct: 3}", "ok=0", 7, "bool 0 is false, not false is true: 10 - 3"),
    # check: earns; a leaf with an earning rule starts at 0
    ("{check: ok, points: 4}", "ok=1", 4, "base 0 + 4 = 4 (max 10 not reached)"),
    ("{check: ok, points: 4}", "ok=0", 0, "base 0, nothing earned"),
    (
        "{check: ok, points: 6}\n{check: n == 0, points: 6}",
        "ok=1 n=0",
        10,
        "6 + 6 = 12 above max 10 -> 10",
    ),
    ("{check: ok, points: 6}\n{per_case: n, deduct: 2}", "ok=1 n=2", 2, "base 0 + 6 - 2*2 = 2"),
    (
        "{check: ok, points: 6}\n{check: ok, points: 6}\n{per_case: n, deduct: 1}",
        "ok=1 n=3",
        9,
        "clamp(0 + 12 - 3, 0, 10) = 9: the clamp comes after the deduction, not before",
    ),
    ("{check: ok, points: 6}\n{per_case: n, deduct: 2}", "ok=0 n=2", 0, "base 0 + 0 - 4 < 0 -> 0"),
    # expressions: functions and comparisons
    ("{per_case: 'max(n, m)', deduct: 1}", "n=2 m=3", 7, "max(2, 3) = 3 cases; 10 - 3"),
    ("{per_case: 'min(n, m)', deduct: 1}", "n=2 m=3", 8, "min(2, 3) = 2 cases; 10 - 2"),
    ("{per_case: abs(n - m), deduct: 1}", "n=2 m=5", 7, "abs(2 - 5) = 3 cases; 10 - 3"),
    (
        "{per_case: 'if(ok, n, m)', deduct: 1}",
        "ok=0 n=2 m=5",
        5,
        "if(false, 2, 5) = 5 cases; 10 - 5",
    ),
    ("{per_case: (n + m) * 2 / 4, deduct: 1}", "n=1 m=3", 8, "(1 + 3) * 2 / 4 = 2 cases; 10 - 2"),
    (
        "{deduct_if: n >= 2 and m != 0 or ok == 0, deduct: 1}",
        "n=2 m=1 ok=1",
        9,
        "true and true: 10 - 1",
    ),
    ("{deduct_if: n <= 1 or m == 0, deduct: 1}", "n=2 m=1", 10, "false or false: 10"),
    # exact arithmetic inside expressions
    ("{check: 0.1 + 0.2 == 0.3, points: 4}", "n=0", 4, "0.1 + 0.2 is exactly 0.3: true, 4 points"),
    ("{check: x * 3 == 0.3, points: 4}", "x=0.1", 4, "0.1 * 3 is exactly 0.3: true"),
    (
        "{deduct_if: n / 3 * 3 != n, deduct: 1}",
        "n=1",
        10,
        "1/3 * 3 is exactly 1: false, nothing deducted",
    ),
    # if() picks a branch: the other branch's division by 0 is never a figure
    ("{per_case: 'if(m > 0, n / m, 0)', deduct: 1}", "n=3 m=0", 10, "m = 0: 0 cases; 10"),
    ("{per_case: 'if(m > 0, n / m, 0)', deduct: 1}", "n=4 m=2", 8, "4 / 2 = 2 cases; 10 - 2"),
    (
        "{rate: 'if(b > 0, a / b, 0.5)', full_at: 0.95, points: 10, per_point_below: 1, if_undefined: full}",
        "a=0 b=0",
        0,
        "the if gives 0.5, defined: shortfall 45 pp; 10 - 45 < 0 -> 0",
    ),
    # docs/rubric.md: and/or follow three-valued logic, false and undefined is false
    ("{deduct_if: m > 0 and n / m > 1, deduct: 1}", "n=3 m=0", 10, "false and undefined: false"),
    (
        "{deduct_if: m == 0 or n / m > 1, deduct: 1}",
        "n=3 m=0",
        9,
        "true or undefined: true; 10 - 1",
    ),
    # zero_if: the leaf scores 0 whatever else holds
    ("{check: ok, points: 10}\n{zero_if: n > 0}", "ok=1 n=1", 0, "earned 10 but zero_if holds: 0"),
    ("{check: ok, points: 10}\n{zero_if: n > 0}", "ok=1 n=0", 10, "zero_if false: 10"),
    (
        "{per_case: m, deduct: 1}\n{zero_if: n > 0}",
        "m=0 n=2",
        0,
        "pure deductions, zero_if holds: 0",
    ),
    ("{zero_if: n > 0}", "n=0", 10, "zero_if is no earning rule: base 10, nothing lost"),
    ("{zero_if: n > 0}", "n=1", 0, "only zero_if, holds: 0"),
]


@pytest.mark.parametrize(
    ("rules", "row", "expected", "why"), LEAF_CASES, ids=[c[3] for c in LEAF_CASES]
)
def test_a_leaf_scores_base_plus_earned_minus_deducted_within_zero_and_max(
    tmp_path: Path, rules: str, row: str, expected: float, why: str
) -> None:
    assert leaf_score(tmp_path, rules, row)["total"] == expected


MANUAL = rubric(
    ELEMENTS
    + """\
items:
  - id: office
    title: 内业
    max: 10
    parts:
      - id: records
        title: 记录
        max: 6
        rules:
          - {manual: true, note: 否则视情况给予扣分}
      - id: ledger
        title: 台账
        max: 4
        rules:
          - {check: ok, points: 4}
          - {manual: true}
"""
)


@pytest.mark.parametrize(
    ("header", "row", "records", "ledger"),
    [
        # no manual column at all: 0 deducted; records is pure deduction (starts at 6)
        ("ok", "1", 6, 4),
        # records: 6 - 1.5 = 4.5; ledger: 0 + 4 - 1 = 3
        ("ok,office.records.manual,office.ledger.manual", "1,1.5,1", 4.5, 3),
        # empty manual cells are 0
        ("ok,office.records.manual,office.ledger.manual", "1,,", 6, 4),
        # records: 6 - 8 < 0 -> 0
        ("ok,office.records.manual", "0,8", 0, 0),
    ],
)
def test_manual_deductions_come_from_the_path_manual_column(
    tmp_path: Path, header: str, row: str, records: float, ledger: float
) -> None:
    result = score(tmp_path, MANUAL, f"unit,period,{header}\nV01,2026Q3,{row}\n")
    scores = result["units"][0]["scores"]
    assert (scores["office.records"], scores["office.ledger"]) == (records, ledger)
    assert scores["office"] == records + ledger


TREE = rubric(
    ELEMENTS
    + """\
items:
  - id: service
    title: 服务
    max: 10
    parts:
      - id: attendance
        title: 到位
        max: 8
        rules:
          - {per_case: n, deduct: 1}
      - id: follow_up
        title: 回访
        max: 6
        rules:
          - {per_case: m, deduct: 1}
  - id: office
    title: 内业
    max: 5
    parts:
      - id: records
        title: 记录
        max: 3
        parts:
          - id: minutes
            title: 例会记录
            max: 3
            rules:
              - {deduct_if: not ok, deduct: 2}
      - id: ledger
        title: 台账
        max: 2
        rules:
          - {per_case: n, deduct: 0.5}
""",
    total=15,
)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # service = min(10, 8 + 6) = 10; office = min(5, 3 + 2) = 5; total 15
        (
            "0,0,1",
            {
                "service": 10,
                "service.attendance": 8,
                "service.follow_up": 6,
                "office": 5,
                "office.records": 3,
                "office.records.minutes": 3,
                "office.ledger": 2,
                "total": 15,
            },
        ),
        # attendance 8 - 3 = 5; follow_up 6 - 0 = 6; service = min(10, 11) = 10;
        # minutes 3 - 2 = 1; records = 1; ledger 2 - 1.5 = 0.5; office 1.5; total 11.5
        (
            "3,0,0",
            {
                "service": 10,
                "service.attendance": 5,
                "service.follow_up": 6,
                "office": 1.5,
                "office.records": 1,
                "office.records.minutes": 1,
                "office.ledger": 0.5,
                "total": 11.5,
            },
        ),
        # attendance 8 - 5 = 3; follow_up 6 - 4 = 2; service = min(10, 5) = 5;
        # ledger 2 - 2.5 < 0 -> 0; office = 3 + 0 = 3; total 8
        (
            "5,4,1",
            {
                "service": 5,
                "service.attendance": 3,
                "service.follow_up": 2,
                "office": 3,
                "office.records": 3,
                "office.records.minutes": 3,
                "office.ledger": 0,
                "total": 8,
            },
        ),
    ],
)
def test_a_parent_scores_the_sum_of_its_parts_capped_at_its_max(
    tmp_path: Path, row: str, expected: dict[str, float]
) -> None:
    unit = score(tmp_path, TREE, f"unit,period,n,m,ok\nV01,2026Q3,{row}\n")["units"][0]
    assert {**unit["scores"], "total": unit["total"]} == expected


def test_a_rule_title_is_used_in_the_explanation(tmp_path: Path) -> None:
    unit = leaf_score(tmp_path, "{per_case: n, deduct: 2, title: 迟报月报表}", "n=2")
    # 10 - 2*2 = 6: the 4 points lost are explained under the leaf's path
    assert unit["total"] == 6
    assert [(d["path"], d["points"]) for d in unit["deductions"]] == [("k", 4)]
    assert "迟报月报表" in unit["deductions"][0]["text"]


def test_every_point_lost_is_explained(tmp_path: Path) -> None:
    unit = leaf_score(
        tmp_path, f"{RATE % (1, '')}\n{{per_case: n, deduct: 2}}", "a=93 b=100 n=1", max_=10
    )
    # earning rule: base 0; rate earns 10 - 1*2 = 8; per_case deducts 2; 8 - 2 = 6
    assert unit["total"] == 6
    assert sum(d["points"] for d in unit["deductions"]) == 4


@pytest.mark.parametrize(
    ("rules", "row", "why"),
    [
        ("{per_case: n / m, deduct: 1}", "n=1 m=0", "undefined outside a rate rule is an error"),
        ("{deduct_if: n / m > 1, deduct: 1}", "n=1 m=0", "undefined in a condition is an error"),
    ],
)
def test_a_division_by_zero_outside_a_rate_rule_stops_scoring(
    tmp_path: Path, rules: str, row: str, why: str
) -> None:
    # "a division whose denominator is 0 is undefined; a rule states what an
    # undefined figure means for it (if_undefined), everywhere else it is an error."
    data = "unit,period,n,m\nV01,2026Q3," + ",".join(v.split("=")[1] for v in row.split()) + "\n"
    run = score_run(tmp_path, leaf(rules), data)
    assert run.code == 2
    assert run.stdout == ""
    assert "V01" in run.stderr


def test_a_fractional_case_count_of_counts_is_an_error(tmp_path: Path) -> None:
    # "EXPR may be fractional only if the element is a number": 3 / 2 = 1.5 cases of a count
    run = score_run(tmp_path, leaf("{per_case: n / 2, deduct: 1}"), "unit,period,n\nV01,2026Q3,3\n")
    assert run.code == 2
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("rules", "row", "expected", "why"),
    LEAF_CASES + RATE_CASES,
    ids=[c[3] for c in LEAF_CASES + RATE_CASES],
)
def test_the_explanations_of_a_leaf_add_up_to_what_it_lost(
    tmp_path: Path, rules: str, row: str, expected: float, why: str
) -> None:
    # "kaoping ... explains every point lost": the lines of the leaf k add up to
    # max - score (10 - expected), to within the rounding of each shown line.
    unit = leaf_score(tmp_path, rules, row)
    explained = sum(d["points"] for d in unit["deductions"] if d["path"] == "k")
    assert abs(explained - (10 - expected)) <= 0.011 * len(unit["deductions"])
