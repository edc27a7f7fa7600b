"""The bulletin's Excel annex says where a parent's cap absorbed its parts' losses,
so that each village's rows of an item add up to what the item lost.

By hand (the rubric of tests/engine/test_absorbed_lines.py): 例会 loses 3 and 台账 1
under 第三部分 (max 10, parts 6 + 6): 3 + 5 = 8 is below 10, so 第三部分 scores 8,
lost 2; of the 4 points its parts lost, 2 are absorbed. 第二部分 (max 10) has one
part of 8: it always lacks 2. The unit scores 10 + 8 + 8 = 26 of 30.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from kaoping.documents import ANNEX_HEADERS, annex_rows, annex_xlsx
from kaoping.engine import assess
from tests.engine.helpers import frame, make_rubric
from tests.engine.test_absorbed_lines import ELEMENTS, ITEMS


def _assessment():  # type: ignore[no-untyped-def]
    rubric = make_rubric(ITEMS, elements=ELEMENTS, total=30)
    return assess(rubric, frame([{"a": 3, "b": 1, "c": 0, "d": 0, "name": "东村"}]))


def test_the_annex_gives_back_what_a_cap_absorbed_in_a_row_after_the_deductions() -> None:
    a = _assessment()
    rows = annex_rows(a, a.latest)
    assert [(r[3], r[4], r[5]) for r in rows] == [
        ("第二部分", "扣分", Decimal(-2)),
        ("第三部分—例会", "扣分", Decimal(-3)),
        ("第三部分—台账", "扣分", Decimal(-1)),
        ("第三部分", "封顶不计", Decimal(2)),
    ]
    assert rows[-1][6] == "第三部分封顶10分（各子项满分合计12分），以上扣分中2分未影响本项得分"
    # The 分值 column adds up to the unit's total less the full score.
    assert sum(Decimal(str(r[5])) for r in rows) == a.latest.units[0].total - 30


def test_the_annex_workbook_holds_the_line() -> None:
    a = _assessment()
    sheet = openpyxl.load_workbook(io.BytesIO(annex_xlsx(a, "2026Q3"))).active
    got = list(sheet.iter_rows(values_only=True))
    assert got[0] == ANNEX_HEADERS
    assert got[-1][4:6] == ("封顶不计", 2)
