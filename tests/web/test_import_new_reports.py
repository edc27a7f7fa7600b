"""An import that creates reports and fills existing ones puts every unit's
figures on that unit's own report; on PostgreSQL the new reports' ids are taken
from their sequence before they are written, so that none is read back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaoping.web.core import services
from kaoping.web.core.models import Figure, Report

pytestmark = pytest.mark.both_databases

D = Decimal
PERIOD = "2026Q3"
# unit -> (invited, attended, records_ok, accuracy), a different set for each.
FILE = {
    "V3": (D(30), D(29), D(0), D("0.9")),
    "V1": (D(40), D(38), D(1), D("1")),
    "V2": (D(20), D(19), D(1), D("0.95")),
}


def _frame() -> pl.DataFrame:
    codes = ["invited", "attended", "records_ok", "accuracy"]
    return pl.DataFrame(
        {
            "unit": list(FILE),
            "period": [PERIOD] * len(FILE),
            **{c: [values[i] for values in FILE.values()] for i, c in enumerate(codes)},
        }
    )


def _units(world: Any) -> dict[str, Any]:
    return {"V1": world.v1, "V2": world.v2, "V3": world.v3}


def test_an_import_puts_each_units_figures_on_its_own_report_new_or_existing(world: Any) -> None:
    admin = world.users["admin"]
    # V1 has a draft already (invited 41); V2 and V3 have no report yet.
    draft = services.report_for(world.ds, world.v1, PERIOD)
    services.save_figures(draft, {"invited": D(41)}, user=admin, path="form")
    services.import_frame(world.ds, PERIOD, _frame(), _units(world), user=admin, path="import")

    reports = {r.unit.code: r for r in Report.objects.filter(period=PERIOD).select_related("unit")}
    assert sorted(reports) == ["V1", "V2", "V3"]
    assert reports["V1"].pk == draft.pk
    assert len({r.pk for r in reports.values()}) == 3
    assert {r.status for r in reports.values()} == {"submitted"}
    stored = {
        (f.report.unit.code, f.element): f.value
        for f in Figure.objects.filter(period=PERIOD).select_related("report__unit")
    }
    expected = {
        (unit, code): value
        for unit, values in FILE.items()
        for code, value in zip(
            ["invited", "attended", "records_ok", "accuracy"], values, strict=True
        )
    }
    assert stored == expected
    # A report made afterwards by the ORM gets an id of its own.
    later = Report.objects.create(dataset=world.ds, unit=world.v1, period="2026Q4")
    assert later.pk not in {r.pk for r in reports.values()}


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite reads them back")
def test_an_import_of_new_reports_on_postgresql_reads_none_of_them_back(world: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        services.import_frame(
            world.ds, PERIOD, _frame(), _units(world), user=world.users["admin"], path="import"
        )
    read = [q["sql"] for q in queries if 'FROM "kaoping_report"' in q["sql"]]
    # The one look for the period's existing reports, before any is written.
    assert len(read) == 1, read
    assert Report.objects.filter(period=PERIOD, status="submitted").count() == 3
