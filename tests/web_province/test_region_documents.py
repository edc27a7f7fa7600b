"""A province's (or a city's) documents of an approved assessment of its counties
(issue 15, docs/province.md "Documents"): 省级通报 (市级通报), its Excel annex
and its 工作总结, the county's documents in the words of counties: 各县（市、区）
and 全省 (全市). The world of region_world.py: C1 东县 7.75 first, C2 直管县 6.5
second, average (7.75 + 6.5) / 2 = 7.125, shown as 7.13; who downloads, persona by persona."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import pytest
from django.urls import reverse

from .region_world import ACCURACY, PERIOD, RUBRIC, RegionWorld, build, computed


@pytest.fixture
def rw(db: Any) -> RegionWorld:
    return build()


@pytest.fixture
def approved(rw: RegionWorld) -> Any:
    from kaoping.web.assessment import county

    a = computed(rw)
    return county.transition(a.pk, "approve", rw.users["province_leader"])


def _paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _get(client: Any, rw: RegionWorld, persona: str, name: str, pk: int) -> Any:
    client.force_login(rw.users[persona])
    return client.get(reverse(f"assessment:region_{name}", args=[pk]))


def _file_name(response: Any) -> str:
    return unquote(response["Content-Disposition"].split("''", 1)[1])


def test_the_province_bulletin_names_its_counties_and_the_whole_province(
    client: Any, rw: RegionWorld, approved: Any
) -> None:
    response = _get(client, rw, "province_leader", "bulletin", approved.pk)
    assert response.status_code == 200
    assert _file_name(response) == "江南省2026年第三季度省级通报.docx"
    text = "\n".join(_paragraphs(response.content))
    assert "各县（市、区）：" in text
    assert "对全省2个县（市、区）" in text
    assert "全省平均得分7.13分。第1名为东县（7.75分）" in text
    assert "各乡镇" not in text and "全县" not in text and "村（居）" not in text


def test_the_province_annex_heads_its_unit_column_with_counties(
    client: Any, rw: RegionWorld, approved: Any
) -> None:
    from openpyxl import load_workbook

    response = _get(client, rw, "province_admin", "annex", approved.pk)
    assert _file_name(response) == "江南省2026年第三季度省级通报-扣分明细.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "单位代码", "县（市、区）")
    by_rank = {row[:6] for row in rows[1:]}
    assert (1, "C1", "东县", "服务日到位", "扣分", -1.5) in by_rank  # 6 - 4.5
    assert (2, "C2", "直管县", "工作落实", "扣分", -0.5) in by_rank  # the province's entry


def test_the_province_summary_speaks_of_the_whole_province(
    client: Any, rw: RegionWorld, approved: Any
) -> None:
    response = _get(client, rw, "province_leader", "summary", approved.pk)
    assert _file_name(response) == "江南省2026年第三季度工作总结.docx"
    text = "\n".join(_paragraphs(response.content))
    assert "全省2个县（市、区）" in text
    assert "全县" not in text and "各乡镇" not in text
    assert "整改落实情况" not in text  # a province gives no follow-ups of its own


def test_a_city_bulletin_is_the_city_s_of_its_counties(client: Any, rw: RegionWorld) -> None:
    from kaoping.web.assessment import county

    admin = rw.users["city_admin"]
    rv = county.upload_rubric(rw.units["M1"], RUBRIC, "city.yaml", admin)
    a = county.create(rw.units["M1"], PERIOD, rv, admin)
    county.enter(a.pk, "C1", "figure", "accuracy", ACCURACY["C1"], "", admin)
    county.compute(a.pk, admin)
    county.transition(a.pk, "approve", rw.users["city_leader"])
    response = _get(client, rw, "city_leader", "bulletin", a.pk)
    assert _file_name(response) == "青山市2026年第三季度市级通报.docx"
    text = "\n".join(_paragraphs(response.content))
    assert "对全市1个县（市、区）" in text and "全市平均得分7.75分" in text
    assert "全省" not in text


def test_the_approved_assessment_page_links_its_documents(
    client: Any, rw: RegionWorld, approved: Any
) -> None:
    client.force_login(rw.users["province_leader"])
    html = client.get(reverse("assessment:region_assess_detail", args=[approved.pk])).content
    for name in ("bulletin", "annex", "summary"):
        assert reverse(f"assessment:region_{name}", args=[approved.pk]).encode() in html
    assert "省级通报 .docx".encode() in html


def test_a_draft_links_no_documents_and_has_none(client: Any, rw: RegionWorld) -> None:
    a = computed(rw)
    client.force_login(rw.users["province_admin"])
    html = client.get(reverse("assessment:region_assess_detail", args=[a.pk])).content
    assert b'id="downloads"' not in html
    assert _get(client, rw, "province_admin", "bulletin", a.pk).status_code == 404


# The province's admin and leader download; a county's own people read their row,
# not the province's documents; a city's people of the province, a township's and
# another province's find nothing.
STATUS = {
    "province_admin": 200, "province_leader": 200,
    "county_leader": 404, "county_admin": 404,
    "city_admin": 404, "city_leader": 404, "township_admin": 404,
    "other_province_admin": 404, "other_county_leader": 404,
}  # fmt: skip


@pytest.mark.parametrize("name", ["bulletin", "annex", "summary"])
@pytest.mark.parametrize("persona", sorted(STATUS))
def test_who_downloads_the_province_documents(
    client: Any, rw: RegionWorld, approved: Any, persona: str, name: str
) -> None:
    assert _get(client, rw, persona, name, approved.pk).status_code == STATUS[persona]


def test_a_county_assessment_is_not_a_region_s_document(client: Any, rw: RegionWorld) -> None:
    from kaoping.web.assessment import county

    admin = rw.users["province_admin"]
    rv = county.upload_rubric(rw.units["C1"], RUBRIC, "county.yaml", admin)
    a = county.create(rw.units["C1"], PERIOD, rv, admin)
    assert _get(client, rw, "province_admin", "bulletin", a.pk).status_code == 404
