"""群机器人设置 (/notify/t/<code>/robots/): the township admin sets robots for the
township and its villages; the secrets are never shown in full again."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.notify.models import RobotChange, UnitRobot
from tests.asking import asks, dialog, question, resent, yes

from .conftest import World

URL = "/notify/t/T1/robots/"
HOOK = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789abcdef0123456789"
SECRET = "SEC0123456789abcdef0123456789abcdef"


def test_the_admin_saves_a_villages_dingtalk_robot_and_sees_it_masked(
    login: Any, world: World
) -> None:
    client = login("admin")
    r = client.post(
        URL,
        {"unit": "V1", "channel": "dingtalk", "webhook": HOOK, "secret": SECRET, "enabled": "on"},
    )
    assert r.status_code == 302
    robot = UnitRobot.objects.get()
    assert (robot.unit, robot.webhook, robot.secret, robot.enabled) == (
        world.v1,
        HOOK,
        SECRET,
        True,
    )
    page = client.get(URL).content.decode()
    assert HOOK not in page and SECRET not in page
    assert "access_token" not in page
    assert "https://oapi.dingtalk.com/robot/send?…6789" in page
    assert "…cdef" in page


def test_saving_again_with_blank_fields_keeps_the_webhook_and_secret(
    login: Any, world: World
) -> None:
    UnitRobot.objects.create(unit=world.t1, channel="dingtalk", webhook=HOOK, secret=SECRET)
    r = login("admin").post(URL, {"unit": "T1", "channel": "dingtalk", "webhook": "", "secret": ""})
    assert r.status_code == 302
    robot = UnitRobot.objects.get()
    assert (robot.webhook, robot.secret, robot.enabled) == (HOOK, SECRET, False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"unit": "V1", "channel": "wecom", "webhook": ""}, "请填写 Webhook 地址"),
        (
            {"unit": "V1", "channel": "wecom", "webhook": "http://10.0.0.1/x"},
            "不是该渠道机器人的地址",
        ),
        ({"unit": "V1", "channel": "wecom", "webhook": HOOK}, "https://qyapi.weixin.qq.com/"),
        ({"unit": "W1", "channel": "wecom", "webhook": HOOK}, "选择一个有效的选项"),
    ],
)
def test_a_bad_robot_is_refused_with_the_reason(
    login: Any, data: dict[str, str], message: str
) -> None:
    r = login("admin").post(URL, data)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not UnitRobot.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("reporter", 404), ("outsider", 404), ("assessor", 403)]
)
def test_others_may_neither_read_nor_change_the_robots(
    login: Any, world: World, persona: str, status: int
) -> None:
    robot = UnitRobot.objects.create(unit=world.v1, channel="wecom", webhook=HOOK)
    client = login(persona)
    assert client.get(URL).status_code == status
    assert (
        client.post(URL, {"unit": "V1", "channel": "wecom", "webhook": HOOK}).status_code == status
    )
    # Refused before being asked, and with the answer too.
    for data in ({}, yes()):
        r = client.post(f"{URL}{robot.pk}/delete/", data)
        assert r.status_code == status and not asks(r.content.decode())
    assert UnitRobot.objects.filter(pk=robot.pk).exists()


def test_the_admin_deletes_a_robot_of_their_own_township_only(login: Any, world: World) -> None:
    mine = UnitRobot.objects.create(unit=world.v1, channel="wecom", webhook=HOOK)
    theirs = UnitRobot.objects.create(unit=world.w1, channel="wecom", webhook=HOOK)
    client = login("admin")
    for data in ({}, yes()):
        r = client.post(f"{URL}{theirs.pk}/delete/", data)
        assert r.status_code == 404 and not asks(r.content.decode())
    assert client.post(f"{URL}{mine.pk}/delete/", yes()).status_code == 302
    assert list(UnitRobot.objects.all()) == [theirs]


def test_deleting_without_the_answer_names_the_unit_channel_and_address_and_changes_nothing(
    login: Any, world: World
) -> None:
    robot = UnitRobot.objects.create(unit=world.v1, channel="dingtalk", webhook=HOOK, secret=SECRET)
    said = (
        f"删除后，{world.v1.name}的钉钉群机器人（https://oapi.dingtalk.com/robot/send?…6789）即被删除，"
        f"{world.v1.name}的通知不再发到这个群；Webhook 地址和加签密钥不能恢复，需要时须重新填写。"
        "确定删除吗？"
    )
    client = login("admin")
    assert dialog(client.get(URL).content.decode(), f"delete-{robot.pk}") == said
    r = client.post(f"{URL}{robot.pk}/delete/")
    assert r.status_code == 200
    page = r.content.decode()
    assert question(page) == said
    assert resent(page) == {"confirmed": ["yes"]}
    assert HOOK not in page and SECRET not in page
    assert UnitRobot.objects.filter(pk=robot.pk).exists()
    assert not RobotChange.objects.exists()
    assert client.post(f"{URL}{robot.pk}/delete/", yes()).status_code == 302
    assert not UnitRobot.objects.exists()


def test_each_change_is_recorded_with_who_and_the_secrets_masked(login: Any, world: World) -> None:
    client = login("admin")
    client.post(
        URL,
        {"unit": "V1", "channel": "dingtalk", "webhook": HOOK, "secret": SECRET, "enabled": "on"},
    )
    robot = UnitRobot.objects.get()
    client.post(f"{URL}{robot.pk}/delete/", yes())
    changes = list(RobotChange.objects.order_by("pk"))
    assert [(c.unit, c.channel, c.action, c.user) for c in changes] == [
        (world.v1, "dingtalk", "save", world.users["admin"]),
        (world.v1, "dingtalk", "delete", world.users["admin"]),
    ]
    assert changes[0].note == "https://oapi.dingtalk.com/robot/send?…6789；加签密钥 …cdef；启用"
    page = client.get(URL).content.decode()
    assert "修改记录" in page and SECRET not in page and HOOK not in page


def test_a_refused_change_records_nothing(login: Any, world: World) -> None:
    login("admin").post(URL, {"unit": "V1", "channel": "wecom", "webhook": "http://10.0.0.1/x"})
    login("outsider").post(URL, {"unit": "V1", "channel": "wecom", "webhook": HOOK})
    assert not RobotChange.objects.exists()
