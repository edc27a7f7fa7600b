"""The letter as a Word document: title, parties, numbered clauses, signatures."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest

from kaoping.web.letters import services

from .conftest import PDF


def _text(content: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return [p.text for p in d.paragraphs if p.text] + cells


def test_the_signed_letter_prints_in_the_official_layout(login: Any, letter: Any) -> None:
    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, None)
    r = login("reporter").get(f"/letters/{letter.pk}/letter.docx")
    assert r.status_code == 200
    text = _text(r.content)
    assert text[:3] == ["目标责任书", "甲方：东风镇人民政府", "乙方：东村"]
    assert "（一）完成两癌筛查预约名额10个" in text
    assert "（二）每周向群众公开服务项目" in text
    for line in ["甲方（盖章）：东风镇人民政府", "乙方（盖章）：东村", "书记（签字）：钱书记",
                 "主任（签字）：孙主任", "日期：2026年4月20日"]:  # fmt: skip
        assert line in text


def test_an_accepted_letter_prints_its_result(login: Any, plans: Any, letter: Any) -> None:
    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, None)
    c = letter.clauses.get(kind="commitment")
    services.accept(letter.pk, date(2026, 5, 12), {c.pk: (False, "未见公示")}, None)
    text = _text(login("admin").get(f"/letters/{letter.pk}/letter.docx").content)
    assert "（一）完成两癌筛查预约名额10个：未完成（完成0个，任务10个）" in text
    assert "（二）每周向群众公开服务项目：未完成（未见公示）" in text
    assert "验收日期：2026年5月12日。验收结果：完成0条，共2条。" in text


@pytest.mark.parametrize(("persona", "status"), [("reporter2", 404), ("outsider", 404)])
def test_it_refuses_outsiders(login: Any, letter: Any, persona: str, status: int) -> None:
    assert login(persona).get(f"/letters/{letter.pk}/letter.docx").status_code == status
