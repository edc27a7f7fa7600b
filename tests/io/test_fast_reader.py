"""``read_fast`` (a province's clean CSV read by Polars in bulk) gives read_data's frame
exactly, or declines (None) so that read_data reads the file and words its problems."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.engine import Element, ElementType
from kaoping.io import DataFileError, read_data, read_fast

ELEMENTS = {
    "invited": Element("invited", "应到人数", ElementType.COUNT),
    "attended": Element("attended", "实到人数", ElementType.COUNT),
    "paid": Element("paid", "发放金额", ElementType.AMOUNT),
    "ok": Element("ok", "记录规范", ElementType.BOOL),
    "rate": Element("rate", "比率", ElementType.NUMBER),
    "left": Element("left", "遗留", ElementType.COUNT, Decimal(0)),
}
MANUAL = ["x.manual"]
HEADER = "unit,period,invited,attended,paid,ok,rate,left,x.manual\n"


def _file(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _same_as_read_data(*paths: Path) -> None:
    fast = read_fast(paths, ELEMENTS, MANUAL)
    assert fast is not None
    full = read_data(paths, ELEMENTS, MANUAL).frame
    assert fast.schema == full.schema
    assert fast.equals(full)


# (case, file text): read by read_fast, the frame equal to read_data's, value for value.
ACCEPTED = [
    ("plain digits", HEADER + "V02,2026Q3,10,9,1.5,1,0.95,0,0\nV01,2026Q3,8,8,0,0,-2,3,1.25\n"),
    ("CRLF line ends", (HEADER + "V01,2026Q3,10,9,1.5,1,0.95,0,0\n").replace("\n", "\r\n")),
    ("a BOM before the header", "\ufeff" + HEADER + "V01,2026Q3,10,9,1,1,1,0,0\n"),
    ("spaces around cells", HEADER + " V01 ,2026Q3 , 10,9 ,1.50, 1,0.9500 ,,0\n"),
    ("an empty cell with a default", HEADER + "V01,2026Q3,10,9,1,1,1,,\n"),
    ("a column with a default left out", "unit,period,invited,attended,paid,ok,rate\nV01,2026Q3,1,1,1,1,1\n"),
    ("Chinese headers (labels and aliases)", "单位代码,季度,应到人数,实到人数,发放金额,记录规范,比率\nV01,2026年第三季度,5,4,1,是,0.5\n"),
    ("values parse_value reads (是, 1,234 is not here: no quotes)", HEADER + "V01,2026Q3,12,9,3,否,1,0,0\n"),
    ("leading zeros and a plus sign", HEADER + "V01,2026Q3,007,+5,+1,1,+0.5,00,0\n"),
    ("a row of empty cells, skipped", HEADER + "V01,2026Q3,1,1,1,1,1,1,1\n,,,,,,,,\n\nV02,2026Q3,2,2,2,0,2,2,2\n"),
    ("months and quarters, sorted by period then unit", HEADER + "V02,2026-08,1,1,1,1,1,1,1\nV01,2026Q3,1,1,1,1,1,1,1\nV01,2026-07,1,1,1,1,1,1,1\n"),
    ("name and area", "unit,name,area,period,invited,attended,paid,ok,rate\nV01,东村,一片,2026Q3,1,1,1,1,1\nV02,,,2026Q3,1,1,1,1,1\n"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text"), ACCEPTED, ids=[c for c, _ in ACCEPTED])
def test_a_clean_file_reads_as_read_data_reads_it(tmp_path: Path, case: str, text: str) -> None:
    _same_as_read_data(_file(tmp_path, text))


def test_two_files_read_as_one(tmp_path: Path) -> None:
    a = _file(tmp_path, HEADER + "V02,2026Q3,1,1,1,1,1,1,1\n", "a.csv")
    b = _file(tmp_path, HEADER + "V01,2026Q3,2,2,2,0,2,2,2\n", "b.csv")
    _same_as_read_data(a, b)


def test_the_values_are_the_exact_decimals_of_the_cells(tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + "V01,2026Q3,10,9,1.5,是,-0.125,,2\n")
    frame = read_fast([path], ELEMENTS, MANUAL)
    assert frame is not None
    row = frame.row(0, named=True)
    assert (row["unit"], row["period"], row["name"], row["area"]) == ("V01", "2026Q3", None, None)
    want = {"invited": "10", "attended": "9", "paid": "1.5", "ok": "1", "rate": "-0.125",
            "left": "0", "x.manual": "2"}  # fmt: skip
    assert {c: row[c] for c in want} == {c: Decimal(v) for c, v in want.items()}


# (case, file text): declined, and read_data reports a problem or warns (or reads a
# shape read_fast leaves to it); never a different frame.
DECLINED = [
    ("a quoted cell", HEADER + 'V01,2026Q3,1,1,1,1,1,1,"1"\n'),
    ("tab-separated", HEADER.replace(",", "\t") + "V01\t2026Q3\t1\t1\t1\t1\t1\t1\t1\n"),
    ("a lone carriage return", HEADER + "V01,2026Q3,1,1,1,1,1,1,1\rV02,2026Q3,1,1,1,1,1,1,1\n"),
    ("a title row above the header", "2026年第三季度\n" + HEADER + "V01,2026Q3,1,1,1,1,1,1,1\n"),
    ("a column the rubric does not know", HEADER.strip() + ",zz\nV01,2026Q3,1,1,1,1,1,1,1,1\n"),
    ("a blank unit", HEADER + " ,2026Q3,1,1,1,1,1,1,1\n"),
    ("a blank period", HEADER + "V01,,1,1,1,1,1,1,1\n"),
    ("a half-year", HEADER + "V01,2026H1,1,1,1,1,1,1,1\n"),
    ("a month typed as a date", HEADER + "V01,2026-07-01,1,1,1,1,1,1,1\n"),
    ("not a number", HEADER + "V01,2026Q3,x,1,1,1,1,1,1\n"),
    ("a negative count", HEADER + "V01,2026Q3,-1,1,1,1,1,1,1\n"),
    ("a negative manual deduction", HEADER + "V01,2026Q3,1,1,1,1,1,1,-1\n"),
    ("a yes/no of 2", HEADER + "V01,2026Q3,1,1,1,2,1,1,1\n"),
    ("a count with decimals", HEADER + "V01,2026Q3,1.5,1,1,1,1,1,1\n"),
    ("an amount with three decimals", HEADER + "V01,2026Q3,1,1,1.125,1,1,1,1\n"),
    ("a count over a trillion", HEADER + "V01,2026Q3,10000000000001,1,1,1,1,1,1\n"),
    ("an empty cell without a default", HEADER + "V01,2026Q3,,1,1,1,1,1,1\n"),
    ("a column without a default left out", "unit,period,invited\nV01,2026Q3,1\n"),
    ("the same unit twice in a quarter", HEADER + "V01,2026Q3,1,1,1,1,1,1,1\nV01,2026Q3,1,1,1,1,1,1,1\n"),
    ("a repeated column", "unit,period,invited,invited,attended,paid,ok,rate\nV01,2026Q3,1,1,1,1,1,1\n"),
    ("a ragged row", HEADER + "V01,2026Q3,1,1,1,1,1,1,1,1,1\n"),
    ("long data", "unit,period,element,value\nV01,2026Q3,invited,1\n"),
    ("only a header", HEADER),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text"), DECLINED, ids=[c for c, _ in DECLINED])
def test_anything_unusual_is_left_to_read_data(tmp_path: Path, case: str, text: str) -> None:
    path = _file(tmp_path, text)
    assert read_fast([path], ELEMENTS, MANUAL) is None, case


def test_a_file_that_is_not_utf8_is_left_to_read_data(tmp_path: Path) -> None:
    path = _file(
        tmp_path, (HEADER + "V01,2026Q3,1,1,1,1,1,1,1\n").replace("V01", "东村").encode("gb18030")
    )
    assert read_fast([path], ELEMENTS, MANUAL) is None
    assert read_data([path], ELEMENTS, MANUAL).frame["unit"].to_list() == ["东村"]


def test_a_unit_twice_across_two_files_is_left_to_read_data(tmp_path: Path) -> None:
    a = _file(tmp_path, HEADER + "V01,2026Q3,1,1,1,1,1,1,1\n", "a.csv")
    b = _file(tmp_path, HEADER + "V01,2026Q3,2,2,2,0,2,2,2\n", "b.csv")
    assert read_fast([a, b], ELEMENTS, MANUAL) is None
    with pytest.raises(DataFileError, match="given again"):
        read_data([a, b], ELEMENTS, MANUAL)


def test_an_xlsx_file_is_left_to_read_data(tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + "V01,2026Q3,1,1,1,1,1,1,1\n", "data.xlsx")
    assert read_fast([path], ELEMENTS, MANUAL) is None


CELLS = st.one_of(
    st.from_regex(r"\A[+-]?\d{1,14}(\.\d{0,4})?\Z"),
    st.sampled_from(["", " 3 ", "0", "1", "是", "否", "-0", "+0", "1e3", "abc", "00012", "2"]),
)


@settings(max_examples=60, deadline=None)
@given(
    type_=st.sampled_from(list(ElementType)),
    cells=st.lists(CELLS, min_size=1, max_size=10),
    default=st.sampled_from([None, Decimal(0)]),
)
def test_read_fast_gives_read_data_s_values_or_declines(
    type_: ElementType, cells: list[str], default: Decimal | None
) -> None:
    import tempfile

    elements = {"v": Element("v", "", type_, default)}
    text = "unit,period,v\n" + "".join(f"U{i},2026Q3,{c}\n" for i, c in enumerate(cells))
    with tempfile.TemporaryDirectory() as tmp:
        path = _file(Path(tmp), text)
        fast = read_fast([path], elements, [])
        try:
            full = read_data([path], elements, []).frame
        except DataFileError:
            assert fast is None  # a problem: only read_data may answer, with its place
            return
        if fast is not None:
            assert fast.equals(full)
