"""A province's admin creates and revokes the accounts of the province, its cities
and its counties in the app (/users/county/, as a county admin does for the
county), audited, never outside the province; a city's admin does the same for the
city and its counties; a unit's last admin is never revoked."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from kaoping.web.core.models import Membership, RoleChange

from .conftest import ProvinceWorld

NEW = "a-fresh-passphrase-42"


def create(client: Any, role: str, unit_pk: int, name: str = "new.staff") -> Any:
    return client.post(
        "/users/county/",
        {"username": name, "password1": NEW, "password2": NEW, "role": role, "unit": unit_pk},
    )


# (persona, role, unit): accepted
ACCEPTED = [
    ("province_admin", "admin", "P1"),
    ("province_admin", "leader", "P1"),
    ("province_admin", "admin", "M1"),
    ("province_admin", "leader", "M1"),
    ("province_admin", "admin", "C1"),  # a county of its city
    ("province_admin", "leader", "C2"),  # a county straight under it
    ("city_admin", "leader", "M1"),
    ("city_admin", "admin", "C1"),
]


@pytest.mark.parametrize(("persona", "role", "unit"), ACCEPTED)
def test_a_region_admin_creates_an_account_of_its_unit_or_of_a_unit_below_audited(
    pw: ProvinceWorld, as_: Any, persona: str, role: str, unit: str
) -> None:
    target = pw.units[unit]
    assert create(as_(persona), role, target.pk).status_code == 302
    user = get_user_model().objects.get(username="new.staff")
    assert list(user.memberships.values_list("role", "unit")) == [(role, target.pk)]
    actor = pw.users[persona].pk
    assert set(RoleChange.objects.filter(user=user).values_list("action", "actor", "unit")) == {
        ("create_user", actor, target.pk),
        ("grant", actor, target.pk),
    }


# (persona, role, unit): refused with the form shown again, nothing created
REFUSED = [
    ("province_admin", "admin", "P9"),  # another province
    ("province_admin", "admin", "C9"),  # another province's county
    ("province_admin", "admin", "T1"),  # a township: its county admin's
    ("province_admin", "assessor", "C1"),  # no assessor above the township
    ("province_admin", "reporter", "C1"),
    ("city_admin", "admin", "P1"),  # the province above the city
    ("city_admin", "admin", "C2"),  # a county of the province, not of the city
]


@pytest.mark.parametrize(("persona", "role", "unit"), REFUSED)
def test_a_region_admin_may_not_create_an_account_outside_its_units_or_in_another_role(
    pw: ProvinceWorld, as_: Any, persona: str, role: str, unit: str
) -> None:
    answer = create(as_(persona), role, pw.units[unit].pk)
    assert answer.status_code == 200
    assert not get_user_model().objects.filter(username="new.staff").exists()


@pytest.mark.parametrize("persona", ["city_leader", "outsider", "township_admin"])
def test_whoever_is_no_region_or_county_admin_is_refused_the_accounts_page(
    pw: ProvinceWorld, as_: Any, persona: str
) -> None:
    client = as_(persona)
    assert client.get("/users/county/").status_code == 403
    assert create(client, "admin", pw.units["P1"].pk).status_code == 403


def test_the_accounts_page_of_a_province_lists_its_units_roles_and_not_another_province(
    pw: ProvinceWorld, as_: Any
) -> None:
    page = as_("province_admin").get("/users/county/").content.decode()
    assert "省、市与县级账号" in page
    for name in ("province_admin", "province_leader", "city_leader", "city_admin"):
        assert name in page
    # the outsider's county and the township admin's township are not its to manage
    assert "outsider" not in page
    assert "township_admin" not in page


def test_a_province_admin_revokes_a_city_leaders_role_and_it_is_recorded(
    pw: ProvinceWorld, as_: Any
) -> None:
    m = Membership.objects.get(user=pw.users["city_leader"])
    answer = as_("province_admin").post(f"/users/county/roles/{m.pk}/delete/", {"confirmed": "yes"})
    assert answer.status_code == 302
    assert not Membership.objects.filter(pk=m.pk).exists()
    assert RoleChange.objects.filter(
        action="revoke", actor=pw.users["province_admin"], user=pw.users["city_leader"]
    ).exists()


def test_the_last_admin_of_a_city_cannot_be_revoked_by_the_province(
    pw: ProvinceWorld, as_: Any
) -> None:
    m = Membership.objects.get(user=pw.users["city_admin"])
    as_("province_admin").post(f"/users/county/roles/{m.pk}/delete/", {"confirmed": "yes"})
    assert Membership.objects.filter(pk=m.pk).exists()


@pytest.mark.parametrize(("persona", "victim"), [("province_admin", "outsider"),
                                                 ("province_admin", "township_admin"),
                                                 ("city_admin", "province_leader")])  # fmt: skip
def test_a_region_admin_cannot_revoke_a_role_outside_its_units(
    pw: ProvinceWorld, as_: Any, persona: str, victim: str
) -> None:
    m = Membership.objects.get(user=pw.users[victim])
    assert (
        as_(persona).post(f"/users/county/roles/{m.pk}/delete/", {"confirmed": "yes"}).status_code
        == 404
    )
    assert Membership.objects.filter(pk=m.pk).exists()


def test_the_menu_of_a_province_admin_offers_its_accounts_page(pw: ProvinceWorld, as_: Any) -> None:
    assert "省、市与县级账号" in as_("province_admin").get("/").content.decode()
    assert "省、市与县级账号" not in as_("city_leader").get("/").content.decode()
