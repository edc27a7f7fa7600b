"""The county starting a correction of its approved 2026Q3 assessment while its
admin publishes that same version: both take the assessment's row lock first
(county.correct, county.transition), so whichever holds it first wins and the
other decides on what it left. A correction arriving during the publishing
corrects the published version; a publishing arriving during the correction is
refused, and no version being corrected is published.

On PostgreSQL in this process (row locks between threads); on SQLite in a child
process with a file database, as test_county_approval_reopen_race.py does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.web import race_scenarios

from .conftest import PERIOD, build, fill_entries

REASON = "西镇V21村实到人数应为100，误录为90"


def _ready() -> Any:
    from kaoping.web.assessment import county

    w = build()
    a = county.create(w.units["C1"], PERIOD, w.rubric, w.users["county_admin"])
    fill_entries(w, a)
    a = county.compute(a.pk, w.users["county_assessor"])
    w.approved = county.transition(  # type: ignore[attr-defined]
        a.pk, "approve", w.users["county_leader"], a.revision
    )
    return w


def _step(county: Any, name: str) -> tuple[str, Callable[..., Any]]:
    # Where each holds the row lock and has decided: correct names the new version,
    # publishing writes its step.
    return {"correct": ("correction_version", county.correction_version),
            "publish": ("_step_taken", county._step_taken)}[name]  # fmt: skip


@contextmanager
def _held(name: str, entered: threading.Event, release: threading.Event) -> Iterator[None]:
    from kaoping.web.assessment import county

    attr, real = _step(county, name)

    def holding(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == name:
            entered.set()
            assert release.wait(60), "never released"
        return real(*args, **kwargs)

    setattr(county, attr, holding)
    try:
        yield
    finally:
        setattr(county, attr, real)


def _race(first: str, second: str, w: Any) -> dict[str, Any]:
    from kaoping.web.assessment import county
    from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent
    from kaoping.web.assessment.refusals import Refused

    pk = w.approved.pk

    def correct() -> None:
        county.correct(pk, REASON, w.users["county_leader"])

    def publish() -> None:
        county.transition(pk, "publish", w.users["county_admin"])

    def wrapped(f: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                f()
            except Refused as refused:  # the county's, not the reports'
                raise RuntimeError(refused.message) from None

        return run

    runs = {"correct": wrapped(correct), "publish": wrapped(publish)}
    out = race_scenarios.second_waits(first, second, runs, _held)
    return {
        "out": out,
        "versions": list(
            CountyAssessment.objects.filter(county=w.units["C1"])
            .order_by("version")
            .values_list("version", "status")
        ),
        "events": sorted(
            CountyAssessmentEvent.objects.filter(action__in=["correct", "publish"]).values_list(
                "assessment__version", "action"
            )
        ),
    }


def correction_held_then_publish(w: Any) -> dict[str, Any]:
    return _race("correct", "publish", w)


def publish_held_then_correction(w: Any) -> dict[str, Any]:
    return _race("publish", "correct", w)


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    return race_scenarios.runner(tmp_path, "tests.web_county.test_county_correction_race")


def test_a_publishing_that_arrives_during_the_correction_is_refused(race: Any) -> None:
    result = race("correction_held_then_publish")
    assert result["out"] == {
        "second_waited": "True",
        "correct": "done",
        "publish": "RuntimeError: 第1版已有更正版本（第2版），不能再公布第1版",
    }
    assert [tuple(v) for v in result["versions"]] == [(1, "approved"), (2, "draft")]
    assert [tuple(e) for e in result["events"]] == [(1, "correct"), (2, "correct")]


def test_a_correction_that_arrives_during_the_publishing_corrects_the_published_version(
    race: Any,
) -> None:
    result = race("publish_held_then_correction")
    assert result["out"] == {"second_waited": "True", "publish": "done", "correct": "done"}
    assert [tuple(v) for v in result["versions"]] == [(1, "published"), (2, "draft")]
    assert [tuple(e) for e in result["events"]] == [(1, "correct"), (1, "publish"), (2, "correct")]
