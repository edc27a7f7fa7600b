"""Two escalation runs at once over a dispatch's 限期赶上: the first run is held
after its first conditional UPDATE, inside its transaction, while the second runs;
between them the item reaches each level once, with one record per step.

The item: 第一片's catch-up due 2026-05-06, run on 2026-05-27 (21 days overdue,
schedule 7/14/21): the area has no 包村干部, so 片长 林片长 (level 2) and then the
township's leader (level 3), two steps in all.

Run in this process on PostgreSQL and in a child process on a file SQLite
database (as tests/web_assessment/test_escalation_race.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios
from tests.web_planning.races import first_then_second


def _ready() -> Any:
    from kaoping.web.dispatch.models import CatchUp
    from tests.web.conftest import build_world

    from .conftest import build_dispatch

    d = build_dispatch(build_world())
    CatchUp.objects.create(
        campaign=d.campaign, area=d.area, day=date(2026, 5, 3), due=date(2026, 5, 6),
        reason="完成率30.0%，进度40.0%，落后10.0个百分点",
    )  # fmt: skip
    return d


def two_runs(_: Any) -> dict[str, Any]:
    from kaoping.web.assessment import escalations
    from kaoping.web.assessment.models import Escalation
    from kaoping.web.dispatch.models import CatchUp

    made: dict[str, int] = {}

    def run(name: str) -> str:
        made[name] = len(escalations.escalate_overdue(date(2026, 5, 27)))
        return "done"

    # The first run held after its first guarded write, inside its transaction.
    out = first_then_second(
        escalations, "_written", ("first", lambda: run("first")), ("second", lambda: run("second"))
    )
    out.pop("second_waited")  # either way the second must not repeat a step
    return {
        "out": out,
        "made": made["first"] + made["second"],
        "steps": sorted(
            [e.level, e.role, e.names] for e in Escalation.objects.filter(catch_up__isnull=False)
        ),
        "levels": list(CatchUp.objects.values_list("level", flat=True)),
    }


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_dispatch.test_catch_up_escalation_race:_ready",
                f"tests.web_dispatch.test_catch_up_escalation_race:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


def test_two_runs_at_once_escalate_a_catch_up_once_per_level(race: Any) -> None:
    result = race("two_runs")
    assert result["out"] == {"first": "done", "second": "done"}
    assert result["steps"] == [[2, "area_chief", "林片长"], [3, "leader", "leader"]]
    assert result["made"] == 2
    assert result["levels"] == [3]
