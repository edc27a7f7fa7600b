"""A migrated embedded database for the tests that run kaoping in a child process
on a data folder of their own (races on the file database, killed workers, the
daily commands).

Migrating an empty SQLite file from nothing costs about 12 s of CPU on these
machines; two dozen such children spent five minutes of the suite doing only that.
Each test process migrates one file once and copies it into every folder that asks;
the child still runs ``migrate`` (as ``kaoping serve`` does), which then finds
nothing to do. tests/web/test_serve.py and the migration tests still migrate from
nothing.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FILE = "kaoping.sqlite3"  # kaoping.web.settings: DATA_DIR / "kaoping.sqlite3"

_MIGRATE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
"""


def child_env(folder: Path) -> dict[str, str]:
    """The environment of a child that runs kaoping on ``folder``'s SQLite file,
    whatever database this test process uses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAOPING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env["KAOPING_DATA_DIR"] = str(folder)
    env["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
    return env


@functools.cache
def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kaoping-migrated-"))
    atexit.register(shutil.rmtree, folder, True)
    r = subprocess.run(
        [sys.executable, "-c", _MIGRATE],
        env=child_env(folder),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return folder / FILE


def into(folder: Path) -> Path:
    """Put a migrated, empty kaoping database into the data folder ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(_template(), folder / FILE))
