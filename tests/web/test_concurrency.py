"""Two saves of the same form at the same moment, on the file database that
``kaoping serve`` uses by default: exactly one wins, the other is a conflict.

Run in a child process because the test suite's own SQLite database lives in
memory, where locks behave differently (PostgreSQL is covered by
test_report_form.py's threaded test).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from tests import migrated

SCRIPT = r"""
import os, sys, threading
os.environ["KAOPING_DATA_DIR"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
import django
django.setup()
from decimal import Decimal
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from kaoping.web.core import services
from kaoping.web.core.models import DataElement, DataSet, Report, Unit
c = Unit.objects.create(code="C", name="c", level="county")
t = Unit.objects.create(code="T", name="t", level="township", parent=c)
v = Unit.objects.create(code="V", name="v", level="village", parent=t)
ds = DataSet.objects.create(township=t, code="q", name="q")
DataElement.objects.create(dataset=ds, code="invited", label="x", type="count")
wrong = 0
for trial in range(int(sys.argv[2])):
    period = f"{2010 + trial}Q1"
    saved = None if sys.argv[3] == "first" else services.report_for(ds, v, period)
    out, start = [], threading.Barrier(2)
    def save(value):
        rep = saved or Report(dataset=ds, unit=v, period=period)
        try:
            start.wait()
            services.save_figures(rep, {"invited": Decimal(value)}, user=None, path="form", base_version=0)
            out.append("saved")
        except services.Conflict:
            out.append("conflict")
        except Exception as exc:
            out.append(type(exc).__name__)
        finally:
            connection.close()
    threads = [threading.Thread(target=save, args=(x,)) for x in ("1", "2")]
    for x in threads:
        x.start()
    for x in threads:
        x.join()
    wrong += sorted(out) != ["conflict", "saved"]
print("wrong", wrong)
"""


@pytest.mark.parametrize("first", ["before", "first"], ids=["report saved before", "first save"])
def test_simultaneous_saves_on_the_file_database_never_both_win(tmp_path: Any, first: str) -> None:
    migrated.into(tmp_path)
    r = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), "20", first],
        capture_output=True,
        text=True,
        env=migrated.child_env(tmp_path),
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "wrong 0"
