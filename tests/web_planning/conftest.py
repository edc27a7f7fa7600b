"""The web tests' world and personas (tests/web/conftest.py), with planning
objects in both townships: a service day in V1, V2 and W1, base figures, an
allocation and a campaign per township, and an issued reminder per village.

Personas: T1's admin, assessor and leader; V1's reporter; V2's reporter
(reporter2); T2's admin (outsider).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World, build_world

__all__ = [
    "PASSWORD",
    "Plans",
    "World",
    "build_plans",
    "build_world",
    "spare_allocation",
]

DAY = date(2026, 5, 20)


@dataclass
class Plans:
    world: World
    days: dict[str, Any]  # unit code -> ServiceDay
    allocations: dict[str, Any]  # township code -> Allocation
    campaigns: dict[str, Any]  # township code -> Campaign
    reminders: dict[str, Any]  # unit code -> Reminder


def build_plans(world: World) -> Plans:
    from kaoping.web.planning.models import (
        Allocation,
        AllocationShare,
        BaseFigure,
        Campaign,
        Reminder,
        ServiceDay,
    )

    days, allocations, campaigns, reminders = {}, {}, {}, {}
    for i, unit in enumerate([world.v1, world.v2, world.w1]):
        days[unit.code] = ServiceDay.objects.create(
            township=unit.township,
            unit=unit,
            period="2026Q2",
            day=DAY,
            start=time(9 + 2 * i, 0),
            end=time(10 + 2 * i, 0),
            place=f"{unit.name}活动室",
            services="两癌筛查、产后访视",
            staff=f"{unit.code}专干",
            notice_on=date(2026, 5, 15),
        )
        BaseFigure.objects.create(unit=unit, name="population", value=Decimal(1000 * (i + 1)))
        reminders[unit.code] = Reminder.objects.create(
            township=unit.township,
            unit=unit,
            period="2026Q2",
            number=f"2026Q2-{unit.code}-01",
            kind="late_report",
            key="late:q",
            to_roles="service_worker,director",
            to_names="专干，主任",
            subject="关于报表逾期未报的提醒",
            text=f"{unit.name}：请尽快报送。",
            signed_by="镇人口与家庭服务工作领导小组",
            issued_on=date(2026, 7, 10),
        )
    BaseFigure.objects.create(unit=world.v3, name="population", value=Decimal(500))
    for township, units in ((world.t1, [world.v1, world.v2, world.v3]), (world.t2, [world.w1])):
        alloc = Allocation.objects.create(
            township=township,
            period="2026Q2",
            title="两癌筛查预约名额",
            total=10 * len(units),
            weights={"population": "1"},
            floor=0,
        )
        for u in units:
            AllocationShare.objects.create(allocation=alloc, unit=u, allocated=10, explanation="")
        allocations[township.code] = alloc
        campaigns[township.code] = Campaign.objects.create(
            township=township,
            title="筛查预约专项活动",
            task="两癌筛查预约",
            start=date(2026, 5, 1),
            end=date(2026, 5, 10),
            allocation=alloc,
        )
    return Plans(world, days, allocations, campaigns, reminders)


def spare_allocation(plans: Plans) -> Any:
    """A second allocation of 东风镇, 产后访视任务 (V1 2, V2 4), that no campaign uses."""
    from kaoping.web.planning.models import Allocation, AllocationShare

    w = plans.world
    alloc = Allocation.objects.create(
        township=w.t1, period="2026Q3", title="产后访视任务", total=6, weights={"population": "1"}
    )
    for u, n in ((w.v1, 2), (w.v2, 4)):
        AllocationShare.objects.create(allocation=alloc, unit=u, allocated=n, explanation="")
    return alloc


@pytest.fixture
def plans(world: World) -> Plans:
    return build_plans(world)


@pytest.fixture
def race(request: Any, transactional_db: Any, tmp_path: Any, settings: Any) -> Any:
    """``race("scenario")``: the test module's scenario (tests/web_planning/races.py)
    on a fresh world, in this process on PostgreSQL, in a child on a SQLite file."""
    from django.db import connection

    from tests.web import race_scenarios

    from .races import ready

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    module = request.module

    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path, "tests.web_planning.races:ready", f"{module.__name__}:{scenario}"
            )
        result: dict[str, Any] = getattr(module, scenario)(ready())
        return result

    return run
