"""A rubric awards on a letter's result (RUBRIC.md §5.1 ``condition``): the
assessment of the quarter holding the acceptance date reads ``letter_met``.

World and hand-computed scores: tests/web_assessment/conftest.py (2026Q4: V1
100 top, V2 94, V3 60 bottom). Letters accepted on 2026-11-20: V2's every
clause met, V3's one of two; V1 has none.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.web_assessment.conftest import RUBRIC, assessment_in, prepare

from .conftest import PDF

AWARD = """\
  - condition: letter_met == 1
    actions:
      - {kind: 目标责任书奖励, effect: award, to: [unit], amount: 500}
  - condition: letter_clauses_met >= 1
    actions:
      - {kind: 责任书条款奖励, effect: award, to: [unit], amount: {per: letter_clauses_met, each: 50}}
"""
ELEMENTS = """\
  letter_met: {label: 目标责任书全部完成, type: bool, default: 0}
  letter_clauses_met: {label: 责任书完成条款数, type: count, default: 0}
"""


@pytest.fixture
def prepared(db: Any) -> Any:
    p = prepare()
    text = RUBRIC.replace("elements:\n", "elements:\n" + ELEMENTS, 1) + AWARD
    p.rubric.text = text
    p.rubric.save()
    return p


def _letter(p: Any, unit: Any, verdicts: list[bool]) -> None:
    from kaoping.web.letters import services

    w = p.world
    letter = services.create_letter(w.t1, unit, title="秋季服务活动", year=2026)
    for i, _v in enumerate(verdicts):
        services.add_clause(letter.pk, "commitment", f"承诺{i + 1}", None)
    services.sign(letter.pk, date(2026, 10, 8), "s.pdf", PDF, None)
    clauses = list(letter.clauses.all())
    services.accept(
        letter.pk,
        date(2026, 11, 20),
        {c.pk: (v, "现场查看") for c, v in zip(clauses, verdicts, strict=True)},
        None,
    )


def _awards(a: Any) -> dict[str, list[tuple[str, str | None]]]:
    return {
        u["unit"]: [(x["kind"], x["amount"]) for x in u["actions"] if x["effect"] == "award"
                    and "责任书" in x["kind"]]
        for u in a.results["units"]
    }  # fmt: skip


def test_a_rubric_awards_the_villages_that_met_their_letters(prepared: Any) -> None:
    w = prepared.world
    _letter(prepared, w.v2, [True, True])
    _letter(prepared, w.v3, [True, False])
    a = assessment_in(prepared, "2026Q4")
    assert _awards(a) == {
        "V1": [],
        "V2": [("目标责任书奖励", "500"), ("责任书条款奖励", "100")],
        "V3": [("责任书条款奖励", "50")],
    }


def test_a_letter_accepted_in_another_quarter_does_not_count(prepared: Any) -> None:
    _letter(prepared, prepared.world.v2, [True, True])
    a = assessment_in(prepared, "2026Q3")
    assert _awards(a) == {"V1": [], "V2": [], "V3": []}
