"""Personas and a small world for the web tests.

Two townships under one county: 东风镇 (T1) with a work area (A1) holding two
villages (V1, V2) and a community straight under the township (V3); 红旗镇 (T2)
with one village (W1). Personas: T1's admin, assessor and leader, V1's reporter,
V2's reporter, and an outsider who is T2's admin.

Which database and browser the suite runs on, and the ``world`` and ``login``
fixtures built on this world: tests/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass
class World:
    county: Any
    t1: Any
    t2: Any
    a1: Any
    v1: Any
    v2: Any
    v3: Any
    w1: Any
    ds: Any
    ds2: Any
    users: dict[str, Any]


PASSWORD = "correct-horse-battery-9"
PERSONAS = ["admin", "assessor", "leader", "reporter", "reporter2", "outsider"]


def build_world() -> World:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import DataCheck, DataElement, DataSet, Membership, Unit

    L = Unit.Level
    county = Unit.objects.create(code="C1", name="示范县", level=L.COUNTY)
    t1 = Unit.objects.create(code="T1", name="东风镇", level=L.TOWNSHIP, parent=county)
    t2 = Unit.objects.create(code="T2", name="红旗镇", level=L.TOWNSHIP, parent=county)
    a1 = Unit.objects.create(code="A1", name="第一片", level=L.AREA, parent=t1)
    v1 = Unit.objects.create(code="V1", name="东村", level=L.VILLAGE, parent=a1)
    v2 = Unit.objects.create(code="V2", name="西村", level=L.VILLAGE, parent=a1)
    v3 = Unit.objects.create(code="V3", name="镇中社区", level=L.COMMUNITY, parent=t1)
    w1 = Unit.objects.create(code="W1", name="红旗村", level=L.VILLAGE, parent=t2)

    def dataset(township: Any) -> Any:
        ds = DataSet.objects.create(township=township, code="q", name="季度数据", frequency="Q")
        for i, (code, label, type_, default) in enumerate(
            [
                ("invited", "应到人数", "count", None),
                ("attended", "实到人数", "count", None),
                ("records_ok", "例会记录规范", "bool", None),
                ("accuracy", "统计数据准确率", "number", Decimal("1")),
            ]
        ):
            DataElement.objects.create(
                dataset=ds, code=code, label=label, type=type_, default=default, position=i
            )
        DataCheck.objects.create(
            dataset=ds, rule="attended <= invited", message="实到人数不能大于应到人数"
        )
        return ds

    ds, ds2 = dataset(t1), dataset(t2)
    User = get_user_model()
    R = Membership.Role
    users = {}
    for name, role, unit in [
        ("admin", R.ADMIN, t1),
        ("assessor", R.ASSESSOR, t1),
        ("leader", R.LEADER, t1),
        ("reporter", R.REPORTER, v1),
        ("reporter2", R.REPORTER, v2),
        ("outsider", R.ADMIN, t2),
    ]:
        user = User.objects.create_user(username=name, password=PASSWORD)
        Membership.objects.create(user=user, role=role, unit=unit)
        users[name] = user
    return World(county, t1, t2, a1, v1, v2, v3, w1, ds, ds2, users)
