"""Escalation as the job worker's periodic entry (kaoping.web.jobs.schedule): the
scheduled run escalates what ``escalate_overdue`` would, says it in a line, and a
second run of the same day (a second worker's or the next slot's) takes no step."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from .conftest import Prepared
from .followup_world import approved_q3

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese() -> Any:
    """The outcome is worded in the site's language; an English page requested by
    an earlier test must not leave English active here."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("when", "first", "again"),
    [
        # Due 2026-10-30/31: on 11-21 the four items are 21-22 days overdue and,
        # nobody being 包村干部, each goes to 片长 then 镇领导.
        (datetime(2026, 11, 21, 2, tzinfo=UTC), "升级8步（4项逾期事项）", "升级0步（0项逾期事项）"),
        # 11-10 (Beijing): 10-11 days overdue, one step each, to 片长.
        (datetime(2026, 11, 10, 2, tzinfo=UTC), "升级4步（4项逾期事项）", "升级0步（0项逾期事项）"),
        (datetime(2026, 11, 1, 2, tzinfo=UTC), "升级0步（0项逾期事项）", "升级0步（0项逾期事项）"),
    ],
)
def test_the_scheduled_escalation_climbs_once_and_says_how_far(
    prepared: Prepared, when: datetime, first: str, again: str
) -> None:
    from kaoping.web.assessment.escalations import scheduled_escalation
    from kaoping.web.assessment.models import Escalation

    approved_q3(prepared)
    assert scheduled_escalation(when) == first
    made = Escalation.objects.count()
    assert scheduled_escalation(when) == again
    assert Escalation.objects.count() == made


def test_two_slots_of_the_schedule_record_the_escalation_once(
    prepared: Prepared, settings: object
) -> None:
    from kaoping.web.assessment.models import Escalation
    from kaoping.web.jobs import schedule
    from kaoping.web.jobs.models import ScheduledRun

    approved_q3(prepared)
    at = datetime(2026, 11, 21, 2, tzinfo=UTC)
    schedule.tick(at, worker="w1")
    schedule.tick(at.replace(hour=3), worker="w2")
    runs = list(ScheduledRun.objects.filter(name="escalation").order_by("slot"))
    assert [(r.worker, r.message) for r in runs] == [
        ("w1", "升级8步（4项逾期事项）"),
        ("w2", "升级0步（0项逾期事项）"),
    ]
    assert Escalation.objects.count() == 8
