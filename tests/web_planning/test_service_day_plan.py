"""Planning a service day: the three-day notice rule, overlaps, times."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.planning.models import ServiceDay

URL = "/planning/t/T1/service-days/new/"


def _form(world: Any, **changes: str) -> dict[str, Any]:
    data = {
        "unit": str(world.v1.pk),
        "day": "2026-06-20",
        "start": "09:00",
        "end": "11:00",
        "place": "东村活动室",
        "services": "两癌筛查、产后访视、育儿补贴咨询",
        "staff": "李专干、王医生",
        "notice_on": "2026-06-10",
        "late_notice_reason": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("notice_on", "reason", "saved", "message"),
    [
        ("2026-06-17", "", True, None),  # three days ahead: in time
        ("2026-06-18", "", False, "前2天送达，不足3天，请说明原因"),
        ("2026-06-18", "镇卫生院临时调整日期", True, None),
        ("2026-06-20", "", False, "前0天送达，不足3天"),
        ("2026-06-21", "迟到了", False, "之后1天才送达"),  # after the day: refused
    ],
)
def test_a_notice_under_three_days_needs_a_reason(
    login: Any, world: Any, notice_on: str, reason: str, saved: bool, message: str | None
) -> None:
    r = login("admin").post(URL, _form(world, notice_on=notice_on, late_notice_reason=reason))
    assert ServiceDay.objects.exists() is saved
    if saved:
        assert r.status_code == 302
        sd = ServiceDay.objects.get()
        assert (sd.period, sd.late_notice_reason) == ("2026Q2", reason)
    else:
        assert r.status_code == 200
        assert message in r.content.decode()


def test_the_warning_field_is_next_to_the_reason(login: Any, world: Any) -> None:
    r = login("admin").post(URL, _form(world, notice_on="2026-06-18"))
    form = r.context["form"]
    assert form.errors == {
        "late_notice_reason": ["通知单在服务日（2026-06-20）前2天送达，不足3天，请说明原因"]
    }


@pytest.mark.parametrize(
    ("unit", "start", "end", "staff", "field", "message"),
    [
        ("v1", "10:30", "12:00", "张三", "start", "东村（V1）同一时间安排了两场服务日"),
        ("v2", "10:00", "10:30", "王医生", "start", "王医生同一时间被安排在两处"),
        ("v1", "08:00", "11:00", "", "start", "东村（V1）同一时间安排了两场服务日"),
        ("v1", "11:00", "09:00", "", "end", "结束时间应晚于开始时间"),
    ],
)
def test_overlapping_service_days_are_refused(
    login: Any, world: Any, unit: str, start: str, end: str, staff: str, field: str, message: str
) -> None:
    client = login("admin")
    assert client.post(URL, _form(world)).status_code == 302
    other = getattr(world, unit)
    r = client.post(URL, _form(world, unit=str(other.pk), start=start, end=end, staff=staff))
    assert r.status_code == 200
    assert any(message in e for e in r.context["form"].errors[field])
    assert ServiceDay.objects.count() == 1


@pytest.mark.parametrize(
    ("unit", "start", "end", "staff"),
    [
        ("v1", "11:00", "12:00", "李专干"),  # right after: the end is exclusive
        ("v2", "09:00", "11:00", "赵医生"),  # another village, other staff
    ],
)
def test_back_to_back_or_separate_days_are_accepted(
    login: Any, world: Any, unit: str, start: str, end: str, staff: str
) -> None:
    client = login("admin")
    client.post(URL, _form(world))
    other = getattr(world, unit)
    r = client.post(URL, _form(world, unit=str(other.pk), start=start, end=end, staff=staff))
    assert r.status_code == 302
    assert ServiceDay.objects.count() == 2


def test_editing_a_day_does_not_overlap_with_itself(login: Any, world: Any) -> None:
    client = login("assessor")
    client.post(URL, _form(world))
    sd = ServiceDay.objects.get()
    r = client.post(
        f"/planning/service-days/{sd.pk}/edit/", _form(world, end="11:30", place="村委会")
    )
    assert r.status_code == 302
    sd.refresh_from_db()
    assert (sd.place, sd.end.strftime("%H:%M")) == ("村委会", "11:30")


def test_only_villages_of_the_township_can_be_chosen(login: Any, world: Any) -> None:
    r = login("admin").post(URL, _form(world, unit=str(world.w1.pk)))
    assert "unit" in r.context["form"].errors
    assert not ServiceDay.objects.exists()


@pytest.mark.parametrize(
    ("notice_on", "text"),
    [("2026-06-18", "前2天送达"), ("2026-06-17", "通知提前三天以上送达")],
)
def test_the_notice_check_fragment_warns_while_typing(
    login: Any, world: Any, notice_on: str, text: str
) -> None:
    r = login("admin").get(
        f"/planning/t/T1/service-days/notice-check/?day=2026-06-20&notice_on={notice_on}",
        HTTP_HX_REQUEST="true",
    )
    assert text in r.content.decode()
