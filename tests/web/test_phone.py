"""On a phone (360×780, 390×844 and 414×896 in Debian's Chromium): every page a
village reporter uses fits the screen, no page scrolls sideways, what a finger taps is at least 44 px
high, the menu folds, and a message gets the width of the screen; staff pages
fit a 768 px tablet. No page has inline styles or scripts (a CSP without
'unsafe-inline' allows them all). The demo township gives each page real content.

One browser, one login, many pages: the checks gather every problem they find
and the test fails with the whole list. Screenshots of each page at each phone width
and at 1366×900 go to $KAOPING_SCREENSHOTS (default /tmp/kaoping-screenshots).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from .test_browser import _shots

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PHONES = [(360, 780), (390, 844), (414, 896)]
DESKTOP = {"width": 1366, "height": 900}
TAP = 44

# Elements whose box lies (partly) outside the viewport and that no scrolling
# container of their own clips: what makes a page wider than the phone.
OVERFLOWING = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= w + 0.5 && r.left >= -0.5) continue;
    let p = el.parentElement, clipped = false;
    for (; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
      + `${el.className && typeof el.className === 'string' ? '.' + el.className : ''}`
      + ` ${Math.round(r.left)}–${Math.round(r.right)}px`);
  }
  return out;
}"""

# Shown controls lower than a finger: buttons, inputs (a radio or check box by
# its label, which is what is tapped), selects, the menu's links.
SMALL_TARGETS = """(tap) => {
  const out = [];
  const sel = 'button, select, textarea, input:not([type=hidden]), header.top nav a';
  for (const el of document.querySelectorAll(sel)) {
    let box = el;
    if (el.matches('input[type=radio], input[type=checkbox]')) box = el.closest('label') || el;
    const r = box.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.height < tap - 0.5) out.push(`${el.tagName.toLowerCase()}`
      + `${el.name ? '[name=' + el.name + ']' : ''} “${(box.innerText || '').trim().slice(0, 12)}”`
      + ` ${Math.round(r.height)}px`);
  }
  return out;
}"""


# What a Content-Security-Policy without 'unsafe-inline' would refuse.
INLINE = """() => {
  const out = [];
  document.querySelectorAll('style').forEach(() => out.push('<style>'));
  document.querySelectorAll('script:not([src])').forEach(() => out.push('inline <script>'));
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name === 'style' || a.name.startsWith('on')) out.push(`${el.tagName.toLowerCase()}[${a.name}]`);
    }
  }
  return out;
}"""


@dataclass
class Demo:
    passwords: dict[str, str]
    dataset: int
    assessment: int
    service_day: int
    campaign: int
    reminder: int


@pytest.fixture
def demo(live_server: Any, transactional_db: Any, settings: Any) -> Demo:
    from kaoping.demo import build_demo
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core.models import DataSet, Unit
    from kaoping.web.demo import load_demo
    from kaoping.web.planning.models import Campaign, Reminder, ServiceDay

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins = load_demo(build_demo())
    township = Unit.objects.get(code="T01")  # the demo county has three
    village = Unit.objects.get(code="V01")
    reminder = Reminder.objects.create(
        township=township,
        unit=village,
        period="2026Q4",
        number="平安镇提醒〔2026〕12号",
        kind="late_report",
        key="late:2026Q4",
        to_roles="村专干",
        to_names="东风村村专干",
        subject="2026年第四季度报表逾期未报（截止日期2027年1月5日，已逾期三天）",
        text="请于三个工作日内补报2026年第四季度村级人口与家庭服务工作报表，"
        "并说明逾期原因；如有困难，请与镇计生办联系。",
        signed_by="平安镇人民政府",
        issued_on=datetime.date(2027, 1, 8),
    )
    return Demo(
        passwords={login.username: login.password for login in logins},
        dataset=DataSet.objects.get(township=township, code="quarterly").pk,
        assessment=Assessment.objects.get(period="2026Q3", campaign__isnull=True).pk,
        service_day=ServiceDay.objects.get(unit=village, invited__isnull=False).pk,
        campaign=Campaign.objects.get(title="两癌筛查预约专项活动").pk,
        reminder=reminder.pk,
    )


@pytest.fixture
def phone(browser: Any, demo: Demo, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    pg = context.new_page()
    pg.set_default_timeout(45000)
    pg.base = live_server.url
    yield pg
    context.close()


def reporter_pages(d: Demo) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("report", f"/report/{d.dataset}/V01/2026Q4/"),
        ("upload", f"/datasets/{d.dataset}/2026Q4/upload/"),
        ("scores", f"/assessment/{d.assessment}/unit/V01/"),
        ("ranking", f"/assessment/{d.assessment}/"),
        ("village", "/planning/villages/V01/"),
        ("reminders", "/planning/villages/V01/reminders/"),
        ("reminder", f"/planning/reminders/{d.reminder}/"),
        ("service-day", f"/planning/service-days/{d.service_day}/"),
        ("service-day-record", f"/planning/service-days/{d.service_day}/record/"),
        ("campaign-entry", f"/planning/campaigns/{d.campaign}/units/V01/"),
        ("history", "/units/V01/history/"),
    ]


def log_in(page: Any, username: str, password: str) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")


# Dates in a table laid over two lines ("2026-/11-15"): a range over the date's
# characters has one box per line it occupies.
BROKEN_DATES = r"""() => {
  const out = [], walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('td, th')) continue;
    for (const m of node.data.matchAll(/\d{4}-\d{2}-\d{2}|\b\d{2}-\d{2}\b/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) out.push(`${m[0]} in <${node.parentElement.tagName.toLowerCase()}>`);
    }
  }
  return out;
}"""


def fit_problems(page: Any, name: str) -> list[str]:
    problems = []
    width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("innerWidth")
    if width > inner:
        problems.append(f"{name}: the page is {width}px wide on a {inner}px screen")
    problems += [f"{name}: outside the screen: {e}" for e in page.evaluate(OVERFLOWING)]
    problems += [
        f"{name}: a date in a table broken over lines: {e}" for e in page.evaluate(BROKEN_DATES)
    ]
    return problems


def test_every_reporter_page_fits_a_phone_and_is_tapped_with_a_finger(
    phone: Any, demo: Demo
) -> None:
    log_in(phone, "reporter", demo.passwords["reporter"])
    shots = _shots()
    problems: list[str] = []
    # The narrowest phones in use, the common one, and a large one: each page
    # fits and each control is a finger high at every width, and the menu folds.
    for width, height in PHONES:
        phone.set_viewport_size({"width": width, "height": height})
        for name, url in reporter_pages(demo):
            response = phone.goto(phone.base + url)
            assert response.status == 200, (name, url, response.status)
            problems += fit_problems(phone, f"{name} ({width})")
            problems += [
                f"{name} ({width}): too small to tap: {e}"
                for e in phone.evaluate(SMALL_TARGETS, TAP)
            ]
            if width == PHONE["width"]:
                problems += [f"{name}: inline {e}" for e in phone.evaluate(INLINE)]
            phone.screenshot(path=str(shots / f"phone-{name}-{width}.png"), full_page=True)

        # The menu is folded behind one button and opens to links a finger can hit.
        phone.goto(phone.base + "/")
        assert not phone.locator("header.top nav").is_visible(), width
        phone.click("header.top .menu-toggle")
        assert phone.locator("header.top .menu-toggle").get_attribute("aria-expanded") == "true"
        heights = phone.eval_on_selector_all(
            "header.top nav a", "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert heights and min(heights) >= TAP - 0.5, (width, heights)
        problems += fit_problems(phone, f"open menu ({width})")
        phone.screenshot(path=str(shots / f"phone-menu-{width}.png"))
    assert problems == []

    phone.set_viewport_size(DESKTOP)
    for name, url in reporter_pages(demo):
        phone.goto(phone.base + url)
        problems += fit_problems(phone, f"{name} (1366)")
        phone.screenshot(path=str(shots / f"phone-{name}-1366.png"), full_page=True)
    assert phone.locator("header.top nav").is_visible()  # not folded on a wide screen
    assert not phone.locator("header.top .menu-toggle").is_visible()
    assert problems == []


def test_a_message_under_a_field_takes_the_width_of_the_phone(phone: Any, demo: Demo) -> None:
    log_in(phone, "reporter", demo.passwords["reporter"])
    phone.goto(phone.base + f"/report/{demo.dataset}/V01/2026Q4/")
    phone.fill("#id_sd_invited", "四十")
    phone.press("#id_sd_invited", "Tab")
    message = phone.locator("#err-sd_invited:has-text('不是数字')")
    message.wait_for()
    box = message.bounding_box()
    line = phone.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#err-sd_invited')).lineHeight)"
    )
    # squeezed into a grid column it stood one character per line
    assert box["width"] >= PHONE["width"] * 0.8
    assert box["height"] < 2 * line
    assert fit_problems(phone, "report with a message") == []
    phone.screenshot(path=str(_shots() / "phone-report-message-390.png"), full_page=True)


def staff_pages(d: Demo) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("completeness", f"/datasets/{d.dataset}/2026Q4/completeness/"),
        ("units", "/units/"),
        ("users", "/users/"),
        ("township", "/assessment/t/T01/"),
        ("ranking", f"/assessment/{d.assessment}/"),
        ("year", "/assessment/t/T01/year/2026/"),
        ("ledger", "/assessment/t/T01/ledger/2026/"),
        ("sources", "/assessment/t/T01/sources/"),
        ("rubric", "/assessment/t/T01/rubrics/1/"),
        ("allocation-new", "/planning/t/T01/allocations/new/"),
        ("campaign", f"/planning/campaigns/{d.campaign}/"),
        ("reminders", "/planning/t/T01/reminders/?period=2026Q4"),
        ("service-days", "/planning/t/T01/service-days/"),
    ]


def test_the_staff_pages_fit_a_tablet(phone: Any, demo: Demo) -> None:
    phone.set_viewport_size({"width": 768, "height": 1024})
    log_in(phone, "admin", demo.passwords["admin"])
    problems: list[str] = []
    for name, url in staff_pages(demo):
        response = phone.goto(phone.base + url)
        assert response.status == 200, (name, url, response.status)
        problems += fit_problems(phone, name)
        problems += [f"{name}: inline {e}" for e in phone.evaluate(INLINE)]
        phone.screenshot(path=str(_shots() / f"tablet-{name}-768.png"), full_page=True)
    assert problems == []
