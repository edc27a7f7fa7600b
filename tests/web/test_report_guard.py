"""Frozen means frozen: every change of a report passes one guard that re-reads
its status under the report's lock, in the transaction of the write.

The races run in this process on PostgreSQL. On SQLite they run in a child
process on a file database, as ``kaoping serve`` uses it: the suite's in-memory
SQLite shares one cache whose table locks fail at once instead of waiting, so a
race there would test SQLite's shared cache, not the guard.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.db import connection

from kaoping.web.core import services
from kaoping.web.core.models import FigureChange, Report, ReportEvent
from tests.web import race_scenarios


def approved(world: Any) -> Report:
    rep = race_scenarios.submitted_report(world, "2026Q3")
    services.approve(rep, world.users["leader"], version=rep.version)
    rep.refresh_from_db()
    assert rep.status == "approved"
    return rep


def _save(world: Any, rep: Report) -> None:
    services.save_figures(
        rep, {"invited": Decimal(99)}, user=world.users["admin"], path="form", base_version=1
    )


def _api_save(world: Any, rep: Report) -> None:
    services.save_figures(rep, {"invited": Decimal(99)}, user=world.users["admin"], path="api")


def _submit(world: Any, rep: Report) -> None:
    services.submit(rep, world.users["admin"])


def _return(world: Any, rep: Report) -> None:
    services.return_for_correction(rep, world.users["leader"], "再核对")


def _approve_again(world: Any, rep: Report) -> None:
    services.approve(rep, world.users["leader"], version=rep.version)


def _import(world: Any, rep: Report) -> None:
    frame = pl.DataFrame(
        {
            "unit": ["V1"],
            "period": ["2026Q3"],
            "invited": [Decimal(99)],
            "attended": [Decimal(38)],
            "records_ok": [Decimal(1)],
            "accuracy": [Decimal(1)],
        }
    )
    services.import_frame(
        world.ds, "2026Q3", frame, {"V1": world.v1}, user=world.users["admin"], path="import"
    )


@pytest.mark.parametrize(
    "change",
    [_save, _api_save, _submit, _return, _approve_again, _import],
    ids=["form save", "api save", "submit", "return", "approve again", "import"],
)
def test_no_path_changes_an_approved_report_even_past_the_page_check(
    world: Any, change: Any
) -> None:
    """The services are called as a request would that passed its page check
    before the approval: the guard alone must refuse."""
    rep = approved(world)
    audit, events = FigureChange.objects.count(), ReportEvent.objects.count()
    with pytest.raises(services.Refused, match="已审核锁定"):
        change(world, rep)
    rep.refresh_from_db()
    assert (rep.status, rep.version, rep.values()["invited"]) == ("approved", 1, Decimal(40))
    assert (FigureChange.objects.count(), ReportEvent.objects.count()) == (audit, events)


def test_django_admin_offers_no_way_to_edit_figures_or_status() -> None:
    from django.contrib import admin

    from kaoping.web.core.models import Figure

    for model in (Report, Figure, FigureChange, ReportEvent):
        assert not admin.site.is_registered(model), model


# --- races --------------------------------------------------------------------------


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path) -> Any:
    """Run a scenario of race_scenarios on this run's database."""

    def run(scenario: str, *args: int) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web.conftest:build_world",
                f"tests.web.race_scenarios:{scenario}",
                *args,
            )
        from tests.web.conftest import build_world

        result: dict[str, Any] = getattr(race_scenarios, scenario)(build_world(), *args)
        return result

    return run


def test_a_save_that_passed_its_page_check_before_an_approval_never_changes_the_approved_report(
    race: Any,
) -> None:
    result = race("approval_held_then_save")
    out, state = result["out"], result["state"]
    assert out["save_page_check"] == "True"  # the page said "editable"
    assert out["approve"] == "done"
    assert out["save"].startswith("refused: ") and "已审核锁定" in out["save"]
    assert state == {
        "status": "approved",
        "version": 1,
        "invited": "40",
        "changes_after_approval": 0,
    }


def test_an_approval_of_a_version_a_held_save_replaces_is_refused(race: Any) -> None:
    result = race("save_held_then_approval")
    out, state = result["out"], result["state"]
    assert out["save"] == "done"
    assert out["approve"].startswith("refused: ") and "第1版改为第2版" in out["approve"]
    assert (state["status"], state["version"], state["invited"]) == ("submitted", 2, "41")


def test_saves_racing_approvals_never_change_an_approved_report(race: Any) -> None:
    result = race("natural_races", 8)
    assert result["broken"] == 0, result
    assert sum(result["outcomes"].values()) == 8
    # Each trial has exactly one winner: the save (approval refused) or the
    # approval (save refused).
    assert set(result["outcomes"]) <= {"save done, approve refused", "save refused, approve done"}
