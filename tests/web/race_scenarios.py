"""Races between a save and an approval of the same report, run on whatever
database Django is set up with: in the test process on PostgreSQL, in a child
process on a file SQLite database (see test_report_guard.py for why).

Each scenario returns plain data (JSON-able) for the test to assert on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests import migrated

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import importlib, json, os, sys
os.environ['KAOPING_DATA_DIR'] = sys.argv[1]
os.environ['DJANGO_SETTINGS_MODULE'] = 'kaoping.web.settings'
sys.path.insert(0, sys.argv[2])
import django
django.setup()
from django.conf import settings
settings.PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']
from django.core.management import call_command
call_command('migrate', verbosity=0)
def named(spec):
    module, name = spec.split(':')
    return getattr(importlib.import_module(module), name)
world = named(sys.argv[3])()
result = named(sys.argv[4])(world, *map(int, sys.argv[5:]))
print('RESULT', json.dumps(result))
"""


def run_in_child(tmp_path: Path, builder: str, scenario: str, *args: int) -> dict[str, Any]:
    """Run ``scenario`` (``module:function``) on a world from ``builder`` in a
    child process whose database is a fresh SQLite file, as ``kaoping serve``
    uses it by default."""
    migrated.into(tmp_path)
    argv = [str(tmp_path), str(ROOT), builder, scenario, *map(str, args)]
    r = subprocess.run(
        [sys.executable, "-c", _CHILD, *argv],
        capture_output=True,
        text=True,
        env=migrated.child_env(tmp_path),
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


FIGURES = {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1)}


def submitted_report(world: Any, period: str) -> Any:
    """V1's report of ``period``, entered and submitted by its reporter."""
    from kaoping.web.core import services

    rep = services.report_for(world.ds, world.v1, period)
    services.save_figures(
        rep, FIGURES, user=world.users["reporter"], path="form", base_version=0, submit=True
    )
    return rep


@contextmanager
def held_in_guard(
    thread_name: str, entered: threading.Event, release: threading.Event
) -> Iterator[None]:
    """Make the guarded function, in the thread named ``thread_name`` only, stop
    after it has locked and re-read the reports, until ``release`` is set."""
    from kaoping.web.core import services

    real = services.guarded

    @contextmanager
    def holding(*args: Any, **kwargs: Any) -> Iterator[Any]:
        with real(*args, **kwargs) as locked:
            if threading.current_thread().name == thread_name:
                entered.set()
                assert release.wait(60), "never released"
            yield locked

    services.guarded = holding
    try:
        yield
    finally:
        services.guarded = real


def _run(name: str, target: Callable[[], object], out: dict[str, str]) -> threading.Thread:
    from django.db import connection

    from kaoping.web.core import services

    def body() -> None:
        try:
            target()
            out[name] = "done"
        except services.Refused as refused:
            out[name] = "refused: " + refused.message
        except services.Conflict:
            out[name] = "conflict"
        except Exception as exc:  # the test shows it
            out[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    t = threading.Thread(target=body, name=name)
    t.start()
    return t


def second_waits(
    first: str,
    second: str,
    runs: Mapping[str, Callable[[], object]],
    held: Callable[[str, threading.Event, threading.Event], Any] = held_in_guard,
) -> dict[str, str]:
    """Start ``first`` and hold it where ``held`` stops it (by default in the guard,
    its reports locked), start ``second`` meanwhile, then release: each one's
    outcome as :func:`_run` writes it, and ``second_waited`` (whether ``second``
    was still waiting on the lock when released)."""
    entered, release = threading.Event(), threading.Event()
    out: dict[str, str] = {}
    with held(first, entered, release):
        a = _run(first, runs[first], out)
        assert entered.wait(60)
        b = _run(second, runs[second], out)
        b.join(0.5)  # let it reach the lock; it must wait there
        out["second_waited"] = str(b.is_alive())
        release.set()
        a.join(60)
        b.join(60)
    return out


def runner(tmp_path: Path, module: str) -> Callable[[str], dict[str, Any]]:
    """Run a scenario of ``module`` (a function taking the world its ``_ready``
    builds): in this process on PostgreSQL, in a child process on SQLite."""
    import importlib

    from django.db import connection

    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return run_in_child(tmp_path, f"{module}:_ready", f"{module}:{scenario}")
        mod = importlib.import_module(module)
        result: dict[str, Any] = getattr(mod, scenario)(mod._ready())
        return result

    return run


def _state(rep: Any) -> dict[str, Any]:
    from kaoping.web.core import services
    from kaoping.web.core.models import FigureChange, Report

    r = Report.objects.get(pk=rep.pk)
    return {
        "status": r.status,
        "version": r.version,
        "invited": services.show(r.values()["invited"]),
        "changes_after_approval": FigureChange.objects.filter(report=r, version__gt=1).count(),
    }


def approval_held_then_save(world: Any, period: str = "2026Q3") -> dict[str, Any]:
    """The leader's approval holds the report's lock; the assessor's save, whose
    page check saw "submitted", arrives meanwhile and must find it approved."""
    from kaoping.web.core import services
    from kaoping.web.core.access import report_access
    from kaoping.web.core.models import Report

    rep = submitted_report(world, period)
    entered, release, checked = threading.Event(), threading.Event(), threading.Event()
    out: dict[str, str] = {}
    assessor, leader = world.users["assessor"], world.users["leader"]

    def save() -> None:
        page = Report.objects.get(pk=rep.pk)
        out["save_page_check"] = str(report_access(assessor, page).edit)
        checked.set()
        services.save_figures(
            page, {"invited": Decimal(99)}, user=assessor, path="form", base_version=page.version
        )

    with held_in_guard("approve", entered, release):
        approver = _run("approve", lambda: services.approve(rep, leader, version=rep.version), out)
        assert entered.wait(60)
        saver = _run("save", save, out)
        assert checked.wait(60)
        saver.join(0.5)  # give the save the time to reach the lock; either way it must lose
        release.set()
        approver.join(60)
        saver.join(60)
    return {"out": out, "state": _state(rep)}


def save_held_then_approval(world: Any, period: str = "2026Q3") -> dict[str, Any]:
    """The assessor's save holds the report's lock; the leader approves the version
    they were shown, which the save is about to replace: the approval must refuse."""
    from kaoping.web.core import services

    rep = submitted_report(world, period)
    seen = rep.version
    entered, release = threading.Event(), threading.Event()
    out: dict[str, str] = {}
    assessor, leader = world.users["assessor"], world.users["leader"]
    with held_in_guard("save", entered, release):
        saver = _run(
            "save",
            lambda: services.save_figures(
                rep, {"invited": Decimal(41)}, user=assessor, path="form", base_version=seen
            ),
            out,
        )
        assert entered.wait(60)
        approver = _run("approve", lambda: services.approve(rep, leader, version=seen), out)
        approver.join(0.5)
        release.set()
        saver.join(60)
        approver.join(60)
    return {"out": out, "state": _state(rep)}


def natural_races(world: Any, trials: int) -> dict[str, Any]:
    """A save and an approval started together, ``trials`` times: an approved
    report must still hold exactly the figures of the version approved."""
    from kaoping.web.core import services

    broken = 0
    outcomes: dict[str, int] = {}
    assessor, leader = world.users["assessor"], world.users["leader"]
    for trial in range(trials):
        rep = submitted_report(world, f"{2000 + trial}Q1")
        seen = rep.version
        start = threading.Barrier(2)
        out: dict[str, str] = {}

        def save(rep: Any = rep, seen: int = seen, start: Any = start) -> None:
            start.wait()
            services.save_figures(
                rep, {"invited": Decimal(50)}, user=assessor, path="form", base_version=seen
            )

        def approve(rep: Any = rep, seen: int = seen, start: Any = start) -> None:
            start.wait()
            services.approve(rep, leader, version=seen)

        threads = [_run("save", save, out), _run("approve", approve, out)]
        for t in threads:
            t.join(60)
        state = _state(rep)
        key = f"save {out['save'].split(':')[0]}, approve {out['approve'].split(':')[0]}"
        outcomes[key] = outcomes.get(key, 0) + 1
        if state["status"] == "approved" and (
            state["version"] != seen or state["changes_after_approval"]
        ):
            broken += 1
    return {"broken": broken, "outcomes": outcomes}
