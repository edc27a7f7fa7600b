"""Inspections from above recorded by a leader of the city or the province above
the township's county, as well as by the county's: at the level of the recorder's
unit (县级, 市级, 省级), never at another; nobody outside records or reads them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .conftest import ProvinceWorld
from .test_province_dashboard import _reports

# (persona, township, the levels they record it at)
LEVELS = [
    ("county_leader", "T1", ["county"]),
    ("city_leader", "T1", ["city"]),
    ("province_leader", "T1", ["province"]),
    ("province_leader", "T3", ["province"]),  # a county straight under the province
    ("city_leader", "T3", []),  # not under the city
    ("outsider", "T1", []),  # another province's county leader
    ("outsider", "T9", ["county"]),
    ("province_admin", "T1", []),  # an admin does not inspect
    ("city_admin", "T1", []),
    ("township_admin", "T1", []),
]


@pytest.mark.parametrize(("persona", "township", "levels"), LEVELS)
def test_the_level_of_an_inspection_is_the_level_of_the_recorders_unit(
    pw: ProvinceWorld, persona: str, township: str, levels: list[str]
) -> None:
    from kaoping.web.assessment.inspections import recorder_levels

    assert recorder_levels(pw.users[persona], pw.units[township]) == levels


def _record(pw: ProvinceWorld, persona: str, level: str) -> Any:
    from kaoping.web.assessment import inspections

    return inspections.record(
        pw.units["T1"],
        kind="spot_check",
        level=level,
        day=date(2026, 10, 20),
        period="2026Q3",
        inspectors="市卫健委 赵某",
        units=[pw.units["V11"]],
        user=pw.users[persona],
    )


@pytest.mark.parametrize(
    ("persona", "level", "title"),
    [("city_leader", "city", "市级抽查"), ("province_leader", "province", "省级抽查"),
     ("county_leader", "county", "县级抽查")],
)  # fmt: skip
def test_a_leader_above_records_an_inspection_named_by_their_level(
    pw: ProvinceWorld, persona: str, level: str, title: str
) -> None:
    i = _record(pw, persona, level)
    assert (i.level, i.title, i.recorded_by) == (level, title, pw.users[persona])


@pytest.mark.parametrize(
    ("persona", "level"),
    [("city_leader", "county"), ("city_leader", "province"), ("county_leader", "city"),
     ("outsider", "county"), ("province_admin", "province")],
)  # fmt: skip
def test_an_inspection_at_another_level_than_the_recorders_or_by_an_outsider_is_refused(
    pw: ProvinceWorld, persona: str, level: str
) -> None:
    from kaoping.web.assessment.models import Inspection
    from kaoping.web.assessment.refusals import Refused

    with pytest.raises(Refused):
        _record(pw, persona, level)
    assert not Inspection.objects.exists()


def _post(client: Any, level: str) -> Any:
    return client.post(
        "/assessment/t/T1/inspections/new/",
        {"kind": "spot_check", "level": level, "day": "2026-10-20", "period": "2026Q3",
         "campaign": "", "inspectors": "省卫健委 钱某", "units": ["V11"], "note": ""},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("persona", "level", "status"),
    [
        ("province_leader", "province", 302),
        ("city_leader", "city", 302),
        ("city_leader", "county", 400),  # not among the choices
        ("province_admin", "province", 403),
        ("township_admin", "county", 403),
        ("outsider", "county", 404),
    ],
)
def test_the_inspection_form_records_for_the_leaders_above_and_refuses_the_others(
    pw: ProvinceWorld, as_: Any, persona: str, level: str, status: int
) -> None:
    from kaoping.web.assessment.models import Inspection

    _reports(pw, {"V11": "approved"})
    assert _post(as_(persona), level).status_code == status
    assert list(Inspection.objects.values_list("level", flat=True)) == (
        [level] if status == 302 else []
    )


def test_the_form_offers_a_city_leader_the_city_level_only(pw: ProvinceWorld, as_: Any) -> None:
    _reports(pw, {"V11": "approved"})
    page = as_("city_leader").get("/assessment/t/T1/inspections/new/").content.decode()
    assert 'value="city"' in page
    assert 'value="county"' not in page and 'value="province"' not in page


def test_another_provinces_county_leader_reads_no_inspection_of_the_province(
    pw: ProvinceWorld, as_: Any
) -> None:
    i = _record(pw, "province_leader", "province")
    client = as_("outsider")
    assert client.get(f"/assessment/inspections/{i.pk}/").status_code == 404
    assert client.get("/assessment/t/T1/inspections/").status_code == 404
    assert client.get(f"/assessment/inspections/{i.pk}/units/V11/").status_code == 404


def test_a_city_leader_enters_the_findings_of_the_citys_inspection(
    pw: ProvinceWorld, as_: Any
) -> None:
    i = _record(pw, "city_leader", "city")
    assert as_("city_leader").get(f"/assessment/inspections/{i.pk}/units/V11/").status_code == 200
    assert as_("city_admin").get(f"/assessment/inspections/{i.pk}/units/V11/").status_code == 403
