"""In a real browser (Debian's Chromium driven by Playwright): a village reporter
fills a form, meets a validation message in Chinese and submits; uploads a
template with one bad row and sees the problem; the township admin sees the
completeness table.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

import io
import os
from typing import Any

import openpyxl
import pytest

from kaoping.web.core.models import Report

from .conftest import PASSWORD, build_world

pytestmark = pytest.mark.browser


def log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")


def test_a_reporter_meets_a_chinese_message_then_submits(page: Any) -> None:
    world = build_world()
    log_in(page, "reporter")
    page.click(f"a[href='/report/{world.ds.pk}/V1/2026Q3/']")
    # a bad value is pointed out as soon as the field is left
    page.fill("#id_invited", "四十")
    page.press("#id_invited", "Tab")
    page.locator("#err-invited:has-text('不是数字')").wait_for()
    page.fill("#id_invited", "40")
    page.fill("#id_attended", "41")
    page.check("input[name=records_ok][value='1']")
    page.click("button[value=submit]")
    error = page.locator("#err-attended")
    error.wait_for()
    assert "实到人数不能大于应到人数" in error.inner_text()
    page.fill("#id_attended", "38")
    page.click("button[value=submit]")
    page.locator("text=已提交。").wait_for()
    report = Report.objects.get(unit=world.v1, period="2026Q3")
    assert report.status == "submitted"
    page.screenshot(path=str(_shots() / "report-submitted.png"), full_page=True)


def test_a_reporter_uploads_a_template_with_one_bad_row_and_sees_it(
    page: Any, tmp_path: Any
) -> None:
    world = build_world()
    from kaoping.web.core.models import Membership

    # the reporter answers for two villages; the template has a row for each
    Membership.objects.create(user=world.users["reporter"], role="reporter", unit=world.v3)
    log_in(page, "reporter")
    with page.expect_download() as dl:
        page.click(f"a[href='/datasets/{world.ds.pk}/2026Q3/template.xlsx']")
    path = tmp_path / "template.xlsx"
    dl.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert [ws.cell(r, 1).value for r in (3, 4)] == ["V1", "V3"]
    for row, values in zip((3, 4), [[40, 38, "是"], [20, "二十", "否"]], strict=True):
        for col, v in enumerate(values, start=4):
            ws.cell(row, col, v)
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    page.goto(page.base + f"/datasets/{world.ds.pk}/2026Q3/upload/")
    page.set_input_files("input[name=file]", str(path))
    page.click("main button[type=submit]")
    problems = page.locator("#problems")
    problems.wait_for()
    text = problems.inner_text()
    assert "“二十”不是数字" in text
    assert "4" in text.split("“二十”")[0]  # the spreadsheet row of V3
    assert not Report.objects.exists()
    page.screenshot(path=str(_shots() / "upload-problems.png"), full_page=True)


def test_the_township_admin_sees_the_completeness_table(page: Any) -> None:
    world = build_world()
    from django.utils import timezone

    Report.objects.create(
        dataset=world.ds,
        unit=world.v1,
        period="2026Q3",
        status="submitted",
        first_submitted_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    log_in(page, "admin")
    page.goto(page.base + f"/datasets/{world.ds.pk}/2026Q3/completeness/")
    rate = page.locator("#overall-rate")
    rate.wait_for()
    assert rate.inner_text() == "33.3%"
    assert "第一片" in page.locator("#summary").inner_text()
    page.screenshot(path=str(_shots() / "completeness.png"), full_page=True)


def _shots() -> Any:
    from pathlib import Path

    path = Path(os.environ.get("KAOPING_SCREENSHOTS", "/tmp/kaoping-screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_control_character_in_a_checked_field_shows_the_refusal(page: Any) -> None:
    # The field check is sent by htmx; the middleware answers 400 naming the
    # field, which htmx alone would not show at all.
    world = build_world()
    log_in(page, "reporter")
    page.goto(page.base + f"/report/{world.ds.pk}/V1/2026Q3/")
    alert = page.locator("#request-alert")
    assert alert.is_hidden()
    page.fill("#id_invited", "4\x0b0")
    page.press("#id_invited", "Tab")
    alert.wait_for(state="visible")
    assert alert.get_attribute("role") == "alert"
    text = alert.inner_text()
    assert "控制字符 U+000B" in text
    assert "invited" in text
    # a good value then checks cleanly and clears the message
    page.fill("#id_invited", "40")
    page.press("#id_invited", "Tab")
    alert.wait_for(state="hidden")
