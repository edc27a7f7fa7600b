from __future__ import annotations

from datetime import date

import pytest

from kaoping.engine import ROLES, People, Period, Person, role_code

# V01 changed its service worker on 2026-08-15 (mid Q3); its director's post was
# vacant from 2026-09-10; area A1's chief changed on 2026-07-01.
PEOPLE = People(
    [
        Person("V01", "service_worker", "张敏", None, date(2026, 8, 14)),
        Person("V01", "service_worker", "李娜", date(2026, 8, 15), None),
        Person("V01", "director", "王强", date(2025, 1, 1), date(2026, 9, 10)),
        Person("V01", "secretary", "赵刚", None, None),
        Person("V01", "resident_cadre", "孙丽", date(2026, 1, 1), date(2026, 12, 31)),
        Person("V01", "resident_cadre", "周杰", date(2026, 1, 1), date(2026, 12, 31)),
        Person("A1", "area_chief", "陈平", None, date(2026, 6, 30)),
        Person("A1", "area_chief", "刘洋", date(2026, 7, 1), None),
        Person("A1", "area_deputy", "吴芳", None, None),
        Person("V02", "area_deputy", "郑伟", None, None),  # recorded on the unit itself
        Person("V09", "secretary", "黄磊", date(2027, 1, 1), None),
    ]
)


@pytest.mark.parametrize(
    ("unit", "area", "role", "period", "names"),
    [
        # whoever held it on the last day of the quarter answers for it
        ("V01", "A1", "service_worker", "2026Q3", ["李娜"]),
        ("V01", "A1", "service_worker", "2026Q2", ["张敏"]),
        ("V01", "A1", "service_worker", "2026Q4", ["李娜"]),
        ("V01", "A1", "service_worker", "2026-08", ["李娜"]),
        ("V01", "A1", "service_worker", "2026-07", ["张敏"]),
        # vacant on the last day: whoever held it during the period
        ("V01", "A1", "director", "2026Q3", ["王强"]),
        ("V01", "A1", "director", "2026Q4", []),
        ("V01", "A1", "secretary", "2030Q1", ["赵刚"]),
        # two people in one role, sorted by name
        ("V01", "A1", "resident_cadre", "2026Q3", sorted(["孙丽", "周杰"])),
        ("V01", "A1", "liaison_cadre", "2026Q3", []),
        # area roles come from the area's code, or from the unit itself
        ("V01", "A1", "area_chief", "2026Q2", ["陈平"]),
        ("V01", "A1", "area_chief", "2026Q3", ["刘洋"]),
        ("V01", None, "area_chief", "2026Q3", []),
        ("V02", "A1", "area_deputy", "2026Q3", sorted(["吴芳", "郑伟"])),
        ("V02", None, "area_deputy", "2026Q3", ["郑伟"]),
        # a unit's own roles are never taken from its area
        ("V01", "A1", "secretary", "2026Q3", ["赵刚"]),
        ("V02", "A1", "secretary", "2026Q3", []),
        # not yet in post
        ("V09", "A9", "secretary", "2026Q4", []),
    ],
)
def test_holders(unit: str, area: str | None, role: str, period: str, names: list[str]) -> None:
    assert PEOPLE.holders(unit, area, role, Period.parse(period)) == names


def test_roles_of_lists_the_filled_roles_in_order() -> None:
    assert PEOPLE.roles_of("V01", "A1", Period.parse("2026Q3")) == {
        "secretary": ["赵刚"],
        "director": ["王强"],
        "service_worker": ["李娜"],
        "resident_cadre": sorted(["孙丽", "周杰"]),
        "area_chief": ["刘洋"],
        "area_deputy": ["吴芳"],
    }


def test_the_role_labels() -> None:
    assert ROLES == {
        "secretary": "书记",
        "director": "主任",
        "service_worker": "专干",
        "resident_cadre": "驻村干部",
        "liaison_cadre": "包村干部",
        "area_chief": "片长",
        "area_deputy": "副片长",
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("secretary", "secretary"),
        ("Area_Chief", "area_chief"),
        ("书记", "secretary"),
        ("支部书记", "secretary"),
        ("村主任", "director"),
        ("居委会主任", "director"),
        ("专干", "service_worker"),
        ("服务员", "service_worker"),
        (" 驻村干部 ", "resident_cadre"),
        ("包村干部", "liaison_cadre"),
        ("片长", "area_chief"),
        ("副片长", "area_deputy"),
        ("会计", None),
        ("", None),
    ],
)
def test_role_code_accepts_codes_labels_and_aliases(text: str, code: str | None) -> None:
    assert role_code(text) == code
