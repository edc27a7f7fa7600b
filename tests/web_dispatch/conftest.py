"""The planning tests' world (tests/web_planning/conftest.py) with a dispatch:
T1's campaign runs 2026-05-01..05-10 (10 days) with V1 30 and V2 10 in work area
A1 (40), V3 10 outside every area. Personas besides the web tests' ones: ``chief``
(the reporter account bound to A1, its 片长), ``member`` (a work-group member's
account for A1) and ``chief2`` (bound to A2, an area with no village of ours).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, World
from tests.web_planning.conftest import Plans, build_plans, build_world

__all__ = ["PASSWORD", "Dispatch", "World", "build_world"]


@dataclass
class Dispatch:
    plans: Plans
    campaign: Any
    area: Any
    area2: Any
    group: Any
    users: dict[str, Any]


def build_dispatch(world: World) -> Dispatch:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership, Person, Unit
    from kaoping.web.dispatch.models import WorkGroup, WorkGroupMember

    plans = build_plans(world)
    c = plans.campaigns["T1"]
    c.allocation.shares.filter(unit=world.v1).update(allocated=30)
    area2 = Unit.objects.create(code="A2", name="第二片", level=Unit.Level.AREA, parent=world.t1)
    User = get_user_model()
    users = dict(world.users)
    for name, unit in (("chief", world.a1), ("member", world.v1), ("chief2", area2)):
        u = User.objects.create_user(username=name, password=PASSWORD)
        Membership.objects.create(user=u, role=Membership.Role.REPORTER, unit=unit)
        users[name] = u
    # The member's own role is at V1 (a village reporter elsewhere would do too):
    # what lets them report for A1 is their place in A1's work group.
    lead = Person.objects.create(unit=world.a1, role="area_chief", name="林片长")
    cadre = Person.objects.create(unit=world.v1, role="resident_cadre", name="周干部")
    group = WorkGroup.objects.create(campaign=c, area=world.a1, name="第一片工作组")
    WorkGroupMember.objects.create(group=group, person=lead, is_leader=True)
    WorkGroupMember.objects.create(group=group, person=cadre, user=users["member"])
    return Dispatch(plans, c, world.a1, area2, group, users)


@pytest.fixture
def dispatch(world: World) -> Dispatch:
    return build_dispatch(world)


@pytest.fixture
def login(client: Any, dispatch: Dispatch) -> Any:
    def as_(persona: str) -> Any:
        client.force_login(dispatch.users[persona])
        return client

    return as_
