"""A campaign with its own assessment in the assessment tests' world (conftest.py):
东风镇 grows to ten villages V1..V10, the 秋季服务活动 (2026-10-08..2026-11-30, so
in 2026Q4) allocates 20 to each and the villages did 20, 19, ... 11.

Hand-computed with CAMPAIGN_RUBRIC (rate done/allocated, full at 100%, one point
per percentage point below; top 3, bottom 2):

| unit | done/20 | rate | total | rank | group  | actions                     |
|------|---------|------|-------|------|--------|-----------------------------|
| V1   | 20      | 100% | 100   | 1    | top    | 通报表扬, 奖励 500          |
| V2   | 19      | 95%  | 95    | 2    | top    | 通报表扬, 奖励 300          |
| V3   | 18      | 90%  | 90    | 3    | top    | 通报表扬, 奖励 200          |
| V4   | 17      | 85%  | 85    | 4    |        |                             |
| V5   | 16      | 80%  | 80    | 5    |        |                             |
| V6   | 15      | 75%  | 75    | 6    |        |                             |
| V7   | 14      | 70%  | 70    | 7    |        |                             |
| V8   | 13      | 65%  | 65    | 8    |        |                             |
| V9   | 12      | 60%  | 60    | 9    | bottom | 通报批评, 罚款 100, 整改    |
| V10  | 11      | 55%  | 55    | 10   | bottom | 通报批评, 罚款 300, 整改    |

Awards 500+300+200 = 1000, fines 100+300 = 400 (by_rank: the first amount to
the worst of the bottom group).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .conftest import Prepared, prepare, put_figures

CAMPAIGN_RUBRIC = """\
kaoping: 1
name: 秋季服务活动考评细则
total: 100
elements:
  campaign_done: {label: 活动完成数, type: count}
  campaign_allocated: {label: 活动任务数, type: count}
items:
  - id: progress
    title: 任务完成率
    max: 100
    rules:
      - {rate: campaign_done / campaign_allocated, full_at: 1, points: 100, per_point_below: 1}
ranking: {order: desc, ties: shared, top: 3, bottom: 2, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
      - {kind: 奖励, to: [unit], amount: {by_rank: [500, 300, 200]}}
  - group: bottom
    streak: 1
    actions:
      - {kind: 通报批评, to: [unit]}
      - {kind: 罚款, to: [unit], amount: {by_rank: [300, 100]}}
      - {kind: 整改, to: [unit], due_days: 15}
"""

DONE = {f"V{i}": 21 - i for i in range(1, 11)}  # V1 20 ... V10 11


def prepare_campaign() -> Prepared:
    """The prepared world, ten villages with 2026Q4 figures, the campaign with its
    entries, and the campaign rubric saved as version 2; ``prepared.campaign``."""
    from kaoping.web.assessment.models import RubricVersion
    from kaoping.web.core.models import Unit
    from kaoping.web.planning.models import Allocation, AllocationShare, Campaign, CampaignEntry

    prepared = prepare()
    world = prepared.world
    units = {"V1": world.v1, "V2": world.v2, "V3": world.v3}
    for i in range(4, 11):
        units[f"V{i}"] = Unit.objects.create(
            code=f"V{i}", name=f"第{i}村", level=Unit.Level.VILLAGE, parent=world.t1
        )
    # The quarters' own figures for the new villages (each scores 100), so the
    # quarterly assessments can run beside the campaign's; 镇中社区 V3 stays last.
    extra = {f"V{i}": (10, 10, 1) for i in range(4, 11)}
    _put(world, units, "2026Q3", extra)
    _put(world, units, "2026Q4", extra)
    alloc = Allocation.objects.create(
        township=world.t1, period="2026Q4", title="秋季服务", total=200, weights={"population": "1"}
    )
    for unit in units.values():
        AllocationShare.objects.create(allocation=alloc, unit=unit, allocated=20, explanation="")
    campaign = Campaign.objects.create(
        township=world.t1,
        title="秋季服务活动",
        task="服务预约",
        start=date(2026, 10, 8),
        end=date(2026, 11, 30),
        allocation=alloc,
    )
    for code, done in DONE.items():
        # Two days' entries, so that the sum is what is read.
        first = done // 2
        CampaignEntry.objects.create(
            campaign=campaign, unit=units[code], day=date(2026, 10, 9), count=first
        )
        CampaignEntry.objects.create(
            campaign=campaign, unit=units[code], day=date(2026, 11, 20), count=done - first
        )
    # An entry after the campaign's end is not counted.
    CampaignEntry.objects.create(
        campaign=campaign, unit=units["V10"], day=date(2026, 12, 5), count=9
    )
    rv = RubricVersion.objects.create(
        township=world.t1, number=2, name="秋季服务活动考评细则", text=CAMPAIGN_RUBRIC
    )
    prepared.campaign = campaign  # type: ignore[attr-defined]
    prepared.campaign_rubric = rv  # type: ignore[attr-defined]
    prepared.units = units  # type: ignore[attr-defined]
    return prepared


def _put(world: Any, units: dict[str, Any], period: str, figures: dict[str, Any]) -> None:
    from kaoping.web.core.models import Figure, Report

    for code, values in figures.items():
        report, _ = Report.objects.get_or_create(
            dataset=world.ds, unit=units[code], period=period, defaults={"status": "approved"}
        )
        for element, value in zip(("invited", "attended", "records_ok"), values, strict=True):
            Figure.objects.update_or_create(
                report=report, element=element, defaults={"value": Decimal(value)}
            )


def campaign_assessment(prepared: Prepared, status: str = "draft") -> Any:
    """The campaign's assessment computed and moved to ``status`` through the services."""
    from kaoping.web.assessment import services

    users = prepared.users
    a = services.create_assessment(
        prepared.world.t1,
        "",
        prepared.campaign_rubric,  # type: ignore[attr-defined]
        users["assessor"],
        campaign=prepared.campaign,  # type: ignore[attr-defined]
    )
    services.compute(a.pk, users["assessor"])
    path = {
        "draft": [],
        "submitted": [("submit", "assessor")],
        "approved": [("submit", "assessor"), ("approve", "leader")],
        "published": [("submit", "assessor"), ("approve", "leader"), ("publish", "admin")],
    }[status]
    for action, who in path:
        services.transition(a.pk, action, users[who])
    a.refresh_from_db()
    return a


__all__ = ["CAMPAIGN_RUBRIC", "DONE", "campaign_assessment", "prepare_campaign", "put_figures"]
