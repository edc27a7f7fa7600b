"""The planning world (tests/web_planning/conftest.py) and letters in it: V1's
people (a secretary replaced on 2026-04-15, a director, a service worker), A1's
area chief, and a draft letter for V1 with an allocation clause (10 slots) and a
written commitment.

Personas: T1's admin, assessor and leader; V1's reporter; V2's reporter
(reporter2); T2's admin (outsider).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.web_planning.conftest import Plans, World, build_plans

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture
def plans(world: World) -> Plans:
    from kaoping.web.core.models import Person

    p = build_plans(world)
    for unit, role, name, start, end in [
        (world.v1, "secretary", "赵书记", date(2020, 1, 1), date(2026, 4, 14)),
        (world.v1, "secretary", "钱书记", date(2026, 4, 15), None),
        (world.v1, "director", "孙主任", None, None),
        (world.v1, "service_worker", "李专干", date(2024, 1, 1), None),
        (world.a1, "area_chief", "周片长", None, None),
    ]:
        Person.objects.create(unit=unit, role=role, name=name, start=start, end=end)
    return p


@pytest.fixture
def letter(plans: Plans) -> Any:
    from kaoping.web.letters import services

    w = plans.world
    c = plans.campaigns["T1"]
    letter = services.create_letter(
        w.t1, w.v1, title=c.title, year=2026, campaign=c, allocation=c.allocation,
        user=w.users["admin"],
    )  # fmt: skip
    services.add_clause(letter.pk, "allocation", "完成两癌筛查预约名额10个", None, figure=10)
    services.add_clause(letter.pk, "commitment", "每周向群众公开服务项目", None)
    return letter
