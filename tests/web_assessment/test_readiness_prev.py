"""Readiness (the figures a quarter needs before it is assessed) with checks that
read the quarter before through prev() (RUBRIC.md §5.2)."""

from __future__ import annotations

from .conftest import Prepared


def test_readiness_checks_prev_against_the_quarter_before(prepared: Prepared) -> None:
    # RUBRIC.md §5.2: 2026Q4's prev(attended) is 2026Q3's figure (40, 36, 20), not the
    # default 0, so no unit of 2026Q4 breaks the check; a broken one is still named.
    from kaoping.engine import parse_rubric
    from kaoping.web.assessment import services

    text = prepared.rubric.text.replace(
        "attended: {label: 实到人数, type: count}",
        "attended: {label: 实到人数, type: count, default: 0}",
    ).replace(
        "checks:\n", "checks:\n  - {rule: prev(attended) >= LIMIT, message: 上季度实到人数过少}\n"
    )
    town = prepared.world.t1
    assert services.readiness(town, parse_rubric(text.replace("LIMIT", "20")), "2026Q4") == []
    broken = services.readiness(town, parse_rubric(text.replace("LIMIT", "30")), "2026Q4")
    assert [(p.unit, p.message) for p in broken] == [("V3", "上季度实到人数过少")]
