"""In a real browser: the assessor picks 2027年3月 from the township's form (a month
of 月度服务, reported monthly), computes it; the leader approves it. The ranking
page of the month is looked at on a desktop (1366×900) and a phone (390×844):
the month's words, the change against February, nothing wider than the phone.
Figures and hand-computed totals: test_monthly_assessment.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kaoping.web.assessment.models import Assessment

from .conftest import PASSWORD, prepare
from .test_browser import _shots
from .test_monthly_assessment import _monthly_world

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDER_THAN_THE_PAGE = "document.scrollingElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture
def as_(browser: Any, live_server: Any, transactional_db: Any, settings: Any) -> Iterator[Any]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    contexts: list[Any] = []

    def login(username: str, viewport: dict[str, int]) -> Any:
        context = browser.new_context(locale="zh-CN", viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(45000)
        page.base = live_server.url
        page.on("dialog", lambda d: d.accept())
        page.goto(page.base + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(page.base + "/")
        return page

    yield login
    for c in contexts:
        c.close()


def test_a_month_is_created_computed_approved_and_read_on_a_desktop_and_a_phone(
    as_: Any,
) -> None:
    prepared = prepare()
    _monthly_world(prepared)
    page = as_("assessor", DESKTOP)
    page.goto(page.base + "/assessment/t/T1/")
    page.select_option("#id_period", "2027-03")
    page.select_option("#id_rubric", "2")
    page.click("#create-form button[type=submit]")
    page.locator("#not-computed").wait_for()
    page.click("#compute")
    page.locator("#ranking").wait_for()
    assert "按月考评" in page.locator("#monthly-note").inner_text()
    assert "较上月" in page.locator("#ranking").inner_text()
    assert page.locator("#row-V3 td").nth(3).inner_text() == "80"
    page.click("#submit")
    page.locator("#status").wait_for()
    a = Assessment.objects.get()

    leader = as_("leader", DESKTOP)
    leader.goto(leader.base + f"/assessment/{a.pk}/")
    leader.click("#approve")
    leader.locator("text=已审定，结果已冻结").wait_for()
    leader.screenshot(path=str(_shots() / "monthly-assessment-1366.png"), full_page=True)
    assert not leader.evaluate(WIDER_THAN_THE_PAGE)

    phone = as_("leader", PHONE)
    phone.goto(phone.base + f"/assessment/{a.pk}/", wait_until="domcontentloaded")
    phone.locator("#ranking").wait_for()
    phone.screenshot(path=str(_shots() / "monthly-assessment-390.png"), full_page=True)
    assert not phone.evaluate(WIDER_THAN_THE_PAGE)
    a.refresh_from_db()
    assert (a.status, a.period) == ("approved", "2027-03")
