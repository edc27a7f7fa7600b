"""Uploads of the template as WPS Office saves it (.xlsx written by
tests/fixtures/wps_xlsx.py: WPS's package parts, a wrong <dimension>, rich-text
and inline strings, a number kept as text, formulas with cached values, a sheet
named 东风镇 before two empty ones): the same figures as the template saved by
openpyxl, and a bad cell named by sheet, row, column and value."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core.models import FigureImport, Report
from tests.fixtures.wps_xlsx import Formula, Inline, Rich, TextNumber, wps_xlsx

from .test_upload import confirm, fill, template, upload, xlsx_bytes

pytestmark = pytest.mark.both_databases

FIGURES: dict[str, list[object]] = {
    "V1": [40, 38, "是", 1],
    "V2": [20, 20, "否", 0.9],
    "V3": [10, 9, "是", 1],
}
IMPORTED = {
    "V1": {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1), "accuracy": Decimal(1)},
    "V2": {"invited": Decimal(20), "attended": Decimal(20), "records_ok": Decimal(0), "accuracy": Decimal("0.9")},
    "V3": {"invited": Decimal(10), "attended": Decimal(9), "records_ok": Decimal(1), "accuracy": Decimal(1)},
}  # fmt: skip


def as_wps_saves_it(ws: Any) -> bytes:
    """The filled template's cells, saved by WPS as a clerk fills it in: the title
    and a header in runs of two fonts, the unit code typed with spaces around it
    (an inline string), 期间 filled down by formula (=C3), 应到人数 in a text
    cell, 实到人数 of V1 computed (=D3-2), 0.9 as a float of 17 digits."""
    rows: list[list[object]] = []
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells: list[object] = list(row)
        if r == 1:
            cells[0] = Rich((str(cells[0])[:4], str(cells[0])[4:]))
        elif r == 2:
            cells[3] = Rich(("应到", "人数"))
        else:
            cells[0] = Inline(f" {cells[0]} ")
            if r > 3:
                cells[2] = Formula("$C$3", str(cells[2]))
            cells[3] = TextNumber(str(cells[3]))
            if cells[0] == Inline(" V1 ") and isinstance(cells[4], int):
                cells[4] = Formula(f"D{r}-2", cells[4])
        rows.append(cells)
    return wps_xlsx(rows, sheet="东风镇")


def test_the_template_saved_by_wps_imports_the_same_figures_as_saved_by_openpyxl(
    login: Any, world: Any
) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, FIGURES)
    imported = {}
    for name, content in (
        ("东风镇.xlsx", xlsx_bytes(wb)),
        ("东风镇WPS.xlsx", as_wps_saves_it(wb.active)),
    ):
        page = upload(client, world, content, name).content.decode()
        assert "确认导入" in page, page[-2000:]
        assert confirm(client, world, page).status_code == 302
        imported[name] = {
            r.unit.code: r.values()
            for r in Report.objects.filter(period="2026Q3").select_related("unit")
        }
    assert imported["东风镇.xlsx"] == imported["东风镇WPS.xlsx"] == IMPORTED
    # The second import replaced nothing: the same figures.
    assert list(
        FigureImport.objects.order_by("pk").values_list("filename", "filled", "replaced")
    ) == [
        ("东风镇.xlsx", 12, 0),
        ("东风镇WPS.xlsx", 0, 0),
    ]


def test_a_bad_cell_saved_by_wps_is_named_by_sheet_row_column_and_value(
    login: Any, world: Any
) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, {**FIGURES, "V2": [20, "二十", "否", 0.9]})
    page = upload(client, world, as_wps_saves_it(wb.active), "东风镇WPS.xlsx").content.decode()
    assert "确认导入" not in page
    assert (
        '<p id="problem-sheet">只读取了第一个工作表“东风镇”，下表的行和列都在这个工作表中。</p>'
        in page
    )
    problems = page.split('id="problems"')[1]
    # V2 is the template's second village, on row 4 (two header rows).
    assert "<td>4</td><td>实到人数</td><td>二十</td><td>“二十”不是数字</td>" in problems
    assert not Report.objects.exists()
