"""An informed decline is its own count on a service day, not an absence reason.

The old absence "本人不愿参加" was the same count; it is kept, renamed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("planning", "0003_exact_base_figures"),
    ]

    operations = [  # noqa: RUF012
        migrations.RenameField(
            model_name="serviceday", old_name="absent_declined", new_name="declined"
        ),
        migrations.AlterField(
            model_name="serviceday",
            name="declined",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="知情后自愿不参加"
            ),
        ),
    ]
