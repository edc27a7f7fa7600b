"""The permission table (kaoping.web.core.permissions) covers every URL of the URLconf.

A view that nobody put in the table, nor in its list of public and signed-in
pages, fails here: whoever adds a page says which actions it asks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kaoping.web.core.models import Membership
from kaoping.web.core.permissions import APP_READS, OPEN, PERMISSIONS, VIEWS, Scope

# Django's admin checks is_staff itself, on every page of its own (its login keeps
# the app's attempt limit: tests/web/test_login.py).
DJANGO_ADMIN = "/admin/"


def url_names() -> Iterator[tuple[str, str]]:
    """(name, route) of every pattern, names namespaced as ``reverse`` takes them."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, ns, route)
            elif isinstance(p, URLPattern):
                yield (f"{namespace}{p.name}" if p.name else "", route)

    yield from walk(get_resolver().url_patterns, "", "/")


def app_urls() -> list[tuple[str, str]]:
    return [(n, r) for n, r in url_names() if not r.startswith(DJANGO_ADMIN)]


def test_every_url_of_the_app_is_named() -> None:
    # A nameless pattern could not be looked up in the table.
    assert [r for n, r in app_urls() if not n] == []


@pytest.mark.parametrize(("name", "route"), [u for u in app_urls() if u[0]])
def test_every_view_is_in_the_permission_table(name: str, route: str) -> None:
    assert name in VIEWS or name in OPEN, f"{route} ({name}) is not in the permission table"


def test_the_table_names_no_view_that_is_gone() -> None:
    names = {n for n, _ in url_names()}
    assert sorted(set(VIEWS) - names) == []
    assert sorted(set(OPEN) - names) == []
    assert set(VIEWS).isdisjoint(OPEN)


@pytest.mark.parametrize(("name", "actions"), sorted(VIEWS.items()))
def test_every_view_asks_for_actions_of_the_table(name: str, actions: tuple[str, ...]) -> None:
    assert actions and set(actions) <= set(PERMISSIONS), name


def test_every_app_of_the_table_says_what_its_views_read_first() -> None:
    # the request gate (core/gate.py) lets through whoever reaches one of these
    apps = {name.rpartition(":")[0] for name in VIEWS}
    assert sorted(apps - set(APP_READS)) == []
    assert all(set(reads) <= set(PERMISSIONS) for reads in APP_READS.values())


R = Membership.Role

# The table by hand, from docs/web.md: (action, scope) -> the roles that hold it.
EXPECTED: dict[tuple[str, Scope], set[str]] = {
    ("unit.read", Scope.UNIT): {R.REPORTER},
    ("unit.read", Scope.TOWNSHIP): {R.ADMIN, R.ASSESSOR, R.LEADER},
    ("unit.read", Scope.COUNTY): {R.ADMIN, R.LEADER},
    ("unit.read", Scope.REGION): {R.ADMIN, R.LEADER},
    ("figures.enter", Scope.REGION): set(),
    ("township.manage", Scope.REGION): set(),
    ("county.read", Scope.REGION): {R.ADMIN, R.LEADER},
    ("county.prepare", Scope.REGION): set(),
    ("county.approve", Scope.REGION): set(),
    ("figures.enter", Scope.UNIT): {R.REPORTER},
    ("figures.enter", Scope.TOWNSHIP): {R.ADMIN, R.ASSESSOR},
    ("report.approve", Scope.TOWNSHIP): {R.ADMIN, R.LEADER},
    ("township.manage", Scope.TOWNSHIP): {R.ADMIN},
    ("county.accounts", Scope.COUNTY): {R.ADMIN},
    ("assessment.read", Scope.COUNTY): {R.ADMIN, R.LEADER},
    ("assessment.approve", Scope.TOWNSHIP): {R.LEADER},
    ("assessment.publish", Scope.TOWNSHIP): {R.ADMIN, R.ASSESSOR},
    ("meeting.write", Scope.TOWNSHIP): {R.ADMIN},
    ("planning.manage", Scope.TOWNSHIP): {R.ADMIN, R.ASSESSOR},
    ("inspection.record", Scope.COUNTY): {R.LEADER},
    ("inspection.record", Scope.REGION): {R.LEADER},
    ("inspection.record", Scope.TOWNSHIP): set(),
}


def _id(value: object) -> str:
    # Ids the same in every process: pytest-xdist's workers must collect the same tests,
    # and a set's order follows the process's string hashing.
    if isinstance(value, tuple):
        return f"{value[0]}@{value[1].value}"
    return "+".join(sorted(str(v) for v in value))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("key", "roles"), EXPECTED.items(), ids=_id)
def test_the_table_gives_each_action_to_the_roles_of_the_documentation(
    key: tuple[str, Scope], roles: set[str]
) -> None:
    action, scope = key
    assert PERMISSIONS[action].roles(scope) == roles


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_no_village_reporter_holds_a_township_or_county_action(action: str) -> None:
    rule = PERMISSIONS[action]
    assert R.REPORTER not in rule.township | rule.county | rule.region
    # nothing but reading and entering a village's own figures reaches from the unit
    assert rule.unit <= {R.REPORTER}
