# Figures carry their report's period, and on PostgreSQL the figures table is
# partitioned by it (issue #15; docs/deployment.md, "Figures partitioned by period").
#
# Written by hand: Django cannot partition a table, nor change a composite key.
# The state changes are Django's own (a ``period`` column, the key (report,
# element, period)); the database changes are below, per vendor, keeping every row:
# - PostgreSQL cannot turn a table into a partitioned one, so a new table
#   ``PARTITION BY LIST (period)`` is made beside it, with one partition per
#   period the reports hold and a DEFAULT partition for any other; the rows are
#   copied in with their report's period, the old table dropped, the new one
#   renamed, and its key (report_id, element, period) built once the rows are in
#   (a key of a partitioned table must hold the partition key);
# - SQLite gets a plain column, filled from the reports; its key stays
#   (report_id, element), which allows no more than the model's.
# A figure whose report is gone (nothing forbids it: no constraint) keeps the
# period '' and, on PostgreSQL, the default partition. Backwards undoes either.
# Partitions for new periods: ``manage.py figure_partitions`` (core/partitions.py).

import re
from typing import Any

from django.db import migrations, models

TABLE = "kaoping_figure"
REPORTS = "kaoping_report"
FIXED = "report_id, element, value"
# The period texts a partition is made for (2026Q3, 2026-07, 2026H2, 2026); any
# other stays in the default partition. Kept here as in core/partitions.py, so
# that this migration does not change when that module does.
PERIOD = re.compile(r"^[0-9]{4}(?:Q[1-4]|H[12]|-[0-9]{2})?$")


def _partition(period: str) -> str:
    return f"{TABLE}_p{period.lower().replace('-', '_')}"


def forwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN period varchar(10) NOT NULL DEFAULT ''")
            cursor.execute(
                f"UPDATE {TABLE} SET period = COALESCE("
                f"(SELECT r.period FROM {REPORTS} r WHERE r.id = {TABLE}.report_id), '')"
            )
            return
        new = f"{TABLE}__partitioned"
        cursor.execute(
            f"CREATE TABLE {new} (LIKE {TABLE} INCLUDING DEFAULTS,"
            " period varchar(10) NOT NULL) PARTITION BY LIST (period)"
        )
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {new} DEFAULT")
        cursor.execute(f"SELECT DISTINCT period FROM {REPORTS} ORDER BY period")
        for (period,) in cursor.fetchall():
            if PERIOD.match(period):
                cursor.execute(
                    f"CREATE TABLE {_partition(period)} PARTITION OF {new}"
                    f" FOR VALUES IN ('{period}')"
                )
        cursor.execute(
            f"INSERT INTO {new} ({FIXED}, period) SELECT f.report_id, f.element, f.value,"
            f" COALESCE(r.period, '') FROM {TABLE} f LEFT JOIN {REPORTS} r ON r.id = f.report_id"
        )
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {new} RENAME TO {TABLE}")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (report_id, element, period)"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN period")
            return
        old = f"{TABLE}__plain"
        cursor.execute(f"CREATE TABLE {old} (LIKE {TABLE} INCLUDING DEFAULTS)")
        cursor.execute(f"ALTER TABLE {old} DROP COLUMN period")
        cursor.execute(f"INSERT INTO {old} ({FIXED}) SELECT {FIXED} FROM {TABLE}")
        cursor.execute(f"DROP TABLE {TABLE}")  # and its partitions
        cursor.execute(f"ALTER TABLE {old} RENAME TO {TABLE}")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (report_id, element)"
        )


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("kaoping", "0010_report_unit_period"),
    ]

    operations = [  # noqa: RUF012
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AddField(
                    model_name="figure",
                    name="period",
                    field=models.CharField(default="", max_length=10),
                    preserve_default=False,
                ),
                migrations.AlterField(
                    model_name="figure",
                    name="pk",
                    field=models.CompositePrimaryKey(
                        "report",
                        "element",
                        "period",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
            ],
        ),
    ]
