"""Reading the people file: who held which role in which unit, from when to when."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from kaoping.engine import ROLES, People, Person, role_code

from ._problems import DataFileError, DataProblem
from ._tables import read_table

__all__ = ["PEOPLE_HEADERS", "parse_date", "read_people"]

#: Header texts accepted for each column of a people file (compared without case and spaces).
PEOPLE_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "单位代码", "代码", "单位", "村居代码"),
    "role": ("role", "职务", "角色"),
    "name": ("name", "姓名"),
    "from": ("from", "start", "起始日期", "开始日期", "任职日期", "起始"),
    "to": ("to", "end", "终止日期", "结束日期", "离任日期", "终止"),
}
_ALIAS = {a.casefold(): key for key, aliases in PEOPLE_HEADERS.items() for a in aliases}
_REQUIRED = {"unit": "单位代码", "role": "职务", "name": "姓名"}

_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{1,7}(\.0+)?$")
# Excel's day 0; its serial numbers count from here (the 1900 leap-year bug
# only matters before March 1900).
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date:
    """``2026-03-01``, ``2026/3/1``, ``2026.03.01``, ``2026年3月1日``, ``20260301``, or an
    Excel serial day number (``46082``). Raises ValueError otherwise."""
    t = text.strip()
    if m := _YMD.match(t) or _COMPACT.match(t):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if _SERIAL.match(t):
        serial = int(float(t))
        if 1 <= serial <= 2958465:
            return _EXCEL_EPOCH + timedelta(days=serial)
    raise ValueError(t)


def read_people(path: str | Path) -> People:
    """Read a people file (CSV or XLSX, columns ``unit, role, name, from, to``).

    Raises :class:`DataFileError` with every problem (file, row, column, value).
    """

    def is_header(texts: list[str]) -> bool:
        keys = {_ALIAS.get("".join(t.split()).casefold()) for t in texts}
        return {"unit", "role", "name"} <= keys

    table, problems = read_table(path, is_header=is_header)
    if table is None:
        raise DataFileError(problems)
    at: dict[str, int] = {}
    for i, header in enumerate(table.headers):
        key = _ALIAS.get("".join(header.split()).casefold())
        if key is not None and key not in at:
            at[key] = i
    missing = [k for k in _REQUIRED if k not in at]
    if missing:
        names = ", ".join(missing)
        names_zh = "、".join(_REQUIRED[k] for k in missing)
        raise DataFileError(
            [
                DataProblem(
                    table.file,
                    table.header_row,
                    None,
                    None,
                    f"the header row has no {names} column (expected unit, role, name, "
                    "from, to or 单位代码, 职务, 姓名, 起始日期, 终止日期)",
                    f"表头缺少{names_zh}列（应为单位代码、职务、姓名、起始日期、终止日期）",
                )
            ]
        )
    empty: list[str | None] = [None] * len(table.rows)
    columns = {k: table.texts(at[k]) if k in at else empty for k in PEOPLE_HEADERS}
    persons: list[Person] = []
    for n, row in enumerate(table.rows):
        unit, role_text, name = columns["unit"][n], columns["role"][n], columns["name"][n]
        ok = True
        for key, text in (("unit", unit), ("name", name), ("role", role_text)):
            if text is None:
                ok = False
                problems.append(
                    table.problem(row, at[key], "", f"the {key} is blank", f"{_REQUIRED[key]}为空")
                )
        role = role_code(role_text) if role_text is not None else None
        if role_text is not None and role is None:
            ok = False
            problems.append(
                table.problem(
                    row,
                    at["role"],
                    role_text,
                    f"{role_text!r} is not a role (use one of {', '.join(ROLES)} "
                    f"or {', '.join(ROLES.values())})",
                    f"“{role_text}”不是职务（应为{'、'.join(ROLES.values())}之一）",
                )
            )
        dates: dict[str, date | None] = {}
        for key in ("from", "to"):
            text = columns[key][n]
            dates[key] = None
            if text is None:
                continue
            try:
                dates[key] = parse_date(text)
            except ValueError:
                ok = False
                problems.append(
                    table.problem(
                        row,
                        at[key],
                        text,
                        f"{text!r} is not a date (use e.g. 2026-03-01 or 2026/3/1)",
                        f"“{text}”不是日期（应为2026-03-01或2026/3/1等）",
                    )
                )
        start, end = dates["from"], dates["to"]
        if start is not None and end is not None and end < start:
            ok = False
            problems.append(
                table.problem(
                    row,
                    at["to"],
                    columns["to"][n],
                    f"the end date {end} is before the start date {start}",
                    f"终止日期{end}早于起始日期{start}",
                )
            )
        if ok:
            assert unit is not None and name is not None and role is not None
            persons.append(Person(unit, role, name, start, end))
    if problems:
        raise DataFileError(problems)
    return People(persons)
