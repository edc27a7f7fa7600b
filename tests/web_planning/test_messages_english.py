"""The planning pages' refusals and warnings in the reader's language: the engine
words each of them in English and Chinese, and an English request gets the English
one (``core.services.worded``), a Chinese request the Chinese one as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .test_allocation_new import URL, _form, base
from .test_service_day_plan import URL as PLAN_URL
from .test_service_day_plan import _form as plan_form

__all__ = ["base"]  # the allocation tests' base figures, a fixture here too

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.mark.parametrize(
    ("notice_on", "field", "english", "chinese"),
    [
        (
            "2026-06-18",
            "late_notice_reason",
            "the notice reaches people 2 day(s) before the service day (2026-06-20), "
            "fewer than 3; give a reason",
            "通知单在服务日（2026-06-20）前2天送达，不足3天，请说明原因",
        ),
        (
            "2026-06-21",
            "notice_on",
            "the notice reaches people 1 day(s) after the service day (2026-06-20)",
            "通知单在服务日（2026-06-20）之后1天才送达",
        ),
    ],
)
def test_a_late_notice_is_refused_in_the_readers_language(
    login: Any, world: Any, notice_on: str, field: str, english: str, chinese: str
) -> None:
    client = login("admin")
    r = client.post(PLAN_URL, plan_form(world, notice_on=notice_on), **EN)
    assert r.context["form"].errors[field] == [english]
    r = client.post(PLAN_URL, plan_form(world, notice_on=notice_on), **ZH)
    assert r.context["form"].errors[field] == [chinese]


def test_the_notice_check_fragment_warns_in_english(login: Any, world: Any) -> None:
    r = login("admin").get(
        "/planning/t/T1/service-days/notice-check/?day=2026-06-20&notice_on=2026-06-19",
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert r.content.decode().strip() == (
        '<p class="warning">the notice reaches people 1 day(s) before the service day '
        "(2026-06-20), fewer than 3; give a reason</p>"
    )


def test_the_service_day_page_warns_of_its_late_notice_in_english(login: Any, plans: Any) -> None:
    from datetime import date

    sd = plans.days["V1"]
    sd.notice_on = date(2026, 5, 19)
    sd.save()
    page = login("admin").get(f"/planning/service-days/{sd.pk}/", **EN).content.decode()
    assert (
        '<span class="warning">the notice reaches people 1 day(s) before the service day '
        "(2026-05-20), fewer than 3; give a reason</span>"
    ) in page


def test_an_overlap_is_refused_in_english(login: Any, world: Any) -> None:
    client = login("admin")
    assert client.post(PLAN_URL, plan_form(world)).status_code == 302
    r = client.post(PLAN_URL, plan_form(world, start="10:30", end="12:00", staff="张三"), **EN)
    [message] = r.context["form"].errors["start"]
    assert message.endswith(
        "overlap (2026-06-20 10:30-12:00 / 09:00-11:00): "
        "unit 东村 (V1) has two service days at the same time"
    ), message


def test_a_record_that_does_not_add_up_is_refused_in_english(login: Any, plans: Any) -> None:
    from .test_service_day_record import ZERO

    r = login("reporter").post(
        f"/planning/service-days/{plans.days['V1'].pk}/record/",
        {**ZERO, "invited": "10", "attended": "11"},
        **EN,
    )
    assert r.context["form"].errors["attended"] == ["东村: attended (11) is more than invited (10)"]


def test_a_weight_too_large_is_refused_in_english(login: Any, base: None) -> None:
    r = login("admin").post(URL, {**_form(w_population="1e99"), "save": "1"}, **EN)
    assert r.context["form"].errors["w_population"] == [
        "Weight '1e99' is too large (at most 20 digits before the point)"
    ]


def test_a_base_figure_that_is_no_number_is_refused_in_english(login: Any, plans: Any) -> None:
    r = login("admin").post(
        "/planning/t/T1/base-figures/", {"V1:population": "abc", "V2:population": "9"}, **EN
    )
    assert r.context["errors"]["V1:population"] == "东村 · population: 'abc' is not a number"


def test_an_uploaded_cell_that_is_no_number_is_refused_in_english(login: Any, world: Any) -> None:
    f = SimpleUploadedFile("base.csv", b"unit,population\nV1,1200\nV2,many\n")
    r = login("admin").post("/planning/t/T1/base-figures/upload/", {"file": f}, **EN)
    assert r.context["upload_problems"] == [
        "base.csv row 3 column “population”: 'many' is not a number"
    ]


def test_an_unreadable_upload_is_refused_in_english(login: Any, world: Any) -> None:
    f = SimpleUploadedFile("base.xlsx", b"not a workbook")
    r = login("admin").post("/planning/t/T1/base-figures/upload/", {"file": f}, **EN)
    assert r.context["upload_problems"] == [
        "not an .xlsx workbook (an .xlsx file is a zip archive); "
        "an old Excel 97-2003 file must be named .xls"
    ]


def test_acknowledging_twice_is_refused_in_english(login: Any, plans: Any) -> None:
    reporter = login("reporter")
    url = f"/planning/reminders/{plans.reminders['V1'].pk}/acknowledge/"
    assert reporter.post(url).status_code == 302
    again = reporter.post(url, **EN)
    assert again.status_code == 409
    assert again.context["error"] == (
        "reminder 2026Q2-V1-01 cannot go from acknowledged to acknowledged; next is resolved"
    )
