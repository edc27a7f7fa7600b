from django.db import migrations


class Migration(migrations.Migration):
    """The reports' unique key as (data set, period, unit), so that it serves the
    lookups of a data set's period too, and the index on (data set, period) that
    served them before is dropped: one index fewer for every report an import
    creates. The new key is built before the index goes (and both in the
    migration's transaction on PostgreSQL), so that no moment is without one."""

    dependencies = [  # noqa: RUF012
        ("kaoping", "0011_figure_period"),
    ]

    operations = [  # noqa: RUF012
        migrations.AlterUniqueTogether(
            name="report",
            unique_together={("dataset", "period", "unit")},
        ),
        migrations.RemoveIndex(
            model_name="report",
            name="kaoping_rep_dataset_14e484_idx",
        ),
    ]
