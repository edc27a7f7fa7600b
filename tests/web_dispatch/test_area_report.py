"""An area's page and its day report (dispatch:area)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kaoping.web.dispatch.models import AreaReport, DispatchEvent
from kaoping.web.planning.models import CampaignEntry

from .conftest import Dispatch

DAY = "2026-05-04"


def url(d: Dispatch, code: str = "A1") -> str:
    return reverse("dispatch:area", args=[d.campaign.pk, code])


def post(client: Any, d: Dispatch, **extra: str) -> Any:
    data = {"day": DAY, "u_V1": "3", "u_V2": "9", "note": "入户宣传两场"} | extra
    return client.post(url(d), data)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("assessor", 200),
        ("leader", 200),
        ("chief", 200),
        ("member", 200),
        ("reporter", 404),  # V1's village reporter: not the area's
        ("reporter2", 404),
        ("chief2", 404),  # another area's chief
        ("outsider", 404),
    ],
)
def test_the_area_page_is_for_staff_and_the_areas_reporters(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    assert login(persona).get(url(dispatch)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 302),
        ("assessor", 302),
        ("chief", 302),
        ("member", 302),
        ("leader", 403),  # reads, does not report
        ("reporter", 404),
        ("chief2", 404),
        ("outsider", 404),
    ],
)
def test_only_the_areas_reporters_and_township_staff_report_for_it(
    login: Any, dispatch: Dispatch, persona: str, status: int
) -> None:
    assert post(login(persona), dispatch).status_code == status
    saved = AreaReport.objects.filter(campaign=dispatch.campaign, day=DAY).exists()
    assert saved is (status == 302)


def test_a_report_writes_the_villages_counts_the_note_and_its_audit_row(
    login: Any, dispatch: Dispatch
) -> None:
    post(login("chief"), dispatch)
    counts = dict(
        CampaignEntry.objects.filter(campaign=dispatch.campaign, day=DAY).values_list(
            "unit__code", "count"
        )
    )
    assert counts == {"V1": 3, "V2": 9}
    r = AreaReport.objects.get(campaign=dispatch.campaign, area=dispatch.area, day=DAY)
    assert (r.done, r.note, getattr(r.reported_by, "username", None)) == (
        12,
        "入户宣传两场",
        "chief",
    )
    event = DispatchEvent.objects.get(campaign=dispatch.campaign, action="report")
    assert event.note == "第一片报送2026-05-04：当日完成12个（东村3，西村9）"


def test_a_second_report_of_the_day_corrects_the_first_and_keeps_its_time(
    login: Any, dispatch: Dispatch
) -> None:
    client = login("chief")
    post(client, dispatch)
    first = AreaReport.objects.get(campaign=dispatch.campaign, day=DAY).reported_at
    post(client, dispatch, u_V2="4", note="更正")
    r = AreaReport.objects.get(campaign=dispatch.campaign, day=DAY)
    assert (r.done, r.note, r.reported_at) == (7, "更正", first)
    assert DispatchEvent.objects.filter(action="report").count() == 2


@pytest.mark.parametrize(("hour", "late"), [(16, False), (17, False), (18, True)])
def test_a_report_after_the_days_deadline_is_late(
    dispatch: Dispatch, hour: int, late: bool
) -> None:
    from kaoping.web.dispatch.services import save_report

    at = timezone.make_aware(datetime(2026, 5, 4, hour, 0))
    r = save_report(dispatch.campaign, dispatch.area, date(2026, 5, 4), {}, "", None, now=at)
    assert r.late is late


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"u_V1": "-1"}, "东村当日完成数不能为负数（填写的是“-1”）"),
        ({"u_V1": "abc"}, "东村当日完成数应为整数（填写的是“abc”）"),
        ({"u_V2": "100001"}, "西村当日完成数超过上限100000（填写的是“100001”）"),
        ({"day": "2026-06-01"}, "日期2026-06-01不在活动期间（2026-05-01至2026-05-10）内"),
        ({"day": "2026-13-01"}, "日期“2026-13-01”格式不正确"),
        ({"note": "长" * 201}, "201"),
    ],
)
def test_bad_input_is_refused_in_chinese_naming_the_field_and_value(
    login: Any, dispatch: Dispatch, extra: dict[str, str], message: str
) -> None:
    response = post(login("chief"), dispatch, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AreaReport.objects.exists()
    assert not CampaignEntry.objects.filter(campaign=dispatch.campaign, day=DAY).exists()


def test_the_page_shows_the_work_group_and_the_areas_progress(
    login: Any, dispatch: Dispatch
) -> None:
    post(login("chief"), dispatch)
    html = login("leader").get(url(dispatch) + f"?day={DAY}").content.decode()
    assert "第一片工作组" in html and "林片长" in html and "周干部" in html
    # 12 of 40 done, 16 due by day 4 of 10.
    assert "片区任务40个，累计完成12个，完成率30.0%，按进度应完成16.0个" in html
    assert "report-form" not in html  # a leader reads only
