"""服务通知单 as Word: one village's, and every village's of the quarter."""

from __future__ import annotations

import io
from typing import Any

import docx


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_a_village_notice_names_the_day_place_and_services(login: Any, plans: Any) -> None:
    sd = plans.days["V1"]
    r = login("reporter").get(f"/planning/service-days/{sd.pk}/notice.docx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(r.content)
    assert "东村季度服务日服务通知单" in text
    assert "2026年5月20日（星期三）09:00至10:00，在东村活动室" in text
    assert "两癌筛查、产后访视" in text


def test_the_township_notices_hold_one_slip_per_service_day(login: Any, plans: Any) -> None:
    r = login("admin").get("/planning/t/T1/service-days/notices.docx?period=2026Q2")
    text = _text(r.content)
    assert text.count("季度服务日服务通知单") == 2
    assert "东村" in text and "西村" in text and "红旗村" not in text


def test_a_quarter_with_nothing_planned_says_so_instead_of_an_empty_document(
    login: Any, plans: Any
) -> None:
    client = login("admin")
    r = client.get("/planning/t/T1/service-days/notices.docx?period=2026Q3")
    assert r.status_code == 302
    assert r["Location"] == "/planning/t/T1/service-days/?period=2026Q3"
    page = client.get(r["Location"]).content.decode()
    assert "东风镇2026年第三季度尚未安排服务日，没有服务通知单可下载。" in page
    # nor does the list offer the download
    assert "notices.docx" not in page
