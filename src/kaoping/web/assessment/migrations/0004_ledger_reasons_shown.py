"""Ledger reasons written before totals were formatted once for every shell said
"考评总分58.416666666666666667分"; they now say what every page shows: "58.42"."""

import re
from decimal import Decimal

from django.db import migrations

_TOTAL = re.compile(r"考评总分(-?\d+\.\d{3,})分")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from kaoping.engine import format_number

    LedgerEntry = apps.get_model("assessment", "LedgerEntry")
    for entry in LedgerEntry.objects.filter(reason__regex=_TOTAL.pattern).only("reason"):
        entry.reason = _TOTAL.sub(
            lambda m: f"考评总分{format_number(Decimal(m[1]))}分", entry.reason
        )
        entry.save(update_fields=["reason"])


class Migration(migrations.Migration):
    dependencies = [  # noqa: RUF012
        ("assessment", "0003_exact_source_figures"),
    ]

    operations = [  # noqa: RUF012
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
