"""Base figures per unit: entered on the page or uploaded, all or nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.planning.models import BaseFigure


def _figures() -> dict[tuple[str, str], Decimal]:
    return {(b.unit.code, b.name): b.value for b in BaseFigure.objects.select_related("unit")}


def test_figures_are_entered_and_a_new_one_added(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/planning/t/T1/base-figures/",
        {"new_name": "eligible_women", "V1:eligible_women": "210", "V2:eligible_women": ""},
    )
    assert r.status_code == 302
    assert _figures() == {("V1", "eligible_women"): Decimal(210)}


@pytest.mark.parametrize(
    ("value", "message"), [("-5", "东村·population：-5为负数"), ("abc", "东村·population：")]
)
def test_a_bad_figure_saves_nothing(login: Any, plans: Any, value: str, message: str) -> None:
    before = _figures()
    r = login("admin").post(
        "/planning/t/T1/base-figures/", {"V1:population": value, "V2:population": "9999"}
    )
    assert r.status_code == 400
    assert message in r.context["errors"]["V1:population"]
    assert _figures() == before


def test_an_upload_is_taken_whole(login: Any, world: Any) -> None:
    f = SimpleUploadedFile("base.csv", b"unit,population,eligible_women\nV1,1200,300\nV3,800,150\n")
    login("admin").post("/planning/t/T1/base-figures/upload/", {"file": f})
    assert _figures() == {
        ("V1", "population"): Decimal(1200),
        ("V1", "eligible_women"): Decimal(300),
        ("V3", "population"): Decimal(800),
        ("V3", "eligible_women"): Decimal(150),
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("unit,population\nV1,1200\nV2,-3\n", "base.csv第3行“population”列：-3为负数"),
        ("unit,population\nV1,1200\nW1,50\n", "单位“W1”不是本镇的村（社区）"),
        ("unit,population\nV1,1200\nV2,many\n", "base.csv第3行“population”列"),
    ],
)
def test_an_upload_with_one_bad_row_saves_nothing(
    login: Any, world: Any, body: str, message: str
) -> None:
    f = SimpleUploadedFile("base.csv", body.encode())
    r = login("admin").post("/planning/t/T1/base-figures/upload/", {"file": f})
    assert r.status_code == 400
    shown = r.context["upload_problems"]
    assert any(message in m for m in shown), shown
    assert _figures() == {}


def test_an_xlsx_upload_reads_like_a_csv(login: Any, world: Any) -> None:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["单位代码", "population"], ["V2", 1500], ["V3", 640]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    f = SimpleUploadedFile("base.xlsx", out.getvalue())
    r = login("assessor").post("/planning/t/T1/base-figures/upload/", {"file": f})
    assert r.status_code == 302
    assert _figures() == {("V2", "population"): Decimal(1500), ("V3", "population"): Decimal(640)}


def test_a_file_of_another_kind_is_refused(login: Any, world: Any) -> None:
    f = SimpleUploadedFile("base.txt", b"unit,population\nV1,1\n")
    r = login("admin").post("/planning/t/T1/base-figures/upload/", {"file": f})
    assert r.context["upload_problems"] == ["base.txt：只接受CSV或XLSX文件"]
    assert _figures() == {}
