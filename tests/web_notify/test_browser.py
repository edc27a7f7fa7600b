"""The notification pages in Debian's Chromium at 1366×900 and 390×844: nothing
scrolls sideways, the masked webhook wraps, and the pages are photographed
($KAOPING_SCREENSHOTS, default /tmp/kaoping-screenshots; notify-*.png)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.test_browser import _shots, log_in
from tests.web.test_phone import fit_problems

pytestmark = pytest.mark.browser

SIZES = {"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}}


def test_the_notification_pages_fit_a_desktop_and_a_phone(page: Any) -> None:
    from kaoping.web.notify.models import Delivery, UnitRobot
    from tests.web.conftest import build_world

    world = build_world()
    UnitRobot.objects.create(
        unit=world.v1,
        channel="dingtalk",
        webhook="https://oapi.dingtalk.com/robot/send?access_token=" + "a1b2c3d4" * 8,
        secret="SEC" + "0f" * 30,
    )
    UnitRobot.objects.create(
        unit=world.t1,
        channel="wecom",
        webhook="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + "9a8b-7c6d-" * 4,
    )
    for unit, state, attempts, error in [
        (world.v1, "sent", 1, ""),
        (
            world.v2,
            "failed",
            4,
            "钉钉返回 310000：sign not match, more: [ip 10.1.2.3 not in whitelist]",
        ),
        (world.v3, "retrying", 2, "HTTP 500"),
    ]:
        Delivery.objects.create(
            township=world.t1,
            unit=unit,
            event="report_overdue",
            channel="dingtalk",
            shown_to=f"{unit.name}钉钉群机器人",
            subject="报表逾期未报",
            text="…",
            state=state,
            attempts=attempts,
            error=error,
        )
    log_in(page, "admin")
    shots = _shots()
    problems: list[str] = []
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        for name, url in [
            ("preferences", "/notify/account/"),
            ("robots", "/notify/t/T1/robots/"),
            ("log", "/notify/t/T1/log/"),
        ]:
            response = page.goto(page.base + url)
            assert response.status == 200, url
            problems += fit_problems(page, f"{name}@{size}")
            page.screenshot(path=str(shots / f"notify-{name}-{size}.png"), full_page=True)
    assert problems == []
