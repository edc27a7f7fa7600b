"""A campaign: figures per day per unit, the daily progress bulletin, Word."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest

from kaoping.web.planning.models import Campaign, CampaignEntry


def _entries() -> dict[tuple[str, str], int]:
    return {
        (e.unit.code, str(e.day)): e.count for e in CampaignEntry.objects.select_related("unit")
    }


def test_staff_enter_a_day_for_several_units(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    r = login("assessor").post(
        f"/planning/campaigns/{c.pk}/entries/", {"day": "2026-05-03", "u_V1": "4", "u_V3": "0"}
    )
    assert r.status_code == 302
    assert _entries() == {("V1", "2026-05-03"): 4, ("V3", "2026-05-03"): 0}
    # the same day again replaces the count
    login("assessor").post(
        f"/planning/campaigns/{c.pk}/entries/", {"day": "2026-05-03", "u_V1": "5"}
    )
    assert _entries()[("V1", "2026-05-03")] == 5


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"day": "2026-05-03", "u_V1": "4", "u_V2": "-1"}, "u_V2", "西村：完成数-1为负数"),
        (
            {"day": "2026-05-03", "u_V1": "1" + "0" * 30},
            "u_V1",
            "确保该值小于或等于1000000000。",
        ),
        (
            {"day": "2026-05-11", "u_V1": "4"},
            "day",
            "2026-05-11不在活动期间（2026-05-01至2026-05-10）内",
        ),
    ],
)
def test_bad_entries_save_nothing(
    login: Any, plans: Any, data: dict[str, str], field: str, message: str
) -> None:
    c = plans.campaigns["T1"]
    r = login("admin").post(f"/planning/campaigns/{c.pk}/entries/", data)
    assert r.status_code == 400
    assert message in r.context["form"].errors[field]
    assert _entries() == {}


def test_a_reporter_enters_their_own_village(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    client = login("reporter")
    r = client.post(f"/planning/campaigns/{c.pk}/units/V1/", {"day": "2026-05-02", "u_V1": "3"})
    assert r.status_code == 302
    # a field for another village is ignored: the form has only the reporter's
    client.post(f"/planning/campaigns/{c.pk}/units/V1/", {"day": "2026-05-03", "u_V2": "9"})
    assert _entries() == {("V1", "2026-05-02"): 3}


def test_the_bulletin_lists_units_by_progress(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    for code, n in (("V1", 4), ("V2", 7), ("V3", 5)):
        unit = getattr(plans.world, code.lower())
        CampaignEntry.objects.create(campaign=c, unit=unit, day=date(2026, 5, 2), count=n)
    r = login("leader").get(f"/planning/campaigns/{c.pk}/?as_of=2026-05-05")
    rows = [(x["rank"], x["unit"], x["done"], x["rate"], x["status_zh"]) for x in r.context["rows"]]
    assert rows == [
        (1, "V2", 7, "70.0%", "超进度"),
        (2, "V3", 5, "50.0%", "符合进度"),
        (3, "V1", 4, "40.0%", "落后于进度"),
    ]
    assert r.context["totals"] == {
        "allocated": 30,
        "done": 16,
        "rate": "53.3%",
        "ahead": 1,
        "behind": 1,
        "on_schedule": 1,
    }


def test_htmx_asks_for_the_bulletin_alone(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    r = login("admin").get(f"/planning/campaigns/{c.pk}/?as_of=2026-05-05", HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert body.lstrip().startswith('<div id="bulletin">') and "<html" not in body


def test_the_bulletin_downloads_as_word(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    CampaignEntry.objects.create(campaign=c, unit=plans.world.v2, day=date(2026, 5, 2), count=7)
    r = login("admin").get(f"/planning/campaigns/{c.pk}/bulletin.docx?as_of=2026-05-05")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "关于两癌筛查预约进度情况的通报（第5期）" in text
    assert "任务30个，已完成7个" in text


def test_a_campaign_ending_before_it_starts_is_refused(login: Any, plans: Any) -> None:
    r = login("admin").post(
        "/planning/t/T1/campaigns/new/",
        {
            "title": "x",
            "task": "y",
            "start": "2026-06-10",
            "end": "2026-06-01",
            "allocation": str(plans.allocations["T1"].pk),
        },
    )
    assert "结束日期不能早于开始日期" in r.context["form"].errors["end"]
    assert Campaign.objects.count() == 2


def test_another_townships_allocation_cannot_be_chosen(login: Any, plans: Any) -> None:
    r = login("admin").post(
        "/planning/t/T1/campaigns/new/",
        {
            "title": "x",
            "task": "y",
            "start": "2026-06-01",
            "end": "2026-06-10",
            "allocation": str(plans.allocations["T2"].pk),
        },
    )
    assert "allocation" in r.context["form"].errors
