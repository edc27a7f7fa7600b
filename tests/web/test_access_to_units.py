"""access_to_units: many units judged at once (a county's import creates thousands
of reports) gives, unit by unit, what access_to_unit gives each alone.

The world (tests/web/conftest.py) plus personas whose roles reach a village in
other ways than through its township: a leader of the work area A1 (a role on
the area itself), a reporter of V1 who is also T2's admin, the county's leader
and a superuser. The villages' order is mixed so that villages of one township
are not neighbours.
"""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.core.access import access_to_unit, access_to_units
from kaoping.web.core.models import Membership
from tests.web.conftest import World

EXTRA = ["area_leader", "reporter_and_t2_admin", "county_leader", "superuser"]


def _extra_users(world: World) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    R = Membership.Role
    users = {}
    for name, grants in {
        "area_leader": [(R.LEADER, world.a1)],
        "reporter_and_t2_admin": [(R.REPORTER, world.v1), (R.ADMIN, world.t2)],
        "county_leader": [(R.LEADER, world.county)],
    }.items():
        user = User.objects.create_user(username=name)
        for role, unit in grants:
            Membership.objects.create(user=user, role=role, unit=unit)
        users[name] = user
    users["superuser"] = User.objects.create_superuser(username="root")
    return users


@pytest.mark.parametrize(
    "persona",
    ["admin", "assessor", "leader", "reporter", "reporter2", "outsider", *EXTRA],
)
def test_it_gives_each_unit_what_it_gives_the_unit_alone(world: World, persona: str) -> None:
    from django.contrib.auth import get_user_model

    users = world.users | _extra_users(world)
    user = users[persona]
    units = [world.v2, world.w1, world.v1, world.a1, world.v3, world.t1, world.w1, world.v2]
    together = access_to_units(user, units)
    for unit, access in zip(units, together, strict=True):
        # A fresh user object: nothing access_to_units cached on it helps the answer.
        alone = access_to_unit(get_user_model().objects.get(pk=user.pk), unit)
        assert access == alone, (persona, unit.code)


def test_it_tells_a_villages_own_reporter_apart_from_its_neighbours(world: World) -> None:
    reporter = world.users["reporter"]
    v1, v2 = access_to_units(reporter, [world.v1, world.v2])
    assert v1.edit and not v2.read


def test_it_gives_an_anonymous_visitor_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not any(a.read for a in access_to_units(AnonymousUser(), [world.v1, world.w1]))
