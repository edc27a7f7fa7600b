"""Bulk approval in a real browser: the one question names how many and which
reports, cancelling sends nothing, and 全选 ticks every submitted report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core import services
from kaoping.web.core.models import Report

from .conftest import build_world
from .test_browser import _shots, log_in

pytestmark = pytest.mark.browser

FIGURES = {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1)}


def test_the_leader_is_asked_once_with_the_count_and_names_then_approves(page: Any) -> None:
    world = build_world()
    for unit, by in [(world.v1, "reporter"), (world.v2, "reporter2")]:
        rep = services.report_for(world.ds, unit, "2026Q3")
        services.save_figures(rep, FIGURES, user=world.users[by], path="form", submit=True)
    log_in(page, "leader")
    page.goto(page.base + f"/datasets/{world.ds.pk}/2026Q3/completeness/")
    page.dialog_answer = False
    page.click("#bulk-approve")
    assert page.dialogs == ["请先勾选要处理的报表。"]
    page.check("#bulk-all")
    page.click("#bulk-approve")
    assert page.dialogs[1] == (
        "将审核通过并锁定所选的2份报表：东村、西村。锁定后村里不能再修改，确定吗？"
    )
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}
    page.dialog_answer = True
    page.click("#bulk-approve")
    page.locator("#bulk-summary").wait_for()
    assert page.locator("#bulk-summary").inner_text() == "已审核通过并锁定2份报表，未通过0份。"
    assert set(Report.objects.values_list("status", flat=True)) == {"approved"}
    page.screenshot(path=str(_shots() / "completeness-bulk.png"), full_page=True)
