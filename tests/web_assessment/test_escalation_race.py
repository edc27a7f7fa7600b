"""Two escalation runs at once (a scheduler and a clerk's ``kaoping escalate``,
or two workers of a task queue): the first run is held after its first
conditional UPDATE, inside its transaction, while the second runs; between them
every item reaches each level once, with one record per step.

Run in this process on PostgreSQL and in a child process on a file SQLite
database (see tests/web/test_report_guard.py for why).
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios
from tests.web.race_scenarios import _run


def _ready() -> Any:
    from .conftest import prepare
    from .followup_world import approved_q3

    prepared = prepare()
    approved_q3(prepared)
    return prepared


def two_runs(prepared: Any) -> dict[str, Any]:
    from kaoping.web.assessment import escalations
    from kaoping.web.assessment.models import Escalation, Rectification

    entered, release = threading.Event(), threading.Event()
    real = escalations._written
    made: dict[str, int] = {}

    def held(kind: str) -> None:
        if threading.current_thread().name == "first" and not entered.is_set():
            entered.set()
            assert release.wait(60), "never released"

    def run(name: str) -> None:
        made[name] = len(escalations.escalate_overdue(date(2026, 11, 21)))

    out: dict[str, str] = {}
    escalations._written = held
    try:
        first = _run("first", lambda: run("first"), out)
        assert entered.wait(60)
        second = _run("second", lambda: run("second"), out)
        second.join(1.0)  # let the second reach the lock; either way it must not repeat
        release.set()
        first.join(60)
        second.join(60)
    finally:
        escalations._written = real
    return {
        "out": out,
        "made": made["first"] + made["second"],
        "steps": sorted(
            [r.kind, r.to, e.level]
            for e in Escalation.objects.select_related("rectification")
            if (r := e.rectification) is not None
        ),
        "levels": sorted(Rectification.objects.values_list("level", flat=True)),
    }


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_assessment.test_escalation_race:_ready",
                f"tests.web_assessment.test_escalation_race:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_two_runs_at_once_escalate_each_item_once_per_level(race: Any) -> None:
    result = race("two_runs")
    assert result["out"] == {"first": "done", "second": "done"}
    # 22 and 21 days overdue, nobody is 包村干部: 片长 then 镇领导 for each of four items.
    assert result["steps"] == sorted(
        [kind, to, level]
        for kind, to in [
            ("整改", "unit"),
            ("整改", "secretary"),
            ("表态发言", "secretary"),
            ("召开分析会", "unit"),
        ]
        for level in (2, 3)
    )
    assert result["made"] == 8
    assert result["levels"] == [3, 3, 3, 3]
