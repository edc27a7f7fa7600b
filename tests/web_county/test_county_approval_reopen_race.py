"""The county approving its assessment while 西镇 reopens one of the village
reports it read: both go through the reports' one gate (core.services.guarded),
so whichever holds the report's lock first wins and the other is refused. An
approved county assessment never reads a reopened report; a reopened report
never sits under an approved county assessment.

On PostgreSQL in this process (row locks between threads); on SQLite in a child
process with a file database (the second writer waits at BEGIN IMMEDIATE), as
test_county_acceptance_race.py does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web import race_scenarios

from .conftest import PERIOD, build, fill_entries


def _ready() -> Any:
    from kaoping.web.assessment import county

    w = build()
    a = county.create(w.units["C1"], PERIOD, w.rubric, w.users["county_admin"])
    fill_entries(w, a)
    w.computed = county.compute(a.pk, w.users["county_assessor"])  # type: ignore[attr-defined]
    return w


def _approve(w: Any) -> None:
    from kaoping.web.assessment import county

    a = w.computed
    county.transition(a.pk, "approve", w.users["county_leader"], a.revision)


def _reopen(w: Any) -> None:
    from kaoping.web.core import services
    from kaoping.web.core.models import Report

    report = Report.objects.get(unit=w.units["V21"], period=PERIOD)
    services.reopen(report, w.users["township_leader"], "V21村实到人数录错")


def _state(w: Any) -> dict[str, Any]:
    from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent
    from kaoping.web.core.models import Report, ReportEvent

    report = Report.objects.get(unit=w.units["V21"], period=PERIOD)
    return {
        "county": CountyAssessment.objects.get(pk=w.computed.pk).status,
        "approve_events": CountyAssessmentEvent.objects.filter(action="approve").count(),
        "v21": report.status,
        "reopen_events": ReportEvent.objects.filter(report=report, action="reopen").count(),
    }


def _held(first: str, second: str, w: Any) -> dict[str, Any]:
    runs = {"approve": lambda: _approve(w), "reopen": lambda: _reopen(w)}
    out = race_scenarios.second_waits(first, second, runs)
    return {"out": out, "state": _state(w)}


def approval_held_then_reopen(w: Any) -> dict[str, Any]:
    return _held("approve", "reopen", w)


def reopen_held_then_approval(w: Any) -> dict[str, Any]:
    return _held("reopen", "approve", w)


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    return race_scenarios.runner(tmp_path, "tests.web_county.test_county_approval_reopen_race")


def test_a_reopening_that_arrives_during_the_county_approval_is_refused(race: Any) -> None:
    result = race("approval_held_then_reopen")
    out = result["out"]
    assert out["second_waited"] == "True"
    assert out["approve"] == "done"
    assert out["reopen"] == (
        "refused: 示范县2026Q3的考评已审定，读取了V21村 2026Q3的报表，不能再解锁更正；"
        "如确需修改，请联系示范县建立该考评的更正版本，更正版本建立后即可解锁更正"
    )
    assert result["state"] == {
        "county": "approved",
        "approve_events": 1,
        "v21": "approved",
        "reopen_events": 0,
    }


def test_a_county_approval_that_arrives_during_a_reopening_is_refused(race: Any) -> None:
    result = race("reopen_held_then_approval")
    out = result["out"]
    assert out["second_waited"] == "True"
    assert out["reopen"] == "done"
    assert out["approve"] == (
        "Refused: 以下1份村（社区）报表尚未经乡镇审核锁定，不能审定：西镇V21村 2026Q3（已退回）。"
        "请乡镇先审核锁定，再审定本考评"
    )
    assert result["state"] == {
        "county": "draft",
        "approve_events": 0,
        "v21": "returned",
        "reopen_events": 1,
    }
