"""In a real browser, under the app's CSP, the demo's spring campaign
(春季服务专项活动) from its letters to its acceptance: the assessor starts a
correction of a signed letter, the admin signs it with a scan (four eyes) and
downloads the scan; the campaign's work groups, an area's page, a day's dispatch
board with its numbered bulletin, the campaign's own assessment, and the county's
acceptance visit. Each page at 1366 × 900 and at 390 × 844, with nothing wider
than the phone's screen and no element past its edge outside a box that scrolls. Screenshots in /tmp/shots/campaign/.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/campaign")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
#: Elements reaching past the screen's sides, other than inside a box that scrolls
#: (a wide table scrolls inside itself, style.css): tag#id.class of the first five.
OVERFLOWING = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.left >= -0.5 && r.right <= window.innerWidth + 0.5)) continue;
    let p = el.parentElement, scrolls = false;
    for (; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") { scrolls = true; break; }
    }
    if (!scrolls) out.push(`${el.tagName}#${el.id}.${el.className}`);
  }
  return out.slice(0, 5);
}"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo(live_server: Any, transactional_db: Any, settings: Any) -> dict[str, str]:
    from kaoping.demo import build_demo
    from kaoping.web.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return {login.username: login.password for login in load_demo(build_demo())}


@pytest.fixture
def tab(browser: Any, live_server: Any, demo: dict[str, str]) -> Iterator[Any]:
    contexts: list[Any] = []

    def as_(username: str) -> Any:
        context = browser.new_context(locale="zh-CN", accept_downloads=True, viewport=DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60000)
        page.base = live_server.url
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.goto(page.base + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", demo[username])
        page.click("main button[type=submit]")
        page.wait_for_url(page.base + "/")
        return page

    yield as_
    for context in contexts:
        context.close()


def _both(page: Any, url: str, name: str) -> str:
    """Open ``url`` on the desktop and on the phone; shoot both; the phone's page is
    no wider than its screen. Returns the page's text."""
    page.set_viewport_size(DESKTOP)
    page.goto(page.base + url)
    text = page.locator("main").inner_text()
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.goto(page.base + url)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    assert width <= PHONE["width"], f"{name}: {width}px wide at 390"
    assert page.evaluate(OVERFLOWING) == [], f"{name}: elements past the phone's edge"
    page.set_viewport_size(DESKTOP)
    return str(text)


def test_the_spring_campaign_from_its_letters_to_its_acceptance(tab: Any, tmp_path: Path) -> None:
    from kaoping.web.assessment.models import Assessment, Inspection
    from kaoping.web.dispatch.models import Bulletin, WorkGroup
    from kaoping.web.letters.models import Letter
    from kaoping.web.planning.models import Campaign

    SHOTS.mkdir(parents=True, exist_ok=True)
    c = Campaign.objects.get(title="春季服务专项活动")
    signed = Letter.objects.filter(campaign=c, status="signed").order_by("unit__code").first()
    assert signed is not None
    township = c.township.code

    # Letters: the assessor starts a correction of a signed letter...
    assessor = tab("assessor")
    text = _both(assessor, f"/letters/t/{township}/", "letters")
    assert "春季服务专项活动" in text
    assessor.goto(assessor.base + f"/letters/{signed.pk}/")
    assessor.fill("#id_correct-reason", "任务数按县里调整")
    assessor.click("#correct-form button[type=submit]")
    assessor.wait_for_url("**/letters/*/")
    new = Letter.objects.get(replaces=signed)
    assert assessor.url.endswith(f"/letters/{new.pk}/")
    assert "更正第1版，原因：任务数按县里调整。" in assessor.locator("#correction-of").inner_text()

    # ...which the admin signs with the scan of the signed paper, and downloads it.
    admin = tab("admin")
    admin.goto(admin.base + f"/letters/{new.pk}/")
    admin.fill("#id_signed_on", str(c.start))
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(PDF)
    admin.set_input_files("#id_scan", str(scan))
    admin.click("#sign-form button[type=submit]")
    admin.locator(".messages").wait_for()
    assert "已签订" in admin.locator(".messages").inner_text()
    new.refresh_from_db()
    signed.refresh_from_db()
    assert (new.status, signed.status) == ("signed", "superseded")
    with admin.expect_download() as download:
        admin.click("text=签字盖章扫描件")
    assert Path(download.value.path()).read_bytes() == PDF
    text = _both(admin, f"/letters/{new.pk}/", "letter")
    assert "第2版" in text and "签字" in text

    # The work groups, and one area's page.
    groups = list(WorkGroup.objects.filter(campaign=c).select_related("area"))
    assert len(groups) == 4
    text = _both(admin, f"/planning/campaigns/{c.pk}/", "campaign")
    assert all(g.name in text for g in groups)
    day = c.start.replace(day=10)
    area = groups[0].area
    text = _both(admin, f"/dispatch/campaigns/{c.pk}/areas/{area.code}/?day={day}", "area")
    assert groups[0].name in text and "报送记录" in text

    # A day's dispatch: the reports and the day's numbered bulletin.
    number = Bulletin.objects.get(campaign=c, day=day).number
    text = _both(admin, f"/dispatch/campaigns/{c.pk}/?day={day}", "dispatch")
    assert f"第{number}期" in text

    # The campaign's own assessment, and the county's acceptance visit.
    a = Assessment.objects.get(campaign=c)
    text = _both(admin, f"/assessment/{a.pk}/", "assessment")
    assert "春季服务专项活动" in text
    visit = Inspection.objects.get(campaign=c, kind="acceptance")
    text = _both(admin, f"/assessment/inspections/{visit.pk}/", "acceptance")
    assert "验收" in text and visit.inspectors in text
    assert assessor.errors == [] and admin.errors == []
