"""The units file: the tree of units, every bad row named by file, row, column, value."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaoping.engine import Unit
from kaoping.io import DataFileError, read_units

from .files import write


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("u.csv", ["unit", "parent", "level", "name"]),
        ("u.gb.csv", ["单位代码", "上级代码", "层级", "名称"]),
        ("u.xlsx", ["代码", "上级", "级别", "单位名称"]),
    ],
)
def test_it_reads_a_tree_of_any_depth_with_english_or_chinese_headers(
    tmp_path: Path, name: str, header: list[str]
) -> None:
    rows = [
        header,
        ["P1", "", "省", "某省"],
        ["S1", "P1", "city", "某市"],
        ["C1", "S1", "县", "某县"],
        ["T1", "C1", "镇", "东镇"],
        ["A1", "T1", "片区", "一片"],
        ["V1", "A1", "村", "甲村"],
        ["V2", "T1", "village", None],
    ]
    tree = read_units(write(tmp_path, name, rows))
    assert tree.units["V1"] == Unit("V1", "A1", "village", "甲村")
    assert tree.units["V2"] == Unit("V2", "T1", "village", None)
    assert tree.ancestors("V1") == ["A1", "T1", "C1", "S1", "P1"]
    assert tree.ancestor_at("V2", "county") == "C1"
    assert tree.ancestor_at("V2", "area") is None
    assert tree.at_level("village") == ["V1", "V2"]


def test_every_bad_row_is_named_with_its_column_and_value(tmp_path: Path) -> None:
    rows = [
        ["unit", "parent", "level"],
        ["T1", "", "township"],
        ["V1", "T1", "hamlet"],
        ["V2", "T9", "village"],
        ["T1", "", "township"],
        ["T2", "V3", "township"],
        ["V3", "T1", "village"],
        ["", "T1", "village"],
    ]
    path = write(tmp_path, "u.csv", rows)
    with pytest.raises(DataFileError) as err:
        read_units(path)
    assert [p.format_zh().replace(str(path), "u.csv") for p in err.value.problems] == [
        "文件u.csv第3行C列（level）：“hamlet”不是层级（应为省、市、县、乡镇、片区、村之一）",
        "文件u.csv第5行A列（unit）：单位T1出现两次（首次在第2行）",
        "文件u.csv第8行A列（unit）：单位代码为空",
        "文件u.csv第4行B列（parent）：上级单位T9不在本文件中",
        "文件u.csv第6行B列（parent）：上级单位V3是村，不高于乡镇",
    ]


def test_a_file_without_the_tree_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as err:
        read_units(write(tmp_path, "u.csv", [["unit", "name"], ["T1", "东镇"]]))
    assert "表头缺少上级代码、层级列" in err.value.format_zh()
