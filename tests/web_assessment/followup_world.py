"""The assessing world (conftest.py) with a rubric whose bottom group is asked
for follow-ups, and 2026Q3 approved through the services.

In 2026Q3 镇中社区 (V3) is the bottom unit (70 points); its secretary on the
quarter's last day (2026-09-30) is 李四. Due dates by RUBRIC.md §5.1:
due_days 30 → 2026-10-30; at next_quarter_first_meeting with no meeting recorded,
and no due key at all → the last day of the next quarter's first month, 2026-10-31.
"""

from __future__ import annotations

from typing import Any

from .conftest import RUBRIC, Prepared, assessment_in

FOLLOWUP_ACTIONS = """\
      - {kind: 整改, to: [unit, secretary], due_days: 30}
      - {kind: 表态发言, to: [secretary], at: next_quarter_first_meeting}
      - {kind: 召开分析会, to: [unit]}
"""

_BOTTOM_1 = "      - {kind: 通报批评, to: [unit, secretary]}\n  - group: bottom\n    streak: 2\n"
assert RUBRIC.count(_BOTTOM_1) == 1
FOLLOWUP_RUBRIC = RUBRIC.replace(
    _BOTTOM_1,
    "      - {kind: 通报批评, to: [unit, secretary]}\n"
    + FOLLOWUP_ACTIONS
    + "  - group: bottom\n    streak: 2\n",
)

#: (unit, kind, to, person, due) of every item 2026Q3's approval opens, by hand.
Q3_ITEMS = [
    ("V3", "召开分析会", "unit", "", "2026-10-31"),
    ("V3", "整改", "secretary", "李四", "2026-10-30"),
    ("V3", "整改", "unit", "", "2026-10-30"),
    ("V3", "表态发言", "secretary", "李四", "2026-10-31"),
]


def use_followup_rubric(prepared: Prepared) -> None:
    prepared.rubric.text = FOLLOWUP_RUBRIC
    prepared.rubric.save(update_fields=["text"])


def approved_q3(prepared: Prepared) -> Any:
    use_followup_rubric(prepared)
    return assessment_in(prepared, "2026Q3", "approved")


def items(township: Any) -> list[tuple[str, str, str, str, str]]:
    from kaoping.web.assessment.models import Rectification

    return sorted(
        (r.unit.code, r.kind, r.to, r.person, r.due.isoformat())
        for r in Rectification.objects.filter(township=township).select_related("unit")
    )


def item(prepared: Prepared, kind: str = "整改", to: str = "secretary") -> Any:
    from kaoping.web.assessment.models import Rectification

    return Rectification.objects.get(unit=prepared.world.v3, kind=kind, to=to)


#: With 东村 (V1) at 40/36 and no meeting records it has 50 + 0 + 10 = 60 points
#: in 2026Q3, below 镇中社区's 70: the follow-ups fall on the village whose
#: reporter is a persona. Nobody is V1's secretary, so the role's items name nobody.
V1_ITEMS = [
    ("V1", "召开分析会", "unit", "", "2026-10-31"),
    ("V1", "整改", "secretary", "", "2026-10-30"),
    ("V1", "整改", "unit", "", "2026-10-30"),
    ("V1", "表态发言", "secretary", "", "2026-10-31"),
]


def approved_q3_v1_bottom(prepared: Prepared) -> Any:
    from .conftest import put_figures

    put_figures(prepared.world, "2026Q3", {"V1": (40, 36, 0)})
    return approved_q3(prepared)


def v1_item(kind: str = "整改", to: str = "unit") -> Any:
    from kaoping.web.assessment.models import Rectification

    return Rectification.objects.get(unit__code="V1", kind=kind, to=to)
