"""Actions that cannot be taken back, or that others see at once, ask first and say
what will happen (the browser shows the question: tests/web_assessment/test_browser.py
answers it both ways)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from .conftest import Prepared, assessment_in

pytestmark = pytest.mark.django_db


def _question(page: str, button_id: str) -> str | None:
    tag = re.search(rf'<button[^>]*id="{button_id}"[^>]*>', page)
    assert tag is not None, f"no #{button_id} on the page"
    asked = re.search(r'data-confirm="([^"]*)"', tag[0])
    return html.unescape(asked[1]) if asked else None


@pytest.mark.parametrize(
    ("status", "persona", "button", "question"),
    [
        ("submitted", "leader", "approve", "审定后考评结果冻结，并按讲评兑现下达整改事项，确定审定吗？"),
        ("approved", "admin", "publish", "公布后各村（居）即可看到得分、名次和讲评兑现，确定公布吗？"),
    ],
)  # fmt: skip
def test_approving_and_publishing_ask_first(
    prepared: Prepared, login: Any, status: str, persona: str, button: str, question: str
) -> None:
    a = assessment_in(prepared, "2026Q4", status)
    page = login(persona).get(f"/assessment/{a.pk}/").content.decode()
    assert _question(page, button) == question
