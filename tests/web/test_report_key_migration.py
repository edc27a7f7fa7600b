"""Migration 0012 orders the reports' unique key (data set, period, unit) and drops
the index on (data set, period) that the key now serves, on SQLite and
PostgreSQL; every report survives, the key still refuses a second report of a
unit's period, and the way back restores both as they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from .test_import_audit import _indexes

pytestmark = pytest.mark.both_databases

BEFORE = [("kaoping", "0011_figure_period")]
AFTER = [("kaoping", "0012_report_key_serves_dataset_period")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _unique() -> list[list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "kaoping_report")
    return [c["columns"] for c in found.values() if c["unique"] and not c["primary_key"]]


def _populate(apps: Any) -> list[tuple[str, str]]:
    Unit = apps.get_model("kaoping", "Unit")
    township = Unit.objects.create(code="T", name="镇", level="township")
    ds = apps.get_model("kaoping", "DataSet").objects.create(township=township, code="q", name="q")
    Report = apps.get_model("kaoping", "Report")
    for n in range(2):
        unit = Unit.objects.create(code=f"V{n}", name=f"村{n}", level="village", parent=township)
        for period in ("2026Q2", "2026Q3"):
            Report.objects.create(dataset=ds, unit=unit, period=period, status="submitted")
    return _reports()


def _reports() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.code, r.period FROM kaoping_report r JOIN kaoping_unit u ON u.id = r.unit_id"
        )
        return sorted(cursor.fetchall())


def _second_report_refused(apps: Any) -> None:
    Report = apps.get_model("kaoping", "Report")
    first = Report.objects.order_by("pk").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            dataset_id=first.dataset_id, unit_id=first.unit_id, period=first.period
        )


@pytest.mark.django_db(transaction=True)
def test_the_reports_key_serves_a_data_sets_period_and_the_way_back_restores_the_index() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = [
        ["dataset_id", "period"],
        ["dataset_id", "unit_id", "period"],
        ["id"],
        ["unit_id", "period"],
    ]
    try:
        reports = _populate(_migrate(BEFORE))
        assert len(reports) == 4
        assert _indexes("kaoping_report") == old

        apps = _migrate(AFTER)
        assert _reports() == reports
        assert _indexes("kaoping_report") == [
            ["dataset_id", "period", "unit_id"],
            ["id"],
            ["unit_id", "period"],
        ]
        assert _unique() == [["dataset_id", "period", "unit_id"]]
        _second_report_refused(apps)

        apps = _migrate(BEFORE)
        assert _reports() == reports
        assert _indexes("kaoping_report") == old
        assert _unique() == [["dataset_id", "unit_id", "period"]]
        _second_report_refused(apps)
    finally:
        _migrate(latest)
