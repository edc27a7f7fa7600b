"""Each person turns each event kind on or off per channel (通知设置 → 按事件选择):
an event turned off on a channel writes no delivery to that address, on the
event's own path (a returned report) and on the daily pass (due notices) alike;
the other channel and other people are told as before."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from kaoping.web.core import services as core
from kaoping.web.core.models import Report
from kaoping.web.notify import send_due_notices
from kaoping.web.notify.models import Delivery, Preference

from .conftest import World

URL = "/notify/account/"
EVENTS = [
    "report_due",
    "report_overdue",
    "report_returned",
    "reminder_issued",
    "reminder_due",
    "reminder_overdue",
    "rectification_issued",
    "rectification_due",
    "rectification_overdue",
    "catch_up_issued",
    "catch_up_due",
    "catch_up_overdue",
    "assessment_published",
]


def _form(**extra: str) -> dict[str, str]:
    data = {
        "email": "v1@example.cn",
        "phone": "13800138000",
        "by_email": "on",
        "by_sms": "on",
        "events_shown": "1",
    }
    for event in EVENTS:
        data[f"{event}__email"] = "on"
        data[f"{event}__sms"] = "on"
    data.update(extra)
    return data


def test_the_page_shows_a_box_per_event_and_channel_all_ticked_at_first(
    login: Any, world: World
) -> None:
    html = login("reporter").get(URL).content.decode()
    table = html.split('id="events"')[1].split("</table>")[0]
    # 13 events, 2 channels: 26 boxes, every one ticked.
    assert table.count('type="checkbox"') == 26
    assert table.count("checked") == 26
    assert "报表被退回" in table and "考评结果公布" in table


def test_unticked_boxes_are_kept_as_turned_off_and_shown_unticked(login: Any, world: World) -> None:
    client = login("reporter")
    data = _form()
    del data["report_due__sms"], data["assessment_published__email"]
    assert client.post(URL, data).status_code == 302
    pref = Preference.objects.get(user=world.users["reporter"])
    # In the order of the events, then of the channels.
    assert pref.muted == ["report_due:sms", "assessment_published:email"]
    assert (pref.wants("report_due", "sms"), pref.wants("report_due", "email")) == (False, True)
    table = client.get(URL).content.decode().split('id="events"')[1].split("</table>")[0]
    assert table.count("checked") == 24  # 26 less the two turned off


def test_a_form_without_the_table_of_events_keeps_what_was_turned_off(
    login: Any, world: World
) -> None:
    Preference.objects.create(user=world.users["reporter"], muted=["report_due:sms"])
    data = {"email": "v1@example.cn", "by_email": "on"}
    assert login("reporter").post(URL, data).status_code == 302
    assert Preference.objects.get(user=world.users["reporter"]).muted == ["report_due:sms"]


def _reporter_with_both_channels(world: World, muted: list[str]) -> None:
    user = world.users["reporter"]
    user.email = "v1@example.cn"
    user.save()
    Preference.objects.create(
        user=user, phone="13800138000", by_email=True, by_sms=True, muted=muted
    )


def test_a_returned_report_turned_off_by_sms_is_told_by_e_mail_only(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _reporter_with_both_channels(world, ["report_returned:sms"])
    report = Report.objects.create(
        dataset=world.ds, unit=world.v1, period="2026Q3", status="submitted"
    )
    with django_capture_on_commit_callbacks(execute=False):
        core.return_for_correction(report, world.users["leader"], "实到人数与签到表不符")
    rows = list(Delivery.objects.filter(user=world.users["reporter"]).order_by("channel"))
    assert [(d.channel, d.event) for d in rows] == [("email", "report_returned")]


def test_an_event_turned_off_on_both_channels_tells_that_person_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _reporter_with_both_channels(world, ["report_returned:sms", "report_returned:email"])
    report = Report.objects.create(
        dataset=world.ds, unit=world.v1, period="2026Q3", status="submitted"
    )
    with django_capture_on_commit_callbacks(execute=False):
        core.return_for_correction(report, world.users["leader"], "再核对")
    assert not Delivery.objects.filter(user=world.users["reporter"]).exists()


def test_the_daily_pass_skips_an_event_turned_off_and_keeps_the_others(world: World) -> None:
    # 2026Q3 is due 2026-10-05: on 10-02 a report is due in 3 days.
    _reporter_with_both_channels(world, ["report_due:email"])
    send_due_notices(datetime(2026, 10, 2, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    rows = Delivery.objects.filter(user=world.users["reporter"])
    assert sorted((d.event, d.channel) for d in rows) == [("report_due", "sms")]
    # Overdue is not turned off: on 10-06 both channels are told.
    send_due_notices(datetime(2026, 10, 6, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    overdue = Delivery.objects.filter(user=world.users["reporter"], event="report_overdue")
    assert sorted(d.channel for d in overdue) == ["email", "sms"]
