"""Units and people: scoped lists, the admin's edits, and a unit's history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kaoping.web.core import services
from kaoping.web.core.models import Person, Unit


def test_the_unit_list_shows_only_what_the_user_may_see(login: Any, world: Any) -> None:
    assert login("reporter").get("/units/").status_code == 403
    page = login("admin").get("/units/").content.decode()
    assert "东村" in page and "西村" in page and "红旗村" not in page


def test_the_admin_adds_a_village_under_an_area(login: Any, world: Any) -> None:
    client = login("admin")
    r = client.post(
        "/units/new/", {"code": "V9", "name": "南村", "level": "village", "parent": world.a1.pk}
    )
    assert r.status_code == 302
    unit = Unit.objects.get(code="V9")
    assert (unit.parent, unit.township) == (world.a1, world.t1)


def test_the_admin_cannot_put_a_unit_under_another_township(login: Any, world: Any) -> None:
    client = login("admin")
    r = client.post(
        "/units/new/", {"code": "V9", "name": "南村", "level": "village", "parent": world.t2.pk}
    )
    assert r.status_code == 200
    assert (
        "选择一个有效的选项" in r.content.decode() or "Select a valid choice" in r.content.decode()
    )
    assert not Unit.objects.filter(code="V9").exists()


def test_an_area_must_sit_under_a_township(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/units/new/", {"code": "A9", "name": "第九片", "level": "area", "parent": world.a1.pk}
    )
    assert "片的上级必须是乡镇" in r.content.decode()


def test_a_duplicate_code_is_refused_with_a_message(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/units/new/", {"code": "V1", "name": "重复", "level": "village", "parent": world.a1.pk}
    )
    assert r.status_code == 200
    assert Unit.objects.filter(code="V1").count() == 1
    assert "已存在" in r.content.decode()


def test_people_with_roles_and_dates(login: Any, world: Any) -> None:
    client = login("admin")
    r = client.post(
        "/units/V1/people/new/",
        {"role": "secretary", "name": "张三", "start": "2026-01-01", "end": ""},
    )
    assert r.status_code == 302
    person = Person.objects.get()
    assert (person.unit, person.role, person.end) == (world.v1, "secretary", None)
    r = client.post(
        f"/people/{person.pk}/edit/",
        {"role": "secretary", "name": "张三", "start": "2026-01-01", "end": "2025-12-31"},
    )
    assert "任职结束日期不能早于开始日期" in r.content.decode()
    page = client.get("/units/V1/").content.decode()
    assert "张三" in page and "书记" in page


def test_a_person_held_a_role_during_the_quarters_their_dates_touch() -> None:
    from datetime import date

    from kaoping.engine import Period

    p = Person(role="secretary", name="李四", start=date(2026, 3, 15), end=date(2026, 7, 1))
    held = {
        q: p.held_during(Period.parse(q))
        for q in ["2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    }
    assert held == {
        "2025Q4": False,
        "2026Q1": True,
        "2026Q2": True,
        "2026Q3": True,
        "2026Q4": False,
    }


def test_the_history_page_shows_who_changed_what_and_how(login: Any, world: Any) -> None:
    rep = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(
        rep, {"invited": Decimal("40")}, user=world.users["reporter"], path="form"
    )
    services.save_figures(rep, {"invited": Decimal("42")}, user=world.users["assessor"], path="api")
    page = login("reporter").get("/units/V1/history/").content.decode()
    page = page.split("数据修改")[1]
    assert page.index("assessor") < page.index("reporter")  # newest first
    assert "接口" in page and "表单" in page
    assert '<td class="num">40</td><td class="num">42</td>' in page


def test_a_fresh_install_leads_the_superuser_to_set_up_a_township(client: Any, db: Any) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", password="x-y-z-123456"))
    assert 'id="setup"' in client.get("/").content.decode()
    assert (
        client.post("/units/new/", {"code": "C9", "name": "新县", "level": "county"}).status_code
        == 302
    )
    county = Unit.objects.get(code="C9")
    r = client.post(
        "/units/new/", {"code": "T9", "name": "新镇", "level": "township", "parent": county.pk}
    )
    assert r.status_code == 302
    township = Unit.objects.get(code="T9")
    assert township.township == township
    assert 'id="setup"' not in client.get("/").content.decode()
    r = client.post("/units/new/", {"code": "T8", "name": "孤镇", "level": "township"})
    assert "乡镇的上级必须是县" in r.content.decode()


def test_a_township_admin_cannot_create_townships(login: Any, world: Any) -> None:
    r = login("admin").post(
        "/units/new/",
        {"code": "T9", "name": "新镇", "level": "township", "parent": world.county.pk},
    )
    assert r.status_code == 200
    assert not Unit.objects.filter(code="T9").exists()
