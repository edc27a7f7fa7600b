"""Two inspectors accepting the same letter at once: the first holds the letter's
row (PostgreSQL: SELECT … FOR UPDATE; SQLite: the immediate transaction) while
it judges the clauses, the second waits, then finds it accepted and is refused.
One acceptance, one audit row, the first one's verdicts.

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

SCAN = b"%PDF-1.4\n%%EOF\n"


def _ready() -> Any:
    from kaoping.web.letters import services
    from tests.web_planning.conftest import build_plans, build_world

    plans = build_plans(build_world())
    w = plans.world
    letter = services.create_letter(w.t1, w.v1, title="春季服务活动", year=2026)
    services.add_clause(letter.pk, "commitment", "每周公开服务项目", None)
    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", SCAN, None)
    return letter


def two_acceptances(letter: Any) -> dict[str, Any]:
    from kaoping.web.letters import services
    from kaoping.web.letters.models import Letter, LetterEvent

    clause = letter.clauses.get()
    entered, release = threading.Event(), threading.Event()
    judge = services.judge

    def slow_judge(*args: Any) -> Any:
        if threading.current_thread().name == "first":
            entered.set()
            release.wait(60)
        return judge(*args)

    out: dict[str, str] = {}
    with mock.patch.object(services, "judge", slow_judge):
        first = _run(
            "first",
            lambda: services.accept(letter.pk, date(2026, 5, 12), {clause.pk: (True, "甲")}, None),
            out,
        )
        assert entered.wait(60)
        second = _run(
            "second",
            lambda: services.accept(letter.pk, date(2026, 5, 13), {clause.pk: (False, "乙")}, None),
            out,
        )
        second.join(0.5)  # let it reach the lock; it must lose either way
        release.set()
        first.join(60)
        second.join(60)
    got = Letter.objects.get(pk=letter.pk)
    clause.refresh_from_db()
    return {
        "out": out,
        "state": [got.status, str(got.accepted_on), got.clauses_met, clause.note],
        "accepts": LetterEvent.objects.filter(letter=got, action="accept").count(),
    }


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_letters.test_accept_race:_ready",
                f"tests.web_letters.test_accept_race:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_two_inspectors_accepting_at_once_accept_it_once(race: Any) -> None:
    result = race("two_acceptances")
    assert result["out"]["first"] == "done"
    assert result["out"]["second"] == (
        "Refused: 责任书的状态是“已验收”，只有已签订的责任书才能验收"
    )
    assert result["state"] == ["accepted", "2026-05-12", 1, "甲"]
    assert result["accepts"] == 1
