"""A province's and a city's people read everything under their unit and nothing
outside it (the region scope of core/permissions.py); the levels above the county
keep the hierarchy's rule that a unit hangs only under higher levels."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from .conftest import ProvinceWorld

# (persona, unit code, answer of its page)
READS = [
    ("province_admin", "V11", 200),
    ("province_admin", "V31", 200),
    ("province_admin", "M1", 200),
    ("province_admin", "P1", 200),
    ("province_admin", "V91", 404),
    ("province_admin", "P9", 404),
    ("province_leader", "T3", 200),
    ("city_leader", "V21", 200),
    ("city_leader", "C1", 200),
    ("city_leader", "V31", 404),
    ("city_leader", "C2", 404),
    ("city_leader", "P1", 404),
    ("outsider", "V11", 404),
    ("outsider", "C1", 404),
    ("outsider", "M1", 404),
    ("outsider", "P1", 404),
    ("outsider", "V91", 200),
    ("township_admin", "V12", 200),
    ("township_admin", "V21", 404),
    ("township_admin", "C1", 404),
    ("township_admin", "P1", 404),
]


@pytest.mark.parametrize(("persona", "code", "status"), READS)
def test_a_unit_page_answers_each_persona_by_where_their_role_is_held(
    pw: ProvinceWorld, as_: Any, persona: str, code: str, status: int
) -> None:
    assert as_(persona).get(reverse("unit_detail", args=[code])).status_code == status


def test_the_unit_list_of_a_city_leader_names_its_county_and_nothing_of_the_province_beside(
    pw: ProvinceWorld, as_: Any
) -> None:
    from kaoping.web.core.access import readable_units

    codes = set(readable_units(pw.users["city_leader"]).values_list("code", flat=True))
    assert codes == {"T1", "V11", "V12", "T2", "V21"}
    codes = set(readable_units(pw.users["province_admin"]).values_list("code", flat=True))
    assert codes == {"T1", "V11", "V12", "T2", "V21", "T3", "V31"}


def test_a_province_admin_reads_a_village_but_may_not_enter_or_approve_its_figures(
    pw: ProvinceWorld,
) -> None:
    from kaoping.web.core.access import access_to_unit

    access = access_to_unit(pw.users["province_admin"], pw.units["V11"])
    assert (access.read, access.edit, access.review, access.approve, access.manage) == (
        True,
        False,
        False,
        False,
        False,
    )


def test_a_province_leader_reads_a_township_assessment_page_and_the_outsider_does_not(
    pw: ProvinceWorld, as_: Any
) -> None:
    url = reverse("assessment:township", args=["T3"])
    assert as_("province_leader").get(url).status_code == 200
    assert as_("outsider").get(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "county", "status"),
    [
        ("province_admin", "C1", 200),
        ("province_admin", "C2", 200),
        ("city_leader", "C1", 200),
        ("city_leader", "C2", 404),
        ("outsider", "C1", 404),
        ("township_admin", "C2", 404),
    ],
)
def test_the_county_page_opens_to_the_province_and_city_above_it_only(
    pw: ProvinceWorld, as_: Any, persona: str, county: str, status: int
) -> None:
    assert as_(persona).get(reverse("assessment:county", args=[county])).status_code == status


def test_a_region_reader_may_not_prepare_or_approve_a_countys_assessment(
    pw: ProvinceWorld,
) -> None:
    from kaoping.web.assessment.county import county_rights

    r = county_rights(pw.users["province_admin"], pw.units["C1"])
    assert (r.read_all, r.prepare, r.approve) == (True, False, False)


# (level, parent's level or None, allowed)
HIERARCHY = [
    ("province", None, True),
    ("city", "province", True),
    ("city", None, True),
    ("county", "city", True),
    ("county", "province", True),
    ("county", None, True),
    ("province", "city", False),
    ("city", "county", False),
    ("city", "city", False),
    ("county", "county", False),
    ("township", "city", False),
    ("township", "province", False),
]


@pytest.mark.parametrize(("level", "parent_level", "allowed"), HIERARCHY)
def test_a_level_above_the_county_hangs_only_under_a_higher_one(
    db: Any, level: str, parent_level: str | None, allowed: bool
) -> None:
    from kaoping.web.core.models import Unit

    parent = (
        Unit.objects.create(code="UP", name="上级", level=parent_level) if parent_level else None
    )
    unit = Unit(code="X", name="新单位", level=level, parent=parent)
    if allowed:
        unit.save()
        assert Unit.objects.get(code="X").parent == parent
    else:
        with pytest.raises(ValidationError):
            unit.save()


def test_a_city_cannot_become_a_county_while_counties_hang_under_it(pw: ProvinceWorld) -> None:
    city = pw.units["M1"]
    city.level = "county"
    with pytest.raises(ValidationError):
        city.save()
