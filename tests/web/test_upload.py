"""The Excel template and the upload: preview with every problem, all-or-nothing import."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.models import FigureChange, FigureImport, Report

# Run on PostgreSQL too (tests/conftest.py): an import writes figures in bulk, by COPY on PostgreSQL.
pytestmark = pytest.mark.both_databases


def template(client: Any, world: Any, period: str = "2026Q3") -> openpyxl.Workbook:
    r = client.get(f"/datasets/{world.ds.pk}/{period}/template.xlsx")
    assert r.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(r.content))


def xlsx_bytes(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client: Any, world: Any, content: bytes, name: str = "filled.xlsx") -> Any:
    return client.post(
        f"/datasets/{world.ds.pk}/2026Q3/upload/", {"file": SimpleUploadedFile(name, content)}
    )


def confirm(client: Any, world: Any, page: str) -> Any:
    token = page.split('name="token" value="')[1].split('"')[0]
    suffix = page.split('name="suffix" value="')[1].split('"')[0]
    return client.post(
        f"/datasets/{world.ds.pk}/2026Q3/upload/confirm/", {"token": token, "suffix": suffix}
    )


def fill(ws: Any, rows: dict[str, list[object]]) -> None:
    for r in range(3, ws.max_row + 1):
        code = ws.cell(r, 1).value
        for c, value in enumerate(rows.get(code, []), start=4):
            ws.cell(r, c, value)


def test_the_template_lists_the_users_units_with_chinese_headers(login: Any, world: Any) -> None:
    ws = template(login("admin"), world).active
    assert [c.value for c in ws[2]] == [
        "单位代码",
        "单位名称",
        "期间",
        "应到人数",
        "实到人数",
        "例会记录规范",
        "统计数据准确率",
    ]
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == ["V1", "V2", "V3"]
    assert ws.cell(3, 3).value == "2026Q3"
    assert ws.cell(3, 7).value == 1  # the default, as a number
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"是,否"'
    assert "F3:F5" in str(lists[0].sqref)


def test_a_reporters_template_holds_only_their_village(login: Any, world: Any) -> None:
    ws = template(login("reporter"), world).active
    assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == ["V1"]


def test_unit_names_that_look_like_formulas_are_neutralised(login: Any, world: Any) -> None:
    world.v1.name = '=HYPERLINK("http://x")'
    world.v1.save()
    ws = template(login("reporter"), world).active
    assert ws.cell(3, 2).value == '\'=HYPERLINK("http://x")'


def test_a_filled_template_previews_then_imports_and_submits(login: Any, world: Any) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, {"V1": [40, 38, "是", 1], "V2": [20, 20, "否", 0.9], "V3": [10, 9, "是", 1]})
    content = xlsx_bytes(wb)
    r = upload(client, world, content)
    page = r.content.decode()
    assert r.status_code == 200 and "确认导入" in page
    assert not Report.objects.exists()  # the preview writes nothing
    r = confirm(client, world, page)
    assert r.status_code == 302
    rep = Report.objects.get(unit=world.v2, period="2026Q3")
    assert rep.status == "submitted"
    assert rep.values() == {
        "invited": Decimal("20"),
        "attended": Decimal("20"),
        "records_ok": Decimal("0"),
        "accuracy": Decimal("0.9"),
    }
    # One import event; no change row for a value filled in where there was none.
    record = FigureImport.objects.get()
    assert (
        record.user,
        record.filename,
        record.sha256,
        record.units,
        record.filled,
        record.replaced,
        record.submitted,
    ) == (world.users["admin"], "filled.xlsx", hashlib.sha256(content).hexdigest(), 3, 12, 0, 3)
    assert not FigureChange.objects.exists()
    assert list(rep.events.values_list("action", "figure_import", "version", "user")) == [
        ("submit", record.pk, 1, world.users["admin"].pk)
    ]


def test_one_bad_row_shows_its_problem_and_imports_nothing(login: Any, world: Any) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, {"V1": [40, 38, "是", 1], "V2": [20, "abc", "否", 1], "V3": [10, 11, "是", 1]})
    page = upload(client, world, xlsx_bytes(wb)).content.decode()
    assert "确认导入" not in page
    problems = page.split('id="problems"')[1]
    assert "“abc”不是数字" in problems
    assert "<td>4</td>" in problems  # V2 is on spreadsheet row 4
    assert not Report.objects.exists()


def test_a_check_failure_names_the_row_and_field(login: Any, world: Any) -> None:
    client = login("admin")
    wb = template(client, world)
    fill(wb.active, {"V1": [40, 38, "是", 1], "V2": [20, 19, "否", 1], "V3": [10, 11, "是", 1]})
    page = upload(client, world, xlsx_bytes(wb)).content.decode()
    problems = page.split('id="problems"')[1]
    assert "<td>5</td><td>实到人数</td><td>11</td><td>实到人数不能大于应到人数</td>" in problems
    assert not Report.objects.exists()


def test_a_csv_is_accepted(login: Any, world: Any) -> None:
    client = login("reporter")
    csv = "单位代码,期间,应到人数,实到人数,例会记录规范\nV1,2026Q3,40,38,是\n".encode()
    page = upload(client, world, csv, "v1.csv").content.decode()
    assert "确认导入" in page
    assert confirm(client, world, page).status_code == 302
    assert Report.objects.get(unit=world.v1).values()["accuracy"] == Decimal("1")


def test_another_villages_row_is_refused_for_a_reporter(login: Any, world: Any) -> None:
    client = login("reporter")
    csv = "单位代码,期间,应到人数,实到人数,例会记录规范\nV1,2026Q3,40,38,是\nV2,2026Q3,1,1,是\n"
    page = upload(client, world, csv.encode(), "two.csv").content.decode()
    problems = page.split('id="problems"')[1]
    assert "<td>3</td><td>单位代码</td><td>V2</td><td>无权填报该单位" in problems
    assert not Report.objects.exists()


def test_a_bad_cell_and_another_villages_row_are_both_listed_at_once(
    login: Any, world: Any
) -> None:
    client = login("reporter")
    csv = "单位代码,期间,应到人数,实到人数,例会记录规范\nV1,2026Q3,40,3x,是\nV2,2026Q3,1,1,是\n"
    page = upload(client, world, csv.encode("gb18030"), "two.csv").content.decode()
    problems = page.split('id="problems"')[1]
    assert "“3x”不是数字" in problems
    assert "<td>3</td><td>单位代码</td><td>V2</td><td>无权填报该单位" in problems
    assert not Report.objects.exists()


def test_a_locked_report_is_not_overwritten_by_an_import(login: Any, world: Any) -> None:
    Report.objects.create(dataset=world.ds, unit=world.v1, period="2026Q3", status="approved")
    client = login("admin")
    csv = "单位代码,期间,应到人数,实到人数,例会记录规范\nV1,2026Q3,40,38,是\n"
    page = upload(client, world, csv.encode(), "v1.csv").content.decode()
    assert (
        "<td>2</td><td>单位代码</td><td>V1</td><td>该单位本期数据状态为“已审核锁定”，不能再导入</td>"
        in page
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("data.xlsx", b"not a zip at all", ""),
    ],
)
def test_a_wrong_file_type_is_refused_clearly(
    login: Any, world: Any, name: str, content: bytes, message: str
) -> None:
    r = upload(login("admin"), world, content, name)
    page = r.content.decode()
    assert "确认导入" not in page
    assert message in page
    assert not Report.objects.exists()


def test_a_file_over_the_size_limit_is_refused(login: Any, world: Any, settings: Any) -> None:
    settings.KAOPING_MAX_UPLOAD_BYTES = 1000
    r = upload(login("admin"), world, b"x" * 2000, "big.csv")
    assert r.status_code == 400
    assert "文件过大" in r.content.decode()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(login: Any, world: Any) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (50 * 1024 * 1024) + b"/>")
    r = upload(login("admin"), world, out.getvalue(), "bomb.xlsx")
    page = r.content.decode()
    assert "确认导入" not in page
    assert "压缩" in page or "解压" in page
    assert not Report.objects.exists()


def test_the_web_apps_own_unpacked_size_limit_applies(
    login: Any, world: Any, settings: Any
) -> None:
    settings.KAOPING_MAX_XLSX_UNPACKED_BYTES = 1000
    client = login("admin")
    wb = template(client, world)
    r = upload(client, world, xlsx_bytes(wb))
    assert r.status_code == 400
    assert "文件解压后过大" in r.content.decode()


def _import_csv(client: Any, world: Any, body: str) -> None:
    header = "单位代码,期间,应到人数,实到人数,例会记录规范,统计数据准确率\n"
    page = upload(client, world, (header + body).encode(), "x.csv").content.decode()
    assert confirm(client, world, page).status_code == 302


def test_a_second_import_audits_only_what_changed_and_keeps_a_submitted_report(
    login: Any, world: Any
) -> None:
    client = login("admin")
    _import_csv(client, world, "V1,2026Q3,40,38,是,1\n")
    rep = Report.objects.get(unit=world.v1)
    assert (rep.status, rep.version) == ("submitted", 1)
    submitted_at = rep.first_submitted_at
    _import_csv(client, world, "V1,2026Q3,40,39,是,1\n")
    rep.refresh_from_db()
    assert (rep.status, rep.version, rep.first_submitted_at) == ("submitted", 2, submitted_at)
    assert rep.values() == {
        "invited": Decimal("40"),
        "attended": Decimal("39"),
        "records_ok": Decimal("1"),
        "accuracy": Decimal("1"),
    }
    last = FigureChange.objects.filter(version=2).get()
    assert (last.element, last.old_value, last.new_value, last.path, last.user) == (
        "attended",
        Decimal("38"),
        Decimal("39"),
        "import",
        world.users["admin"],
    )
    assert submitted_at is not None
    assert last.at == rep.submitted_at or last.at >= submitted_at


def test_a_returned_report_is_resubmitted_by_an_import(login: Any, world: Any) -> None:
    Report.objects.create(
        dataset=world.ds, unit=world.v1, period="2026Q3", status="returned", return_reason="x"
    )
    _import_csv(login("reporter"), world, "V1,2026Q3,1,1,否,0.95\n")
    rep = Report.objects.get(unit=world.v1)
    assert (rep.status, rep.return_reason, rep.version) == ("submitted", "", 1)
    assert rep.first_submitted_at is not None
    assert rep.values()["accuracy"] == Decimal("0.95")
    assert rep.events.get().action == "submit"


def test_previews_nobody_confirmed_are_dropped_after_a_day(
    login: Any, world: Any, settings: Any
) -> None:
    import os
    import time

    folder = settings.KAOPING_UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stale, fresh = folder / "stale.csv", folder / "fresh.csv"
    stale.write_text("x")
    fresh.write_text("x")
    os.utime(stale, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    login("admin").get(f"/datasets/{world.ds.pk}/2026Q3/upload/")
    upload(login("admin"), world, b"unit,period\n", "a.csv")
    assert not stale.exists() and fresh.exists()


OFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "office"


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_an_xls_or_ods_saved_by_an_office_suite_is_imported(
    login: Any, world: Any, suffix: str
) -> None:
    client = login("reporter")
    page = upload(client, world, (OFFICE / f"v1{suffix}").read_bytes(), f"v1{suffix}").content
    assert "确认导入" in page.decode()
    assert confirm(client, world, page.decode()).status_code == 302
    assert Report.objects.get(unit=world.v1).values()["attended"] == Decimal("38")


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_bad_cell_in_an_xls_or_ods_is_named_by_row_and_column(
    login: Any, world: Any, suffix: str
) -> None:
    content = (OFFICE / f"v1_v2_bad{suffix}").read_bytes()
    page = upload(login("admin"), world, content, f"乡镇{suffix}").content.decode()
    assert "确认导入" not in page
    problems = page.split('id="problems"')[1]
    assert "<td>4</td><td>实到人数</td><td>abc</td><td>“abc”不是数字</td>" in problems
    assert not Report.objects.exists()
