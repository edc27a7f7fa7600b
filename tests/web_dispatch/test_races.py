"""Two people at once: two bulletins issued together get two numbers, and two
first reports of the same area and day make one report (the second corrects the
first). The first holds the campaign's row (PostgreSQL: SELECT … FOR UPDATE;
SQLite: the immediate transaction) while it writes; the second waits for it.

Run in this process on PostgreSQL and in a child process on a file SQLite database
(see tests/web/test_report_guard.py for why).
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connection

from tests.web import race_scenarios
from tests.web.race_scenarios import _run


def _ready() -> Any:
    from .conftest import build_dispatch, build_world

    return build_dispatch(build_world())


def _held(name: str, real: Any, entered: threading.Event, release: threading.Event) -> Any:
    def slow(*args: Any) -> Any:
        if threading.current_thread().name == "first":
            entered.set()
            release.wait(60)
        return real(*args)

    return slow


def _two(first: Any, second: Any, entered: threading.Event, release: threading.Event) -> dict:
    out: dict[str, str] = {}
    a = _run("first", first, out)
    assert entered.wait(60)
    b = _run("second", second, out)
    b.join(0.5)  # let it reach the lock
    release.set()
    a.join(60)
    b.join(60)
    return out


def two_bulletins(d: Any) -> dict[str, Any]:
    from kaoping.web.dispatch import services
    from kaoping.web.dispatch.models import Bulletin

    entered, release = threading.Event(), threading.Event()
    c = d.campaign
    with mock.patch.object(
        services, "next_number", _held("first", services.next_number, entered, release)
    ):
        out = _two(
            lambda: services.issue_bulletin(c, date(2026, 5, 1), None),
            lambda: services.issue_bulletin(c, date(2026, 5, 2), None),
            entered,
            release,
        )
    numbers = sorted(Bulletin.objects.values_list("number", flat=True))
    return {"out": out, "numbers": numbers}


def two_reports(d: Any) -> dict[str, Any]:
    from kaoping.web.dispatch import services
    from kaoping.web.dispatch.models import AreaReport, DispatchEvent

    entered, release = threading.Event(), threading.Event()
    c, area, w = d.campaign, d.area, d.plans.world
    day = date(2026, 5, 4)
    with mock.patch.object(
        services, "area_villages", _held("first", services.area_villages, entered, release)
    ):
        out = _two(
            lambda: services.save_report(c, area, day, {w.v1.pk: 3}, "甲", None),
            lambda: services.save_report(c, area, day, {w.v1.pk: 5}, "乙", None),
            entered,
            release,
        )
    reports = [[r.note, r.done] for r in AreaReport.objects.all()]
    return {"out": out, "reports": reports, "audit": DispatchEvent.objects.count()}


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_dispatch.test_races:_ready",
                f"tests.web_dispatch.test_races:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_two_bulletins_issued_at_once_get_two_numbers(race: Any) -> None:
    result = race("two_bulletins")
    assert result["out"] == {"first": "done", "second": "done"}
    assert result["numbers"] == [1, 2]


def test_two_first_reports_at_once_make_one_report_the_second_correcting(race: Any) -> None:
    result = race("two_reports")
    assert result["out"] == {"first": "done", "second": "done"}
    assert result["reports"] == [["乙", 5]]
    assert result["audit"] == 2
