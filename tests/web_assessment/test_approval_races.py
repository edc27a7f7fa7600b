"""An assessment's approval racing a save of a report it read: the approval
locks the reports through the same guard as every save, so either the save
lands first and the approval is refused (the report changed since computing),
or the approval lands first and the save is refused. Never both.

Run in this process on PostgreSQL and in a child process on a file SQLite
database (see tests/web/test_report_guard.py for why).
"""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios
from tests.web.race_scenarios import _run, held_in_guard


def _ready() -> Any:
    """The prepared world with 2026Q4 submitted by the villages and its
    assessment computed and submitted by the assessor."""
    from kaoping.web.core.models import Report

    from .conftest import assessment_in, prepare

    prepared = prepare()
    Report.objects.filter(period="2026Q4").update(status="submitted")
    prepared.assessment = assessment_in(prepared, "2026Q4", "submitted")  # type: ignore[attr-defined]  # the scenario carries its assessment
    return prepared


def _state(prepared: Any) -> dict[str, Any]:
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.core import services
    from kaoping.web.core.models import Report

    rep = Report.objects.get(unit=prepared.world.v2, period="2026Q4")
    return {
        "assessment": Assessment.objects.get(pk=prepared.assessment.pk).status,
        "report": rep.status,
        "version": rep.version,
        "attended": services.show(rep.values()["attended"]),
    }


def _save(prepared: Any, out: dict[str, str], checked: threading.Event | None = None) -> None:
    from kaoping.web.core import services
    from kaoping.web.core.access import report_access
    from kaoping.web.core.models import Report

    assessor = prepared.users["assessor"]
    page = Report.objects.get(unit=prepared.world.v2, period="2026Q4")
    out["save_page_check"] = str(report_access(assessor, page).edit)
    if checked is not None:
        checked.set()
    services.save_figures(
        page, {"attended": Decimal(35)}, user=assessor, path="form", base_version=page.version
    )


def _approve(prepared: Any) -> None:
    from kaoping.web.assessment import services

    a = prepared.assessment
    services.transition(a.pk, "approve", prepared.users["leader"], revision=a.revision)


def approval_held_then_save(prepared: Any) -> dict[str, Any]:
    entered, release, checked = threading.Event(), threading.Event(), threading.Event()
    out: dict[str, str] = {}
    with held_in_guard("approve", entered, release):
        approver = _run("approve", lambda: _approve(prepared), out)
        assert entered.wait(60)
        saver = _run("save", lambda: _save(prepared, out, checked), out)
        assert checked.wait(60)
        saver.join(0.5)  # let the save reach the lock; either way it must lose
        release.set()
        approver.join(60)
        saver.join(60)
    return {"out": out, "state": _state(prepared)}


def save_held_then_approval(prepared: Any) -> dict[str, Any]:
    entered, release = threading.Event(), threading.Event()
    out: dict[str, str] = {}
    with held_in_guard("save", entered, release):
        saver = _run("save", lambda: _save(prepared, out), out)
        assert entered.wait(60)
        approver = _run("approve", lambda: _approve(prepared), out)
        approver.join(0.5)
        release.set()
        saver.join(60)
        approver.join(60)
    return {"out": out, "state": _state(prepared)}


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_assessment.test_approval_races:_ready",
                f"tests.web_assessment.test_approval_races:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_a_save_arriving_during_an_assessments_approval_never_changes_a_locked_report(
    race: Any,
) -> None:
    result = race("approval_held_then_save")
    out = result["out"]
    assert out["save_page_check"] == "True"
    assert out["approve"] == "done"
    assert out["save"].startswith("refused: ") and "已审核锁定" in out["save"]
    assert result["state"] == {
        "assessment": "approved",
        "report": "approved",
        "version": 0,
        "attended": "37",
    }


def test_an_assessment_approval_waiting_on_a_save_is_refused_when_the_save_changes_its_figures(
    race: Any,
) -> None:
    result = race("save_held_then_approval")
    out = result["out"]
    assert (out["save_page_check"], out["save"]) == ("True", "done")
    # The assessment's own refusal (services.Refused), naming the changed report.
    assert out["approve"].startswith("Refused: ")
    assert "西村 2026Q4：数据已从第0版改为第1版" in out["approve"]
    assert result["state"] == {
        "assessment": "submitted",
        "report": "submitted",
        "version": 1,
        "attended": "35",
    }
