"""Scheduled entries for the schedule tests, and the race of two workers ticking
the same slot (run in this process on PostgreSQL, in a child process on a file
SQLite database: see race_scenarios.py)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

CALLS: list[str] = []
FAIL_FIRST: dict[str, bool] = {"flaky": True}
_lock = threading.Lock()


def counted(now: datetime) -> str:
    with _lock:
        CALLS.append(now.isoformat())
    return f"第{len(CALLS)}次"


def flaky(now: datetime) -> str:
    """Fails the first time it is called, then works."""
    if FAIL_FIRST["flaky"]:
        FAIL_FIRST["flaky"] = False
        raise RuntimeError("database gone away")
    return "补上了"


def nothing() -> None:
    return None


def two_workers_race(_world: Any, slots: int = 3) -> dict[str, Any]:
    """Two workers tick at the same instants, ``slots`` slots in a row; both are
    held just before they insert the slot's row, so both try to claim it."""
    from django.conf import settings
    from django.db import connection

    from kaoping.web.jobs import schedule
    from kaoping.web.jobs.models import ScheduledRun

    settings.KAOPING_COUNTED_INTERVAL = 60
    settings.KAOPING_EXTRA_SCHEDULE = [
        ("counted", "KAOPING_COUNTED_INTERVAL", "tests.web.schedule_scenarios.counted")
    ]
    real_entries = schedule.entries
    schedule.entries = lambda: tuple(e for e in real_entries() if e.name == "counted")
    real_claiming = schedule._claiming
    CALLS.clear()
    made: dict[str, int] = {"w1": 0, "w2": 0}
    errors: list[str] = []
    try:
        for i in range(slots):
            at = datetime(2026, 12, 1, 9, i, 30, tzinfo=UTC)
            barrier = threading.Barrier(2, timeout=30)
            schedule._claiming = lambda name, b=barrier: b.wait()  # type: ignore[misc]

            def tick(name: str, at: datetime = at) -> None:
                try:
                    made[name] += len(schedule.tick(at, worker=name))
                except Exception as exc:  # shown by the test
                    errors.append(f"{type(exc).__name__}: {exc}")
                finally:
                    connection.close()

            threads = [threading.Thread(target=tick, args=(n,)) for n in ("w1", "w2")]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
    finally:
        schedule._claiming = real_claiming
        schedule.entries = real_entries
    return {
        "calls": len(CALLS),
        "made": made["w1"] + made["w2"],
        "errors": errors,
        "rows": sorted(
            [r.name, r.slot.isoformat(), r.state]
            for r in ScheduledRun.objects.filter(name="counted")
        ),
    }
