"""Completeness and timeliness: who submitted, who on time, rates overall and per area."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from kaoping.web.core.models import Report

BEIJING = ZoneInfo("Asia/Shanghai")


def submitted(world: Any, unit: Any, when: datetime | None, status: str = "submitted") -> None:
    Report.objects.create(
        dataset=world.ds,
        unit=unit,
        period="2026Q3",
        status=status,
        first_submitted_at=when,
        submitted_at=when,
    )


def cells(page: str, table: str) -> list[list[str]]:
    import re

    body = page.split(f'id="{table}"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


# The deadline of 2026Q3 is 2026-10-05 (the 5th of the next month), in Beijing time.
@pytest.mark.parametrize(
    ("when", "on_time"),
    [
        (datetime(2026, 10, 5, 23, 30, tzinfo=BEIJING), "按时"),
        (datetime(2026, 10, 6, 0, 30, tzinfo=BEIJING), "逾期"),
        (datetime(2026, 9, 30, 8, 0, tzinfo=BEIJING), "按时"),
    ],
)
def test_on_time_means_by_the_deadline_day_in_local_time(
    login: Any, world: Any, when: datetime, on_time: str
) -> None:
    submitted(world, world.v1, when)
    page = login("admin").get(f"/datasets/{world.ds.pk}/2026Q3/completeness/").content.decode()
    row = next(r for r in cells(page, "units") if r[1] == "东村")
    assert row[4] == on_time


def test_rates_overall_and_per_area(login: Any, world: Any) -> None:
    submitted(world, world.v1, datetime(2026, 10, 4, 10, tzinfo=BEIJING))
    submitted(world, world.v2, datetime(2026, 10, 8, 10, tzinfo=BEIJING), status="approved")
    submitted(world, world.v3, None, status="draft")
    page = login("assessor").get(f"/datasets/{world.ds.pk}/2026Q3/completeness/").content.decode()
    assert cells(page, "summary") == [
        ["片", "单位数", "已上报", "上报率", "按时上报", "及时率"],
        ["第一片", "2", "2", "100.0%", "1", "50.0%"],
        ["（未分片）", "1", "0", "0.0%", "0", "0.0%"],
        ["合计", "3", "2", "66.7%", "1", "33.3%"],
    ]
    assert "尚未达到信息上报率100%的目标" in page
    statuses = {r[1]: r[2] for r in cells(page, "units")[1:]}
    assert statuses == {"东村": "已提交", "西村": "已审核锁定", "镇中社区": "草稿"}


def test_every_unit_submitted_meets_the_target(login: Any, world: Any) -> None:
    for u in (world.v1, world.v2, world.v3):
        submitted(world, u, datetime(2026, 10, 1, tzinfo=BEIJING))
    page = login("leader").get(f"/datasets/{world.ds.pk}/2026Q3/completeness/").content.decode()
    assert "已达到信息上报率100%的目标" in page
    assert cells(page, "summary")[-1] == ["合计", "3", "3", "100.0%", "3", "100.0%"]


def test_a_period_that_does_not_parse_is_not_found(login: Any, world: Any) -> None:
    client = login("admin")
    assert client.get(f"/datasets/{world.ds.pk}/2026Q9/completeness/").status_code == 404
    assert client.get(f"/datasets/{world.ds.pk}/2026-07/completeness/").status_code == 404


def test_the_table_exports_to_excel_with_numbers_as_numbers_and_text_neutralised(
    login: Any, world: Any
) -> None:
    import io

    import openpyxl

    world.v2.name = "=1+2"
    world.v2.save()
    submitted(world, world.v1, datetime(2026, 10, 4, 10, tzinfo=BEIJING))
    r = login("admin").get(f"/datasets/{world.ds.pk}/2026Q3/completeness.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    summary, units = wb.worksheets
    assert [c.value for c in summary[2]] == ["第一片", 2, 1, "50.0%", 1, "50.0%"]
    names = {row[1].value: row[2].value for row in units.iter_rows(min_row=2)}
    assert names["V2"] == "'=1+2"
    assert names["V1"] == "东村"
    assert (
        login("reporter").get(f"/datasets/{world.ds.pk}/2026Q3/completeness.xlsx").status_code
        == 403
    )
