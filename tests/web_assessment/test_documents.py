"""The documents of a quarter from the assessment page: bulletin, annex, summary."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from docx import Document

from .conftest import Prepared, assessment_in


def test_the_bulletin_names_the_township_and_the_units(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    response = login("leader").get(f"/assessment/{a.pk}/bulletin.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "东风镇" in text and "镇中社区" in text


def test_the_annex_lists_every_deduction(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    response = login("admin").get(f"/assessment/{a.pk}/annex.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    # V2 loses 6 on attendance; V3 10 on attendance and 30 on records
    assert len(rows) == 3


def test_the_summary_is_a_word_document(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    response = login("assessor").get(f"/assessment/{a.pk}/summary.docx")
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content)).paragraphs


def test_the_download_buttons_are_on_the_assessment_page(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    html = login("assessor").get(f"/assessment/{a.pk}/").content.decode()
    for name in ("bulletin.docx", "annex.xlsx", "summary.docx", "ledger/2026.xlsx"):
        assert name in html


def test_without_a_chinese_font_the_page_says_what_to_install(
    prepared: Prepared, login: Any, monkeypatch: Any
) -> None:
    import kaoping.documents._bulletin as bulletin
    from kaoping.documents import NoCJKFont

    def no_font(*args: Any, **kwargs: Any) -> bytes:
        raise NoCJKFont("no CJK font")

    monkeypatch.setattr(bulletin, "ranking_chart_png", no_font)
    a = assessment_in(prepared, "2026Q4", "approved")
    response = login("leader").get(f"/assessment/{a.pk}/bulletin.docx")
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()
