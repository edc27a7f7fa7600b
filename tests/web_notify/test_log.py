"""通知发送记录 (/notify/t/<code>/log/): the township admin reads their township's
deliveries, sent and failed with why; nobody else reads it."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.notify.models import Delivery

from .conftest import World

URL = "/notify/t/T1/log/"


def _row(world: World, unit: Any, **kw: Any) -> Delivery:
    township = unit if unit.level == "township" else unit.township
    base = {
        "event": "reminder_issued",
        "channel": "wecom",
        "shown_to": f"{unit.name}企业微信群机器人",
        "subject": "新的提醒单",
        "text": "…",
    }
    return Delivery.objects.create(township=township, unit=unit, **{**base, **kw})


def test_the_admin_reads_sent_and_failed_with_the_reason(login: Any, world: World) -> None:
    _row(world, world.v1, state="sent", attempts=1)
    _row(world, world.v2, state="failed", attempts=3, error="钉钉返回 310000：sign not match")
    _row(world, world.w1, state="failed", attempts=3, error="红旗镇的失败")
    page = login("admin").get(URL).content.decode()
    assert "东村企业微信群机器人" in page and "已发送" in page
    assert "西村企业微信群机器人" in page and "钉钉返回 310000：sign not match" in page
    # Another township's deliveries are not in this log.
    assert "红旗镇的失败" not in page and "红旗村" not in page


def test_the_state_filter_shows_only_failures(login: Any, world: World) -> None:
    _row(world, world.v1, state="sent", attempts=1)
    _row(world, world.v2, state="failed", attempts=3, error="HTTP 500")
    page = login("admin").get(URL + "?state=failed").content.decode()
    assert "西村企业微信群机器人" in page and "东村企业微信群机器人" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reporter", 404), ("outsider", 404), ("assessor", 403), ("leader", 403)],
)
def test_others_are_refused(login: Any, world: World, persona: str, status: int) -> None:
    _row(world, world.v1, state="failed", attempts=3, error="HTTP 500")
    assert login(persona).get(URL).status_code == status


def test_an_unknown_township_is_not_found(login: Any) -> None:
    assert login("admin").get("/notify/t/NOPE/log/").status_code == 404
