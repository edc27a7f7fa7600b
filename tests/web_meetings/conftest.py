"""The assessing world of tests/web_assessment (东风镇 T1: 东村 V1 and 西村 V2 in
第一片 A1 with 镇中社区 V3; people in roles; two quarters of figures), with the
follow-up rubric: in 2026Q3 镇中社区 is the bottom unit and its secretary 李四 is
asked for a 整改 (due_days 30), a 表态发言 (at: next_quarter_first_meeting) and
the village for a 分析会.

People on duty (tests/web_assessment/conftest.py): 东村 专干 张三 from 2025-01-01;
镇中社区 书记 李四 until 2026-11-15, then 王五; 第一片 片长 赵六.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.web_assessment.conftest import (  # noqa: F401  (fixtures)
    Prepared,
    assessment_in,
    login,
    prepared,
)
from tests.web_assessment.followup_world import approved_q3, use_followup_rubric

__all__ = ["Prepared", "approved_q3", "assessment_in", "meeting", "use_followup_rubric"]


def meeting(
    p: Prepared,
    kind: str = "regular",
    day: date = date(2026, 10, 12),
    roles: tuple[str, ...] = ("secretary", "service_worker", "area_chief"),
    units: tuple[Any, ...] = (),
    **fields: Any,
) -> Any:
    from kaoping.web.meetings.services import MeetingData, save_meeting

    data = MeetingData(kind=kind, date=day, roles=list(roles), units=list(units), **fields)
    return save_meeting(p.world.t1, data, p.users["admin"])
