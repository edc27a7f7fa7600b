from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kaoping.engine import Period, Person
from kaoping.io import DataFileError, parse_date, read_people

from .files import write


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("p.csv", ["unit", "role", "name", "from", "to"]),
        ("p.gb.csv", ["单位代码", "职务", "姓名", "起始日期", "终止日期"]),
        ("p.xlsx", ["单位代码", "角色", "姓名", "起始日期", "终止日期"]),
    ],
)
def test_it_reads_people_with_english_or_chinese_headers(
    tmp_path: Path, name: str, header: list[str]
) -> None:
    rows = [
        header,
        ["V01", "服务员", "张敏", "", "2026-08-14"],
        ["V01", "service_worker", "李娜", "2026/8/15", None],
        ["A1", "片长", "刘洋", "2026.07.01", ""],
    ]
    people = read_people(write(tmp_path, name, rows))
    assert list(people) == [
        Person("V01", "service_worker", "张敏", None, dt.date(2026, 8, 14)),
        Person("V01", "service_worker", "李娜", dt.date(2026, 8, 15), None),
        Person("A1", "area_chief", "刘洋", dt.date(2026, 7, 1), None),
    ]
    assert people.holders("V01", "A1", "service_worker", Period.parse("2026Q3")) == ["李娜"]
    assert people.holders("V01", "A1", "area_chief", Period.parse("2026Q3")) == ["刘洋"]


def test_excel_date_cells_are_dates(tmp_path: Path) -> None:
    rows = [
        ["unit", "role", "name", "from", "to"],
        ["V01", "书记", "赵刚", dt.date(2026, 1, 1), dt.datetime(2026, 6, 30, 17, 30)],
    ]
    (person,) = read_people(write(tmp_path, "d.xlsx", rows))
    assert (person.start, person.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026/3/1", dt.date(2026, 3, 1)),
        ("2026.03.01", dt.date(2026, 3, 1)),
        ("2026年3月1日", dt.date(2026, 3, 1)),
        ("20260301", dt.date(2026, 3, 1)),
        ("46082", dt.date(2026, 3, 1)),  # Excel's serial day number
        ("2026-03-01 00:00:00", dt.date(2026, 3, 1)),
        ("2026-03-01 09:30", dt.date(2026, 3, 1)),
    ],
)
def test_date_spellings(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("row", "expected", "message"),
    [
        (["V01", "会计", "张敏", "", ""], (2, "role", "会计"), "'会计' is not a role"),
        (["V01", "书记", "张敏", "2026-13-01", ""], (2, "from", "2026-13-01"), "is not a date"),
        (["V01", "书记", "张敏", "", "soon"], (2, "to", "soon"), "'soon' is not a date"),
        (
            ["V01", "书记", "张敏", "2026-07-01", "2026-06-30"],
            (2, "to", "2026-06-30"),
            "before the start date",
        ),
        (["", "书记", "张敏", "", ""], (2, "unit", ""), "the unit is blank"),
        (["V01", "书记", "", "", ""], (2, "name", ""), "the name is blank"),
        (["V01", "", "张敏", "", ""], (2, "role", ""), "the role is blank"),
    ],
)
def test_each_problem_names_its_place(
    tmp_path: Path, row: list[str], expected: tuple[object, ...], message: str
) -> None:
    path = write(tmp_path, "p.csv", [["unit", "role", "name", "from", "to"], row])
    with pytest.raises(DataFileError) as caught:
        read_people(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column, problem.value) == expected
    assert message in problem.message
    assert problem.message_zh


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    rows = [
        ["单位代码", "职务", "姓名"],
        ["V01", "书记", "赵刚"],
        ["V02", "队长", "钱明"],
        ["", "主任", "孙丽"],
    ]
    with pytest.raises(DataFileError) as caught:
        read_people(write(tmp_path, "p.xlsx", rows))
    assert [(p.row, p.letter, p.value) for p in caught.value.problems] == [
        (3, "B", "队长"),
        (4, "A", ""),
    ]


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", [["unit", "name"], ["V01", "赵刚"]])
    with pytest.raises(DataFileError) as caught:
        read_people(path)
    (problem,) = caught.value.problems
    assert "no role column" in problem.message
    assert "职务" in problem.message_zh
