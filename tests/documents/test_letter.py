"""目标责任书 blocks: clause numbers in Chinese numerals, the signature block."""

from __future__ import annotations

from datetime import date

import pytest

from kaoping.documents import LetterClause, LetterParty, chinese_numeral, letter_blocks, text_of


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (35, "三十五"), (99, "九十九")],
)
def test_clause_numbers_are_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


@pytest.mark.parametrize("n", [0, 100])
def test_numbers_outside_the_clauses_are_refused(n: int) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(n)


def test_an_unsigned_letter_leaves_the_date_to_write_by_hand() -> None:
    blocks = letter_blocks(
        "春季服务活动",
        LetterParty("甲方", "东风镇人民政府"),
        LetterParty("乙方", "东村", [("书记", "钱书记")]),
        [LetterClause("按时上报")],
        None,
    )
    assert text_of(blocks)[:5] == [
        "目标责任书", "甲方：东风镇人民政府", "乙方：东村",
        "为做好春季服务活动，经甲方、乙方协商，签订本目标责任书。", "一、目标任务",
    ]  # fmt: skip
    table = blocks[-1]
    assert table.rows == (  # type: ignore[union-attr]
        ("甲方（盖章）：东风镇人民政府", "乙方（盖章）：东村"),
        ("", ""),
        ("负责人（签字）：", "书记（签字）：钱书记"),
        ("", ""),
        ("日期：    年  月  日", "日期：    年  月  日"),
    )
    assert table.ruled is False  # type: ignore[union-attr]
    two = letter_blocks("x", LetterParty("甲方", "a"), LetterParty("乙方", "b", [("书记", "甲"), ("主任", "乙")]),
                        [LetterClause("c")], None)  # fmt: skip
    assert [r for r in two[-1].rows if r != ("", "")] == [  # type: ignore[union-attr]
        ("甲方（盖章）：a", "乙方（盖章）：b"),
        ("负责人（签字）：", "书记（签字）：甲"),
        ("", "主任（签字）：乙"),
        ("日期：    年  月  日", "日期：    年  月  日"),
    ]
    signed = letter_blocks("x", LetterParty("甲方", "a"), LetterParty("乙方", "b"),
                           [LetterClause("c")], date(2026, 4, 3))  # fmt: skip
    assert signed[-1].rows[-1] == ("日期：2026年4月3日", "日期：2026年4月3日")  # type: ignore[union-attr]
