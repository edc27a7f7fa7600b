"""A province of two counties assessed by the province (省考核县, docs/province.md),
beside another province.

江南省 P1: 青山市 M1 (东县 C1: 东镇 T1 with V11, V12; 西镇 T2 with V21, V22) and
直管县 C2 straight under the province (南镇 T3 with V31, V32, V33). 外省 P9: 外县 C9
(外镇 T9 with V91), whose figures must count nowhere.

Hand-computed roll-up and scores (rubric RUBRIC, total 10; 2026Q3). A county's
figures are its villages' summed through its townships; its rate is the summed
attended over the summed invited, never a mean of rates:

| county | villages' invited / attended            | summed  | rate    | 到位 (6)      | standard      | 规范 (2)          | accuracy (province) | 数据 (1) | manual | 落实 (1) | total | rank |
|--------|-----------------------------------------|---------|---------|---------------|---------------|-------------------|---------------------|----------|--------|----------|-------|------|
| C1     | 100/90, 100/100, 150/138, 50/40         | 400/368 | 92%     | 6-0.5*3 = 4.5 | 1,1,1,0: 3/4  | 2-3*(1/4) = 1.25  | 0.99                | 1        | —      | 1        | 7.75  | 1    |
| C2     | 80/76, 120/112, 100/99                  | 300/287 | 95.67%  | 6             | 0,0,1: 1/3    | 2-3*(2/3) = 0     | 0.97                | 0        | 0.5    | 0.5      | 6.5   | 2    |

C1's villages' own rates are 90%, 100%, 92% and 80%: their mean, 90.5%, would give
6-0.5*4.5 = 3.75, not 4.5. The top county's secretary (赵书记) is commended, the
bottom county's (钱书记) criticised.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..web_county.conftest import RUBRIC as COUNTY_RUBRIC

PASSWORD = "correct-horse-battery-9"
PERIOD = "2026Q3"
RUBRIC = COUNTY_RUBRIC.replace("县考核乡镇细则", "省考核县细则").replace("县级检查", "省级检查")

UNITS = {  # code: (name, level, parent)
    "P1": ("江南省", "province", None),
    "M1": ("青山市", "city", "P1"),
    "C1": ("东县", "county", "M1"),
    "T1": ("东镇", "township", "C1"),
    "T2": ("西镇", "township", "C1"),
    "C2": ("直管县", "county", "P1"),
    "T3": ("南镇", "township", "C2"),
    "P9": ("外省", "province", None),
    "C9": ("外县", "county", "P9"),
    "T9": ("外镇", "township", "C9"),
}
# village: (township, invited, attended, standard)
VILLAGES = {
    "V11": ("T1", 100, 90, 1),
    "V12": ("T1", 100, 100, 1),
    "V21": ("T2", 150, 138, 1),
    "V22": ("T2", 50, 40, 0),
    "V31": ("T3", 80, 76, 0),
    "V32": ("T3", 120, 112, 0),
    "V33": ("T3", 100, 99, 1),
    "V91": ("T9", 10, 1, 0),
}
ACCURACY = {"C1": "0.99", "C2": "0.97"}
EXPECTED = {  # county: (invited, attended, standard share, 到位, 规范, 数据, 落实, total, rank)
    "C1": ("400", "368", "3/4", "4.5", "1.25", "1", "1", "7.75", 1),
    "C2": ("300", "287", "1/3", "6", "0", "0", "0.5", "6.5", 2),
}
PERSONAS = {  # persona: (role, unit)
    "province_admin": ("admin", "P1"),
    "province_leader": ("leader", "P1"),
    "city_admin": ("admin", "M1"),
    "city_leader": ("leader", "M1"),
    "county_leader": ("leader", "C1"),
    "county_admin": ("admin", "C2"),
    "township_admin": ("admin", "T1"),
    "other_province_admin": ("admin", "P9"),
    "other_county_leader": ("leader", "C9"),
}


@dataclass
class RegionWorld:
    units: dict[str, Any]
    users: dict[str, Any]
    rubric: Any


def build() -> RegionWorld:
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

    u: dict[str, Any] = {}
    for code, (name, level, parent) in UNITS.items():
        u[code] = Unit.objects.create(
            code=code, name=name, level=level, parent=u[parent] if parent else None
        )
    datasets = {}
    for t in ("T1", "T2", "T3", "T9"):
        ds = DataSet.objects.create(township=u[t], code="q", name="季度数据")
        for i, (code, label, kind) in enumerate(
            [("invited", "应到人数", "count"), ("attended", "实到人数", "count"),
             ("standard", "例会记录规范", "bool")]
        ):  # fmt: skip
            DataElement.objects.create(dataset=ds, code=code, label=label, type=kind, position=i)
        datasets[t] = ds
    for code, (t, invited, attended, standard) in VILLAGES.items():
        u[code] = Unit.objects.create(code=code, name=f"{code}村", level="village", parent=u[t])
        report = Report.objects.create(
            dataset=datasets[t], unit=u[code], period=PERIOD, status="approved", version=1
        )
        for element, value in (("invited", invited), ("attended", attended),
                               ("standard", standard)):  # fmt: skip
            Figure.objects.create(report=report, element=element, value=Decimal(value))
    for c, name in (("C1", "赵书记"), ("C2", "钱书记")):
        Person.objects.create(unit=u[c], role="secretary", name=name)
    User = get_user_model()
    users = {}
    for persona, (role, unit) in PERSONAS.items():
        user = User.objects.create_user(username=persona, password=PASSWORD)
        Membership.objects.create(user=user, role=role, unit=u[unit])
        users[persona] = user
    rv = county.upload_rubric(u["P1"], RUBRIC, "province.yaml", users["province_admin"])
    return RegionWorld(u, users, rv)


def computed(w: RegionWorld) -> Any:
    """The province's 2026Q3 assessment, created, entered and computed by its admin."""
    from kaoping.web.assessment import county

    admin = w.users["province_admin"]
    a = county.create(w.units["P1"], PERIOD, w.rubric, admin)
    for c, value in ACCURACY.items():
        county.enter(a.pk, c, "figure", "accuracy", value, "", admin)
    county.enter(a.pk, "C2", "deduction", "work", "0.5", "省级检查：台账不全", admin)
    return county.compute(a.pk, admin)
