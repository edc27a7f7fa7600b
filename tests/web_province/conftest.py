"""Two provinces, for the levels above the county (docs/province.md).

示范省 P1: 北市 M1 (县 C1: 东镇 T1 with V11, V12; 西镇 T2 with V21) and 直管县 C2
(straight under the province: 南镇 T3 with V31). 外省 P9: 外县 C9 (外镇 T9 with V91).

Personas, by the unit their role is held on:

| persona            | role   | unit | reads                      |
|--------------------|--------|------|----------------------------|
| province_admin     | admin  | P1   | M1, C1, C2 and all below   |
| province_leader    | leader | P1   | M1, C1, C2 and all below   |
| city_leader        | leader | M1   | C1 and below (not C2)      |
| city_admin         | admin  | M1   | C1 and below (not C2)      |
| county_leader      | leader | C1   | C1 and below               |
| outsider           | leader | C9   | C9 and below only          |
| township_admin     | admin  | T1   | T1 and its villages only   |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

PASSWORD = "correct-horse-battery-9"

# code: (name, level, parent)
UNITS = {
    "P1": ("示范省", "province", None),
    "M1": ("北市", "city", "P1"),
    "C1": ("东县", "county", "M1"),
    "T1": ("东镇", "township", "C1"),
    "V11": ("东一村", "village", "T1"),
    "V12": ("东二村", "village", "T1"),
    "T2": ("西镇", "township", "C1"),
    "V21": ("西一村", "village", "T2"),
    "C2": ("直管县", "county", "P1"),
    "T3": ("南镇", "township", "C2"),
    "V31": ("南一村", "village", "T3"),
    "P9": ("外省", "province", None),
    "C9": ("外县", "county", "P9"),
    "T9": ("外镇", "township", "C9"),
    "V91": ("外一村", "village", "T9"),
}

PERSONAS = {
    "province_admin": ("admin", "P1"),
    "province_leader": ("leader", "P1"),
    "city_leader": ("leader", "M1"),
    "city_admin": ("admin", "M1"),
    "county_leader": ("leader", "C1"),
    "outsider": ("leader", "C9"),
    "township_admin": ("admin", "T1"),
}


@dataclass
class ProvinceWorld:
    units: dict[str, Any]
    users: dict[str, Any]


def build() -> ProvinceWorld:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership, Unit

    units: dict[str, Any] = {}
    for code, (name, level, parent) in UNITS.items():
        units[code] = Unit.objects.create(
            code=code, name=name, level=level, parent=units[parent] if parent else None
        )
    User = get_user_model()
    users = {}
    for persona, (role, code) in PERSONAS.items():
        user = User.objects.create_user(username=persona, password=PASSWORD)
        Membership.objects.create(user=user, role=role, unit=units[code])
        users[persona] = user
    return ProvinceWorld(units, users)


@pytest.fixture
def pw(db: Any) -> ProvinceWorld:
    return build()


@pytest.fixture
def as_(client: Any, pw: ProvinceWorld) -> Any:
    def login(persona: str) -> Any:
        client.force_login(pw.users[persona])
        return client

    return login
