"""In a real browser, under the app's CSP: the reporter of 东村 reports a
rectification done on the village's page; the assessor verifies it in the
township's list, where htmx swaps the row in place.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import prepare
from .followup_world import approved_q3_v1_bottom, v1_item
from .test_browser import session

pytestmark = pytest.mark.browser
__all__ = ["session"]


def test_the_village_reports_done_and_the_township_verifies_in_place(session: Any) -> None:
    approved_q3_v1_bottom(prepare())
    it = v1_item()
    page = session("reporter")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(page.base + "/assessment/t/T1/followups/V1/")
    page.fill(f"#note-{it.pk}", "已召开整改会")
    page.click(f"#report-{it.pk} button.report")
    page.locator(".messages").wait_for()
    assert "已报告完成，等待镇里验收" in page.locator(".messages").inner_text()

    staff = session("assessor")
    staff.goto(staff.base + "/assessment/t/T1/followups/?state=reported")
    row = staff.locator(f"#followup-{it.pk}")
    assert "已报告完成" in row.inner_text()
    row.locator("button.verify").click()
    staff.locator(f"#followup-{it.pk} .success").wait_for()
    assert "已验收" in staff.locator(f"#followup-{it.pk}").inner_text()
    assert staff.locator(f"#followup-{it.pk} button.verify").count() == 0
    it.refresh_from_db()
    assert it.state == "verified"
    assert errors == []
