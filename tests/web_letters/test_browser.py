"""In a real browser: the township admin issues the campaign's letters from its
allocation, adds a commitment to 东村's, signs it with a scan (the signatories
appear), and accepts it: the allocation clause from the figures, the commitment
by judgement with a note; the page then shows the result. At phone width
nothing overflows.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kaoping.web.letters.models import Letter
from tests.web_planning.test_browser import log_in

from .conftest import PDF

pytestmark = pytest.mark.browser


def _shots() -> Path:
    path = Path(os.environ.get("KAOPING_SCREENSHOTS", "/tmp/kaoping-screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_a_letter_is_issued_signed_and_accepted(page: Any, plans: Any, tmp_path: Path) -> None:
    from kaoping.web.planning.models import CampaignEntry

    c = plans.campaigns["T1"]
    CampaignEntry.objects.create(campaign=c, unit=plans.world.v1, day=date(2026, 5, 4), count=10)
    log_in(page, "admin")
    page.goto(page.base + "/letters/t/T1/")
    page.select_option("#id_allocation", str(c.allocation.pk))
    page.select_option("#id_campaign", str(c.pk))
    page.click("#from-allocation button")
    page.wait_for_selector("text=已生成3份目标责任书")
    letter = Letter.objects.get(unit=plans.world.v1)
    page.click(f"a[href='/letters/{letter.pk}/']")
    page.select_option("#id_kind", "commitment")
    page.fill("#id_text", "每周向群众公开服务项目")
    page.click("#clause-form button")
    page.wait_for_selector("text=（书面承诺）")
    scan = tmp_path / "东村责任书.pdf"
    scan.write_bytes(PDF)
    page.fill("#id_signed_on", "2026-04-20")
    page.set_input_files("#id_scan", str(scan))
    page.click("#sign-form button")
    page.wait_for_selector("text=钱书记")
    page.click("#accept-link")
    assert "完成10个，任务10个" in page.inner_text("#accept-form")
    page.fill("#accepted_on", "2026-05-12")
    page.check("input[value=no]")
    page.fill("input[name^=note_][required]", "未见公示栏")
    page.click("#accept-form button[type=submit]")
    assert page.inner_text("#letter-result") == "完成1条，共2条"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(_shots() / "letters-accepted-phone.png"), full_page=True)
