"""Deliveries: written with their event, sent by a job after the commit, retried
with back-off, and every attempt's outcome in the log."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from kaoping.web.jobs.models import Job
from kaoping.web.notify.models import Delivery, Preference, UnitRobot
from kaoping.web.notify.services import notify
from kaoping.web.notify.transports import Message

from .conftest import Receiver, World

MSG = Message(
    "新的提醒单", "镇办向东村下发了提醒单2026Q3-V1-01：报表逾期。请及时办理。", "https://k/r/1/"
)
EV = Delivery.Event.REMINDER_ISSUED


def robot(world: World, receiver: Receiver, channel: str = "wecom", secret: str = "") -> UnitRobot:
    return UnitRobot.objects.create(
        unit=world.v1, channel=channel, webhook=receiver.url + "/hook?key=K", secret=secret
    )


def test_nothing_is_sent_before_the_commit_and_it_is_sent_after(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    robot(world, receiver)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (d,) = notify(EV, world.v1, MSG)
        assert receiver.requests == []
        assert Delivery.objects.get(pk=d.pk).state == "queued"
    for callback in callbacks:
        callback()
    d.refresh_from_db()
    assert (d.state, d.attempts, d.error) == ("sent", 1, "")
    assert d.sent_at is not None
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_sends_nothing_and_leaves_no_log(receiver: Receiver) -> None:
    from tests.web.conftest import build_world

    world = build_world()
    robot(world, receiver)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        notify(EV, world.v1, MSG)
        raise Boom
    assert receiver.requests == []
    assert not Delivery.objects.exists()
    assert not Job.objects.filter(kind="notify.deliver").exists()


def test_a_500_is_retried_and_the_second_attempt_succeeds(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    robot(world, receiver)
    receiver.answers.append((500, {"errcode": -1}))
    with django_capture_on_commit_callbacks(execute=True):
        (d,) = notify(EV, world.v1, MSG)
    d.refresh_from_db()
    assert (d.state, d.attempts, d.error) == ("sent", 2, "")
    assert len(receiver.requests) == 2
    job = Job.objects.get(kind="notify.deliver")
    assert (job.state, job.attempts) == ("succeeded", 2)


def test_after_the_last_attempt_the_failure_and_its_reason_are_in_the_log(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    robot(world, receiver, "dingtalk", "SECx")
    receiver.answers += [(500, {})] * 2 + [(200, {"errcode": 310000, "errmsg": "sign not match"})]
    with django_capture_on_commit_callbacks(execute=True):
        (d,) = notify(EV, world.v1, MSG)
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("failed", 3)
    assert d.error == "钉钉返回 310000：sign not match"
    assert len(receiver.requests) == 3
    job = Job.objects.get(kind="notify.deliver")
    assert job.state == "failed" and "已尝试3次" in job.message


def test_email_goes_through_djangos_mail_with_the_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    reporter = world.users["reporter"]
    reporter.email = "zhuangan@example.cn"
    reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        (d,) = notify(EV, world.v1, MSG)
    (sent,) = mail.outbox
    assert sent.to == ["zhuangan@example.cn"]
    assert sent.subject == "新的提醒单"
    assert sent.body == MSG.text + "\n\n查看详情：https://k/r/1/"
    d.refresh_from_db()
    assert (d.channel, d.state, d.shown_to) == ("email", "sent", "zhuangan@example.cn")


@pytest.mark.parametrize(
    ("by_email", "by_sms", "phone", "channels"),
    [
        (True, False, "", ["email"]),
        (False, False, "13800138000", []),
        (True, True, "13800138000", ["email", "sms"]),
        (False, True, "", []),
    ],
)
def test_a_person_is_reached_by_the_channels_they_chose(
    world: World, by_email: bool, by_sms: bool, phone: str, channels: list[str]
) -> None:
    reporter = world.users["reporter"]
    reporter.email = "a@example.cn"
    reporter.save()
    Preference.objects.create(user=reporter, by_email=by_email, by_sms=by_sms, phone=phone)
    made = notify(EV, world.v1, MSG)
    assert [d.channel for d in made] == channels


def test_sms_is_logged_with_the_phone_masked(world: World) -> None:
    Preference.objects.create(
        user=world.users["reporter"], by_email=False, by_sms=True, phone="13800138000"
    )
    (d,) = notify(EV, world.v1, MSG)
    assert d.shown_to == "138****8000"


def test_sms_through_aliyun_reaches_the_configured_endpoint(
    world: World, receiver: Receiver, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.KAOPING_SMS_PROVIDER = "aliyun"
    settings.KAOPING_SMS_ENDPOINT = receiver.url
    settings.KAOPING_SMS_ACCESS_KEY_ID = "AK"
    settings.KAOPING_SMS_ACCESS_KEY_SECRET = "SK"
    settings.KAOPING_SMS_SIGN_NAME = "东风镇"
    settings.KAOPING_SMS_TEMPLATE_CODE = "SMS_1"
    receiver.answers.append((200, {"Code": "OK", "Message": "OK"}))
    Preference.objects.create(
        user=world.users["reporter"], by_email=False, by_sms=True, phone="13800138000"
    )
    with django_capture_on_commit_callbacks(execute=True):
        (d,) = notify(EV, world.v1, MSG)
    d.refresh_from_db()
    assert d.state == "sent"
    assert receiver.requests[0].query["PhoneNumbers"] == ["13800138000"]


def test_sms_without_a_provider_fails_with_the_reason(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(
        user=world.users["reporter"], by_email=False, by_sms=True, phone="13800138000"
    )
    with django_capture_on_commit_callbacks(execute=True):
        (d,) = notify(EV, world.v1, MSG)
    d.refresh_from_db()
    assert (d.state, d.attempts) == ("failed", 3)
    assert d.error == "未配置短信服务（KAOPING_SMS_PROVIDER）"


def test_a_disabled_robot_is_not_told(world: World, receiver: Receiver) -> None:
    r = robot(world, receiver)
    r.enabled = False
    r.save()
    assert notify(EV, world.v1, MSG) == []


def test_the_same_dedupe_key_tells_each_address_once(world: World, receiver: Receiver) -> None:
    robot(world, receiver)
    assert len(notify(EV, world.v1, MSG, dedupe="x:1:2026-10-01")) == 1
    assert notify(EV, world.v1, MSG, dedupe="x:1:2026-10-01") == []
    assert len(notify(EV, world.v1, MSG, dedupe="x:1:2026-10-02")) == 1


def test_the_admins_jobs_page_leaves_deliveries_to_the_notification_log(
    world: World, receiver: Receiver, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    robot(world, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        notify(EV, world.v1, MSG)
    assert Job.objects.filter(kind="notify.deliver").count() == 1
    page = login("admin").get("/jobs/").content.decode()
    assert "发送通知" not in page
    assert "东村企业微信群机器人" in login("admin").get("/notify/t/T1/log/").content.decode()
