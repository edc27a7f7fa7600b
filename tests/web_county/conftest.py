"""A county of three townships (3, 2 and 2 villages) assessed by the county, and
another county whose admin is the outsider.

示范县 C1: 东镇 T1 (V11, V12), 西镇 T2 (第一片 A2 with V21, V22; V23 straight under
the township), 南镇 T3 (V31, V32). 邻县 C2: 邻镇 T9 (V91).

Hand-computed roll-up and scores (rubric RUBRIC; 2026Q3):

| township | villages' invited / attended   | summed  | rate | 到位 (6)        | standard share | 规范 (2)       | accuracy (county) | 数据 (1) | manual | 落实 (1) | total | rank |
|----------|--------------------------------|---------|------|-----------------|----------------|----------------|-------------------|----------|--------|----------|-------|------|
| T1       | 100/90, 100/100                | 200/190 | 95%  | 6               | 2/2 = 1        | 2              | 0.99              | 1        | —      | 1        | 10    | 1    |
| T2       | 100/90, 50/40, 50/48           | 200/178 | 89%  | 6-0.5*6 = 3     | 2/3            | 2-3*(1/3) = 1  | 0.97              | 0        | 0.5    | 0.5      | 4.5   | 3    |
| T3       | 80/76, 120/112                 | 200/188 | 94%  | 6-0.5*1 = 5.5   | 0/2 = 0        | 2-3 → 0        | 0.98              | 1        | —      | 1        | 7.5   | 2    |

T2's villages' own rates are 90%, 80% and 96%: their mean, 88.67%, would give 2.83,
not 3; the roll-up divides the sums. The bottom township's secretary (王书记) is
criticised (通报批评) and the top one commended.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

PASSWORD = "correct-horse-battery-9"
PERIOD = "2026Q3"

RUBRIC = """\
kaoping: 1
name: 县考核乡镇细则
total: 10
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
  standard: {label: 例会记录规范, type: bool, rollup: share}
  accuracy: {label: 统计数据准确率, type: number}
checks:
  - {rule: attended <= invited, message: 实到人数不能大于应到人数}
items:
  - id: att
    title: 服务日到位
    max: 6
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 6, per_point_below: 0.5}
  - id: std
    title: 例会规范
    max: 2
    rules:
      - {per_case: 1 - standard, deduct: 3}
  - id: acc
    title: 数据质量
    max: 1
    rules:
      - {check: accuracy >= 0.98, points: 1}
  - id: work
    title: 工作落实
    max: 1
    rules:
      - {manual: true, note: 县级检查}
ranking: {order: desc, ties: shared, top: 1, bottom: 1}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit, secretary]}
  - group: bottom
    streak: 1
    actions:
      - {kind: 通报批评, to: [unit, secretary]}
"""

# village: (township, area, invited, attended, standard)
VILLAGES = {
    "V11": ("T1", None, 100, 90, 1),
    "V12": ("T1", None, 100, 100, 1),
    "V21": ("T2", "A2", 100, 90, 1),
    "V22": ("T2", "A2", 50, 40, 0),
    "V23": ("T2", None, 50, 48, 1),
    "V31": ("T3", None, 80, 76, 0),
    "V32": ("T3", None, 120, 112, 0),
    "V91": ("T9", None, 10, 10, 1),
}
ACCURACY = {"T1": "0.99", "T2": "0.97", "T3": "0.98"}
# (users, role, unit)
PERSONAS = {
    "county_admin": ("admin", "C1"),
    "county_assessor": ("assessor", "C1"),
    "county_leader": ("leader", "C1"),
    "township_admin": ("admin", "T2"),
    "township_leader": ("leader", "T2"),
    "reporter": ("reporter", "V21"),
    "outsider": ("admin", "C2"),
    "outsider_township": ("admin", "T9"),
}


@dataclass
class CountyWorld:
    units: dict[str, Any]
    users: dict[str, Any]
    rubric: Any


def build() -> CountyWorld:
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment import county
    from kaoping.web.core.models import (
        DataElement,
        DataSet,
        Figure,
        Membership,
        Person,
        Report,
        Unit,
    )

    L = Unit.Level
    u: dict[str, Any] = {}
    u["C1"] = Unit.objects.create(code="C1", name="示范县", level=L.COUNTY)
    u["C2"] = Unit.objects.create(code="C2", name="邻县", level=L.COUNTY)
    for code, name, parent in [
        ("T1", "东镇", "C1"),
        ("T2", "西镇", "C1"),
        ("T3", "南镇", "C1"),
        ("T9", "邻镇", "C2"),
    ]:
        u[code] = Unit.objects.create(code=code, name=name, level=L.TOWNSHIP, parent=u[parent])
    u["A2"] = Unit.objects.create(code="A2", name="第一片", level=L.AREA, parent=u["T2"])
    datasets = {}
    for t in ("T1", "T2", "T3", "T9"):
        ds = DataSet.objects.create(township=u[t], code="q", name="季度数据")
        for i, (code, label, kind) in enumerate(
            [("invited", "应到人数", "count"), ("attended", "实到人数", "count"),
             ("standard", "例会记录规范", "bool")]
        ):  # fmt: skip
            DataElement.objects.create(dataset=ds, code=code, label=label, type=kind, position=i)
        datasets[t] = ds
    for code, (t, area, invited, attended, standard) in VILLAGES.items():
        u[code] = Unit.objects.create(
            code=code, name=f"{code}村", level=L.VILLAGE, parent=u[area or t]
        )
        report = Report.objects.create(
            dataset=datasets[t], unit=u[code], period=PERIOD, status="approved", version=1
        )
        for element, value in (("invited", invited), ("attended", attended),
                               ("standard", standard)):  # fmt: skip
            Figure.objects.create(report=report, element=element, value=Decimal(value))
    for t, name in (("T1", "张书记"), ("T2", "王书记"), ("T3", "李书记")):
        Person.objects.create(unit=u[t], role="secretary", name=name)
    User = get_user_model()
    users = {}
    for persona, (role, unit) in PERSONAS.items():
        user = User.objects.create_user(username=persona, password=PASSWORD)
        Membership.objects.create(user=user, role=role, unit=u[unit])
        users[persona] = user
    rv = county.upload_rubric(u["C1"], RUBRIC, "county.yaml", users["county_admin"])
    return CountyWorld(u, users, rv)


def fill_entries(w: CountyWorld, a: Any) -> None:
    from kaoping.web.assessment import county

    user = w.users["county_assessor"]
    for t, value in ACCURACY.items():
        county.enter(a.pk, t, "figure", "accuracy", value, "", user)
    county.enter(a.pk, "T2", "deduction", "work", "0.5", "台账不全", user)


@pytest.fixture
def cw(db: Any) -> CountyWorld:
    return build()


@pytest.fixture
def computed(cw: CountyWorld) -> Any:
    from kaoping.web.assessment import county

    a = county.create(cw.units["C1"], PERIOD, cw.rubric, cw.users["county_admin"])
    fill_entries(cw, a)
    return county.compute(a.pk, cw.users["county_assessor"])


# The township's own assessment of its villages (the level below the county's):
# enough to approve a quarter and have the county accept it.
TOWNSHIP_RUBRIC = """\
kaoping: 1
name: 乡镇考核村细则
total: 10
elements:
  invited: {label: 应到人数, type: count}
  attended: {label: 实到人数, type: count}
items:
  - id: att
    title: 服务日到位
    max: 10
    rules:
      - {rate: attended / invited, full_at: 0.95, points: 10, per_point_below: 1}
ranking: {order: desc, ties: shared, top: 1, bottom: 1}
"""


def township_approved(w: CountyWorld, code: str = "T2") -> Any:
    """The township's 2026Q3 assessment created and computed by its admin, approved
    by its leader (the villages' reports are approved already)."""
    from kaoping.web.assessment import services

    town = w.units[code]
    admin, leader = w.users["township_admin"], w.users["township_leader"]
    rv = services.upload_rubric(town, TOWNSHIP_RUBRIC, "t.yaml", admin)
    a = services.create_assessment(town, PERIOD, rv, admin)
    a = services.compute(a.pk, admin)
    services.transition(a.pk, "submit", admin)
    return services.transition(a.pk, "approve", leader)
