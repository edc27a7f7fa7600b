"""Two staff verifying the same reported follow-up at once (or one double
click): the first verification is held after its conditional UPDATE, inside its
transaction, while the second arrives; the second must find the item verified
and be refused. One verification, one audit line.

Run in this process on PostgreSQL and in a child process on a file SQLite
database (see tests/web/test_report_guard.py for why).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios
from tests.web.race_scenarios import _run


def _ready() -> Any:
    from kaoping.web.assessment import rectifications

    from .conftest import prepare
    from .followup_world import approved_q3_v1_bottom, v1_item

    prepared = prepare()
    approved_q3_v1_bottom(prepared)
    it = v1_item()
    rectifications.move(it.pk, "report", prepared.users["reporter"], "已整改")
    prepared.item = it  # type: ignore[attr-defined]  # the scenario carries its item
    return prepared


def _verify(prepared: Any, who: str) -> None:
    from kaoping.web.assessment import rectifications

    rectifications.move(prepared.item.pk, "verify", prepared.users[who], f"{who}验收")


def two_verifications(prepared: Any) -> dict[str, Any]:
    from kaoping.web.assessment import rectifications
    from kaoping.web.assessment.models import Rectification

    entered, release = threading.Event(), threading.Event()
    real = rectifications._written

    def held(action: str) -> None:
        if threading.current_thread().name == "first":
            entered.set()
            assert release.wait(60), "never released"

    out: dict[str, str] = {}
    rectifications._written = held
    try:
        first = _run("first", lambda: _verify(prepared, "admin"), out)
        assert entered.wait(60)
        second = _run("second", lambda: _verify(prepared, "assessor"), out)
        second.join(0.5)  # let the second reach the lock; either way it must lose
        release.set()
        first.join(60)
        second.join(60)
    finally:
        rectifications._written = real
    it = Rectification.objects.get(pk=prepared.item.pk)
    return {
        "out": out,
        "state": it.state,
        "events": [[e.action, getattr(e.user, "username", None)] for e in it.events.all()],
    }


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_assessment.test_followups_race:_ready",
                f"tests.web_assessment.test_followups_race:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_two_staff_verifying_one_follow_up_at_once_verify_it_once(race: Any) -> None:
    result = race("two_verifications")
    assert result["out"]["first"] == "done"
    assert result["out"]["second"] == ("Refused: 只有已报告完成的事项可以验收（当前状态：已验收）")
    assert result["state"] == "verified"
    assert result["events"] == [
        ["open", "leader"],
        ["report", "reporter"],
        ["verify", "admin"],
    ]
