"""Two leaders approving a campaign's assessment at once, through the same guarded
approval as the quarter's: the first holds the lock on the assessment (and, in the
report guard, on the reports it read), the second waits, then finds it approved
and is refused. One approval, one set of follow-ups.

Run in this process on PostgreSQL and in a child process on a file SQLite database
(see tests/web/test_report_guard.py for why).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios
from tests.web.race_scenarios import _run, held_in_guard


def _ready() -> Any:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership

    from .campaign_world import campaign_assessment, prepare_campaign

    prepared = prepare_campaign()
    second = get_user_model().objects.create_user(username="leader2", password="x")
    Membership.objects.create(user=second, role="leader", unit=prepared.world.t1)
    prepared.users["leader2"] = second
    prepared.assessment = campaign_assessment(prepared, "submitted")  # type: ignore[attr-defined]
    return prepared


def _approve(prepared: Any, who: str) -> None:
    from kaoping.web.assessment import services

    a = prepared.assessment
    services.transition(a.pk, "approve", prepared.users[who], revision=a.revision)


def two_approvals(prepared: Any) -> dict[str, Any]:
    from kaoping.web.assessment.models import Assessment, AssessmentEvent, Rectification

    entered, release = threading.Event(), threading.Event()
    out: dict[str, str] = {}
    # The first approval stops inside the report guard, holding its locks.
    with held_in_guard("first", entered, release):
        first = _run("first", lambda: _approve(prepared, "leader"), out)
        assert entered.wait(60)
        second = _run("second", lambda: _approve(prepared, "leader2"), out)
        second.join(0.5)  # let it reach the lock; it must lose either way
        release.set()
        first.join(60)
        second.join(60)
    a = Assessment.objects.get(pk=prepared.assessment.pk)
    return {
        "out": out,
        "status": a.status,
        "approvals": AssessmentEvent.objects.filter(assessment=a, action="approve").count(),
        "followups": Rectification.objects.filter(assessment=a).count(),
    }


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_assessment.test_campaign_approval_race:_ready",
                f"tests.web_assessment.test_campaign_approval_race:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_two_leaders_approving_a_campaigns_assessment_at_once_approve_it_once(race: Any) -> None:
    result = race("two_approvals")
    out = result["out"]
    assert out["first"] == "done"
    # The assessment's own refusal (services.Refused), after waiting for the lock.
    assert out["second"].startswith("Refused: ") or out["second"].startswith("refused: ")
    assert "已审定，不能再次审定" in out["second"]
    assert (result["status"], result["approvals"], result["followups"]) == ("approved", 1, 2)
