"""Reading the units file: the tree of units (province > … > township > area > village)."""

from __future__ import annotations

from pathlib import Path

from kaoping.engine import LEVEL_LABELS_ZH, LEVELS, Unit, UnitTree, level_code

from ._problems import DataFileError, DataProblem
from ._tables import read_table

__all__ = ["UNITS_HEADERS", "read_units"]

#: Header texts accepted for each column of a units file (compared without case and spaces).
UNITS_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "单位代码", "代码", "单位"),
    "parent": ("parent", "上级", "上级代码", "上级单位", "上级单位代码"),
    "level": ("level", "层级", "级别", "级次"),
    "name": ("name", "名称", "单位名称"),
}
_ALIAS = {a.casefold(): key for key, aliases in UNITS_HEADERS.items() for a in aliases}
_ZH = {"unit": "单位代码", "parent": "上级代码", "level": "层级", "name": "名称"}
_LEVELS_EN = ", ".join(LEVELS)
_LEVELS_ZH = "、".join(LEVEL_LABELS_ZH.values())


def read_units(path: str | Path) -> UnitTree:
    """Read a units file (CSV or XLSX, columns ``unit, parent, level`` and optional
    ``name``). A parent must be in the file and of a higher level than its child, so
    that the tree has no cycle. Raises :class:`DataFileError` with every problem."""

    def is_header(texts: list[str]) -> bool:
        keys = {_ALIAS.get("".join(t.split()).casefold()) for t in texts}
        return {"unit", "parent", "level"} <= keys

    table, problems = read_table(path, is_header=is_header)
    if table is None:
        raise DataFileError(problems)
    at: dict[str, int] = {}
    for i, header in enumerate(table.headers):
        key = _ALIAS.get("".join(header.split()).casefold())
        if key is not None and key not in at:
            at[key] = i
    missing = [k for k in ("unit", "parent", "level") if k not in at]
    if missing:
        raise DataFileError(
            [
                DataProblem(
                    table.file,
                    table.header_row,
                    None,
                    None,
                    f"the header row has no {', '.join(missing)} column (expected unit, "
                    "parent, level, name or 单位代码, 上级代码, 层级, 名称)",
                    f"表头缺少{'、'.join(_ZH[k] for k in missing)}列"
                    "（应为单位代码、上级代码、层级、名称）",
                )
            ]
        )
    empty: list[str | None] = [None] * len(table.rows)
    columns = {k: table.texts(at[k]) if k in at else empty for k in UNITS_HEADERS}
    units: dict[str, Unit] = {}
    where: dict[str, int] = {}  # unit → index of its row
    for n, row in enumerate(table.rows):
        code, level_text = columns["unit"][n], columns["level"][n]
        ok = True
        if code is None:
            ok = False
            problems.append(table.problem(row, at["unit"], "", "the unit is blank", "单位代码为空"))
        elif code in units:
            ok = False
            problems.append(
                table.problem(
                    row,
                    at["unit"],
                    code,
                    f"unit {code} appears twice (first on row {table.rows[where[code]]})",
                    f"单位{code}出现两次（首次在第{table.rows[where[code]]}行）",
                )
            )
        level = level_code(level_text) if level_text is not None else None
        if level is None:
            ok = False
            text = level_text or ""
            problems.append(
                table.problem(
                    row,
                    at["level"],
                    text,
                    f"{text!r} is not a level (use one of {_LEVELS_EN})",
                    f"“{text}”不是层级（应为{_LEVELS_ZH}之一）",
                )
            )
        if ok:
            assert code is not None and level is not None
            units[code] = Unit(code, columns["parent"][n], level, columns["name"][n])
            where[code] = n
    for code, unit in units.items():
        if unit.parent is None:
            continue
        n = where[code]
        above = units.get(unit.parent)
        if above is None:
            problems.append(
                table.problem(
                    table.rows[n],
                    at["parent"],
                    unit.parent,
                    f"parent {unit.parent} is not a unit of this file",
                    f"上级单位{unit.parent}不在本文件中",
                )
            )
        elif LEVELS.index(above.level) >= LEVELS.index(unit.level):
            problems.append(
                table.problem(
                    table.rows[n],
                    at["parent"],
                    unit.parent,
                    f"parent {unit.parent} is a {above.level}, not above a {unit.level}",
                    f"上级单位{unit.parent}是{LEVEL_LABELS_ZH[above.level]}，"
                    f"不高于{LEVEL_LABELS_ZH[unit.level]}",
                )
            )
    if problems:
        raise DataFileError(problems)
    return UnitTree(units)
