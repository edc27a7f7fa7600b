"""A real worker process, killed or cancelled in the middle of a job's transaction:
nothing is half-applied, and the job is retried, failed or cancelled as it should.

On SQLite the scenarios run on a file database in a temporary folder (as ``kaoping
serve`` uses it); with DATABASE_URL on PostgreSQL, on the test database, which the
child processes reach while the test leaves it committed (transactional_db)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import migrated

from .job_scenarios import ROOT, N

pytestmark = pytest.mark.django_db(transaction=True)


def _run(tmp_path: Path, *args: str) -> dict[str, Any]:
    from django.db import connection

    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAOPING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        )
        if s["PASSWORD"]:
            env["PGPASSWORD"] = s["PASSWORD"]
    else:
        migrated.into(tmp_path)
    env["KAOPING_DATA_DIR"] = str(tmp_path)
    env["KAOPING_JOB_MODULES"] = "tests.web.job_kinds_for_tests"
    r = subprocess.run(
        [sys.executable, "-m", "tests.web.job_scenarios", str(tmp_path), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(ROOT),
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    line = next(x for x in r.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def test_a_worker_killed_while_it_holds_the_transaction_leaves_nothing_and_the_job_is_retried(
    tmp_path: Path,
) -> None:
    out = _run(tmp_path, "killed", "2")
    held = out["while_held"]
    assert (held["state"], held["attempts"], held["villages"]) == ("running", 1, 0)
    if _vendor() == "postgresql":
        # Progress goes through the worker's second connection, seen while it writes.
        assert held["done"] == N // 2 + 1
    assert (out["after_kill"]["state"], out["after_kill"]["villages"]) == ("running", 0)
    done = out["after_restart"]
    assert (done["state"], done["attempts"], done["villages"]) == ("succeeded", 2, N)


def test_a_worker_killed_on_the_last_attempt_leaves_nothing_and_the_job_failed(
    tmp_path: Path,
) -> None:
    out = _run(tmp_path, "killed", "1")
    after = out["after_restart"]
    assert (after["state"], after["attempts"], after["villages"]) == ("failed", 1, 0)
    assert "任务中断" in after["message"]


def test_a_job_cancelled_before_its_commit_writes_nothing(tmp_path: Path) -> None:
    # On SQLite the attempt's transaction holds the one write lock, so the cancel is
    # asked while the job prepares; PostgreSQL takes it while the job writes.
    hold_in = "apply" if _vendor() == "postgresql" else "prepare"
    out = _run(tmp_path, "cancelled", hold_in)
    assert out["asked"] is True
    after = out["after"]
    assert (after["state"], after["villages"]) == ("cancelled", 0)
    assert after["message"] == "已取消，没有写入任何数据"
