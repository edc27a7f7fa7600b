"""The demo township's meetings of 2026: each quarter's first 镇级例会 (its agenda
drafted from the quarter before, the follow-ups it heard marked), the 党政联席会议
that approved 2026Q1–Q3 (linked to the approvals the assessment demo made), the
分析会 the 2026Q1 and 2026Q2 assessments asked for, and two 调度会.

Loaded by :func:`kaoping.web.demo.load_demo` after the assessment history; a demo
database without meetings gets them from :func:`kaoping.web.demo.reload_demo`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from kaoping.web.assessment.models import Assessment, Rectification
from kaoping.web.core.models import Unit

from . import services
from .models import Meeting

LEADERS = "刘建国 党委书记\n陈志华 镇长\n王秀英 分管副镇长\n李明 人口与家庭服务办主任"
#: (quarter approved, the joint meeting's day, the next quarter's first 例会)
QUARTERS = (
    ("2026Q1", date(2026, 4, 8), date(2026, 4, 13)),
    ("2026Q2", date(2026, 7, 8), date(2026, 7, 13)),
    ("2026Q3", date(2026, 10, 9), date(2026, 10, 12)),
)
ANALYSIS_DAYS = {"2026Q1": date(2026, 4, 22), "2026Q2": date(2026, 7, 21)}


def _data(kind: str, day: date, **fields: Any) -> services.MeetingData:
    return services.MeetingData(
        kind=kind, date=day, place=fields.pop("place", "镇政府三楼会议室"),
        chair=fields.pop("chair", "陈志华"), recorder="李明", **fields,
    )  # fmt: skip


def load_meetings_demo(township: Unit) -> bool:
    """Add the year's meetings once; False when the township has meetings already."""
    # The meetings speak of the assessment history: without it there is nothing to hold.
    if Meeting.objects.filter(township=township).exists() or not (
        Assessment.objects.filter(township=township).exists()
    ):
        return False
    admin = get_user_model().objects.filter(username="admin").first()
    with transaction.atomic():
        services.save_meeting(
            township,
            _data(
                "regular", date(2026, 1, 12), roles=["secretary", "liaison_cadre", "area_chief"],
                others=LEADERS, title="2026年第一季度第一次镇级例会",
                agenda="部署2026年度人口与家庭服务工作\n布置第一季度服务日安排",
                decisions="各村（居）1月20日前上报年度服务日计划",
            ),
            admin,
        )  # fmt: skip
        for period, joint_day, first_day in QUARTERS:
            _quarter(township, period, joint_day, first_day, admin)
        for day, title in (
            (date(2026, 5, 20), "服务日进度调度会"),
            (date(2026, 11, 18), "两癌筛查进度调度会"),
        ):
            services.save_meeting(
                township,
                _data(
                    "dispatch", day, roles=["service_worker", "area_chief"], title=title,
                    agenda="各片汇报进度\n研究落后村（居）的服务安排",
                    decisions="落后村（居）本月内补足服务日场次",
                ),
                admin,
            )  # fmt: skip
    return True


def _quarter(township: Unit, period: str, joint_day: date, first_day: date, admin: Any) -> None:
    joint = services.save_meeting(
        township,
        _data(
            "joint", joint_day, chair="刘建国", others=LEADERS,
            title=f"{period}考评党政联席会议", agenda=f"审定{period}考评结果和讲评兑现",
            decisions=f"同意{period}考评结果，按细则兑现奖惩",
        ),
        admin,
    )  # fmt: skip
    for a in Assessment.objects.filter(
        township=township, period=period, status__in=["approved", "published"]
    ):
        services.link_approval(joint.pk, township, a.pk, admin)
    quarter = services.quarter_of(first_day)
    draft = services.draft_agenda(township, quarter)
    regular = services.save_meeting(
        township,
        _data(
            "regular", first_day, roles=["secretary", "liaison_cadre", "area_chief"],
            others=LEADERS, title=f"{quarter}第一次镇级例会", agenda="\n".join(draft.lines),
            decisions="后三名村（居）按期召开分析会\n各责任人按期报告整改落实情况",
            handled=[i.pk for i in draft.follow_ups],
        ),
        admin,
    )  # fmt: skip
    # Someone is always away: the minutes show an absence with its reason.
    absent = regular.attendees.filter(person__isnull=False).order_by("position").last()
    if absent is not None:
        marks = {a.pk: (a.pk != absent.pk, "外出参加县级培训") for a in regular.attendees.all()}
        services.set_attendance(regular.pk, township, regular.revision, marks, admin)
    day = ANALYSIS_DAYS.get(period)
    if day is None:
        return
    asked = Rectification.objects.filter(
        township=township, period=period, effect="analysis_meeting"
    ).select_related("unit")
    for item in asked:
        services.save_meeting(
            township,
            _data(
                "analysis", day, units=[item.unit], chair="王秀英", place=f"{item.unit.name}村委会",
                roles=["secretary", "director", "service_worker", "resident_cadre", "liaison_cadre", "area_chief"],
                title=f"{item.unit.name}{period}考评分析会",
                agenda="对照考评细则逐项分析失分原因\n研究服务日通知和到位率的改进措施",
                decisions="服务日通知提前三天送达\n下季度服务日到位率达到85%以上",
                handled=[item.pk],
            ),
            admin,
        )  # fmt: skip
