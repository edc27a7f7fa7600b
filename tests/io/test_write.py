from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kaoping.io import neutralise, text_width, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 123", "'+86 123"),
        ("-abc", "'-abc"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("东村", "东村"),
        ("a=1", "a=1"),
        ("", ""),
        (-5, -5),
        (Decimal("-2.5"), Decimal("-2.5")),
        (1.5, 1.5),
        (None, None),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected
    assert type(neutralise(value)) is type(expected)


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("东村", 4), ("V01东村", 7), ("", 0)])
def test_cjk_characters_count_double(text: str, width: int) -> None:
    assert text_width(text) == width


def test_write_xlsx_keeps_numbers_numbers_and_neutralises_text(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(
        path,
        {
            "排名": (
                ["单位", "总分", "名次", "备注"],
                [
                    ["东村", Decimal("93.5"), 1, '=HYPERLINK("x")'],
                    ["西村", Decimal("90"), 2, "-abc"],
                    ["南村", Decimal("88.333333333333"), 3, None],
                    ["北村", Decimal("-5"), 4, "正常"],
                ],
            ),
            "扣分明细": (["路径", "扣分"], [["statistics", Decimal("2.005")]]),
        },
    )
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["排名", "扣分明细"]
    sheet = workbook["排名"]
    assert [c.value for c in sheet[1]] == ["单位", "总分", "名次", "备注"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["东村", 93.5, 1, '\'=HYPERLINK("x")'],
        ["西村", 90, 2, "'-abc"],
        ["南村", 88.33, 3, None],
        ["北村", -5, 4, "正常"],
    ]
    assert sheet["B2"].number_format == "0.00"
    assert sheet["B3"].number_format == "General"
    # half up, as every figure is shown: 2.005 -> 2.01
    assert workbook["扣分明细"]["B2"].value == 2.01
    # the header 单位 is 4 wide, 东村 4: at least that plus padding, never a sliver
    assert sheet.column_dimensions["A"].width >= 6
    assert sheet.column_dimensions["D"].width >= len('=HYPERLINK("x")') + 1


def test_write_xlsx_widens_columns_for_chinese_text(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    write_xlsx(path, {"s": (["a", "b"], [["五个汉字啊" * 2, "abcdefghij"]])})
    sheet = load_workbook(path)["s"]
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["B"].width


def test_write_csv_has_a_bom_and_neutralised_text(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(
        path,
        ["单位", "总分", "备注"],
        [
            ["东村", Decimal("93.50"), "=1+1"],
            ["西村", Decimal("-5"), None],
            ["南村", Decimal("1.005"), "-x"],
        ],
    )
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines() == [
        "单位,总分,备注",
        "东村,93.5,'=1+1",
        "西村,-5,",
        "南村,1.01,'-x",
    ]


def test_write_csv_to_a_stream_has_no_bom_so_pipes_read_the_header(tmp_path: Path) -> None:
    stream = io.StringIO()
    write_csv(stream, ["a"], [[1], ["@x"]])
    assert stream.getvalue() == "a\r\n1\r\n'@x\r\n"
