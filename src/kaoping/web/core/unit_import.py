"""Importing a township's units and people from a sheet, all or nothing.

Units: columns 代码 (code), 名称 (name), 层级 (level: 片/村/社区 or area/village/
community) and 上级代码 (parent: the township, an area, or an area earlier in the
sheet). People: the people file of :func:`kaoping.io.read_people`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .input_guard import forbidden_character, refusal
from .input_guard import shown as visible
from .models import Person, Unit
from .reading import Problem
from .services import worded

_HEADERS = {
    "code": ("code", "代码", "单位代码"),
    "name": ("name", "名称", "单位名称"),
    "level": ("level", "层级", "类型"),
    "parent": ("parent", "上级代码", "上级"),
}
_ALIAS = {a.casefold(): key for key, aliases in _HEADERS.items() for a in aliases}
_LEVELS = {
    "片": Unit.Level.AREA,
    "area": Unit.Level.AREA,
    "村": Unit.Level.VILLAGE,
    "village": Unit.Level.VILLAGE,
    "社区": Unit.Level.COMMUNITY,
    "居": Unit.Level.COMMUNITY,
    "community": Unit.Level.COMMUNITY,
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def _key(text: str) -> str | None:
    return _ALIAS.get("".join(text.split()).casefold())


def import_units(path: Path, filename: str, township: Unit, user: object = None) -> ImportResult:
    from kaoping.io import read_table

    result = ImportResult()
    table, problems = read_table(
        path, is_header=lambda texts: {"code", "name", "level"} <= {_key(t) for t in texts}
    )
    if table is None:
        result.problems = [
            Problem(p.row, p.column, p.value, worded(p.message, p.message_zh)) for p in problems
        ]
        return result
    columns = {_key(h or ""): i for i, h in enumerate(table.headers)}
    missing = [k for k in ("code", "name", "level", "parent") if k not in columns]
    if missing:
        result.problems.append(
            Problem(
                None,
                None,
                None,
                _("缺少列：%(cols)s")
                % {"cols": pgettext("list separator", "、").join(_HEADERS[k][1] for k in missing)},
            )
        )
        return result
    cells = {k: table.texts(i) for k, i in columns.items() if k is not None}
    existing = {u.code: u for u in Unit.objects.filter(code__in=[c for c in cells["code"] if c])}
    in_sheet: dict[str, str] = {}  # code -> level, for parents given earlier in the sheet
    plan: list[tuple[int, str, str, str, str]] = []
    for n, row in enumerate(table.rows):
        code, name = cells["code"][n], cells["name"][n]
        level_text, parent = cells["level"][n], cells["parent"][n]
        bad = len(result.problems)
        for key, text in (("code", code), ("name", name), ("parent", parent)):
            if text and forbidden_character(text):
                result.problems.append(
                    Problem(
                        row, _HEADERS[key][1], visible(text), refusal(_HEADERS[key][1], text) or ""
                    )
                )
        if len(result.problems) > bad:
            continue
        if not code:
            result.problems.append(Problem(row, _HEADERS["code"][1], "", _("单位代码不能为空")))
        if not name:
            result.problems.append(Problem(row, _HEADERS["name"][1], "", _("单位名称不能为空")))
        level = _LEVELS.get((level_text or "").strip().casefold())
        if level is None:
            result.problems.append(
                Problem(row, _HEADERS["level"][1], level_text or "", _("层级应为 片、村 或 社区"))
            )
        parent_level: str | None = None
        if parent == township.code:
            parent_level = Unit.Level.TOWNSHIP
        elif parent in in_sheet:
            parent_level = in_sheet[parent]
        elif parent:
            p = Unit.objects.filter(code=parent, township=township).first()
            parent_level = p.level if p else None
        if parent_level is None:
            result.problems.append(
                Problem(
                    row, _HEADERS["parent"][1], parent or "", _("上级代码应为本乡镇或本乡镇的片")
                )
            )
        elif level is not None and (
            (level == Unit.Level.AREA and parent_level != Unit.Level.TOWNSHIP)
            or (
                level != Unit.Level.AREA
                and parent_level not in (Unit.Level.TOWNSHIP, Unit.Level.AREA)
            )
        ):
            result.problems.append(
                Problem(
                    row, _HEADERS["parent"][1], parent or "", _("该层级的单位不能放在此上级之下")
                )
            )
        if code and code in in_sheet:
            result.problems.append(Problem(row, _HEADERS["code"][1], code, _("单位代码在表中重复")))
        elif code and code in existing and existing[code].township_id != township.pk:
            result.problems.append(
                Problem(row, _HEADERS["code"][1], code, _("单位代码已被其他乡镇使用"))
            )
        elif code and code in existing and existing[code].level not in _LEVELS.values():
            result.problems.append(
                Problem(row, _HEADERS["code"][1], code, _("导入不能修改乡镇或县本身"))
            )
        if code and level is not None:
            in_sheet[code] = level
        if len(result.problems) == bad and code and name and level and parent:
            plan.append((row, code, name, level, parent))
    if result.problems:
        return result
    # Unit.save checks each unit's place in the hierarchy (parent, and the units
    # already under it) and audits it; a refusal names its row, and nothing is kept.
    with transaction.atomic():
        for row, u_code, u_name, u_level, u_parent in plan:
            parent_unit = Unit.objects.get(code=u_parent)
            unit = Unit.objects.filter(code=u_code).first()
            created = unit is None
            if unit is None:
                unit = Unit(code=u_code)
            unit.name, unit.level, unit.parent = u_name, u_level, parent_unit
            try:
                unit.save(changed_by=user, path="import")
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    column = _HEADERS["level" if key == "level" else "parent"][1]
                    value = str(Unit.Level(u_level).label) if key == "level" else u_parent
                    result.problems.extend(Problem(row, column, value, m) for m in messages)
                continue
            if created:
                result.created += 1
            else:
                result.updated += 1
        if result.problems:
            transaction.set_rollback(True)
            result.created = result.updated = 0
    return result


def import_people(path: Path, filename: str, township: Unit) -> ImportResult:
    """Replace the people of the units the sheet names with the sheet's rows."""
    from kaoping.io import DataFileError, read_people

    result = ImportResult()
    try:
        people = read_people(path)
    except DataFileError as error:
        shown = str(path)
        result.problems = [
            Problem(
                p.row, p.column, p.value, worded(p.message, p.message_zh).replace(shown, filename)
            )
            for p in error.problems
        ]
        return result
    units = {u.code: u for u in Unit.objects.filter(township=township)}
    rows = list(people.persons)
    for p in rows:
        if forbidden_character(p.name):
            result.problems.append(
                Problem(None, _("姓名"), visible(p.name), refusal(_("姓名"), p.name) or "")
            )
            continue
        if p.unit not in units:
            result.problems.append(
                Problem(
                    None,
                    _("单位代码"),
                    p.unit,
                    _("单位代码不属于本乡镇：%(name)s") % {"name": p.name},
                )
            )
    if result.problems:
        return result
    with transaction.atomic():
        Person.objects.filter(
            unit__code__in={p.unit for p in rows}, unit__township=township
        ).delete()
        Person.objects.bulk_create(
            Person(unit=units[p.unit], role=p.role, name=p.name, start=p.start, end=p.end)
            for p in rows
        )
        result.created = len(rows)
    return result
