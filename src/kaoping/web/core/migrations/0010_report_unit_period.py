import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Reports by (unit, period): a township's quarter across its data sets. The
    new index is built before the unit's own is dropped, so that no moment is
    without one; (unit, period) serves every lookup by unit alone too."""

    dependencies = [  # noqa: RUF012
        ("kaoping", "0009_unit_city_province"),
    ]

    operations = [  # noqa: RUF012
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["unit", "period"], name="kaoping_report_unit_period"),
        ),
        migrations.AlterField(
            model_name="report",
            name="unit",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="kaoping.unit",
            ),
        ),
    ]
