"""In a real browser (Debian's Chromium driven by Playwright): the township admin
plans a service day, meets the three-day notice warning (live, through htmx,
then beside the reason field), gives the reason; the village reporter records
the day, is told attended cannot exceed invited, corrects it and sees the rate.

Skipped, with the reason, where /usr/bin/chromium is absent; required in CI.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from kaoping.web.planning.models import ServiceDay

from .conftest import PASSWORD, build_world

pytestmark = pytest.mark.browser


def _shots() -> Path:
    path = Path(os.environ.get("KAOPING_SCREENSHOTS", "/tmp/kaoping-screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base + "/")


def log_out(page: Any) -> None:
    page.click("form.logout button")
    page.wait_for_url(page.base + "/login/")


def test_a_service_day_is_planned_then_recorded(page: Any) -> None:
    world = build_world()
    log_in(page, "admin")
    page.click("header nav >> text=计划与督办")
    page.click("text=季度服务日（定时定点）")
    page.click("text=安排服务日")
    page.select_option("#id_unit", str(world.v1.pk))
    page.fill("#id_day", "2026-06-20")
    page.fill("#id_start", "09:00")
    page.fill("#id_end", "11:00")
    page.fill("#id_place", "东村党群服务中心")
    page.fill("#id_services", "两癌筛查、产后访视、育儿补贴咨询")
    page.fill("#id_staff", "李专干")
    page.fill("#id_notice_on", "2026-06-18")
    page.locator("#id_notice_on").dispatch_event("change")
    warning = page.locator("#notice-warning .warning")
    warning.wait_for()
    assert "前2天送达，不足3天" in warning.inner_text()
    page.click("#service-day-form button[type=submit]")
    error = page.locator("#err-late_notice_reason")
    error.wait_for()
    assert "请说明原因" in error.inner_text()
    assert not ServiceDay.objects.exists()
    page.fill("#id_late_notice_reason", "卫生院调整了筛查日期")
    page.click("#service-day-form button[type=submit]")
    page.locator("text=已安排东村的服务日").wait_for()
    sd = ServiceDay.objects.get()
    assert (sd.period, sd.late_notice_reason) == ("2026Q2", "卫生院调整了筛查日期")
    log_out(page)

    log_in(page, "reporter")
    page.goto(page.base + "/planning/")
    page.click("text=本村服务日、专项活动")
    page.click("text=2026-06-20 09:00")
    page.click("text=记录服务日")
    page.fill("#id_invited", "40")
    page.fill("#id_attended", "41")
    page.click("main button[type=submit]")
    error = page.locator("#err-attended")
    error.wait_for()
    assert "实到人数（41）大于应到人数（40）" in error.inner_text()
    page.fill("#id_attended", "36")
    page.fill("#id_declined", "1")
    for reason in ("moved_away", "ill", "unreachable"):
        page.fill(f"#id_absent_{reason}", "1")
    page.click("main button[type=submit]")
    page.locator("#rate").wait_for()
    assert page.locator("#rate").inner_text() == "92.3%"  # 36 of 39: the decline is not counted
    sd.refresh_from_db()
    assert (sd.invited, sd.attended, sd.declined, sd.absent_other) == (40, 36, 1, 0)
    page.screenshot(path=str(_shots() / "service-day-recorded.png"), full_page=True)


def test_slots_are_allocated_followed_in_a_campaign_and_a_reminder_resolved(page: Any) -> None:
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from kaoping.web.planning.models import Allocation, BaseFigure, Reminder

    world = build_world()
    for unit, population, women in (
        (world.v1, 3000, 600),
        (world.v2, 2000, 500),
        (world.v3, 1000, 100),
    ):
        BaseFigure.objects.create(unit=unit, name="population", value=Decimal(population))
        BaseFigure.objects.create(unit=unit, name="eligible_women", value=Decimal(women))
    today = timezone.localdate()
    start, end = today - timedelta(days=4), today + timedelta(days=5)

    log_in(page, "admin")
    page.goto(page.base + "/planning/t/T1/allocations/new/")
    page.click("text=春季服务日两癌筛查预约名额（321）")
    page.click("button[name=preview]")
    page.locator("#allocation-preview").wait_for()
    page.click("button[name=save]")
    page.locator("#allocation").wait_for()
    shares = {s.unit.code: s.allocated for s in Allocation.objects.get().shares.all()}
    assert sum(shares.values()) == 321 and min(shares.values()) >= 1

    page.goto(page.base + "/planning/t/T1/campaigns/new/")
    page.fill("#id_title", "两癌筛查预约专项活动")
    page.fill("#id_task", "两癌筛查预约")
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", end.isoformat())
    page.select_option("#id_allocation", index=1)
    page.click("main button[type=submit]")
    page.locator("#bulletin").wait_for()
    page.fill("#id_day", start.isoformat())
    page.fill("#id_u_V1", str(shares["V1"]))  # V1 finishes on the first day
    page.fill("#id_u_V2", "1")
    page.click("#entries-form button[type=submit]")
    page.locator("text=已保存2个单位的完成数").wait_for()
    first = page.locator("#bulletin-table tr").nth(1).inner_text()
    assert "东村" in first and "超进度" in first
    # a target of the campaign: refused beside its field, then added
    page.select_option("#id_target-kind", "total")
    page.fill("#id_target-total", "0")
    page.click("#target-form button[type=submit]")
    page.locator("#err-total").wait_for()
    assert "全镇合计目标数应大于0，现为0" in page.locator("#err-total").inner_text()
    page.fill("#id_target-total", "321")
    page.click("#target-form button[type=submit]")
    page.locator("text=已添加目标：全镇合计完成321个").wait_for()
    # 162 done by the fifth of ten days, when 160.5 are due
    assert "符合进度" in page.locator("#campaign-targets tr").nth(1).inner_text()
    # another day asked for: only the bulletin is reloaded (htmx), targets with it
    page.fill("input[name=as_of]", end.isoformat())
    page.locator("input[name=as_of]").dispatch_event("change")
    page.locator(f"#bulletin >> text=截至{end.isoformat()}").wait_for()
    assert "落后于进度" in page.locator("#campaign-targets tr").nth(1).inner_text()
    page.screenshot(path=str(_shots() / "campaign-targets.png"), full_page=True)

    page.goto(page.base + "/planning/t/T1/reminders/")
    page.click("#generate")
    # The server asks with the count of a dry run (core/asking.py), no dialog.
    asked = page.locator("#question").inner_text()
    found = re.match(r"将向(\d+)个村（居）发出(\d+)份\d{4}Q\d提醒单", asked)
    assert found is not None, asked
    assert not Reminder.objects.exists()
    before = page.viewport_size
    for name, (width, height) in {"phone": (390, 844), "desktop": (1366, 900)}.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(_shots() / f"ask-first-reminders-{name}.png"), full_page=True)
    page.set_viewport_size(before)
    page.click("#confirm")
    page.locator("text=关于任务进度落后的提醒").first.wait_for()
    assert Reminder.objects.count() == int(found[2])
    assert Reminder.objects.values("unit").distinct().count() == int(found[1])
    behind = Reminder.objects.get(unit=world.v2, kind="behind_schedule")
    log_out(page)

    log_in(page, "reporter2")
    page.goto(page.base + "/planning/villages/V2/reminders/")
    page.click(f"text={behind.number}")
    page.click("#acknowledge")
    page.locator("#status >> text=已签收").wait_for()
    log_out(page)

    log_in(page, "admin")
    page.goto(page.base + f"/planning/reminders/{behind.pk}/")
    page.fill("form:has(#resolve) input[name=note]", "已加快预约")
    page.click("#resolve")
    page.locator("#status >> text=已办结").wait_for()
    behind.refresh_from_db()
    assert (behind.status, behind.resolved_on) == ("resolved", today)
    page.screenshot(path=str(_shots() / "reminder-resolved.png"), full_page=True)
