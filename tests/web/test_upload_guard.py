"""The upload never overwrites or submits a report by surprise: the preview lists
every existing report it will overwrite or submit, and the import refuses a
report changed since that preview."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kaoping.web.core import services
from kaoping.web.core.models import FigureChange, Report

from .test_upload import confirm, fill, template, upload, xlsx_bytes

ROWS = {"V1": [40, 38, "是", 1], "V2": [30, 30, "否", 1], "V3": [20, 18, "是", 1]}


def _file(client: Any, world: Any) -> bytes:
    wb = template(client, world)
    fill(wb.active, ROWS)
    return xlsx_bytes(wb)


def test_the_preview_lists_each_report_it_overwrites_or_submits(login: Any, world: Any) -> None:
    # V1: an open draft with another figure (overwritten and submitted);
    # V2: submitted with the same figures (neither); V3: no report yet (new).
    v1 = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(v1, {"invited": Decimal(41)}, user=world.users["reporter"], path="form")
    v2 = services.report_for(world.ds, world.v2, "2026Q3")
    services.save_figures(
        v2,
        {"invited": Decimal(30), "attended": Decimal(30), "records_ok": Decimal(0)},
        user=world.users["reporter2"],
        path="form",
        submit=True,
    )
    client = login("admin")
    page = upload(client, world, _file(client, world)).content.decode()
    affected = page.split('id="affected"')[1].split("</table>")[0]
    assert "东村（V1）" in affected and "应到人数 41 → 40" in affected and "草稿" in affected
    assert "西村" not in affected and "镇中社区" not in affected


def test_an_import_refuses_a_report_changed_since_its_preview(login: Any, world: Any) -> None:
    v1 = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(v1, {"invited": Decimal(41)}, user=world.users["reporter"], path="form")
    client = login("admin")
    page = upload(client, world, _file(client, world)).content.decode()
    # The reporter saves a newer figure between the preview and the confirmation.
    services.save_figures(v1, {"invited": Decimal(42)}, user=world.users["reporter"], path="form")
    audit = FigureChange.objects.count()
    r = confirm(client, world, page)
    assert r.status_code == 409
    text = r.content.decode()
    assert "东村 2026Q3：数据已从第1版改为第2版" in text
    v1.refresh_from_db()
    assert (v1.status, v1.values()["invited"]) == ("draft", Decimal(42))
    assert FigureChange.objects.count() == audit
    assert not Report.objects.filter(unit=world.v2).exists()  # nothing else imported either


def test_an_import_refuses_a_report_someone_started_since_its_preview(
    login: Any, world: Any
) -> None:
    client = login("admin")
    page = upload(client, world, _file(client, world)).content.decode()
    v3 = services.report_for(world.ds, world.v3, "2026Q3")
    services.save_figures(v3, {"invited": Decimal(25)}, user=world.users["assessor"], path="form")
    r = confirm(client, world, page)
    assert r.status_code == 409
    assert "镇中社区 2026Q3：数据已从第0版改为第1版" in r.content.decode()
    v3.refresh_from_db()
    assert v3.values() == {"invited": Decimal(25)}


def test_an_unchanged_preview_imports_and_submits(login: Any, world: Any) -> None:
    client = login("admin")
    page = upload(client, world, _file(client, world)).content.decode()
    assert confirm(client, world, page).status_code == 302
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}
