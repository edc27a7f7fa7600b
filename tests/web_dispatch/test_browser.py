"""In a real browser, under the app's CSP: an area chief reports the day from a
phone (390 × 844: nothing wider than the screen, every control 44 px high), and the
township admin reads the board on a desktop (1366 × 900) and records the day's
dispatch meeting. Screenshots go to /tmp/shots/dispatch-*.png.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web_assessment.test_browser import session

from .conftest import build_dispatch, build_world

pytestmark = pytest.mark.browser
__all__ = ["session"]

SHOTS = Path("/tmp/shots")


def _fits(page: Any, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _short_controls(page: Any) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('main button, main input:not([type=hidden]), main textarea, main .button')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 80))"""
    )


def test_an_area_chief_reports_from_a_phone_and_the_admin_holds_the_meeting(
    session: Any,
) -> None:
    from kaoping.web.dispatch.models import AreaReport, CatchUp
    from kaoping.web.meetings.models import Meeting

    d = build_dispatch(build_world())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = session("chief")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + f"/dispatch/campaigns/{d.campaign.pk}/areas/A1/?day=2026-05-04")
    _fits(page, 390)
    assert _short_controls(page) == []
    page.fill("#id_u_V1", "3")
    page.fill("#id_u_V2", "9")
    page.fill("#id_note", "入户宣传两场")
    page.screenshot(path=str(SHOTS / "dispatch-area-phone.png"), full_page=True)
    page.click("#report-form button[type=submit]")
    page.locator(".messages").wait_for()
    assert "已报送第一片当日情况" in page.locator(".messages").inner_text()
    assert AreaReport.objects.get().done == 12
    _fits(page, 390)

    admin = session("admin")
    admin.set_viewport_size({"width": 1366, "height": 900})
    admin.goto(admin.base + f"/dispatch/campaigns/{d.campaign.pk}/?day=2026-05-04")
    assert "第一片（完成率30.0%，落后10.0个百分点）" in admin.locator("#bulletin").inner_text()
    admin.screenshot(path=str(SHOTS / "dispatch-board-desktop.png"), full_page=True)
    admin.click("text=登记当日调度会")
    admin.wait_for_url("**/meetings/*/")
    # Asked once, in the dialog, and the server, told the answer, does not ask again.
    assert [m[:3] for m in admin.dialogs] == ["登记后"]
    assert Meeting.objects.get().kind == "dispatch"
    assert CatchUp.objects.get().area.code == "A1"
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.goto(admin.base + f"/dispatch/campaigns/{d.campaign.pk}/?day=2026-05-04")
    _fits(admin, 390)
    admin.screenshot(path=str(SHOTS / "dispatch-board-phone.png"), full_page=True)
    assert errors == []
