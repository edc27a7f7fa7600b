"""In a real browser: the province's admin opens a draft of its assessment of its
counties (the entries and the problems), its leader opens the computed one from
the dashboard and approves it after the question; on a desktop and a phone.
Screenshots go to $KAOPING_SCREENSHOTS."""

from __future__ import annotations

from typing import Any

import pytest

from .region_world import PASSWORD, build, computed
from .test_province_browser import SIZES, _shots

pytestmark = pytest.mark.browser


def _login(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")


def _shoot(page: Any, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(_shots() / f"{name}-{size}.png"), full_page=True)


def test_the_province_prepares_and_approves_its_assessment_of_its_counties(page: Any) -> None:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyAssessment

    rw = build()
    a = computed(rw)
    draft = county.create(rw.units["P1"], "2026Q4", rw.rubric, rw.users["province_admin"])
    _login(page, "province_admin")
    page.goto(page.base + f"/assessment/region/a/{draft.pk}/")
    page.wait_for_selector("#entries")
    _shoot(page, "region-assess-draft")
    _login(page, "province_leader")
    page.goto(page.base + "/assessment/region/P1/")
    page.click("#region-assess")
    page.wait_for_selector("#ranking")
    _shoot(page, "region-assess-home")
    assert "东县" in page.locator("#ranking tr").nth(1).inner_text()
    page.goto(page.base + f"/assessment/region/a/{a.pk}/")
    _shoot(page, "region-assess-detail")
    for size, (width, _height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": _height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, size
    page.once("dialog", lambda d: d.accept())
    page.click("#approve button")
    page.wait_for_selector("#status")
    assert CountyAssessment.objects.get(pk=a.pk).status == "approved"
    page.goto(page.base + "/assessment/region/P1/")
    _shoot(page, "region-dashboard-with-assess-link")
    page.goto(page.base + "/assessment/county/C1/")
    page.wait_for_selector("#rows-above")
    _shoot(page, "county-rows-above")
    assert "本县第1名" in page.inner_text("#rows-above")
