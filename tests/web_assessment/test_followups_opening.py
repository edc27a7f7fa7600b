"""Follow-ups open when the joint meeting approves an assessment, once per
action, in the approval's transaction; a corrected version carries or
withdraws them instead of adding new ones."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Prepared, assessment_in, put_figures
from .followup_world import Q3_ITEMS, approved_q3, item, items, use_followup_rubric

pytestmark = pytest.mark.django_db


def test_approving_opens_one_item_per_follow_up_action_with_its_due_date(
    prepared: Prepared,
) -> None:
    a = approved_q3(prepared)
    assert items(prepared.world.t1) == Q3_ITEMS
    it = item(prepared)
    assert (it.assessment_id, it.version, it.state, it.effect) == (a.pk, 1, "open", "rectify")
    assert [(e.action, e.user.username) for e in it.events.all()] == [("open", "leader")]


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_an_assessment_not_yet_approved_opens_nothing(prepared: Prepared, status: str) -> None:
    use_followup_rubric(prepared)
    assessment_in(prepared, "2026Q3", status)
    assert items(prepared.world.t1) == []


def test_publishing_does_not_open_the_items_a_second_time(prepared: Prepared) -> None:
    use_followup_rubric(prepared)
    assessment_in(prepared, "2026Q3", "published")
    assert items(prepared.world.t1) == Q3_ITEMS


def test_a_refused_approval_opens_nothing(prepared: Prepared) -> None:
    from kaoping.web.assessment import services

    use_followup_rubric(prepared)
    a = assessment_in(prepared, "2026Q3", "submitted")
    # The assessor computed it, so four eyes refuse the assessor's approval.
    with pytest.raises(services.Refused):
        services.transition(a.pk, "approve", prepared.users["assessor"])
    assert items(prepared.world.t1) == []


def _corrected(prepared: Prepared, a: Any, figures: dict[str, tuple[int, ...]]) -> Any:
    from kaoping.web.assessment import services

    users = prepared.users
    new = services.correct(a.pk, "复核更正", users["admin"])
    put_figures(prepared.world, "2026Q3", figures)
    services.compute(new.pk, users["assessor"])
    services.transition(new.pk, "submit", users["assessor"])
    services.transition(new.pk, "approve", users["leader"])
    new.refresh_from_db()
    return new


def test_a_correction_that_asks_the_same_carries_the_items_onto_it_keeping_their_state(
    prepared: Prepared,
) -> None:
    from kaoping.web.assessment import rectifications

    a = approved_q3(prepared)
    rectifications.move(item(prepared).pk, "report", prepared.users["admin"], "已整改")
    new = _corrected(prepared, a, {"V2": (40, 37, 1)})  # V3 stays at the bottom
    assert items(prepared.world.t1) == Q3_ITEMS
    it = item(prepared)
    assert (it.assessment_id, it.version, it.state) == (new.pk, 2, "reported")
    assert [(e.action, e.note) for e in it.events.all()][-1] == ("carry", "第1版 → 第2版")


def test_a_correction_that_no_longer_asks_withdraws_the_open_items_and_opens_the_new_ones(
    prepared: Prepared,
) -> None:
    from kaoping.web.assessment.models import Rectification

    a = approved_q3(prepared)
    # 西村 without meeting records: 60 points, below 镇中社区's 70. Nobody is
    # 西村's secretary: the items for the role open with nobody named (shown 空缺).
    _corrected(prepared, a, {"V2": (40, 36, 0)})
    rows = sorted(
        (r.unit.code, r.kind, r.to, r.person, r.state, r.version)
        for r in Rectification.objects.select_related("unit")
    )
    assert rows == [
        ("V2", "召开分析会", "unit", "", "open", 2),
        ("V2", "整改", "secretary", "", "open", 2),
        ("V2", "整改", "unit", "", "open", 2),
        ("V2", "表态发言", "secretary", "", "open", 2),
        ("V3", "召开分析会", "unit", "", "superseded", 1),
        ("V3", "整改", "secretary", "李四", "superseded", 1),
        ("V3", "整改", "unit", "", "superseded", 1),
        ("V3", "表态发言", "secretary", "李四", "superseded", 1),
    ]
    withdrawn = Rectification.objects.get(unit=prepared.world.v3, kind="整改", to="secretary")
    assert [(e.action, e.note) for e in withdrawn.events.all()][-1] == (
        "supersede",
        "第2版不再要求此项",
    )
