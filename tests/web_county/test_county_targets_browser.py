"""In a real browser: the county's admin uploads a bad targets file and reads where
it is wrong, uploads a good one and reads its targets judged on the townships'
figures (各乡镇), on a desktop and a phone without the page scrolling sideways;
the leader reads the page without the upload form. Screenshots go to
$KAOPING_SCREENSHOTS (test_county_browser.py's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import build
from .test_county_browser import SIZES, _log_in, _no_sideways_scroll, _shots
from .test_county_summary import _quarter
from .test_county_targets import TARGETS

pytestmark = pytest.mark.browser


def test_the_county_admin_uploads_its_targets_in_the_browser(page: Any, tmp_path: Path) -> None:
    w = build()
    _quarter(w, "2026Q3")
    bad = tmp_path / "县级目标.yaml"
    bad.write_text(TARGETS.replace('">= 0.88"', '">= 八成"'), encoding="utf-8")
    good = tmp_path / "县级目标2026.yaml"
    good.write_text(TARGETS, encoding="utf-8")

    _log_in(page, "county_admin")
    page.goto(page.base + "/assessment/county/C1/")
    page.click("#county-targets-link a")
    page.wait_for_selector("#no-targets")
    page.set_input_files("input[type=file]", str(bad))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#upload-problems")
    assert "县级目标.yaml:4:15: 目标 attendance 的 every_unit" in page.inner_text(
        "#upload-problems"
    )
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        _no_sideways_scroll(page)
        page.screenshot(path=str(_shots() / f"county-targets-refused-{name}.png"), full_page=True)

    page.set_input_files("input[type=file]", str(good))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#target-files")
    text = page.inner_text("main")
    assert "各乡镇达88%以上" in text
    assert "各乡镇达66.67%以上" in text
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        _no_sideways_scroll(page)
        page.screenshot(path=str(_shots() / f"county-targets-{name}.png"), full_page=True)

    _log_in(page, "county_leader")
    page.goto(page.base + "/assessment/county/C1/targets/")
    assert "县级目标2026.yaml" in page.inner_text("#target-files")
    assert page.locator("input[type=file]").count() == 0


def test_a_targets_requirement_reads_in_whole_words_on_a_phone(page: Any, tmp_path: Path) -> None:
    """Squeezed by the five columns beside it, 要求 wrapped every three characters
    (各乡 / 镇达 / 88% / 以上); it keeps a readable width and the rest of the table
    scrolls inside its box."""
    w = build()
    _quarter(w, "2026Q3")
    good = tmp_path / "县级目标2026.yaml"
    good.write_text(TARGETS, encoding="utf-8")
    _log_in(page, "county_admin")
    page.goto(page.base + "/assessment/county/C1/targets/")
    page.set_input_files("input[type=file]", str(good))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#target-files")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    lines = page.evaluate(
        "[...document.querySelectorAll('section.target tr.clause td:first-child')].map(td => {"
        " const r = document.createRange(); r.selectNodeContents(td);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })"
    )
    assert lines and max(lines) <= 2, lines
    _no_sideways_scroll(page)
    page.screenshot(path=str(_shots() / "county-targets-requirement-phone.png"), full_page=True)
