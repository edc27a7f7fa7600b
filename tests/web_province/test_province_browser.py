"""In a real browser: a province admin opens the province's dashboard from the
assessment index, reads its counties on a desktop and a phone without the page
scrolling sideways, and drills down to a county's own page. Screenshots go to
$KAOPING_SCREENSHOTS."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, build
from .test_province_dashboard import ASSESSMENTS, REPORTS, _assessments, _reports

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}


def _shots() -> Path:
    path = Path(os.environ.get("KAOPING_SCREENSHOTS", "/tmp/kaoping-screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_province_admin_reads_its_counties_on_a_desktop_and_a_phone(page: Any) -> None:
    pw = build()
    _assessments(pw, ASSESSMENTS)
    _reports(pw, REPORTS)
    page.goto(page.base + "/login/")
    page.fill("#id_username", "province_admin")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/assessment/")
    page.click("#regions a")
    page.wait_for_selector("#counties-board")
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(_shots() / f"province-dashboard-{size}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    rows = page.locator("#counties-board tbody tr")
    assert rows.count() == 2
    assert "直管县" in rows.nth(0).inner_text()
    rows.nth(1).locator("td.county a").click()
    page.wait_for_selector("#townships")
    assert "东县" in page.inner_text("h1")
