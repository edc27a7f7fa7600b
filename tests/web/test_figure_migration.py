"""The migration to exact figures keeps every figure a database already holds, and
turns SQLite's binary floats back into the digits that were typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kaoping", "0004_report_guard_and_role_audit")]

# (stored before, read after): what SQLite's NUMERIC column made of each typed value.
ROWS = [
    ("40", Decimal("40")),
    ("0.95", Decimal("0.95")),
    ("1200.5", Decimal("1200.5")),
    ("-3.25", Decimal("-3.25")),
    ("0.1", Decimal("0.1")),
    ("123456789012.345", Decimal("123456789012.345")),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_figures_are_kept_digit_for_digit() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    rows = ROWS + ([("1e+20", Decimal(10) ** 20)] if connection.vendor == "sqlite" else [])
    apps = _migrate(BEFORE)
    try:
        Unit = apps.get_model("kaoping", "Unit")
        township = Unit.objects.create(code="T", name="镇", level="township")
        village = Unit.objects.create(code="V", name="村", level="village", parent=township)
        ds = apps.get_model("kaoping", "DataSet").objects.create(
            township=township, code="q", name="q"
        )
        report = apps.get_model("kaoping", "Report").objects.create(
            dataset=ds, unit=village, period="2026Q3"
        )
        with connection.cursor() as cursor:
            for n, (typed, _expected) in enumerate(rows):
                # As the old column received it: a number, which SQLite keeps as a float.
                cursor.execute(
                    "INSERT INTO kaoping_figure (report_id, element, value) VALUES (%s, %s, %s)",
                    [
                        report.pk,
                        f"e{n}",
                        float(typed) if "." in typed or "e" in typed else int(typed),
                    ],
                )
        _migrate(latest)
        from kaoping.web.core.models import Figure

        got = dict(Figure.objects.values_list("element", "value"))
        assert got == {f"e{n}": expected for n, (_t, expected) in enumerate(rows)}
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT typeof(value), value FROM kaoping_figure ORDER BY element")
                stored = [("text", typed) for typed, _e in ROWS] + [("text", "1" + "0" * 20)]
                assert cursor.fetchall() == stored
    finally:
        _migrate(latest)
