"""A submitted report holds only complete figures that pass its data set's checks:
staff correcting one with 保存草稿 (or the API) are refused, with the message
beside the field, and the report keeps its figures and stays submitted.

Refusing, rather than moving the report back to draft, is what an office
expects: the village's submission (and its on-time record) stays in the review
queue; taking it back is the explicit 退回修改 with a reason.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core import services
from kaoping.web.core.models import ApiToken, FigureChange, Report

# Run on PostgreSQL too (tests/conftest.py): figures are text on SQLite and numeric on PostgreSQL.
pytestmark = pytest.mark.both_databases

FIGURES = {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1)}


@pytest.fixture
def rep(world: Any) -> Report:
    r = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(r, FIGURES, user=world.users["reporter"], path="form", submit=True)
    return r


def form(world: Any) -> str:
    return f"/report/{world.ds.pk}/V1/2026Q3/"


BAD = [
    ({"attended": "45"}, "实到人数不能大于应到人数"),
    ({"invited": ""}, "必填：请填写“应到人数”"),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=["实到 > 应到", "empty required"])
def test_a_draft_save_on_a_submitted_report_refuses_failing_figures(
    login: Any, world: Any, rep: Report, change: dict[str, str], message: str
) -> None:
    fields = {"invited": "40", "attended": "38", "records_ok": "1", **change}
    r = login("assessor").post(form(world), {"version": "1", "action": "save", **fields})
    assert r.status_code == 400
    page = r.content.decode()
    assert message in page and "已提交的报表只保存完整且通过校验的数据" in page
    rep.refresh_from_db()
    assert (rep.status, rep.version) == ("submitted", 1)
    assert rep.values() == FIGURES
    assert FigureChange.objects.filter(version__gt=1).count() == 0


@pytest.mark.parametrize(("change", "message"), BAD, ids=["实到 > 应到", "empty required"])
def test_the_api_refuses_failing_figures_on_a_submitted_report(
    client: Any, world: Any, rep: Report, change: dict[str, str], message: str
) -> None:
    _t, key = ApiToken.issue(world.users["assessor"], "t")
    body = {"version": 1, "figures": {k: (v or None) for k, v in change.items()}}
    r = client.put(
        f"/api/v1/reports/{world.ds.pk}/V1/2026Q3/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == 400
    assert message in [p["message_zh"] for p in r.json()["problems"]]
    rep.refresh_from_db()
    assert rep.values() == FIGURES


def test_a_correction_that_passes_the_checks_is_saved_and_the_report_stays_submitted(
    login: Any, world: Any, rep: Report
) -> None:
    fields = {"invited": "40", "attended": "39", "records_ok": "1"}
    r = login("assessor").post(form(world), {"version": "1", "action": "save", **fields})
    assert r.status_code == 302
    rep.refresh_from_db()
    assert (rep.status, rep.values()["attended"]) == ("submitted", Decimal(39))


def test_a_draft_may_hold_incomplete_figures(world: Any) -> None:
    r = services.report_for(world.ds, world.v2, "2026Q3")
    services.save_figures(r, {"attended": Decimal(45)}, user=world.users["reporter2"], path="form")
    assert r.status == "draft"
