"""Figures stored exactly on SQLite too: text holding the canonical digits (see FigureField)."""

from django.db import migrations

import kaoping.web.core.fields


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("assessment", "0002_assessment_revision"),
    ]

    operations = [  # noqa: RUF012
        migrations.AlterField(
            model_name="sourcefigure",
            name="value",
            field=kaoping.web.core.fields.FigureField(decimal_places=6, max_digits=26),
        ),
        kaoping.web.core.fields.figures_as_text("assessment_sourcefigure", "value"),
    ]
