"""An upload is read only as far as the uploader's scope can need: a reporter of
one village sending a sheet of thousands of rows is refused from the sheet's
size, before its cells are read, with the bound in the message."""

from __future__ import annotations

import io
from typing import Any
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.reading import scope_rows

HEADER = ["单位代码", "单位名称", "期间", "应到人数", "实到人数", "例会记录规范", "统计数据准确率"]


def sheet(rows: int, suffix: str) -> bytes:
    if suffix == ".csv":
        lines = [",".join(HEADER)] + [f"V1,东村,2026Q3,{40 + i % 3},38,是,1" for i in range(rows)]
        return ("\n".join(lines) + "\n").encode()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(rows):
        ws.append(["V1", "东村", "2026Q3", 40 + i % 3, 38, "是", 1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("units", "elements", "bound"), [(1, 4, 105), (21, 35, 856), (2858, 35, 102988)]
)
def test_the_row_bound_is_one_row_per_unit_and_element_plus_a_margin(
    units: int, elements: int, bound: int
) -> None:
    assert scope_rows(units, elements) == bound


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_reporters_upload_past_their_scope_is_refused_before_its_cells_are_read(
    login: Any, world: Any, suffix: str
) -> None:
    from kaoping.io import _tables

    client = login("reporter")
    content = sheet(400, suffix)
    with mock.patch.object(_tables, "xlsx_text", wraps=_tables.xlsx_text) as read_cells:
        r = client.post(
            f"/datasets/{world.ds.pk}/2026Q3/upload/",
            {"file": SimpleUploadedFile("big" + suffix, content)},
        )
    page = r.content.decode()
    assert r.status_code == 200
    assert "最多接受105行" in page
    if suffix == ".xlsx":
        assert read_cells.call_count == 0  # refused by the sheet's dimension


def test_an_upload_within_the_scope_is_still_read(login: Any, world: Any) -> None:
    r = login("reporter").post(
        f"/datasets/{world.ds.pk}/2026Q3/upload/",
        {"file": SimpleUploadedFile("ok.xlsx", sheet(1, ".xlsx"))},
    )
    page = r.content.decode()
    assert "最多接受" not in page
    assert "东村" in page


def test_a_csv_is_not_read_past_the_bound(tmp_path: Any) -> None:
    from kaoping.io import read_table

    path = tmp_path / "big.csv"
    path.write_bytes(sheet(5000, ".csv"))
    table, problems = read_table(path, max_rows=105)
    assert table is None
    # the reader stopped at the bound: it counts what it read, not the file's 5000
    assert "文件有" in problems[0].message_zh and "5000" not in problems[0].message_zh
