"""Importing units and people from a sheet: all or nothing, every problem with its row."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.models import Person, Unit

# Run on PostgreSQL too (tests/conftest.py): units are imported in bulk.
pytestmark = pytest.mark.both_databases


def send(client: Any, kind: str, text: str, name: str = "sheet.csv") -> str:
    r = client.post(
        "/units/import/", {"kind": kind, "file": SimpleUploadedFile(name, text.encode())}
    )
    assert r.status_code == 200
    return r.content.decode()


def test_units_are_created_under_areas_given_earlier_in_the_sheet(login: Any, world: Any) -> None:
    page = send(
        login("admin"),
        "units",
        "代码,名称,层级,上级代码\nA2,第二片,片,T1\nV5,南村,村,A2\nV6,河畔社区,社区,T1\nV1,东村（新名）,村,A1\n",
    )
    assert "新增3条，更新1条" in page
    assert Unit.objects.get(code="V5").parent.code == "A2"  # type: ignore[union-attr]
    assert Unit.objects.get(code="V5").township == world.t1
    assert Unit.objects.get(code="V1").name == "东村（新名）"


def test_one_bad_row_names_its_problem_and_nothing_is_imported(login: Any, world: Any) -> None:
    page = send(
        login("admin"),
        "units",
        "代码,名称,层级,上级代码\nA2,第二片,片,T1\nV5,南村,镇,A2\nV6,北村,村,W1\nW1,冒名,村,A1\n",
    )
    problems = page.split('id="problems"')[1]
    assert "<td>3</td><td>层级</td><td>镇</td><td>层级应为 片、村 或 社区</td>" in problems
    assert "<td>4</td><td>上级代码</td><td>W1</td>" in problems
    assert "<td>5</td><td>代码</td><td>W1</td><td>单位代码已被其他乡镇使用</td>" in problems
    assert not Unit.objects.filter(code__in=["A2", "V5", "V6"]).exists()


def test_people_replace_those_of_the_units_named(login: Any, world: Any) -> None:
    Person.objects.create(unit=world.v1, role="secretary", name="旧书记")
    page = send(
        login("admin"),
        "people",
        "单位代码,职务,姓名,起始日期,终止日期\nV1,书记,王五,2026-01-01,\nA1,片长,赵六,2025-01-01,2026-06-30\n",
    )
    assert "新增2条" in page
    assert sorted(Person.objects.values_list("name", "role")) == [
        ("王五", "secretary"),
        ("赵六", "area_chief"),
    ]


def test_people_of_another_township_are_refused(login: Any, world: Any) -> None:
    page = send(login("admin"), "people", "单位代码,职务,姓名\nW1,书记,王五\n")
    assert "单位代码不属于本乡镇" in page
    assert not Person.objects.exists()


def test_only_a_township_admin_may_import(login: Any, world: Any) -> None:
    for persona in ["assessor", "leader", "reporter"]:
        assert login(persona).get("/units/import/").status_code == 403
