"""The dispatch board of a day (dispatch:board) and its bulletin as Word."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.dispatch.services import save_report

from .conftest import Dispatch

DAY = date(2026, 5, 4)


def url(d: Dispatch, name: str = "dispatch:board") -> str:
    return reverse(name, args=[d.campaign.pk]) + f"?day={DAY}"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("assessor", 200),
        ("leader", 200),
        ("chief", 404),  # an area's reporter sees their area's page only
        ("member", 404),
        ("reporter", 404),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("name", ["dispatch:board", "dispatch:bulletin_docx"])
def test_the_board_and_its_word_file_are_for_township_staff(
    login: Any, dispatch: Dispatch, persona: str, status: int, name: str
) -> None:
    assert login(persona).get(url(dispatch, name)).status_code == status


def test_the_board_shows_who_reported_and_the_pace_of_the_township_and_areas(
    login: Any, dispatch: Dispatch
) -> None:
    c = dispatch.campaign
    v1, v2, v3 = dispatch.plans.world.v1, dispatch.plans.world.v2, dispatch.plans.world.v3
    save_report(c, dispatch.area, DAY, {v1.pk: 3, v2.pk: 9}, "入户两场", None)
    from kaoping.web.planning.models import CampaignEntry

    CampaignEntry.objects.create(campaign=c, unit=v3, day=DAY, count=5)
    html = login("leader").get(url(dispatch)).content.decode()
    # Township: 50 allocated (30 + 10 + 10), 17 done, 20 due on day 4 of 10.
    assert (
        "截至2026年5月4日（活动第4天，共10天），全镇两癌筛查预约任务50个，当日完成17个，累计完成17个，完成率34.0%；按进度应完成20.0个（进度40.0%），落后3.0个。"
        in html
    )
    # A1 reported (after 17:00 on 05-04? no: saved now, long after: late); A2 has no village.
    assert "当日应报片区1个，已报1个（逾期报送：第一片）。" in html
    assert "第一片：入户两场" in html
    # A1: 12 of 40 = 30 %, 10 points below the 40 % pace: lagging at the default 5.
    assert "第一片（完成率30.0%，落后10.0个百分点），限3天内赶上进度。" in html
    assert "未划片区的村（居）" in html


def test_the_word_bulletin_holds_the_same_sentences(login: Any, dispatch: Dispatch) -> None:
    from docx import Document

    response = login("admin").get(url(dispatch, "dispatch:bulletin_docx"))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "每日调度通报" in text and "未报：第一片" in text


def test_a_day_that_is_not_a_date_is_refused_naming_it(login: Any, dispatch: Dispatch) -> None:
    response = login("admin").get(
        reverse("dispatch:board", args=[dispatch.campaign.pk]) + "?day=5月4日"
    )
    assert response.status_code == 400
    assert "日期“5月4日”格式不正确" in response.content.decode()
