"""A unit's page says where a parent's cap absorbed its parts' losses, in the
reader's language, so that the 扣分 column adds up to what each item lost.

By hand: the prepared rubric with 例会记录 (30) and 其他工作 (raised to 20) put
under one item 日常工作 of max 40 (parts 50). 镇中社区 V3 in 2026Q4: records not
kept (例会记录 0, lost 30), 其他工作 20 (no manual deduction): 日常工作 =
min(40, 20) = 20, lost 20, so 10 of the 30 points lost are absorbed. 服务日到位率
90%: 50 of 60, lost 10. Total 50 + 20 = 70; lines 10 + 30 - 10 = 30 = 100 - 70.
"""

from __future__ import annotations

import re
from typing import Any

from kaoping.web.assessment.models import RubricVersion

from .conftest import RUBRIC, Prepared, assessment_in

NESTED = RUBRIC.replace(
    """  - id: records
    title: 例会记录
    max: 30
    rules:
      - {check: records_ok, points: 30}
  - id: other
    title: 其他工作
    max: 10
    rules:
      - {manual: true}
""",
    """  - id: work
    title: 日常工作
    max: 40
    parts:
      - id: records
        title: 例会记录
        max: 30
        rules:
          - {check: records_ok, points: 30}
      - id: other
        title: 其他工作
        max: 20
        rules:
          - {manual: true}
""",
)


def _rows(html: str) -> list[tuple[str, str, str]]:
    block = html.split('<table id="lost">')[1].split("</table>")[0]
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", block)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        out.append((cells[0], cells[1], cells[2]))
    return out


def _page(prepared: Prepared, login: Any, lang: str) -> str:
    assert NESTED != RUBRIC
    RubricVersion.objects.filter(pk=prepared.rubric.pk).update(text=NESTED)
    a = assessment_in(prepared, "2026Q4")
    assert [u["total"] for u in a.results["units"] if u["unit"] == "V3"] == ["70"]
    return (
        login("leader")
        .get(f"/assessment/{a.pk}/unit/V3/", HTTP_ACCEPT_LANGUAGE=lang)
        .content.decode()
    )


def test_the_absorbed_points_are_a_line_after_the_parts_deductions(
    prepared: Prepared, login: Any
) -> None:
    rows = _rows(_page(prepared, login, "zh-hans"))
    assert [(t, p) for t, p, _ in rows] == [
        ("服务日到位率", "10"),
        ("例会记录", "30"),
        ("日常工作", "-10"),
    ]
    assert rows[-1][2] == "日常工作封顶40分（各子项满分合计50分），以上扣分中10分未影响本项得分"
    # The column adds up to what the unit lost: 100 - 70.
    assert sum(int(p) for _, p, _ in rows) == 30


def test_an_english_reader_reads_the_line_in_english(prepared: Prepared, login: Any) -> None:
    rows = _rows(_page(prepared, login, "en"))
    assert rows[-1][2] == (
        "日常工作 is capped at 40 points (its parts add up to 50): 10 of the points "
        "deducted above did not lower its score"
    )
