"""Reading files safely: zip bombs, damaged workbooks, CSV records and delimiters."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kaoping.io import DataFileError, read_data
from kaoping.io import _tables as tables

from .files import ELEMENTS, write, write_xlsx

HEAD = ["unit", "period", "invited", "attended", "paid", "records_ok"]
ROW = ["V01", "2026Q3", 1, 1, 1, 1]


def only_problem(path: Path) -> str:
    with pytest.raises(DataFileError) as caught:
        read_data([path], ELEMENTS)
    (problem,) = caught.value.problems
    return problem.message


def test_it_refuses_a_highly_compressed_member_before_opening_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bomb.xlsx", [HEAD, ROW])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        # 4 MiB of one byte deflates about a thousand times.
        archive.writestr("xl/worksheets/sheet9.xml", b"0" * (4 * 1024 * 1024))
    message = only_problem(path)
    assert "xl/worksheets/sheet9.xml is compressed" in message
    assert f"at most {tables.MAX_XLSX_RATIO}" in message


def test_it_refuses_a_workbook_too_large_uncompressed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_XLSX_UNCOMPRESSED", 1000)
    path = write_xlsx(tmp_path / "big.xlsx", [HEAD, ROW])
    assert "at most 1000 are accepted" in only_problem(path)


def test_it_refuses_a_damaged_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [HEAD, ROW])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    # Flip a byte inside the member's compressed data (past its local header).
    at = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    assert only_problem(path) == "the workbook is damaged (xl/worksheets/sheet1.xml)"


def test_rows_are_records_so_a_quoted_line_break_does_not_shift_them(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(
        "unit,name,period,invited,attended,paid,records_ok\r\n"
        'V01,"东村\r\n（新）",2026Q3,1,1,1,1\r\n'
        "V02,西村,2026Q3,x,1,1,1\r\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        read_data([path], ELEMENTS)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (3, "invited", "x")


def test_a_tab_separated_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("unit\tperiod\tinvited\tattended\tpaid\trecords_ok\nV01\t2026Q3\t5\t4\t3\t是\n")
    frame = read_data([path], ELEMENTS).frame
    assert frame["attended"].to_list()[0] == 4


def test_surrounding_spaces_are_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.csv",
        [[f" {h} " for h in HEAD], [" V01 ", " 2026Q3", " 5 ", "4 ", " 3", " 是 "]],
    )
    frame = read_data([path], ELEMENTS).frame
    assert (frame["unit"][0], frame["invited"][0], frame["records_ok"][0]) == ("V01", 5, 1)


@pytest.mark.parametrize(
    ("index", "letter"),
    [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")],
)
def test_column_letters(index: int, letter: str) -> None:
    assert tables.column_letter(index) == letter
