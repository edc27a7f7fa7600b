"""The unit hierarchy keeps its shape on every path (import, units page, admin, API,
code): no unit under itself, no cycle, no demotion below the units under it; and
every change of a unit is audited with who, when, before and after."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.models import Membership, Unit, UnitChange

HEADER = "代码,名称,层级,上级代码\n"


def send(client: Any, text: str) -> str:
    r = client.post(
        "/units/import/",
        {"kind": "units", "file": SimpleUploadedFile("sheet.csv", (HEADER + text).encode())},
    )
    assert r.status_code == 200
    return r.content.decode()


def test_an_import_row_cannot_turn_the_township_into_a_village_under_itself(
    login: Any, world: Any
) -> None:
    page = send(login("admin"), "T1,平安镇,村,T1\n")
    assert "<td>2</td><td>代码</td><td>T1</td><td>导入不能修改乡镇或县本身</td>" in page
    t1 = Unit.objects.get(code="T1")
    assert (t1.level, t1.parent_id, t1.name) == ("township", world.county.pk, "东风镇")
    # staff still see their township
    assert login("admin").get("/units/").status_code == 200
    assert "V1" in login("assessor").get("/units/").content.decode()


def test_an_import_row_cannot_demote_an_area_that_has_villages(login: Any, world: Any) -> None:
    page = send(login("admin"), "V9,新村,村,T1\nA1,第一片,村,T1\n")
    assert "<td>3</td><td>层级</td><td>村</td>" in page
    assert "A1下还有" in page
    assert Unit.objects.get(code="A1").level == "area"
    assert not Unit.objects.filter(code="V9").exists()  # nothing half-saved


def test_an_import_row_may_not_put_a_village_under_a_village(login: Any, world: Any) -> None:
    page = send(login("admin"), "V9,新村,村,V1\n")
    assert "<td>2</td><td>上级代码</td><td>V1</td>" in page
    assert not Unit.objects.filter(code="V9").exists()


def test_the_units_page_refuses_to_demote_an_area_with_villages(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/units/A1/edit/",
        {"code": "A1", "name": "第一片", "level": "village", "parent": world.t1.pk},
    )
    assert r.status_code == 200
    assert "A1下还有" in r.content.decode()
    assert Unit.objects.get(code="A1").level == "area"


def test_the_admin_site_refuses_a_unit_as_its_own_parent(client: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", password="x-y-z-1234"))
    r = client.post(
        f"/admin/kaoping/unit/{world.t1.pk}/change/",
        {"code": "T1", "name": "东风镇", "level": "village", "parent": world.t1.pk},
    )
    assert r.status_code == 200
    assert "单位不能是自己的上级：T1" in r.content.decode()
    assert Unit.objects.get(code="T1").level == "township"


@pytest.mark.parametrize(
    ("code", "level", "parent", "field"),
    [
        ("T1", "village", "T1", "parent"),  # itself
        ("T1", "village", "V1", "parent"),  # a cycle through a village under it
        ("A1", "village", "T1", "level"),  # demoted below its villages
        ("C1", "township", None, "level"),  # a county with townships under it
        ("V1", "area", "T1", None),  # a village without children may become an area
        ("A1", "area", "V1", "parent"),  # an area under its own village
    ],
)
def test_save_refuses_every_shape_that_breaks_the_tree(
    world: Any, code: str, level: str, parent: str | None, field: str | None
) -> None:
    unit = Unit.objects.get(code=code)
    stored = (unit.level, unit.parent_id)
    unit.level = level
    unit.parent = Unit.objects.get(code=parent) if parent else None
    if field is None:
        unit.save()
        return
    with pytest.raises(ValidationError) as refused:
        unit.save()
    assert field in refused.value.message_dict
    kept = Unit.objects.get(code=code)
    assert (kept.level, kept.parent_id) == stored


def test_the_api_refuses_a_unit_under_a_village(client: Any, world: Any) -> None:
    from kaoping.web.core.models import ApiToken

    _t, key = ApiToken.issue(world.users["admin"], "t")
    r = client.post(
        "/api/v1/units/",
        {"code": "V9", "name": "新村", "level": "village", "parent": "V1"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == 400
    assert not Unit.objects.filter(code="V9").exists()


def test_every_unit_change_is_audited_with_who_and_before_and_after(login: Any, world: Any) -> None:
    client = login("admin")
    send(client, "V1,东村（新名）,村,T1\nV9,新村,村,A1\n")
    change = UnitChange.objects.filter(unit__code="V1").first()
    assert change is not None
    assert change.user == world.users["admin"] and change.path == "import"
    assert change.before == {"code": "V1", "name": "东村", "level": "village", "parent": "A1"}
    assert change.after == {
        "code": "V1",
        "name": "东村（新名）",
        "level": "village",
        "parent": "T1",
    }
    created = UnitChange.objects.get(unit__code="V9")
    assert created.before is None and created.after["parent"] == "A1"
    page = client.get("/units/V1/history/").content.decode()
    assert "东村（新名）" in page.split('id="unit-changes"')[1]


def test_a_refused_save_leaves_no_audit_row(world: Any) -> None:
    before = UnitChange.objects.count()
    unit = Unit.objects.get(code="A1")
    unit.level = "village"
    with pytest.raises(ValidationError):
        unit.save()
    assert UnitChange.objects.count() == before


def test_a_township_staff_member_keeps_access_after_a_refused_import(
    login: Any, world: Any
) -> None:
    send(login("admin"), "T1,平安镇,村,T1\n")
    assert Membership.objects.filter(user=world.users["assessor"], unit__level="township").exists()
