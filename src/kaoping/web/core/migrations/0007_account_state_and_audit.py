"""Accounts: a temporary password must be changed (AccountState); temporary passwords and two-factor resets in the role record."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("kaoping", "0006_bulk_import_without_fk_checks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [  # noqa: RUF012
        migrations.AlterField(
            model_name="rolechange",
            name="action",
            field=models.CharField(
                choices=[
                    ("create_user", "创建账号"),
                    ("grant", "授予角色"),
                    ("revoke", "撤销角色"),
                    ("temp_password", "设置临时密码"),
                    ("reset_2fa", "重置两步验证"),
                ],
                max_length=16,
            ),
        ),
        migrations.CreateModel(
            name="AccountState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("must_change_password", models.BooleanField(default=False)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="account_state",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
