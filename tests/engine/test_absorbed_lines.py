"""Where a parent's cap absorbs its parts' losses, a line says so, and the lines
under every node add up to what it lost (issue 11; RUBRIC.md §3: a parent scores
``min(max, sum of its parts' scores)``).

The rubric below, by hand. 第三部分 (max 10) has parts 例会 (max 6, 1 point a
case of ``a``) and 台账 (max 6, 1 a case of ``b``): their maxima add up to 12, so
up to 2 points of what they lose are absorbed. 第一部分 (max 10) has parts that
add up to exactly 10: nothing is ever absorbed. 第二部分 (max 10) has one part,
宣传 (max 8): it always loses 2 more than its part.

| case       | a | b | 例会 | 台账 | 第三部分 = min(10, sum) | parts lost | lost | absorbed |
|------------|---|---|------|------|-------------------------|------------|------|----------|
| fully      | 1 | 1 | 5    | 5    | 10                      | 2          | 0    | 2        |
| partly     | 3 | 1 | 3    | 5    | 8                       | 4          | 2    | 2        |
| only part  | 1 | 0 | 5    | 6    | 10 (11 capped)          | 1          | 0    | 1        |
| none lost  | 0 | 0 | 6    | 6    | 10                      | 0          | 0    | —        |
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping import scoresheet
from kaoping.engine import Absorbed, UnitResult, absorbed_text_zh, assess, reading_order

from .helpers import frame, make_rubric

ELEMENTS = {
    "a": {"label": "例会缺记次数", "type": "count", "default": 0},
    "b": {"label": "台账缺项数", "type": "count", "default": 0},
    "c": {"label": "学习缺课次数", "type": "count", "default": 0},
    "d": {"label": "宣传缺期数", "type": "count", "default": 0},
}

ITEMS: list[dict[str, Any]] = [
    {"id": "first", "title": "第一部分", "max": 10, "parts": [
        {"id": "study", "title": "学习", "max": 4, "rules": [{"per_case": "c", "deduct": 1}]},
        {"id": "rest", "title": "其他", "max": 6, "rules": [{"check": "c == 0", "points": 6}]},
    ]},
    {"id": "second", "title": "第二部分", "max": 10, "parts": [
        {"id": "publicity", "title": "宣传", "max": 8, "rules": [{"per_case": "d", "deduct": 2}]},
    ]},
    {"id": "third", "title": "第三部分", "max": 10, "parts": [
        {"id": "meetings", "title": "例会", "max": 6, "rules": [{"per_case": "a", "deduct": 1}]},
        {"id": "ledger", "title": "台账", "max": 6, "rules": [{"per_case": "b", "deduct": 1}]},
    ]},
]  # fmt: skip


def _rubric() -> Any:
    return make_rubric(ITEMS, elements=ELEMENTS, total=30)


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {"a": 0, "b": 0, "c": 0, "d": 0, **row}


def _unit(row: dict[str, Any], vectorised: bool = False) -> UnitResult:
    return assess(_rubric(), frame([_row(row)]), vectorised=vectorised).latest.units[0]


def _third(u: UnitResult) -> list[Absorbed]:
    return [a for a in u.absorbed if a.path == "third"]


@pytest.mark.parametrize(
    ("row", "score", "absorbed"),
    [
        ({"a": 1, "b": 1}, 10, 2),  # fully: the cap takes both points lost
        ({"a": 3, "b": 1}, 8, 2),  # partly: 4 lost below, 2 of them absorbed
        ({"a": 1, "b": 0}, 10, 1),  # one part's loss, fully absorbed
        ({"a": 0, "b": 0}, 10, None),  # nothing lost, nothing said
    ],
    ids=["fully", "partly", "one-part", "none-lost"],
)
def test_the_cap_of_a_parent_says_how_much_it_absorbed(
    row: dict[str, Any], score: int, absorbed: int | None
) -> None:
    u = _unit(row)
    assert u.scores["third"] == score
    if absorbed is None:
        assert _third(u) == []
        return
    [line] = _third(u)
    assert line.points == absorbed
    assert line.text == (
        f"第三部分封顶10分（各子项满分合计12分），以上扣分中{absorbed}分未影响本项得分"
    )


def test_a_parent_whose_parts_add_up_to_its_max_never_has_a_line() -> None:
    # 学习 loses 3 and 其他 all 6: 第一部分 loses 9, exactly its parts' losses.
    u = _unit({"c": 3})
    assert u.scores["first"] == 1
    assert [a.path for a in u.absorbed] == ["second"]


def test_a_parent_whose_parts_add_up_to_less_loses_the_difference_in_a_line() -> None:
    u = _unit({})
    [line] = [a for a in u.absorbed if a.path == "second"]
    assert (u.scores["second"], line.points) == (8, -2)
    assert line.text == "第二部分各子项满分合计8分，低于本项满分10分，扣2分"


def _loss_shown(u: UnitResult, path: str) -> Decimal:
    """What a reader adds up for a node: its deductions, minus what caps absorbed."""

    def under(p: str) -> bool:
        return p == path or p.startswith(path + ".")

    return sum((d.points for d in u.deductions if under(d.path)), Decimal(0)) - sum(
        (a.points for a in u.absorbed if under(a.path)), Decimal(0)
    )


@pytest.mark.parametrize(
    "row",
    [{"a": 1, "b": 1}, {"a": 3, "b": 1}, {"a": 1}, {}, {"a": 7, "b": 9, "c": 2, "d": 5},
     {"c": 5, "d": 1, "a": 4}],
    ids=["fully", "partly", "one-part", "none", "all-zero", "mixed"],
)  # fmt: skip
@pytest.mark.parametrize("vectorised", [False, True], ids=["per-unit", "vectorised"])
def test_the_lines_under_every_node_add_up_to_what_it_lost(
    row: dict[str, Any], vectorised: bool
) -> None:
    rubric = _rubric()
    u = _unit(row, vectorised)
    for n in rubric.nodes():
        assert _loss_shown(u, n.path) == n.max - u.scores[n.path], n.path
    # And the unit as a whole: 30 less its total.
    assert (
        sum((d.points for d in u.deductions), Decimal(0))
        - sum((a.points for a in u.absorbed), Decimal(0))
        == 30 - u.total
    )


def test_both_scorers_give_the_same_lines() -> None:
    row = {"a": 3, "b": 1, "d": 1}
    assert _unit(row).absorbed == _unit(row, vectorised=True).absorbed


def test_the_json_deductions_stay_leaf_losses_only() -> None:
    # RUBRIC.md §7: the absorbed line is for people's eyes, not the JSON contract.
    rubric = _rubric()
    result = assess(rubric, frame([_row({"a": 3, "b": 1})])).latest
    [u] = scoresheet.to_json_obj(rubric, result)["units"]
    assert [(d["path"], d["points"]) for d in u["deductions"]] == [
        ("third.meetings", 3),
        ("third.ledger", 1),
    ]
    assert "absorbed" not in u


def test_an_absorbed_line_comes_after_the_lines_it_absorbs() -> None:
    rubric = _rubric()
    u = _unit({"a": 3, "b": 1, "c": 1})
    texts = [d.text for d in reading_order(rubric, u.deductions, u.absorbed)]
    assert texts == [
        "学习缺课次数1，每例扣1分，扣1分",
        "学习缺课次数为1（应等于0），未得6分",
        "第二部分各子项满分合计8分，低于本项满分10分，扣2分",
        "例会缺记次数3，每例扣1分，扣3分",
        "台账缺项数1，每例扣1分，扣1分",
        "第三部分封顶10分（各子项满分合计12分），以上扣分中2分未影响本项得分",
    ]


def test_a_nested_parent_says_its_line_before_the_outer_one() -> None:
    # 总 (max 10) over 甲 (max 8, over 子1 and 子2 of 6 each) and 乙 (max 6).
    items = [
        {"id": "all", "title": "总", "max": 10, "parts": [
            {"id": "x", "title": "甲", "max": 8, "parts": [
                {"id": "x1", "title": "子1", "max": 6, "rules": [{"per_case": "a", "deduct": 1}]},
                {"id": "x2", "title": "子2", "max": 6, "rules": [{"per_case": "b", "deduct": 1}]},
            ]},
            {"id": "y", "title": "乙", "max": 6, "rules": [{"per_case": "c", "deduct": 1}]},
        ]},
    ]  # fmt: skip
    rubric = make_rubric(items, elements=ELEMENTS, total=10)
    # 子1 = 1, 子2 = 6: 甲 = min(8, 7) = 7 (5 lost, 4 absorbed); 乙 = 4 (2 lost);
    # 总 = min(10, 11) = 10 (3 lost below, all 3 absorbed).
    u = assess(rubric, frame([_row({"a": 5, "c": 2})])).latest.units[0]
    assert [(a.path, a.points) for a in u.absorbed] == [("all", 3), ("all.x", 4)]
    ordered = reading_order(rubric, u.deductions, u.absorbed)
    assert [d.path for d in ordered] == ["all.x.x1", "all.x", "all.y", "all"]
    for n in rubric.nodes():
        assert _loss_shown(u, n.path) == n.max - u.scores[n.path], n.path


def test_the_chinese_wording_is_one_function() -> None:
    assert absorbed_text_zh("第三部分", Decimal(10), Decimal(12), Decimal("2.5")) == (
        "第三部分封顶10分（各子项满分合计12分），以上扣分中2.5分未影响本项得分"
    )


def test_the_table_and_the_filing_rows_carry_the_line() -> None:
    rubric = _rubric()
    result = assess(rubric, frame([_row({"a": 3, "b": 1})])).latest
    table = scoresheet.render_table(rubric, result)
    explained = table.split("扣分说明：\n")[1].splitlines()
    assert explained == [
        "  V01（总分26）：",
        "    第二部分各子项满分合计8分，低于本项满分10分，扣2分",
        "    例会缺记次数3，每例扣1分，扣3分",
        "    台账缺项数1，每例扣1分，扣1分",
        "    第三部分封顶10分（各子项满分合计12分），以上扣分中2分未影响本项得分",
    ]
    _, rows = scoresheet.deduction_rows(rubric, result)
    assert [(r[4], r[5]) for r in rows] == [
        ("second", Decimal(2)),  # the 2 points 第二部分 can never have
        ("third.meetings", Decimal(3)),
        ("third.ledger", Decimal(1)),
        ("third", Decimal(-2)),
    ]
    # The 扣分 column adds up to what the unit lost: 30 - 26.
    assert sum(r[5] for r in rows) == 4
