"""An escalation step's reason is said in the reader's language, from the facts the
step keeps (due date, days overdue, the schedule's days, the level, who was passed
over); a step recorded before those facts were kept gets them from its reason (the
migration), and one whose reason is not the engine's wording shows it as written.

The world (followup_world.py): 2026Q3 approved, 镇中社区 (V3) with no 包村干部; its
整改 of the secretary is due 2026-10-30; on 2026-11-06 it is 7 days overdue and
goes to the 片长 赵六 (7 days, the schedule's first), passing over the vacant
包村干部.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from .conftest import Prepared
from .followup_world import approved_q3, item

pytestmark = pytest.mark.django_db


def _step(prepared: Prepared) -> Any:
    from kaoping.web.assessment.escalations import escalate_overdue

    approved_q3(prepared)
    escalate_overdue(date(2026, 11, 6))
    return item(prepared, "整改", "secretary").escalations.get()


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("zh-hans", "期限2026-10-30，已逾期7天，满7天升级至片长。包村干部空缺，顺延。"),
        (
            "en",
            "Due 2026-10-30, 7 days overdue: at 7 days it goes up to Area chief. "
            "Liaison cadre: nobody holds it, passed over.",
        ),
    ],
)
def test_the_reason_is_worded_in_the_readers_language(
    prepared: Prepared, language: str, reason: str
) -> None:
    e = _step(prepared)
    assert (e.due, e.threshold, e.days_overdue) == (date(2026, 10, 30), 7, 7)
    with translation.override(language):
        assert e.reason_text() == reason


def test_in_chinese_it_is_what_the_engine_recorded(prepared: Prepared) -> None:
    e = _step(prepared)
    with translation.override("zh-hans"):
        assert e.reason_text() == e.reason


def test_a_vacant_top_level_says_nobody_holds_it_in_english(prepared: Prepared) -> None:
    e = _step(prepared)
    e.names, e.skipped, e.role = "", "", "leader"
    with translation.override("en"):
        assert e.reason_text() == (
            "Due 2026-10-30, 7 days overdue: at 7 days it goes up to Township leader. "
            "Township leader: nobody holds it; who answers for it is to be settled."
        )


def test_a_step_recorded_before_the_facts_were_kept_gets_them_from_its_reason(
    prepared: Prepared,
) -> None:
    from importlib import import_module

    from kaoping.web.assessment.models import Escalation

    e = _step(prepared)
    old = "期限2026-10-30，已逾期7天，满7天升级至片长；包村干部空缺，顺延。"
    Escalation.objects.filter(pk=e.pk).update(due=None, threshold=None, reason=old)
    e.refresh_from_db()
    with translation.override("en"):
        assert e.reason_text() == old  # no facts: the words as recorded
    migration = import_module("kaoping.web.assessment.migrations.0010_escalation_facts")
    migration.facts_from_reasons(apps, None)
    e.refresh_from_db()
    assert (e.due, e.threshold) == (date(2026, 10, 30), 7)
    with translation.override("en"):
        assert e.reason_text().startswith("Due 2026-10-30, 7 days overdue: at 7 days")


def test_a_reason_in_other_words_is_left_as_it_is(prepared: Prepared) -> None:
    from importlib import import_module

    from kaoping.web.assessment.models import Escalation

    e = _step(prepared)
    Escalation.objects.filter(pk=e.pk).update(due=None, threshold=None, reason="手工升级")
    import_module("kaoping.web.assessment.migrations.0010_escalation_facts").facts_from_reasons(
        apps, None
    )
    e.refresh_from_db()
    assert (e.due, e.threshold) == (None, None)
    with translation.override("en"):
        assert e.reason_text() == "手工升级"
