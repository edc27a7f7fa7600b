# A province (省) and a city (市) above the county: two more choices of a unit's level.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("kaoping", "0008_figure_key_report_element"),
    ]

    operations = [  # noqa: RUF012
        migrations.AlterField(
            model_name="unit",
            name="level",
            field=models.CharField(
                choices=[
                    ("province", "省"),
                    ("city", "市"),
                    ("county", "县"),
                    ("township", "乡镇"),
                    ("area", "片"),
                    ("village", "村"),
                    ("community", "社区"),
                ],
                max_length=16,
                verbose_name="层级",
            ),
        ),
    ]
