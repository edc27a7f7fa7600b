"""The demo's province and city above its county (docs/province.md "The demo
province"): 江南省 (P01) > 青山市 (M01) > 清河县, and the province's two logins, an
admin and a leader, whose dashboard (/assessment/region/P01/) shows the counties
and whose role reaches the city's too.

Beside 清河县 the province holds two more counties, so that it has something to
compare: 白云县 (C02, under the city; two townships) and 松溪县 (C03, straight
under the province; one township), three villages a township, their figures for
the demo's quarters drawn as the county's other townships' are (county_demo.py).
The province has a rubric for its counties (the county's over the same
elements, its manual item the province's inspection) and its assessment of
2026Q3, the latest quarter whose figures are approved: created, entered and
computed by province_admin, approved by province_leader (four eyes), so that the
dashboard ranks the three counties by it and shows its item heat map.

Loaded by :func:`kaoping.web.demo.load_demo` after the county: the units, the
county moved under the city (each audited as the demo's), two logins, the
counties, the assessment. A city leader is left out: the province's people read
the city's dashboard, and each login costs a password hash (about 0.2 s) at
every start of ``serve --demo``. The new counties have no logins of their own.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from kaoping.web.core.loading import Login
from kaoping.web.core.models import Membership, Person, Unit

from . import county as county_app
from .county_demo import COUNTY_RUBRIC, PERIOD, _townships
from .models import CountyAssessment

PROVINCE = ("P01", "江南省")
CITY = ("M01", "青山市")
#: The province's other counties: (code, name, under the city?, townships).
COUNTIES = (
    ("C02", "白云县", True, (
        ("T04", "白云镇", (("V51", "白云村"), ("V52", "云溪村"), ("V53", "白云社区"))),
        ("T05", "桂花乡", (("V61", "桂花村"), ("V62", "茶园村"), ("V63", "竹林村"))),
    )),
    ("C03", "松溪县", False, (
        ("T06", "松溪镇", (("V71", "松溪村"), ("V72", "岭下村"), ("V73", "溪口社区"))),
    )),
)  # fmt: skip
#: The counties' own people, whom the province's consequences reach.
COUNTY_PEOPLE = {
    "C01": (("secretary", "魏长河"), ("director", "卢晓梅")),
    "C02": (("secretary", "袁志远"), ("director", "苏婉清")),
    "C03": (("secretary", "汤明华"), ("director", "范雪琴")),
}
#: What the province enters for each county: 统计数据准确率 (it does not add up),
#: and one manual deduction with its reason.
ACCURACY = {"C01": "0.99", "C02": "0.97", "C03": "1"}
MANUAL = ("C03", "supervision", "2", "省级督查：松溪县服务日台账未及时归档")
REGION_RUBRIC = COUNTY_RUBRIC.replace(
    "乡镇人口与家庭服务工作季度考评细则", "县级人口与家庭服务工作季度考评细则"
).replace("县级督查", "省级督查")

_LOGINS = (
    ("province_admin", Membership.Role.ADMIN, "省级管理员 province admin"),
    ("province_leader", Membership.Role.LEADER, "省领导 province leader"),
)


def region_users(province: Unit) -> list[Login]:
    """The province's two logins, each with a new password."""
    User = get_user_model()
    logins = []
    for username, role, description in _LOGINS:
        password = secrets.token_urlsafe(9)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=password)
        else:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, role=role, unit=province)
        logins.append(Login(role, username, password, f"{description} · {province.name}"))
    return logins


def province_of(county: Unit) -> Unit | None:
    """The demo's province above ``county`` (through the demo's city), else None."""
    return Unit.objects.filter(
        code=PROVINCE[0],
        level=Unit.Level.PROVINCE,
        children__code=CITY[0],
        children__children=county,
    ).first()


@transaction.atomic
def load_region_demo(county: Unit) -> list[Login]:
    """The province and the city, the county moved under the city, the province's
    logins, the province's other counties and its approved assessment of the three.
    A database whose county already has a parent, or that holds a unit with the
    province's, the city's or one of the other counties' codes, is left alone (no
    logins)."""
    if (
        county.parent_id is not None
        or Unit.objects.filter(code__in=[PROVINCE[0], CITY[0], *_own_codes()]).exists()
    ):
        return []
    province = Unit(code=PROVINCE[0], name=PROVINCE[1], level=Unit.Level.PROVINCE)
    province.save(path="demo")
    city = Unit(code=CITY[0], name=CITY[1], level=Unit.Level.CITY, parent=province)
    city.save(path="demo")
    county.parent = city
    county.save(path="demo")
    logins = region_users(province)
    _counties(province, city)
    _assessment(province)
    return logins


@transaction.atomic
def complete_region_demo(province: Unit) -> None:
    """A demo province loaded by an older kaoping (清河县 alone, no assessment of its
    own) gets the other counties and its assessment; one that holds any of their
    codes, a rubric or an assessment of its own is left alone."""
    city = Unit.objects.filter(code=CITY[0], level=Unit.Level.CITY, parent=province).first()
    if (
        city is None
        or Unit.objects.filter(code__in=_own_codes()).exists()
        or CountyAssessment.objects.filter(county=province).exists()
        or county_app.rubric_versions(province)
    ):
        return
    _counties(province, city)
    _assessment(province)


def _own_codes() -> list[str]:
    return [
        code
        for c, _name, _city, towns in COUNTIES
        for code in (c, *(t for t, _n, _v in towns), *(v for *_t, vs in towns for v, _n in vs))
    ]


def _counties(province: Unit, city: Unit) -> None:
    from kaoping.demo import QUARTERS
    from kaoping.rubrics import default_rubric_text

    text = default_rubric_text()
    for code, name, under_city, towns in COUNTIES:
        unit = Unit(
            code=code, name=name, level=Unit.Level.COUNTY, parent=city if under_city else province
        )
        unit.save(path="demo")
        _townships(unit, text, QUARTERS, towns)
    Person.objects.bulk_create(
        Person(unit=unit, role=role, name=name)
        for unit in Unit.objects.filter(code__in=COUNTY_PEOPLE, level=Unit.Level.COUNTY)
        for role, name in COUNTY_PEOPLE[unit.code]
    )


def _assessment(province: Unit) -> CountyAssessment:
    """2026Q3 of the three counties, created, entered and computed by the province
    admin, approved by the province leader: two people, as the four-eyes rule wants."""
    User = get_user_model()
    admin = User.objects.get(username=_LOGINS[0][0])
    leader = User.objects.get(username=_LOGINS[1][0])
    rv = county_app.upload_rubric(province, REGION_RUBRIC, "province.yaml", admin, note="演示细则")
    a = county_app.create(province, PERIOD, rv, admin)
    for code, value in ACCURACY.items():
        county_app.enter(a.pk, code, "figure", "stat_accuracy", value, "", admin)
    town, key, points, reason = MANUAL
    county_app.enter(a.pk, town, "deduction", key, points, reason, admin)
    county_app.compute(a.pk, admin)
    return county_app.transition(a.pk, "approve", leader)
