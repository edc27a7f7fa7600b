"""The bulletin's 上季度整改落实情况: the previous quarter's follow-ups, given as
plain lines, listed with their state; absent when none are given (the CLI)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from kaoping.documents import Block, FollowUpLine, TableBlock, bulletin_blocks, text_of

from .town import town

LINES = [
    FollowUpLine("东村", "整改", "东村", date(2026, 7, 30), "verified"),
    FollowUpLine("东村", "表态发言", "书记 张三", date(2026, 7, 31), "reported"),
    FollowUpLine("西村", "整改", "西村", date(2026, 7, 30), "open"),
    FollowUpLine("西村", "召开分析会", "西村", date(2026, 7, 31), "overdue"),
    FollowUpLine("北村", "整改", "", date(2026, 7, 30), "superseded"),
]


def _follow_up_table(blocks: list[Block]) -> TableBlock:
    (table,) = [b for b in blocks if isinstance(b, TableBlock) and "整改要求" in b.headers]
    return table


def test_the_previous_quarters_follow_ups_are_listed_with_the_bulletins_word_for_their_state() -> (
    None
):
    blocks = bulletin_blocks(town(), "2026Q3", follow_ups=LINES, charts=False)
    text = text_of(blocks)
    assert "四、上季度整改落实情况" in text
    assert (
        "2026年第二季度考评下达整改落实事项5项，其中已验收1项，已报告1项，未完成1项，"
        "逾期1项，已撤销1项。明细如下：" in text
    )
    table = _follow_up_table(blocks)
    assert table.headers == ("序号", "村（居）", "整改要求", "责任人", "期限", "落实情况")
    assert table.rows == (
        ("1", "东村", "整改", "东村", "2026-07-30", "已验收"),
        ("2", "东村", "表态发言", "书记 张三", "2026-07-31", "已报告"),
        ("3", "西村", "整改", "西村", "2026-07-30", "未完成"),
        ("4", "西村", "召开分析会", "西村", "2026-07-31", "逾期"),
        ("5", "北村", "整改", "—", "2026-07-30", "已撤销"),
    )


@pytest.mark.parametrize("follow_ups", [(), []])
def test_without_follow_ups_the_bulletin_has_no_such_section(
    follow_ups: Sequence[FollowUpLine],
) -> None:
    blocks = bulletin_blocks(town(), "2026Q3", follow_ups=follow_ups, charts=False)
    assert blocks == bulletin_blocks(town(), "2026Q3", charts=False)
    assert not any("整改落实情况" in t for t in text_of(blocks))
