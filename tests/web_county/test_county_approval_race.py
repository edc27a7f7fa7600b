"""Two county leaders approving the same assessment at once: the second waits on
the assessment's row lock, then finds it approved and is refused; one approval,
one audit row. On PostgreSQL (threads need a server that locks rows)."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent
from kaoping.web.assessment.refusals import Refused
from tests.web.race_scenarios import held_in_guard

from .conftest import PERIOD, build, fill_entries

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="row locks between threads: run with DATABASE_URL on PostgreSQL",
)


def test_two_leaders_approving_at_once_approve_once(transactional_db: Any, settings: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from kaoping.web.core.models import Membership

    w = build()
    second = get_user_model().objects.create_user(username="leader2", password="x")
    Membership.objects.create(user=second, role="leader", unit=w.units["C1"])
    a = county.create(w.units["C1"], PERIOD, w.rubric, w.users["county_admin"])
    fill_entries(w, a)
    a = county.compute(a.pk, w.users["county_assessor"])

    # The first holds inside the reports' gate, the assessment's row locked.
    entered, release = threading.Event(), threading.Event()
    out: dict[str, str] = {}

    def approve(name: str, user: Any) -> None:
        try:
            county.transition(a.pk, "approve", user, a.revision)
            out[name] = "done"
        except Refused as refused:
            out[name] = "refused: " + refused.message
        finally:
            connection.close()

    with held_in_guard("first", entered, release):
        first = threading.Thread(
            target=approve, args=("first", w.users["county_leader"]), name="first"
        )
        first.start()
        assert entered.wait(60)
        other = threading.Thread(target=approve, args=("second", second), name="second")
        other.start()
        other.join(1)
        assert other.is_alive()  # waiting on the row lock
        release.set()
        first.join(60)
        other.join(60)
    assert out["first"] == "done"
    assert out["second"].startswith("refused: 只有已计算的草稿可以审定")
    assert CountyAssessment.objects.get(pk=a.pk).status == "approved"
    assert CountyAssessmentEvent.objects.filter(assessment=a, action="approve").count() == 1
