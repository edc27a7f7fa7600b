"""Figures stored exactly on SQLite too: text holding the canonical digits (see FigureField)."""

from django.db import migrations

import kaoping.web.core.fields


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("kaoping", "0004_report_guard_and_role_audit"),
    ]

    operations = [  # noqa: RUF012
        migrations.AlterField(
            model_name="dataelement",
            name="default",
            field=kaoping.web.core.fields.FigureField(
                blank=True, decimal_places=6, max_digits=26, null=True, verbose_name="默认值"
            ),
        ),
        migrations.AlterField(
            model_name="figure",
            name="value",
            field=kaoping.web.core.fields.FigureField(
                blank=True, decimal_places=6, max_digits=26, null=True
            ),
        ),
        migrations.AlterField(
            model_name="figurechange",
            name="new_value",
            field=kaoping.web.core.fields.FigureField(
                blank=True, decimal_places=6, max_digits=26, null=True
            ),
        ),
        migrations.AlterField(
            model_name="figurechange",
            name="old_value",
            field=kaoping.web.core.fields.FigureField(
                blank=True, decimal_places=6, max_digits=26, null=True
            ),
        ),
        kaoping.web.core.fields.figures_as_text("kaoping_dataelement", "default"),
        kaoping.web.core.fields.figures_as_text("kaoping_figure", "value"),
        kaoping.web.core.fields.figures_as_text("kaoping_figurechange", "old_value", "new_value"),
    ]
