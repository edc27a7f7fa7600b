"""A unit's page in English: the engine words the points lost again in English,
the same lines (paths, points) as the Chinese results keep; the what-if texts come
from the catalogue."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from kaoping.engine import explain_unit
from kaoping.web.assessment import services

from .conftest import Prepared, assessment_in


def _rows(html: str) -> list[list[str]]:
    block = html.split('id="lost"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
        for r in rows
    ]


def test_the_points_lost_are_explained_in_english_on_the_english_page(
    prepared: Prepared, login: Any, settings: Any
) -> None:
    a = assessment_in(prepared, "2026Q4")
    client = login("leader")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/assessment/{a.pk}/unit/V2/").content.decode()
    # 37 of 40 is 92.5%, 2.5 points below 95%, counted as 3 at 2 a point: 6 lost.
    rows = _rows(html)
    assert len(rows) == 1
    _title, shown, text = rows[0]
    assert shown == "6"
    assert text == (
        "服务日到位率 92.5% (实到人数 37, 应到人数 40), below 95%: 2.5 percentage points short, "
        "counted as 3, 2 a percentage point, 6 points lost"
    )
    whatif = html.split('id="whatif"')[1].split("</ul>")[0]
    assert "“实到人数” up by 1 (from 37 to 38) reaches 95%" in whatif


def test_the_chinese_page_keeps_the_stored_lines(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4")
    html = login("leader").get(f"/assessment/{a.pk}/unit/V2/").content.decode()
    (row,) = _rows(html)
    stored = next(u for u in a.results["units"] if u["unit"] == "V2")["deductions"]
    assert [row[2]] == [d["text"] for d in stored]


def test_worded_again_the_lines_are_the_stored_ones_for_every_unit_manual_reasons_too(
    prepared: Prepared, login: Any
) -> None:
    a = assessment_in(prepared, "2026Q4")
    client = login("assessor")
    client.post(
        f"/assessment/{a.pk}/unit/V2/manual/",
        {"path": "other", "points": "4", "reason": "年度计划未按时上交"},
    )
    client.post(f"/assessment/{a.pk}/compute/")
    a.refresh_from_db()
    rubric = services.scored_rubric(a)
    reasons = services._reasons_map(a.snapshot)
    checked = 0
    for u in a.results["units"]:
        env = {k: Fraction(Decimal(v)) for k, v in u["values"].items()}
        zh, zh_plus = explain_unit(rubric, env, reasons.get((u["unit"], a.period)), "zh")
        again = [{"path": d.path, "points": str(d.points), "text": d.text} for d in zh + zh_plus]
        assert again == u["deductions"] + u["bonuses"], u["unit"]
        en, en_plus = services.explained(a, u, "en")
        assert [(d["path"], d["points"]) for d in en + en_plus] == [
            (d["path"], d["points"]) for d in u["deductions"] + u["bonuses"]
        ]
        checked += len(u["deductions"])
    assert checked >= 2
    v2 = next(u for u in a.results["units"] if u["unit"] == "V2")
    en, _plus = services.explained(a, v2, "en")
    assert "manual deduction: 年度计划未按时上交, 4 points lost" in [d["text"] for d in en]
