"""RUBRIC.md §5: streaks across quarters and files, the rule that applies, amounts, people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ._cli import kaoping, rubric, units, write

# total = 10 - d: each quarter's ranking is set by the d column.
STREAKS = rubric(
    """\
elements:
  d: {label: 扣分, type: count}
items:
  - id: work
    title: 工作
    max: 10
    rules:
      - {per_case: d, deduct: 1}
ranking: {order: desc, ties: shared, top: 1, bottom: 1, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
  - group: top
    streak: 3
    actions:
      - {kind: 奖励, to: [service_worker], amount: {by_rank: [300, 200]}}
  - group: bottom
    streak: 2
    actions:
      - {kind: 罚款, to: [secretary, director], amount: 300}
      - {kind: 召开分析会, to: [unit]}
"""
)

# d per unit (V01, V02, V03, V04) and quarter; top = least d, bottom = most d.
QUARTERS = {
    "2026Q1": (0, 1, 2, 3),  # top V01 (streak 1), bottom V04 (1)
    "2026Q2": (0, 1, 2, 3),  # top V01 (2), bottom V04 (2)
    "2026Q3": (0, 1, 3, 2),  # top V01 (3), bottom V03 (1); V04 out of the group
    "2026Q4": (1, 0, 3, 2),  # top V02 (1), bottom V03 (2); V01's streak broken
    "2027Q1": (0, 1, 3, 2),  # top V01 again (1), bottom V03 (3)
}

# (period, unit, group, streak, actions as (kind, to, person, amount))
EXPECTED = [
    ("2026Q1", "V01", "top", 1, [("通报表扬", "unit", None, None)]),
    ("2026Q1", "V04", "bottom", 1, []),  # no bottom rule with streak <= 1
    ("2026Q1", "V02", None, 0, []),
    # streak 2: the largest rule streak not above 2 is 1
    ("2026Q2", "V01", "top", 2, [("通报表扬", "unit", None, None)]),
    (
        "2026Q2",
        "V04",
        "bottom",
        2,
        [
            ("罚款", "secretary", None, 300),
            ("罚款", "director", None, 300),
            ("召开分析会", "unit", None, None),
        ],
    ),
    # streak 3: only the streak-3 rule applies, with all its actions; 1st in top -> 300
    ("2026Q3", "V01", "top", 3, [("奖励", "service_worker", None, 300)]),
    ("2026Q3", "V03", "bottom", 1, []),
    ("2026Q3", "V04", None, 0, []),
    ("2026Q4", "V01", None, 0, []),
    ("2026Q4", "V02", "top", 1, [("通报表扬", "unit", None, None)]),
    (
        "2026Q4",
        "V03",
        "bottom",
        2,
        [
            ("罚款", "secretary", None, 300),
            ("罚款", "director", None, 300),
            ("召开分析会", "unit", None, None),
        ],
    ),
    # broken in 2026Q4 and resumed: streak 1 again
    ("2027Q1", "V01", "top", 1, [("通报表扬", "unit", None, None)]),
    # streak 3 in bottom: the largest rule streak not above 3 is 2
    (
        "2027Q1",
        "V03",
        "bottom",
        3,
        [
            ("罚款", "secretary", None, 300),
            ("罚款", "director", None, 300),
            ("召开分析会", "unit", None, None),
        ],
    ),
]


def rows(period: str) -> str:
    return "".join(f"V0{i + 1},{period},{d}\n" for i, d in enumerate(QUARTERS[period]))


def actions(unit: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(a["kind"], a["to"], a["person"], a["amount"]) for a in unit["actions"]]


def assess(tmp_path: Path, files: list[str], *args: object) -> dict[str, Any]:
    rubric_path = write(tmp_path, "rubric.yaml", STREAKS)
    paths = [write(tmp_path, f"q{i}.csv", "unit,period,d\n" + text) for i, text in enumerate(files)]
    return kaoping("score", rubric_path, *paths, "--format", "json", *args).json()


@pytest.mark.parametrize(("period", "unit", "group", "streak", "expected"), EXPECTED)
def test_streaks_and_consequences_from_one_file_of_several_quarters(
    tmp_path: Path, period: str, unit: str, group: str | None, streak: int, expected: list
) -> None:
    # quarters in one file, rows out of order: every quarter is assessed in order
    data = "".join(rows(p) for p in reversed(QUARTERS))
    result = assess(tmp_path, [data], "--period", period)
    assert result["period"] == period
    found = units(result)[unit]
    assert (found["group"], found["streak"], actions(found)) == (group, streak, expected)


@pytest.mark.parametrize(("period", "unit", "group", "streak", "expected"), EXPECTED)
def test_streaks_and_consequences_from_one_file_per_quarter(
    tmp_path: Path, period: str, unit: str, group: str | None, streak: int, expected: list
) -> None:
    files = [rows(p) for p in ["2026Q3", "2027Q1", "2026Q1", "2026Q4", "2026Q2"]]
    found = units(assess(tmp_path, files, "--period", period))[unit]
    assert (found["group"], found["streak"], actions(found)) == (group, streak, expected)


def test_the_reported_period_defaults_to_the_latest(tmp_path: Path) -> None:
    result = assess(tmp_path, [rows(p) for p in QUARTERS])
    assert result["period"] == "2027Q1"
    assert units(result)["V03"]["streak"] == 3


AMOUNTS = """\
elements:
  d: {label: 扣分, type: count}
items:
  - id: work
    title: 工作
    max: 10
    rules:
      - {per_case: d, deduct: 1}
ranking: {order: desc, ties: shared, top: %d, bottom: %d, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 奖励, to: [unit], amount: {by_rank: [300, 200, 100]}}
  - group: bottom
    streak: 1
    actions:
      - {kind: 罚款, to: [unit], amount: {by_rank: [300, 200, 100]}}
"""


@pytest.mark.parametrize(
    ("top", "bottom", "d", "expected"),
    [
        # totals 10, 9, 9, 5, 4: top 2 with ties holds 3 units ranked 1, 2, 2 within it
        # -> 300, 200, 200 (tied units receive the same amount); bottom 1 -> V05 300
        (2, 1, (0, 1, 1, 5, 6), {"V01": 300, "V02": 200, "V03": 200, "V04": None, "V05": 300}),
        # totals 10, 9, 8, 7: bottom counts from the worst: V04 first (300), V03 200
        (1, 2, (0, 1, 2, 3), {"V01": 300, "V02": None, "V03": 200, "V04": 300}),
        # totals 10, 9, 7, 7: both worst units share the first place of bottom: 300 each
        (1, 1, (0, 1, 3, 3), {"V01": 300, "V02": None, "V03": 300, "V04": 300}),
        # totals 10, 10, 10, 7: three tied best are all first in top
        (1, 1, (0, 0, 0, 3), {"V01": 300, "V02": 300, "V03": 300, "V04": 300}),
        # totals 10, 10, 9, 5: top 3 ranks 1, 1, 3 -> 300, 300, 100 (shared ranks, 1 1 3)
        (3, 1, (0, 0, 1, 5), {"V01": 300, "V02": 300, "V03": 100, "V04": 300}),
        # totals 10, 8, 7, 7: bottom 3 from the worst: V03, V04 first (300 each), V02 third
        # (shared ranks: 1, 1, 3) -> 100
        (1, 3, (0, 2, 3, 3), {"V01": 300, "V02": 100, "V03": 300, "V04": 300}),
    ],
)
def test_by_rank_amounts_follow_the_rank_within_the_group(
    tmp_path: Path, top: int, bottom: int, d: tuple[int, ...], expected: dict[str, int | None]
) -> None:
    rubric_path = write(tmp_path, "rubric.yaml", rubric(AMOUNTS % (top, bottom)))
    data = "unit,period,d\n" + "".join(f"V0{i + 1},2026Q3,{x}\n" for i, x in enumerate(d))
    result = kaoping(
        "score", rubric_path, write(tmp_path, "d.csv", data), "--format", "json"
    ).json()
    found = {
        u["unit"]: (u["actions"][0]["amount"] if u["actions"] else None) for u in result["units"]
    }
    assert found == expected


ROLES = rubric(
    """\
elements:
  d: {label: 扣分, type: count}
items:
  - id: work
    title: 工作
    max: 10
    rules:
      - {per_case: d, deduct: 1}
ranking: {top: 1, bottom: 1}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit, resident_cadre]}
      - {kind: 奖励, to: [service_worker], amount: 300}
      - {kind: 奖励, to: [area_chief, area_deputy], amount: {by_role: {area_chief: 200, area_deputy: 100}}}
"""
)

ROLE_DATA = "unit,name,area,period,d\nV01,东村,A1,2026Q3,0\nV02,西村,A1,2026Q3,2\n"

PEOPLE = """\
unit,role,name,from,to
V01,service_worker,张三,2025-01-01,2026-08-15
V01,service_worker,李四,2026-08-16,
V01,resident_cadre,赵六,2025-01-01,
V02,service_worker,孙七,2025-01-01,
A1,area_chief,王五,2025-01-01,
A1,area_deputy,周八,2025-01-01,
"""


def test_roles_and_amounts_without_a_people_file_have_no_person(tmp_path: Path) -> None:
    rubric_path = write(tmp_path, "rubric.yaml", ROLES)
    data = write(tmp_path, "d.csv", ROLE_DATA)
    result = kaoping("score", rubric_path, data, "--format", "json").json()
    assert actions(units(result)["V01"]) == [
        ("通报表扬", "unit", None, None),
        ("通报表扬", "resident_cadre", None, None),
        ("奖励", "service_worker", None, 300),
        ("奖励", "area_chief", None, 200),
        ("奖励", "area_deputy", None, 100),
    ]


def test_the_people_file_names_the_person_holding_each_role(tmp_path: Path) -> None:
    rubric_path = write(tmp_path, "rubric.yaml", ROLES)
    data = write(tmp_path, "d.csv", ROLE_DATA)
    people = write(tmp_path, "people.csv", PEOPLE)
    result = kaoping("score", rubric_path, data, "--format", "json", "--people", people).json()
    # 张三 left on 15 August; 李四 holds the role for 2026Q3 (docs/rubric.md: the holder
    # on the quarter's last day). Area roles come from the unit's area A1.
    found = [(a["to"], a["person"], a["amount"]) for a in units(result)["V01"]["actions"]]
    assert ("resident_cadre", "赵六", None) in found
    assert ("service_worker", "李四", 300) in found
    assert ("area_chief", "王五", 200) in found
    assert ("area_deputy", "周八", 100) in found
    assert all(person != "张三" for _, person, _ in found)
    assert all(person is None for to, person, _ in found if to == "unit")


def test_the_rule_that_applies_does_not_depend_on_the_order_rules_are_written(
    tmp_path: Path,
) -> None:
    # the streak-3 rule written before the streak-1 rule: V01 with streak 3 in 2026Q3
    # still gets the streak-3 rule only, and with streak 2 in 2026Q2 the streak-1 rule.
    reordered = STREAKS.replace(
        """  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
  - group: top
    streak: 3
    actions:
      - {kind: 奖励, to: [service_worker], amount: {by_rank: [300, 200]}}
""",
        """  - group: top
    streak: 3
    actions:
      - {kind: 奖励, to: [service_worker], amount: {by_rank: [300, 200]}}
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
""",
    )
    assert reordered != STREAKS
    rubric_path = write(tmp_path, "rubric.yaml", reordered)
    data = write(tmp_path, "d.csv", "unit,period,d\n" + "".join(rows(p) for p in QUARTERS))
    for period, expected in [
        ("2026Q2", [("通报表扬", "unit", None, None)]),
        ("2026Q3", [("奖励", "service_worker", None, 300)]),
    ]:
        result = kaoping("score", rubric_path, data, "--format", "json", "--period", period).json()
        assert actions(units(result)["V01"]) == expected


def test_a_quarter_without_the_units_data_does_not_break_its_streak(tmp_path: Path) -> None:
    # docs/rubric.md: a streak counts the unit's own assessed quarters. V01 is top in
    # 2026Q1 and 2026Q3 and has no data in 2026Q2 (V02, V03 do): streak 2 in 2026Q3.
    data = (
        "V01,2026Q1,0\nV02,2026Q1,1\nV03,2026Q1,2\n"
        "V02,2026Q2,1\nV03,2026Q2,2\n"
        "V01,2026Q3,0\nV02,2026Q3,1\nV03,2026Q3,2\n"
    )
    found = units(assess(tmp_path, [data]))["V01"]
    assert (found["group"], found["streak"]) == ("top", 2)


def test_people_dates_decide_who_answers_for_the_quarter(tmp_path: Path) -> None:
    rubric_path = write(tmp_path, "rubric.yaml", ROLES)
    data = write(tmp_path, "d.csv", "unit,name,period,d\nV01,东村,2026Q3,0\nV02,西村,2026Q3,2\n")
    people = write(
        tmp_path,
        "people.csv",
        "unit,role,name,from,to\n"
        "V01,area_chief,王五,,\n"  # empty from and to: always; recorded on the unit itself
        "V01,area_chief,赵四,2026-10-01,\n"  # from after the quarter: not this quarter
        "V01,service_worker,张三,2026-01-01,2026-12-31\n"
        "V01,area_deputy,甲,2025-01-01,2026-06-30\n",  # left before the quarter
    )
    result = kaoping("score", rubric_path, data, "--format", "json", "--people", people).json()
    found = {a["to"]: a["person"] for a in units(result)["V01"]["actions"]}
    assert found["area_chief"] == "王五"
    assert found["service_worker"] == "张三"
    assert found["area_deputy"] is None
