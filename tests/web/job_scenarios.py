"""Scenarios of a real job worker (``manage.py jobs_worker`` in a child process),
driven from a second child process: the test process only reads the result.

Each scenario sets up a township, enqueues ``test.write_villages``, starts a
worker, waits for the file the job writes when it reaches the point asked for,
then kills or cancels it, and reports what the database holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
N = 20


def worker_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KAOPING_JOB_MODULES="tests.web.job_kinds_for_tests",
        KAOPING_JOB_RETRY_SECONDS="0",
        PYTHONPATH=str(ROOT),
        **(extra or {}),
    )
    return env


def start_worker(*extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kaoping.web.manage", "jobs_worker", "--interval", "0.1", *extra],
        env=worker_env(),
        cwd=str(ROOT),
    )


def wait_for(path: Path, proc: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode} before {path.name}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path.name} never appeared")
        time.sleep(0.05)


def _township() -> Any:
    from kaoping.web.core.models import Unit

    county, _ = Unit.objects.get_or_create(code="KC", defaults={"name": "县", "level": "county"})
    township, _ = Unit.objects.get_or_create(
        code="KT", defaults={"name": "镇", "level": "township", "parent": county}
    )
    return township


def _state(job_pk: int) -> dict[str, Any]:
    from kaoping.web.core.models import Unit
    from kaoping.web.jobs.models import Job

    job = Job.objects.get(pk=job_pk)
    return {
        "state": job.state,
        "attempts": job.attempts,
        "done": job.done,
        "message": job.message,
        "villages": Unit.objects.filter(code__startswith=f"K{job_pk}-").count(),
    }


def killed(tmp: Path, max_attempts: int) -> dict[str, Any]:
    """Kill the worker (SIGKILL) while its transaction holds half the villages;
    then start a new worker and let it take the job over."""
    from kaoping.web.jobs import enqueue

    job = enqueue(
        "test.write_villages",
        unit=_township(),
        params={
            "n": N,
            "hold_in": "apply",
            "hold_attempts": 1,
            "held": str(tmp / "held"),
            "go": str(tmp / "never"),
        },
        max_attempts=max_attempts,
    )
    worker = start_worker()
    try:
        wait_for(tmp / "held", worker)
        while_held = _state(job.pk)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    after_kill = _state(job.pk)
    second = start_worker("--batch")
    second.wait(timeout=120)
    return {"while_held": while_held, "after_kill": after_kill, "after_restart": _state(job.pk)}


def cancelled(tmp: Path, hold_in: str) -> dict[str, Any]:
    """Ask to cancel while the job is held (in ``prepare`` or, holding its
    transaction, in ``apply``), then let it run on to its commit."""
    from kaoping.web.jobs import cancel, enqueue

    job = enqueue(
        "test.write_villages",
        unit=_township(),
        params={
            "n": N,
            "hold_in": hold_in,
            "hold_attempts": 1,
            "held": str(tmp / "held"),
            "go": str(tmp / "go"),
        },
    )
    worker = start_worker("--batch")
    try:
        wait_for(tmp / "held", worker)
        asked = cancel(job)
        (tmp / "go").write_text("go")
        worker.wait(timeout=120)
    finally:
        if worker.poll() is None:
            worker.kill()
    return {"asked": asked, "after": _state(job.pk)}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    tmp = Path(sys.argv[1])
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pass  # the test's own database, migrated by pytest-django
    else:
        call_command("migrate", verbosity=0)
    arg = sys.argv[3]
    result = killed(tmp, int(arg)) if sys.argv[2] == "killed" else cancelled(tmp, arg)
    print("RESULT", json.dumps(result))


if __name__ == "__main__":
    main()
