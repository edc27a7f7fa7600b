"""A targets file's unit is the township or the county whose targets it holds: the
column ``township_id`` becomes ``unit_id``, every row keeping its unit. A rename
only (ALTER TABLE … RENAME COLUMN on PostgreSQL and SQLite), so it is undone the
same way (tests/web/test_targetfile_unit_migration.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("planning", "0007_allocation_explanation_en"),
    ]

    operations = [  # noqa: RUF012
        migrations.RenameField(model_name="targetfile", old_name="township", new_name="unit"),
    ]
