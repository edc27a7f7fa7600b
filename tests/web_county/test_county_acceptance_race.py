"""The county accepting 西镇's quarter while the township reopens one of the
reports it read: both go through the reports' one gate (core.services.guarded),
so whichever holds the report's lock first wins and the other is refused. An
accepted quarter never has changed figures; a reopened report never sits under
an acceptance.

On PostgreSQL in this process (row locks between threads); on SQLite in a child
process with a file database (the second writer waits at BEGIN IMMEDIATE), as
tests/web_assessment/test_approval_races.py does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web import race_scenarios

from .conftest import PERIOD, build, township_approved


def _ready() -> Any:
    w = build()
    w.approved = township_approved(w)  # type: ignore[attr-defined]  # the scenario carries it
    return w


def _accept(w: Any) -> None:
    from kaoping.web.assessment import acceptance

    acceptance.accept(w.units["C1"], "T2", PERIOD, w.approved.pk, w.users["county_leader"])


def _reopen(w: Any) -> None:
    from kaoping.web.core import services
    from kaoping.web.core.models import Report

    report = Report.objects.get(unit=w.units["V21"], period=PERIOD)
    services.reopen(report, w.users["township_leader"], "V21村实到人数录错")


def _state(w: Any) -> dict[str, Any]:
    from kaoping.web.assessment.models import (
        Assessment,
        TownshipAcceptance,
        TownshipAcceptanceEvent,
    )
    from kaoping.web.core.models import Report

    row = TownshipAcceptance.objects.filter(township=w.units["T2"], period=PERIOD).first()
    return {
        "acceptance": row.status if row else None,
        "accept_events": TownshipAcceptanceEvent.objects.filter(action="accept").count(),
        "v21": Report.objects.get(unit=w.units["V21"], period=PERIOD).status,
        "versions": sorted(
            [v, s]
            for v, s in Assessment.objects.filter(township=w.units["T2"]).values_list(
                "version", "status"
            )
        ),
    }


def _held(first: str, second: str, w: Any) -> dict[str, Any]:
    runs = {"accept": lambda: _accept(w), "reopen": lambda: _reopen(w)}
    out = race_scenarios.second_waits(first, second, runs)
    return {"out": out, "state": _state(w)}


def acceptance_held_then_reopen(w: Any) -> dict[str, Any]:
    return _held("accept", "reopen", w)


def reopen_held_then_acceptance(w: Any) -> dict[str, Any]:
    return _held("reopen", "accept", w)


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    return race_scenarios.runner(tmp_path, "tests.web_county.test_county_acceptance_race")


def test_a_reopening_that_arrives_during_the_acceptance_is_refused_and_changes_nothing(
    race: Any,
) -> None:
    result = race("acceptance_held_then_reopen")
    out = result["out"]
    assert out["second_waited"] == "True"
    assert out["accept"] == "done"
    assert out["reopen"] == (
        "refused: 西镇2026年第三季度的考评已经县级验收锁定，不能再解锁或更正；如需修改，请先由县里退回"
    )
    assert result["state"] == {
        "acceptance": "accepted",
        "accept_events": 1,
        "v21": "approved",
        "versions": [[1, "approved"]],
    }


def test_an_acceptance_that_arrives_during_a_reopening_is_refused_and_locks_nothing(
    race: Any,
) -> None:
    result = race("reopen_held_then_acceptance")
    out = result["out"]
    assert out["second_waited"] == "True"
    assert out["reopen"] == "done"
    assert out["accept"] == (
        "Refused: 西镇考评读取的报表在审定之后有变动，不能验收："
        "V21村 2026Q3：状态为“已退回”，不能随考评审定锁定"
    )
    assert result["state"] == {
        "acceptance": None,
        "accept_events": 0,
        "v21": "returned",
        "versions": [[1, "approved"], [2, "draft"]],
    }
