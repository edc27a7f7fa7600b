"""月通报 on the township's page: the month's birth registrations from submitted
monthly reports, through the jobs queue, for those who read the township only.

Figures (a monthly data set of 东风镇), worked out by hand:

| unit | 2026-02 (registered, on time, missed) | 2026-03 | status in March |
|------|------|------|------|
| V1 东村   | 4, 3, 1 | 6, 6, 0 | approved |
| V2 西村   | 5, 5, 0 | 3, 2, 2 | submitted |
| V3 镇中社区 | —     | 7, 7, 0 | draft: not counted |
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from docx import Document

from .conftest import Prepared

FIGURES = {
    ("V1", "2026-02"): ((4, 3, 1), "approved"),
    ("V1", "2026-03"): ((6, 6, 0), "approved"),
    ("V2", "2026-02"): ((5, 5, 0), "approved"),
    ("V2", "2026-03"): ((3, 2, 2), "submitted"),
    ("V3", "2026-03"): ((7, 7, 0), "draft"),
}


@pytest.fixture
def monthly(prepared: Prepared) -> Prepared:
    from kaoping.web.core.models import DataElement, DataSet, Figure, Report

    w = prepared.world
    ds = DataSet.objects.create(township=w.t1, code="m", name="出生登记月报", frequency="M")
    elements = ("births", "births_reported_on_time", "births_unreported")
    for i, code in enumerate(elements):
        DataElement.objects.create(dataset=ds, code=code, label=code, type="count", position=i)
    units = {"V1": w.v1, "V2": w.v2, "V3": w.v3}
    for (unit, period), (values, status) in FIGURES.items():
        report = Report.objects.create(dataset=ds, unit=units[unit], period=period, status=status)
        for code, value in zip(elements, values, strict=True):
            Figure.objects.create(report=report, element=code, value=Decimal(value))
    return prepared


def paragraphs(response: Any) -> list[str]:
    return [p.text for p in Document(io.BytesIO(response.content)).paragraphs]


def test_the_township_page_offers_the_reported_months(monthly: Prepared, login: Any) -> None:
    html = login("assessor").get("/assessment/t/T1/").content.decode()
    assert 'id="monthly-form"' in html
    assert '<option value="2026-03">2026年3月</option>' in html
    assert '<option value="2026-02">2026年2月</option>' in html


def test_the_bulletin_counts_submitted_reports_only(
    monthly: Prepared, login: Any, settings: Any, tmp_path: Any
) -> None:
    settings.KAOPING_CACHE_DIR = tmp_path
    response = login("leader").get("/assessment/t/T1/monthly.docx?month=2026年3月")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = paragraphs(response)
    assert text[0] == "关于2026年3月出生登记情况的通报"
    # V1 and V2 only (V3's March is a draft): 6+3 = 9 registered, 6+2 = 8 on time
    # (88.9%), 0+2 = 2 missed; February 4+5 = 9, 3+5 = 8, 1+0 = 1.
    assert (
        "2026年3月，全镇2个村（居）报送了出生登记情况，共登记出生9人，其中按时报告8人，"
        "按时报告率88.9%；漏报2例。与上月（2026年2月）相比，出生登记数持平，按时报告数持平，"
        "漏报数增加1例，按时报告率持平。"
    ) in text
    # 张三 is V1's 专干 (conftest); V2 has nobody in a responsible role.
    assert "（一）东村。责任人：专干张三。" in text
    assert "（二）西村。责任人：未登记责任人。" in text
    assert len(Document(io.BytesIO(response.content)).tables) == 2
    assert "东风镇" in text


def test_a_second_download_is_read_from_the_kept_file(
    monthly: Prepared, login: Any, settings: Any, tmp_path: Any
) -> None:
    from kaoping.web.jobs.models import Job

    settings.KAOPING_CACHE_DIR = tmp_path
    client = login("admin")
    first = client.get("/assessment/t/T1/monthly.docx?month=2026-03")
    second = client.get("/assessment/t/T1/monthly.docx?month=2026-03")
    assert first.content == second.content
    assert Job.objects.filter(kind="assessment.monthly").count() == 1


@pytest.mark.parametrize("month", ["2026Q1", "next month", "", "2026-13"])
def test_a_month_that_is_not_one_is_refused_with_its_value(
    monthly: Prepared, login: Any, month: str
) -> None:
    response = login("admin").get("/assessment/t/T1/monthly.docx", {"month": month})
    assert response.status_code == 400
    assert f"月份“{month}”无效" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "reporter", "anonymous"])
def test_it_refuses_those_who_do_not_read_the_township(
    monthly: Prepared, login: Any, persona: str
) -> None:
    response = login(persona).get("/assessment/t/T1/monthly.docx?month=2026-03")
    assert response.status_code in (302, 403, 404)
    assert "attachment" not in response.get("Content-Disposition", "")


def test_without_monthly_reports_the_page_says_so(prepared: Prepared, login: Any) -> None:
    html = login("admin").get("/assessment/t/T1/").content.decode()
    assert 'id="monthly-none"' in html
