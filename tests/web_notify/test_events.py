"""The events, heard where they happen: a report returned, a reminder issued, a
follow-up opened by an approval, an assessment published. Each writes its
deliveries in its own transaction and sends them after the commit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kaoping.web.core import services as core
from kaoping.web.core.models import Report
from kaoping.web.notify.models import Delivery, UnitRobot
from kaoping.web.planning.models import Reminder

from .conftest import Receiver, World


def _submitted(world: World) -> Report:
    return Report.objects.create(
        dataset=world.ds, unit=world.v1, period="2026Q3", status="submitted"
    )


def test_a_returned_report_tells_the_villages_reporter_and_robot_with_the_reason(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    world.users["reporter"].email = "v1@example.cn"
    world.users["reporter"].save()
    world.users["reporter2"].email = "v2@example.cn"  # another village: not told
    world.users["reporter2"].save()
    UnitRobot.objects.create(unit=world.v1, channel="wecom", webhook=receiver.url + "/w?key=K")
    report = _submitted(world)
    with django_capture_on_commit_callbacks(execute=True):
        core.return_for_correction(report, world.users["leader"], "实到人数与签到表不符")
    rows = list(Delivery.objects.order_by("channel"))
    assert [(d.channel, d.shown_to, d.state, d.event) for d in rows] == [
        ("email", "v1@example.cn", "sent", "report_returned"),
        ("wecom", "东村企业微信群机器人", "sent", "report_returned"),
    ]
    text = "东村的《季度数据》2026Q3报表已被退回修改，退回原因：实到人数与签到表不符。请修改后重新提交。"
    assert rows[0].text == text
    assert rows[0].url == f"https://kaoping.example.cn/report/{world.ds.pk}/V1/2026Q3/"
    (seen,) = receiver.requests
    assert text in seen.body["markdown"]["content"]


def test_a_return_refused_by_its_guard_tells_nobody(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    UnitRobot.objects.create(unit=world.v1, channel="wecom", webhook=receiver.url + "/w?key=K")
    report = Report.objects.create(dataset=world.ds, unit=world.v1, period="2026Q3", status="draft")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(core.Refused):
        core.return_for_correction(report, world.users["leader"], "再核对")
    assert not Delivery.objects.exists() and receiver.requests == []


def test_returning_through_the_page_answers_before_anything_is_sent(
    login: Any, world: World, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    UnitRobot.objects.create(unit=world.v1, channel="wecom", webhook=receiver.url + "/w?key=K")
    report = _submitted(world)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        r = login("leader").post(
            f"/report/{world.ds.pk}/V1/2026Q3/return/",
            {"reason": "请补充说明", "version": report.version},
        )
        assert r.status_code in (200, 302)
        assert receiver.requests == []
    assert Delivery.objects.get().state == "queued"
    for callback in pending:
        callback()
    assert Delivery.objects.get().state == "sent"


def test_an_issued_reminder_tells_the_village(world: World) -> None:
    world.users["reporter"].email = "v1@example.cn"
    world.users["reporter"].save()
    Reminder.objects.create(
        township=world.t1,
        unit=world.v1,
        period="2026Q3",
        number="2026Q3-V1-01",
        kind="late_report",
        key="late:q",
        to_roles="service_worker",
        to_names="专干",
        subject="季度数据逾期未报",
        text="…",
        signed_by="东风镇人口与家庭服务办",
        issued_on=date(2026, 10, 8),
        due=date(2026, 10, 18),
    )
    (d,) = Delivery.objects.all()
    assert (d.event, d.unit, d.shown_to) == ("reminder_issued", world.v1, "v1@example.cn")
    assert (
        d.text == "镇办向东村下发了提醒单2026Q3-V1-01：季度数据逾期未报。请在2026-10-18前办理完毕。"
    )
    assert d.url.startswith("https://kaoping.example.cn/planning/reminders/")


@pytest.fixture
def prepared(db: Any) -> Any:
    from tests.web_assessment.conftest import prepare

    return prepare()


def test_approving_opens_follow_ups_and_tells_the_unit(prepared: Any) -> None:
    from tests.web_assessment.followup_world import approved_q3

    v3 = prepared.world.v3
    UnitRobot.objects.create(
        unit=v3, channel="dingtalk", webhook="https://oapi.dingtalk.com/robot/send?access_token=x"
    )
    approved_q3(prepared)
    rows = Delivery.objects.filter(event="rectification_issued").order_by("pk")
    assert {d.unit.code for d in rows} == {"V3"}
    texts = sorted(d.text for d in rows)
    assert texts == sorted(
        [
            "根据2026Q3考评结果，镇中社区须完成“召开分析会”，期限为2026-10-31。",
            "根据2026Q3考评结果，镇中社区须完成“整改”，期限为2026-10-30。",
            "根据2026Q3考评结果，镇中社区须完成“整改”，期限为2026-10-30。",
            "根据2026Q3考评结果，镇中社区须完成“表态发言”，期限为2026-10-31。",
        ]
    )


def test_publishing_tells_the_township_and_every_village_once(prepared: Any) -> None:
    from tests.web_assessment.conftest import assessment_in

    w = prepared.world
    for unit in (w.t1, w.v1, w.v2, w.w1):
        UnitRobot.objects.create(
            unit=unit, channel="wecom", webhook="https://qyapi.weixin.qq.com/x?key=k"
        )
    a = assessment_in(prepared, "2026Q3", "published")
    rows = Delivery.objects.filter(event="assessment_published")
    # 红旗村 (W1) is in another township.
    assert sorted(d.unit.code for d in rows) == ["T1", "V1", "V2"]
    assert {d.text for d in rows} == {
        "东风镇2026Q3季度考评结果已公布，请登录查看得分、失分说明和排名。"
    }
    assert {d.url for d in rows} == {f"https://kaoping.example.cn/assessment/{a.pk}/"}


def test_the_message_is_in_chinese_whatever_language_the_actor_reads(world: World) -> None:
    from django.utils import translation

    world.users["reporter"].email = "v1@example.cn"
    world.users["reporter"].save()
    report = _submitted(world)
    with translation.override("en"):
        core.return_for_correction(report, world.users["leader"], "再核对")
    (d,) = Delivery.objects.all()
    assert d.subject == "报表被退回修改"
    assert d.text.startswith("东村的《季度数据》2026Q3报表已被退回修改")


@pytest.mark.parametrize(
    ("campaign_id", "inspection_id", "text"),
    [
        (None, None, "根据2026Q3考评结果，东村须完成“整改”，期限为2026-10-30。"),
        (7, None, "东村须完成整改事项“整改”，期限为2026-10-30。"),
        (None, 3, "东村须完成整改事项“整改”，期限为2026-10-30。"),
    ],
)
def test_a_follow_up_from_a_campaign_or_an_inspection_is_not_said_to_be_the_quarters(
    world: World, campaign_id: int | None, inspection_id: int | None, text: str
) -> None:
    from types import SimpleNamespace

    from kaoping.web.notify import services

    world.users["reporter"].email = "v1@example.cn"
    world.users["reporter"].save()
    item = SimpleNamespace(
        township=world.t1,
        unit=world.v1,
        period="2026Q3",
        kind="整改",
        due=date(2026, 10, 30),
        campaign_id=campaign_id,
        inspection_id=inspection_id,
    )
    services.rectification_issued(item)
    assert Delivery.objects.get().text == text
