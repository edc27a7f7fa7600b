"""A village's follow-up page: its own items with 报告完成 and an optional
attachment, bounded in size and kind; nobody else's village."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from .conftest import Prepared
from .followup_world import approved_q3_v1_bottom, v1_item

pytestmark = pytest.mark.django_db

V1 = reverse("assessment:followups_unit", args=["T1", "V1"])


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    ("persona", "code", "report_forms"),
    [("reporter", 200, 4), ("admin", 200, 4), ("leader", 200, 0), ("county", 200, 0),
     ("reporter2", 404, 0), ("outsider", 404, 0)],
)  # fmt: skip
def test_a_villages_page_is_for_its_reporter_and_the_township(
    login: Any, prepared: Prepared, persona: str, code: int, report_forms: int
) -> None:
    approved_q3_v1_bottom(prepared)
    r = login(persona).get(V1)
    assert r.status_code == code
    if code == 200:
        assert r.content.decode().count('enctype="multipart/form-data"') == report_forms


def test_another_villages_reporter_can_neither_see_nor_report_nor_download(
    login: Any, prepared: Prepared
) -> None:
    approved_q3_v1_bottom(prepared)
    it = v1_item()
    c = login("reporter2")
    assert c.get(reverse("assessment:followups_unit", args=["T1", "V2"])).status_code == 200
    assert (
        "东村"
        not in c.get(reverse("assessment:followups_unit", args=["T1", "V2"])).content.decode()
    )
    url = reverse("assessment:followup_step", args=[it.pk, "report"])
    assert c.post(url, {"note": "代报"}).status_code == 404
    att = reverse("assessment:followup_attachment", args=[it.pk])
    assert c.get(att).status_code == 404
    it.refresh_from_db()
    assert it.state == "open"


def test_the_reporter_reports_done_with_an_attachment_the_township_can_download(
    login: Any, prepared: Prepared
) -> None:
    approved_q3_v1_bottom(prepared)
    it = v1_item()
    url = reverse("assessment:followup_step", args=[it.pk, "report"])
    photo = SimpleUploadedFile("会议照片.png", b"\x89PNG fake", content_type="image/png")
    r = login("reporter").post(url, {"note": "已召开整改会", "attachment": photo}, follow=True)
    assert "已报告完成，等待镇里验收" in r.content.decode()
    it.refresh_from_db()
    assert (it.state, it.note) == ("reported", "已召开整改会")
    assert it.events.last().note == "已召开整改会（附件：会议照片.png）"
    got = login("assessor").get(reverse("assessment:followup_attachment", args=[it.pk]))
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"\x89PNG fake"
    assert (
        login("outsider").get(reverse("assessment:followup_attachment", args=[it.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("大照片.png", 2049, "附件“大照片.png”大小为2.0\xa0KB，超过上限2.0\xa0KB"),
        ("脚本.exe", 10, "附件（可选）：文件扩展“exe”是不被允许。允许的扩展为：pdf"),
    ],
)
def test_an_attachment_too_large_or_of_another_kind_is_refused_and_nothing_is_saved(
    login: Any, prepared: Prepared, settings: Any, name: str, size: int, message: str
) -> None:
    settings.KAOPING_MAX_ATTACHMENT_BYTES = 2048
    approved_q3_v1_bottom(prepared)
    it = v1_item()
    url = reverse("assessment:followup_step", args=[it.pk, "report"])
    f = SimpleUploadedFile(name, b"x" * size)
    r = login("reporter").post(url, {"note": "已整改", "attachment": f}, follow=True)
    assert message in r.content.decode()
    it.refresh_from_db()
    assert (it.state, it.note, it.attachment.name) == ("open", "", "")
    assert not (settings.MEDIA_ROOT / "rectifications").exists()


def test_the_assessment_unit_page_links_to_the_villages_follow_ups(
    login: Any, prepared: Prepared
) -> None:
    a = approved_q3_v1_bottom(prepared)
    r = login("reporter").get(reverse("assessment:unit", args=[a.pk, "V1"]))
    assert f'href="{V1}" id="unit-followups"' in r.content.decode()
