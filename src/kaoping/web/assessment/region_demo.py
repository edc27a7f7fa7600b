"""The demo's province and city above its county (docs/province.md "The demo
province"): 江南省 (P01) > 青山市 (M01) > 清河县, and the province's two logins, an
admin and a leader, whose dashboard (/assessment/region/P01/) shows the county and
whose role reaches the city's too.

Loaded by :func:`kaoping.web.demo.load_demo` after the county: two units, the
county moved under the city (each audited as the demo's), two logins. A city
leader is left out: the province's people read the city's dashboard, and each
login costs a password hash (about 0.2 s) at every start of ``serve --demo``.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from kaoping.web.core.loading import Login
from kaoping.web.core.models import Membership, Unit

PROVINCE = ("P01", "江南省")
CITY = ("M01", "青山市")

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
    logins. A database whose county already has a parent, or that holds a unit with
    the province's or the city's code, is left alone (no logins)."""
    if (
        county.parent_id is not None
        or Unit.objects.filter(code__in=[PROVINCE[0], CITY[0]]).exists()
    ):
        return []
    province = Unit(code=PROVINCE[0], name=PROVINCE[1], level=Unit.Level.PROVINCE)
    province.save(path="demo")
    city = Unit(code=CITY[0], name=CITY[1], level=Unit.Level.CITY, parent=province)
    city.save(path="demo")
    county.parent = city
    county.save(path="demo")
    return region_users(province)
