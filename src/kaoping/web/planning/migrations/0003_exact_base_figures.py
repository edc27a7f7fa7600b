"""Figures stored exactly on SQLite too: text holding the canonical digits (see FigureField)."""

from django.db import migrations

import kaoping.web.core.fields


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("planning", "0002_campaign_targets"),
    ]

    operations = [  # noqa: RUF012
        migrations.AlterField(
            model_name="basefigure",
            name="value",
            field=kaoping.web.core.fields.FigureField(
                decimal_places=6, max_digits=26, verbose_name="数值"
            ),
        ),
        kaoping.web.core.fields.figures_as_text("planning_basefigure", "value"),
    ]
