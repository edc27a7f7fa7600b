"""Figures stay what was typed: stored exactly on every database, shown back alike,
and each element type's range refused the same way by the form, the API and the
upload preview (the command line's refusals are in tests/io/test_value_ranges.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.web.core.models import ApiToken, DataElement, Figure, FigureChange, Report

# Run on PostgreSQL too (tests/conftest.py): figures are text on SQLite and numeric on PostgreSQL.
pytestmark = pytest.mark.both_databases

FORM = "/report/{ds}/V1/2026Q3/"


@pytest.fixture
def amounts(world: Any) -> Any:
    """The data set with an amount element too (the shared world has none)."""
    DataElement.objects.create(
        dataset=world.ds, code="subsidy", label="补助金额", type="amount", position=9
    )
    return world


@pytest.mark.parametrize(
    ("element", "typed"),
    [
        # 20 digits: SQLite's NUMERIC column once stored it as the float 1e20.
        ("accuracy", "99999999999999999999"),
        ("accuracy", "12345678901234567890.123456"),
        ("accuracy", "-0.000001"),
        ("accuracy", "0.95"),
        ("invited", "1000000000000"),
        ("invited", "9007199254740993"[:12]),
    ],
)
def test_a_typed_figure_comes_back_digit_for_digit_on_every_page(
    login: Any, world: Any, element: str, typed: str
) -> None:
    client = login("reporter")
    form = FORM.format(ds=world.ds.pk)
    r = client.post(form, {"version": "0", "action": "save", element: typed})
    assert r.status_code == 302
    assert Figure.objects.get(element=element).value == Decimal(typed)
    assert FigureChange.objects.get(element=element).new_value == Decimal(typed)
    assert f'value="{typed}"' in client.get(form).content.decode()
    history = client.get("/units/V1/history/")
    assert history.status_code == 200
    assert f'<td class="num">{typed}</td>' in history.content.decode()
    staff = login("assessor")
    for url in ("/units/V1/", "/units/T1/", f"/datasets/{world.ds.pk}/2026Q3/completeness/"):
        assert staff.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("typed", "read_back"),
    [("38", "38"), ("38.0", "38"), ("0.950", "0.95"), ("-0.000001", "-0.000001"), ("1000", "1000")],
)
def test_a_figure_reads_back_as_typed_without_the_columns_trailing_zeros(
    world: Any, typed: str, read_back: str
) -> None:
    # PostgreSQL's numeric(…, 6) column answers 38.000000; a page that prints the
    # Decimal it reads must still show 38.
    report = Report.objects.create(dataset=world.ds, unit=world.v1, period="2026Q3")
    Figure.objects.create(report=report, element="accuracy", value=Decimal(typed))
    assert str(Figure.objects.get(report=report, element="accuracy").value) == read_back
    assert [str(v) for v in Figure.objects.values_list("value", flat=True)] == [read_back]


def test_an_element_default_is_stored_exactly(world: Any) -> None:
    e = DataElement.objects.get(dataset=world.ds, code="accuracy")
    e.default = Decimal("12345678901234567890.5")
    e.save()
    e.refresh_from_db()
    assert e.default == Decimal("12345678901234567890.5")


# Each type's stated range (docs/io.md): hand-written messages, one per edge.
REFUSED = [
    ("invited", "99999999999999999999", "“99999999999999999999”过大，人数/件数最大为1000000000000"),
    ("invited", "1000000000001", "“1000000000001”过大，人数/件数最大为1000000000000"),
    ("invited", "-1", "“-1”是负数，人数/件数不能为负"),
    ("invited", "0.5", "“0.5”不是整数，人数/件数应为整数"),
    ("subsidy", "12.345", "“12.345”的小数超过2位，金额最多2位小数"),
    ("subsidy", "1000000000000.01", "“1000000000000.01”过大，金额最大为1000000000000"),
    ("subsidy", "-0.01", "“-0.01”是负数，金额不能为负"),
    ("accuracy", "0.1234567", "“0.1234567”的小数超过6位，数值最多6位小数"),
    ("accuracy", "100000000000000000000", "“100000000000000000000”过大（整数部分最多20位）"),
    ("accuracy", "-100000000000000000000", "“-100000000000000000000”过大（整数部分最多20位）"),
    ("accuracy", "1e-99999999", "“1e-99999999”的小数超过6位，数值最多6位小数"),
    ("accuracy", "1e999999999", "“1e999999999”过大（整数部分最多20位）"),
    ("records_ok", "2", "“2”不是是/否值（应填1/0、是/否、yes/no、true/false、Y/N）"),
]


@pytest.mark.parametrize(("element", "typed", "message"), REFUSED)
def test_a_figure_outside_its_types_range_is_refused_beside_its_field(
    login: Any, amounts: Any, element: str, typed: str, message: str
) -> None:
    r = login("reporter").post(
        FORM.format(ds=amounts.ds.pk), {"version": "0", "action": "save", element: typed}
    )
    assert r.status_code == 200
    slot = r.content.decode().split(f'id="err-{element}"')[1].split("</div>")[0]
    assert message in slot
    assert not Report.objects.exists() and not Figure.objects.exists()


@pytest.mark.parametrize(("element", "typed", "message"), REFUSED)
def test_a_figure_outside_its_types_range_is_a_problem_in_the_api(
    client: Any, amounts: Any, element: str, typed: str, message: str
) -> None:
    _token, key = ApiToken.issue(amounts.users["reporter"], "t")
    r = client.put(
        f"/api/v1/reports/{amounts.ds.pk}/V1/2026Q3/",
        data={"version": 0, "figures": {element: typed}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == 400
    assert [(p["element"], p["message_zh"]) for p in r.json()["problems"]] == [(element, message)]
    assert not Report.objects.exists()


@pytest.mark.parametrize(("element", "typed", "message"), REFUSED)
def test_a_figure_outside_its_types_range_is_listed_in_the_upload_preview(
    login: Any, amounts: Any, element: str, typed: str, message: str
) -> None:
    # CSV keeps the typed text; Excel itself would already hold 20 digits as a float.
    row = {"invited": "40", "attended": "38", "records_ok": "是", "accuracy": "1", "subsidy": "0"}
    row[element] = typed
    csv = "单位代码,期间,应到人数,实到人数,例会记录规范,统计数据准确率,补助金额\n"
    csv += "V1,2026Q3," + ",".join(row.values()) + "\n"
    page = (
        login("reporter")
        .post(
            f"/datasets/{amounts.ds.pk}/2026Q3/upload/",
            {"file": SimpleUploadedFile("v1.csv", csv.encode())},
        )
        .content.decode()
    )
    assert "确认导入" not in page
    problems = page.split('id="problems"')[1]
    label = DataElement.objects.get(dataset=amounts.ds, code=element).label
    assert f"<tr><td>2</td><td>{label}</td><td>{typed}</td><td>{message}</td></tr>" in problems
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "typed", ["99999999999999999999", "12345678901234567890.123456", "-0.000001", "0.95"]
)
def test_an_imported_figure_is_stored_and_shown_digit_for_digit(
    login: Any, world: Any, typed: str
) -> None:
    client = login("admin")
    # The second import replaces the first one's value: its change row holds it.
    for value in ("0.5", typed):
        csv = (
            "单位代码,期间,应到人数,实到人数,例会记录规范,统计数据准确率\n"
            f"V1,2026Q3,40,38,是,{value}\n"
        )
        base = f"/datasets/{world.ds.pk}/2026Q3/upload/"
        page = client.post(base, {"file": SimpleUploadedFile("v1.csv", csv.encode())})
        html = page.content.decode()
        assert "确认导入" in html, html
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
        assert client.post(base + "confirm/", fields).status_code == 302
    assert Figure.objects.get(element="accuracy").value == Decimal(typed)
    assert FigureChange.objects.get(element="accuracy").new_value == Decimal(typed)
    history = client.get("/units/V1/history/").content.decode()
    assert f'<td class="num">{typed}</td>' in history
    assert f'value="{typed}"' in client.get(FORM.format(ds=world.ds.pk)).content.decode()
