"""In a real browser at 1366×900 and 390×844: the county leader records an
acceptance of the campaign sampling three villages and vetoes one; the assessor
starts and computes the campaign's own assessment, where the vetoed village is last
with 0. No page scrolls sideways.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .campaign_world import prepare_campaign
from .conftest import PASSWORD
from .test_browser import _shots

pytestmark = pytest.mark.browser

SIZES = [(1366, 900), (390, 844)]


@pytest.fixture
def session(browser: Any, live_server: Any, transactional_db: Any, settings: Any) -> Iterator[Any]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    contexts: list[Any] = []

    def as_(username: str, size: tuple[int, int]) -> Any:
        width, height = size
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base = live_server.url
        page.goto(page.base + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(page.base + "/")
        return page

    yield as_
    for c in contexts:
        c.close()


def _no_sideways(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_an_acceptance_visit_vetoes_a_village_and_the_campaign_ranks_it_last(
    session: Any, size: tuple[int, int]
) -> None:
    prepared = prepare_campaign()
    w = size[0]
    county = session("county", size)
    county.goto(county.base + "/assessment/t/T1/inspections/new/")
    county.select_option("#id_kind", "acceptance")
    county.fill("#id_day", "2026-12-03")
    county.select_option("#id_period", "2026Q4")
    county.select_option("#id_campaign", str(prepared.campaign.pk))  # type: ignore[attr-defined]
    county.fill("#id_inspectors", "县卫健局 王某")
    for code in ("V2", "V5", "V9"):
        county.check(f"#inspection-form input[value={code}]")
    _no_sideways(county)
    county.click("#inspection-form button[type=submit]")
    county.locator("#sampled").wait_for()
    assert county.locator("#sampled tbody tr").count() == 3
    county.click("#sampled-V2 a")
    county.select_option("#id_verdict", "failed")
    county.fill("#id_obs_attended", "33")
    county.check("#id_veto")
    county.fill("#id_veto_reason", "活动台账弄虚作假")
    _no_sideways(county)
    county.screenshot(path=str(_shots() / f"campaign-findings-{w}.png"), full_page=True)
    county.click("#findings-form button[type=submit]")
    county.locator("#sampled").wait_for()
    row = county.locator("#sampled-V2").inner_text()
    assert "否决" in row and "实到人数：上报37，核查33" in row
    assert "上级核查数据不符整改" in county.locator("#inspection-followups").inner_text()
    _no_sideways(county)
    county.screenshot(path=str(_shots() / f"campaign-inspection-{w}.png"), full_page=True)

    assessor = session("assessor", size)
    assessor.goto(assessor.base + "/assessment/t/T1/")
    assessor.select_option("#campaign-create-form #id_rubric", "2")
    assessor.click("#campaign-create-form button[type=submit]")
    assessor.locator("#campaign-note").wait_for()
    assessor.click("#compute")
    assessor.locator("#ranking").wait_for()
    last = assessor.locator("#ranking tr").last.inner_text()
    assert "西村" in last
    _no_sideways(assessor)
    assessor.screenshot(path=str(_shots() / f"campaign-ranking-{w}.png"), full_page=True)
