# Figures, their audit and the workflow steps without per-row foreign-key checks
# or duplicate indexes; the import event.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("kaoping", "0005_exact_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [  # noqa: RUF012
        migrations.AddField(
            model_name="reportevent",
            name="version",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="figure",
            name="report",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="figures",
                to="kaoping.report",
            ),
        ),
        migrations.AlterField(
            model_name="figurechange",
            name="report",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="changes",
                to="kaoping.report",
            ),
        ),
        migrations.AlterField(
            model_name="figurechange",
            name="user",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="dataset",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="kaoping.dataset",
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submit", "提交"),
                    ("return", "退回修改"),
                    ("approve", "审核锁定"),
                    ("reopen", "解锁更正"),
                    ("import", "导入"),
                ],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="report",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="kaoping.report",
            ),
        ),
        migrations.AlterField(
            model_name="reportevent",
            name="user",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="FigureImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=10, verbose_name="期间")),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                ("filename", models.CharField(max_length=255, verbose_name="文件名")),
                ("sha256", models.CharField(max_length=64)),
                ("units", models.PositiveIntegerField(default=0, verbose_name="单位数")),
                ("filled", models.PositiveIntegerField(default=0, verbose_name="新填数值")),
                ("replaced", models.PositiveIntegerField(default=0, verbose_name="修改数值")),
                ("submitted", models.PositiveIntegerField(default=0, verbose_name="提交报表")),
                (
                    "dataset",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="imports",
                        to="kaoping.dataset",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ("-at", "-id"),
            },
        ),
        migrations.AddField(
            model_name="reportevent",
            name="figure_import",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="kaoping.figureimport",
            ),
        ),
    ]
