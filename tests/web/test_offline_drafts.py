"""In Chromium with the service worker: figures a reporter types while the phone
is offline stay in the browser, survive a reload, and are sent when the
connection returns; sent with the version they were typed against, so a report
someone saved meanwhile leads to the conflict screen, not to overwriting it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core import services
from kaoping.web.core.models import Report

from .conftest import PASSWORD, World, build_world
from .test_browser import _shots

pytestmark = pytest.mark.browser

DRAFTS = """() => Object.keys(localStorage).filter(k => k.startsWith('kaoping:draft:'))
  .map(k => [k, JSON.parse(localStorage.getItem(k))])"""


def open_form_online(page: Any, world: World) -> str:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base + "/login/")
    page.fill("#id_username", "reporter")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")
    url = page.base + f"/report/{world.ds.pk}/V1/2026Q3/"
    page.goto(url)
    # the worker is active and has kept this form for a reload without a connection
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return url


def saved_figures(world: World) -> dict[str, Decimal | None]:
    report = Report.objects.filter(unit=world.v1, period="2026Q3").first()
    return report.values() if report else {}


def test_figures_typed_offline_survive_a_reload_and_are_sent_when_back_online(
    page: Any, live_server: Any
) -> None:
    world = build_world()
    url = open_form_online(page, world)
    page.context.set_offline(True)
    page.fill("#id_invited", "40")
    page.fill("#id_attended", "38")
    page.click("button[value=save]")
    status = page.locator("#draft-status")
    status.locator("text=已保存在本机").wait_for()
    [(key, draft)] = page.evaluate(DRAFTS)
    assert key == f"kaoping:draft:{world.users['reporter'].pk}:/report/{world.ds.pk}/V1/2026Q3/:0"
    assert (draft["version"], draft["values"]["invited"], draft["action"]) == ("0", "40", "save")
    assert saved_figures(world) == {}
    page.screenshot(path=str(_shots() / "offline-draft-kept.png"), full_page=True)

    # a reload without a connection: the worker's copy of the form, the draft in it
    page.goto(url)
    assert page.input_value("#id_invited") == "40"
    assert page.input_value("#id_attended") == "38"
    status.locator("text=已保存在本机").wait_for()

    page.context.set_offline(False)
    status.locator("text=发送并保存").wait_for()
    assert page.evaluate(DRAFTS) == []
    figures = saved_figures(world)
    assert (figures["invited"], figures["attended"]) == (Decimal(40), Decimal(38))
    page.screenshot(path=str(_shots() / "offline-draft-sent.png"), full_page=True)

    # the copy kept for the next time without a connection is the saved form
    page.wait_for_function(
        "caches.open('kaoping-pages').then(c => c.match(location.href))"
        '.then(r => r.text()).then(t => t.includes(\'name="version" value="1"\'))'
    )
    page.context.set_offline(True)
    page.goto(url)
    assert page.input_value("#id_invited") == "40"
    assert page.input_value("input[name=version]") == "1"


def test_a_draft_sent_after_someone_else_saved_meets_the_conflict_screen(
    page: Any, live_server: Any
) -> None:
    world = build_world()
    open_form_online(page, world)
    page.context.set_offline(True)
    page.fill("#id_invited", "40")
    page.press("#id_invited", "Tab")
    page.locator("#draft-status:has-text('已保存在本机')").wait_for()

    # meanwhile the township's assessor saves the same report
    report = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(
        report, {"invited": Decimal(45)}, user=world.users["assessor"], path="form", base_version=0
    )

    page.context.set_offline(False)
    page.locator("#draft-status:has-text('尚未保存')").wait_for()
    conflict = page.locator("#field-invited fieldset.conflict")
    assert "40" in conflict.inner_text() and "45" in conflict.inner_text()
    assert saved_figures(world)["invited"] == Decimal(45)  # not overwritten
    assert len(page.evaluate(DRAFTS)) == 1  # kept until it is resolved

    conflict.locator("input[value='40']").check()
    page.click("button[value=save]")
    page.locator("#draft-status:has-text('发送并保存')").wait_for()
    assert saved_figures(world)["invited"] == Decimal(40)
    assert page.evaluate(DRAFTS) == []
    page.screenshot(path=str(_shots() / "offline-draft-conflict.png"), full_page=True)
