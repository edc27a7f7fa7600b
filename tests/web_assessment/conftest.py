"""The web tests' world (tests/web/conftest.py) prepared for assessing: a small
rubric, people in roles, and two quarters of figures whose scores are computed
by hand below.

东风镇 (T1): 东村 V1 and 西村 V2 in 第一片 A1, and 镇中社区 V3 (moved into A1 here
so that the area chief answers for it too). Personas as in tests/web plus
``county``, a leader of the county (reads every township of it).

Hand-computed scores (rubric RUBRIC below):

| quarter | unit | invited/attended | rate  | attendance | records | other | total | rank |
|---------|------|------------------|-------|------------|---------|-------|-------|------|
| 2026Q3  | V1   | 40/40            | 100%  | 60         | 30      | 10    | 100   | 1 top |
| 2026Q3  | V2   | 40/36            | 90%   | 60-5*2=50  | 30      | 10    | 90    | 2    |
| 2026Q3  | V3   | 20/20            | 100%  | 60         | 0       | 10    | 70    | 3 bottom |
| 2026Q4  | V1   | 40/38            | 95%   | 60         | 30      | 10    | 100   | 1 top, streak 2 |
| 2026Q4  | V2   | 40/37            | 92.5% | 60-3*2=54  | 30      | 10    | 94    | 2    |
| 2026Q4  | V3   | 20/18            | 90%   | 60-5*2=50  | 0       | 10    | 60    | 3 bottom, streak 2 |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World, build_world

__all__ = ["PASSWORD", "RUBRIC", "Prepared", "prepare"]

RUBRIC = """\
kaoping: 1
name: 测试细则
total: 100
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  records_ok: {label: 例会记录规范, type: bool}
  births_unreported: {label: 出生信息漏报例数, type: count, default: 0}
checks:
  - {rule: attended <= invited, message: 实到人数不能大于应到人数}
items:
  - id: attendance
    title: 服务日到位率
    max: 60
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 60, per_point_below: 2, partial: ceil}
  - id: records
    title: 例会记录
    max: 30
    rules:
      - {check: records_ok, points: 30}
  - id: other
    title: 其他工作
    max: 10
    rules:
      - {manual: true}
adjustments:
  - {id: births_unreported, title: 出生信息漏报, per_case: births_unreported, deduct: 5}
ranking: {order: desc, ties: shared, top: 1, bottom: 1, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
      - {kind: 奖励, to: [service_worker], amount: 200}
  - group: bottom
    streak: 1
    actions:
      - {kind: 通报批评, to: [unit, secretary]}
  - group: bottom
    streak: 2
    actions:
      - {kind: 通报批评, to: [unit, secretary]}
      - {kind: 罚款, to: [secretary, area_chief], amount: 300}
      - {kind: 黄牌警告, to: [unit]}
      - {kind: 取消当年评优资格, effect: ineligible, to: [secretary]}
"""

FIGURES = {
    "2026Q3": {"V1": (40, 40, 1), "V2": (40, 36, 1), "V3": (20, 20, 0)},
    "2026Q4": {"V1": (40, 38, 1), "V2": (40, 37, 1), "V3": (20, 18, 0)},
}


@dataclass
class Prepared:
    world: World
    rubric: Any  # RubricVersion
    users: dict[str, Any]


def put_figures(world: World, period: str, figures: Mapping[str, tuple[int, ...]]) -> None:
    from kaoping.web.core.models import Figure, Report

    units = {"V1": world.v1, "V2": world.v2, "V3": world.v3}
    for code, values in figures.items():
        report, _ = Report.objects.get_or_create(
            dataset=world.ds, unit=units[code], period=period, defaults={"status": "approved"}
        )
        for element, value in zip(("invited", "attended", "records_ok"), values, strict=False):
            Figure.objects.update_or_create(
                report=report, element=element, defaults={"value": Decimal(value)}
            )


def prepare() -> Prepared:
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment.models import RubricVersion
    from kaoping.web.core.models import Membership, Person

    world = build_world()
    world.v3.parent = world.a1
    world.v3.save()
    people = [
        (world.v1, "service_worker", "张三", date(2025, 1, 1), None),
        (world.v3, "secretary", "李四", date(2024, 1, 1), date(2026, 11, 15)),
        (world.v3, "secretary", "王五", date(2026, 11, 16), None),
        (world.a1, "area_chief", "赵六", date(2024, 1, 1), None),
    ]
    for unit, role, name, start, end in people:
        Person.objects.create(unit=unit, role=role, name=name, start=start, end=end)
    for period, figures in FIGURES.items():
        put_figures(world, period, figures)
    county = get_user_model().objects.create_user(username="county", password=PASSWORD)
    Membership.objects.create(user=county, role="leader", unit=world.county)
    users = {**world.users, "county": county}
    rv = RubricVersion.objects.create(
        township=world.t1, number=1, name="测试细则", text=RUBRIC, note="测试"
    )
    return Prepared(world, rv, users)


@pytest.fixture
def prepared(db: Any) -> Prepared:
    return prepare()


@pytest.fixture
def login(client: Any, prepared: Prepared) -> Any:
    def as_(persona: str) -> Any:
        client.logout()
        if persona != "anonymous":
            client.force_login(prepared.users[persona])
        return client

    return as_


def assessment_in(prepared: Prepared, period: str, status: str = "draft") -> Any:
    """An assessment of the quarter computed and moved to ``status`` through the services."""
    from kaoping.web.assessment import services

    users = prepared.users
    a = services.create_assessment(prepared.world.t1, period, prepared.rubric, users["assessor"])
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
