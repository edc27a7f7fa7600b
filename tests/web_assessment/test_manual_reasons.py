"""The reason an assessor types for a manual deduction is the explanation everyone
reads: the village's page, the bulletin's annex, the stored results. The rubric's
generic note ("人工扣分") is only what is said when no reason was written (the CLI).

Hand-computed: V2 scores 94 in 2026Q4 (conftest); 4 manual points on 其他工作 make
it 90, and the line reads 人工扣分：<reason>，扣4分.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl

from kaoping.web.assessment import services

from .conftest import Prepared

REASON = "年度计划未按时上交，已两次催报"


def _published_with_manual(prepared: Prepared) -> Any:
    users = prepared.users
    a = services.create_assessment(prepared.world.t1, "2026Q4", prepared.rubric, users["assessor"])
    services.add_manual(a.pk, prepared.world.v2, "other", Decimal(4), REASON, users["assessor"])
    services.compute(a.pk, users["assessor"])
    for action, who in (("submit", "assessor"), ("approve", "leader"), ("publish", "admin")):
        services.transition(a.pk, action, users[who])
    a.refresh_from_db()
    return a


def _v2(a: Any) -> dict[str, Any]:
    return next(u for u in a.results["units"] if u["unit"] == "V2")


def test_the_stored_explanation_is_the_typed_reason(prepared: Prepared) -> None:
    a = _published_with_manual(prepared)
    v2 = _v2(a)
    assert v2["total"] == "90"
    texts = [d["text"] for d in v2["deductions"] if d["path"] == "other"]
    assert texts == [f"人工扣分：{REASON}，扣4分"]


def test_the_village_reads_the_reason_on_its_own_page(prepared: Prepared, login: Any) -> None:
    a = _published_with_manual(prepared)
    html = login("reporter2").get(f"/assessment/{a.pk}/unit/V2/").content.decode()
    assert f"人工扣分：{REASON}，扣4分" in html


def test_the_annex_carries_the_reason(prepared: Prepared, login: Any) -> None:
    a = _published_with_manual(prepared)
    response = login("admin").get(f"/assessment/{a.pk}/annex.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [str(c) for row in ws.iter_rows(min_row=2, values_only=True) for c in row]
    assert any(REASON in c for c in cells)


def test_recomputing_from_the_snapshot_keeps_the_reason(prepared: Prepared) -> None:
    a = _published_with_manual(prepared)
    result = services.run_engine(a)
    v2 = next(u for u in result.period("2026Q4") if u.unit == "V2")
    assert [d.text for d in v2.deductions if d.path == "other"] == [f"人工扣分：{REASON}，扣4分"]


def test_two_reasons_on_one_item_are_both_said(prepared: Prepared) -> None:
    users = prepared.users
    a = services.create_assessment(prepared.world.t1, "2026Q4", prepared.rubric, users["assessor"])
    services.add_manual(a.pk, prepared.world.v2, "other", Decimal(1), "台账缺页", users["assessor"])
    services.add_manual(a.pk, prepared.world.v2, "other", Decimal(2), "总结未报", users["assessor"])
    services.compute(a.pk, users["assessor"])
    a.refresh_from_db()
    texts = [d["text"] for d in _v2(a)["deductions"] if d["path"] == "other"]
    assert texts == ["人工扣分：台账缺页；总结未报，扣3分"]
