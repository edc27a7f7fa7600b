"""Excel 97-2003 (.xls) and OpenDocument (.ods) sheets, as LibreOffice saves them,
read like .xlsx: the same figures, the same problems with row, column and value.

The .xls and .ods fixtures in tests/fixtures/office/ were written by LibreOffice
headless (scripts/make_office_fixtures.py); the *_wps.xlsx ones by
tests/fixtures/wps_xlsx.py, as WPS Office writes an .xlsx."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.io import DataFileError, read_data
from tests.fixtures.wps_xlsx import HEADER, Date, wps_xlsx

from .files import ELEMENTS

OFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "office"
DECLARED = {k: ELEMENTS[k] for k in ("invited", "attended", "records_ok")}


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_office_sheet_reads_its_figures_below_a_title_row(suffix: str) -> None:
    frame = read_data([OFFICE / f"v1{suffix}"], DECLARED).frame
    assert frame.select("unit", "period", "invited", "attended", "records_ok").rows() == [
        ("V1", "2026Q3", Decimal(40), Decimal(38), Decimal(1))
    ]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_bad_cell_is_named_by_row_column_and_value(suffix: str) -> None:
    path = OFFICE / f"v1_v2_bad{suffix}"
    with pytest.raises(DataFileError) as caught:
        read_data([path], DECLARED)
    assert [(p.row, p.letter, p.column, p.value, p.message_zh) for p in caught.value.problems] == [
        (4, "D", "实到人数", "abc", "“abc”不是数字")
    ]
    assert str(caught.value) == f"{path}:4:D(实到人数): 'abc' is not a number"


@pytest.mark.parametrize(
    ("name", "content", "message_zh"),
    [
        ("renamed.xls", b"PK\x03\x04 an xlsx named .xls", "不是 .xls 工作簿"),
        ("renamed.ods", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an xls named .ods", "不是 .ods 工作簿"),
        (
            "broken.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "不是可读取的 .xls 工作簿",
        ),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_in_words(
    tmp_path: Path, name: str, content: bytes, message_zh: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataFileError) as caught:
        read_data([path], DECLARED)
    (problem,) = caught.value.problems
    assert message_zh in problem.message_zh
    assert (problem.row, problem.column) == (None, None)


# --- .xlsx as WPS Office saves it ---------------------------------------------
# tests/fixtures/wps_xlsx.py writes v1_wps.xlsx and v1_v2_bad_wps.xlsx (committed):
# app.xml "WPS 表格", KSOProductBuildVer, xmlns:etc, a wrong or missing <dimension>,
# rich-text and inline strings, a number kept as text, formulas with cached values,
# a date with a custom format in the title rows, a sheet named 东风镇 before two
# empty ones.


def test_a_wps_xlsx_reads_the_same_figures_as_the_xls() -> None:
    wps = read_data([OFFICE / "v1_wps.xlsx"], DECLARED).frame
    xls = read_data([OFFICE / "v1.xls"], DECLARED).frame
    columns = ("unit", "period", "invited", "attended", "records_ok")
    assert (
        wps.select(columns).rows()
        == xls.select(columns).rows()
        == [("V1", "2026Q3", Decimal(40), Decimal(38), Decimal(1))]
    )


def test_the_wps_fixture_is_what_wps_writes() -> None:
    # What the reader is tested against, so that a regenerated fixture cannot lose it.
    with zipfile.ZipFile(OFFICE / "v1_wps.xlsx") as archive:
        app = archive.read("docProps/app.xml").decode()
        custom = archive.read("docProps/custom.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        strings = archive.read("xl/sharedStrings.xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
    assert "<Application>WPS 表格</Application>" in app
    assert 'name="KSOProductBuildVer"><vt:lpwstr>2052-' in custom
    assert 'xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"' in sheet
    assert '<dimension ref="A1"/>' in sheet  # wrong: the table spans A1:E4
    assert 't="inlineStr"' in sheet and 't="str"><f>' in sheet and 's="1"><v>46304</v>' in sheet
    assert "<r><rPr>" in strings and '<t xml:space="preserve"> V1 </t>' in sheet
    assert '<sheet name="东风镇" sheetId="1"' in workbook
    with zipfile.ZipFile(OFFICE / "v1_v2_bad_wps.xlsx") as archive:
        assert "<dimension" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_a_bad_cell_of_a_wps_xlsx_is_named_by_sheet_row_column_and_value() -> None:
    path = OFFICE / "v1_v2_bad_wps.xlsx"
    with pytest.raises(DataFileError) as caught:
        read_data([path], DECLARED)
    assert [
        (p.sheet, p.row, p.letter, p.column, p.value, p.message_zh) for p in caught.value.problems
    ] == [("东风镇", 5, "D", "实到人数", "abc", "“abc”不是数字")]
    assert str(caught.value) == f"{path} (sheet 东风镇):5:D(实到人数): 'abc' is not a number"
    assert (
        caught.value.format_zh() == f"文件{path}工作表“东风镇”第5行D列（实到人数）：“abc”不是数字"
    )


def test_a_one_sheet_workbook_names_no_sheet(tmp_path: Path) -> None:
    path = tmp_path / "one.xlsx"
    path.write_bytes(wps_xlsx([HEADER, ["V1", "2026Q3", 40, "x", "是"]], more_sheets=()))
    with pytest.raises(DataFileError) as caught:
        read_data([path], DECLARED)
    ((sheet, place),) = [(p.sheet, p.place) for p in caught.value.problems]
    assert (sheet, place) == (None, f"{path}:2:D(实到人数)")


def test_a_month_typed_into_wps_becomes_a_date_and_still_reads_as_its_month(
    tmp_path: Path,
) -> None:
    # WPS, like Excel, turns a typed 2026-07 into the date 2026-07-01 shown as 2026年7月.
    path = tmp_path / "july.xlsx"
    month = Date(dt.date(2026, 7, 1), month_only=True)
    path.write_bytes(wps_xlsx([HEADER, ["V1", month, 40, 38, "是"]]))
    frame = read_data([path], DECLARED).frame
    assert frame.select("unit", "period", "attended").rows() == [("V1", "2026-07", Decimal(38))]
