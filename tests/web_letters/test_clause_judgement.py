"""Figure clauses judged by the engine: a target of the targets file on the
village's indicator, a rubric item on the village's score in the approved
assessment; where the figures cannot say, the inspector judges with a note.

Hand-computed: 东村 (V1) records 20 invited, 17 attended: 85% against the shipped
target's 80% for every village (met); 西村 (V2) 20/15: 75% (not met). Rubric
scores: tests/web_assessment/conftest.py (2026Q4 attendance: V1 60 of 60, V2
54 of 60).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kaoping.web.letters import services

from .conftest import PDF


def _letter(w: Any, unit: Any, kind: str, **clause: Any) -> Any:
    letter = services.create_letter(w.t1, unit, title="服务活动", year=2026)
    services.add_clause(letter.pk, kind, "条款", None, **clause)
    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, None)
    return letter


@pytest.mark.parametrize(
    ("code", "attended", "met", "observed"),
    [
        ("V1", 17, True, "季度服务日见面率85.0%（要求>= 0.80）"),
        ("V2", 15, False, "季度服务日见面率75.0%（要求>= 0.80）"),
    ],
)
def test_a_target_clause_reads_the_villages_indicator(
    plans: Any, code: str, attended: int, met: bool, observed: str
) -> None:
    day = plans.days[code]
    day.invited, day.attended, day.declined = 20, attended, 0
    day.save()
    unit = {"V1": plans.world.v1, "V2": plans.world.v2}[code]
    letter = _letter(plans.world, unit, "target", target="service_day_attendance", period="2026Q2")
    judged = services.judge(letter.clauses.get(), letter, date(2026, 6, 30))
    assert judged is not None
    assert (judged.met, judged.observed) == (met, observed)


def test_an_unknown_target_leaves_the_clause_to_the_inspector(plans: Any) -> None:
    letter = _letter(plans.world, plans.world.v1, "target", target="nope", period="2026Q2")
    c = letter.clauses.get()
    judged = services.judge(c, letter, date(2026, 6, 30))
    assert judged == services.Judged(None, "目标文件中没有目标“nope”")
    with pytest.raises(services.Refused, match="第1条“条款”：请判断是否完成"):
        services.accept(letter.pk, date(2026, 6, 30), {}, None)
    services.accept(letter.pk, date(2026, 6, 30), {c.pk: (True, "看过台账")}, None)
    c.refresh_from_db()
    assert (c.met, c.observed, c.note) == (True, "目标文件中没有目标“nope”", "看过台账")


@pytest.fixture
def prepared(db: Any) -> Any:
    from tests.web_assessment.conftest import prepare

    return prepare()


@pytest.mark.parametrize(
    ("code", "met", "observed"),
    [
        ("V1", True, "服务日到位率得60分（满分60分）"),
        ("V2", False, "服务日到位率得54分（满分60分）"),
    ],
)
def test_a_rubric_clause_reads_the_approved_score(
    prepared: Any, code: str, met: bool, observed: str
) -> None:
    from tests.web_assessment.conftest import assessment_in

    w = prepared.world
    unit = {"V1": w.v1, "V2": w.v2}[code]
    letter = _letter(w, unit, "rubric", path="attendance", period="2026Q4")
    c = letter.clauses.get()
    assert services.judge(c, letter, date(2026, 12, 31)) == services.Judged(
        None, "2026Q4的考评尚未审定"
    )
    assessment_in(prepared, "2026Q4", "approved")
    assert services.judge(c, letter, date(2026, 12, 31)) == services.Judged(met, observed)
