"""Excel 97-2003 (.xls) and OpenDocument (.ods) sheets, as LibreOffice saves them,
read like .xlsx: the same figures, the same problems with row, column and value.

The fixtures in tests/fixtures/office/ were written by LibreOffice headless
(scripts/make_office_fixtures.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.io import DataFileError, read_data

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
