"""The migration that makes (report, element) the figures' primary key keeps every
figure a database holds, on SQLite and PostgreSQL, and can be undone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("kaoping", "0007_account_state_and_audit")]
AFTER = [("kaoping", "0008_figure_key_report_element")]

# (report, element, value) as stored before: two reports, a NULL, a long decimal.
ROWS = [
    (0, "births", Decimal("12")),
    (0, "sd_invited", Decimal("40")),
    (0, "accuracy", Decimal("0.95")),
    (0, "note_only", None),
    (1, "births", Decimal("7")),
    (1, "accuracy", Decimal("123456789012.345")),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _constraints() -> dict[str, Any]:
    with connection.cursor() as cursor:
        return dict(connection.introspection.get_constraints(cursor, "kaoping_figure"))


def _columns() -> list[str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, "kaoping_figure")
    return sorted(c.name for c in described)


def _key() -> list[str]:
    """The primary key's columns in the key's order (Django's SQLite introspection
    gives them in the table's order)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA table_info(kaoping_figure)")
            return [name for _pk, name in sorted((r[5], r[1]) for r in cursor.fetchall() if r[5])]
    keys = [c["columns"] for c in _constraints().values() if c["primary_key"]]
    assert len(keys) == 1
    return list(keys[0])


def _stored(report_ids: list[int]) -> list[tuple[int, str, Decimal | None]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT report_id, element, value FROM kaoping_figure")
        rows = cursor.fetchall()
    index = {pk: n for n, pk in enumerate(report_ids)}
    return sorted((index[r], e, None if v is None else Decimal(str(v))) for r, e, v in rows)


def _populate(apps: Any) -> list[int]:
    Unit = apps.get_model("kaoping", "Unit")
    township = Unit.objects.create(code="T", name="镇", level="township")
    ds = apps.get_model("kaoping", "DataSet").objects.create(township=township, code="q", name="q")
    Report = apps.get_model("kaoping", "Report")
    reports = [
        Report.objects.create(
            dataset=ds,
            unit=Unit.objects.create(code=f"V{n}", name=f"村{n}", level="village", parent=township),
            period="2026Q3",
        ).pk
        for n in range(2)
    ]
    Figure = apps.get_model("kaoping", "Figure")
    Figure.objects.bulk_create(Figure(report_id=reports[r], element=e, value=v) for r, e, v in ROWS)
    return reports


@pytest.mark.django_db(transaction=True)
def test_the_figures_survive_the_new_key_and_the_way_back() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        reports = _populate(_migrate(BEFORE))
        assert "id" in _columns()

        apps = _migrate(AFTER)
        assert _stored(reports) == sorted(ROWS, key=lambda r: (r[0], r[1]))
        assert _columns() == ["element", "report_id", "value"]
        assert _key() == ["report_id", "element"]
        # The key alone holds the rule of one figure per report and element.
        Figure = apps.get_model("kaoping", "Figure")
        with pytest.raises(IntegrityError), transaction.atomic():
            Figure.objects.create(report_id=reports[0], element="births", value=Decimal(1))
        assert Figure.objects.get(pk=(reports[1], "births")).value == Decimal("7")

        _migrate(BEFORE)
        assert _stored(reports) == sorted(ROWS, key=lambda r: (r[0], r[1]))
        assert "id" in _columns()
        unique = [
            c["columns"] for c in _constraints().values() if c["unique"] and not c["primary_key"]
        ]
        assert unique == [["report_id", "element"]]
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(DISTINCT id), COUNT(*) FROM kaoping_figure")
            assert cursor.fetchone() == (len(ROWS), len(ROWS))
        assert _key() == ["id"]
        # The restored ``id`` numbers new figures after the old ones.
        Figure = _migrate(BEFORE).get_model("kaoping", "Figure")
        added = Figure.objects.create(report_id=reports[1], element="sd_invited", value=3)
        assert added.id == len(ROWS) + 1
    finally:
        _migrate(latest)
