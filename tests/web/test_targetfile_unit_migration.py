"""planning 0008 names a targets file's unit for what it holds: the column
``township_id`` (which held a county's unit for the county's own targets) becomes
``unit_id``, every file keeping its unit, its name and its text, on SQLite and
PostgreSQL; and it is undone the same way.

By hand: a county C with a township T under it; three files: T's two (旧, 新) and
C's one. After the migration each is still the file of the same unit, the column
is ``unit_id`` and still a foreign key to kaoping_unit; back, ``township_id`` again.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0007_allocation_explanation_en")]
AFTER = [("planning", "0008_targetfile_unit")]
TABLE = "planning_targetfile"

# (unit's code, file name, text)
FILES = [
    ("T", "镇目标旧.yaml", "targets: {}\n"),
    ("T", "镇目标新.yaml", "targets:\n  a: {title: 甲}\n"),
    ("C", "县级目标.yaml", "targets:\n  b: {title: 乙}\n"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _columns() -> list[str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, TABLE)
    return sorted(c.name for c in described)


def _foreign_keys() -> list[tuple[str, tuple[str, str]]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return sorted((c["columns"][0], c["foreign_key"]) for c in found.values() if c["foreign_key"])


def _stored(column: str) -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT u.code, f.name, f.text FROM {TABLE} f "
            f"JOIN kaoping_unit u ON u.id = f.{column} ORDER BY f.id"
        )
        return [tuple(r) for r in cursor.fetchall()]


def _populate(apps: Any) -> dict[str, int]:
    Unit = apps.get_model("kaoping", "Unit")
    county = Unit.objects.create(code="C", name="县", level="county")
    units = {
        "C": county,
        "T": Unit.objects.create(code="T", name="镇", level="township", parent=county),
    }
    TargetFile = apps.get_model("planning", "TargetFile")
    for code, name, text in FILES:
        TargetFile.objects.create(township=units[code], name=name, text=text)
    return {code: u.pk for code, u in units.items()}


@pytest.mark.both_databases
@pytest.mark.django_db(transaction=True)
def test_every_targets_file_keeps_its_unit_under_the_new_name_and_the_way_back() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        pks = _populate(_migrate(BEFORE))
        assert "township_id" in _columns()

        apps = _migrate(AFTER)
        assert _stored("unit_id") == FILES
        assert "township_id" not in _columns()
        assert _foreign_keys() == [("unit_id", ("kaoping_unit", "id"))]
        TargetFile = apps.get_model("planning", "TargetFile")
        assert sorted(
            TargetFile.objects.filter(unit_id=pks["T"]).values_list("name", flat=True)
        ) == [
            "镇目标新.yaml",
            "镇目标旧.yaml",
        ]
        assert list(TargetFile.objects.filter(unit_id=pks["C"]).values_list("name", flat=True)) == [
            "县级目标.yaml"
        ]
        # Still a foreign key the database holds to: no file of a unit that is not there.
        with pytest.raises(IntegrityError), transaction.atomic():
            TargetFile.objects.create(unit_id=max(pks.values()) + 100, name="x", text="")

        _migrate(BEFORE)
        assert _stored("township_id") == FILES
        assert "unit_id" not in _columns()
        assert _foreign_keys() == [("township_id", ("kaoping_unit", "id"))]
    finally:
        _migrate(latest)
