"""The permission table is enforced at the door (kaoping.web.core.gate), and the
walk of every URL goes on with the personas in scope of the demo township T01.

The world (tests/web/url_walk.py) is built once for the module, in a transaction
rolled back at its end; each test's own changes roll back with it. Each test is
one URL of the table (ids: the URL's name), asked GET and POST by the personas its
scenario names:

- anyone signed in who holds nothing the view names is answered by the gate
  itself, before the view: never a 405 of a POST-only view, never a page;
- a village reporter of T01 asking for another village's pages: 404;
- the village reporter asking for what no reporter may do: refused;
- T01's leader asking for what only the township's admin and assessors may do: 403;
- the county's leader asking for what only a township does (enter, prepare,
  approve, plan, manage): refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.core.models import Membership
from kaoping.web.core.permissions import PERMISSIONS, REFUSED_WITH_403, VIEWS, Scope, reach

from .url_walk import build_demo_world, fill, routes

R = Membership.Role
TABLE = routes()


def _api(name: str) -> bool:
    return TABLE[name].startswith("/api/")


@pytest.fixture(scope="module")
def walk(module_db: None) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import ApiToken

    world = build_demo_world()
    world["nobody"] = get_user_model().objects.create_user(username="no-role", password="x")
    people = {**world["insiders"], "nobody": world["nobody"]}
    world["tokens"] = {p: ApiToken.issue(u, "walk")[1] for p, u in people.items()}
    return world


def ask(client: Any, walk: dict[str, Any], persona: str, name: str) -> dict[str, int]:
    """The answers to GET and POST of the URL ``name`` for ``persona``."""
    user = walk["nobody"] if persona == "nobody" else walk["insiders"][persona]
    client.force_login(user)
    url = fill(name, TABLE[name], walk)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {walk['tokens'][persona]}"} if _api(name) else {}
    return {m: getattr(client, m)(url, **headers).status_code for m in ("get", "post")}


def _held(role: str, *scopes: Scope) -> set[str]:
    return {a for a, rule in PERMISSIONS.items() if any(role in rule.roles(s) for s in scopes)}


def _names(keep: Any) -> list[str]:
    return sorted(name for name, actions in VIEWS.items() if keep(name, set(actions)))


# --- the gate ------------------------------------------------------------------------------

# Worked out by hand from the table of docs/web.md: what each role reaches.
REACH = {
    "village reporter": {"unit.read", "figures.enter", "dispatch.report", "assessment.own"},
    "township leader": {
        "unit.read",
        "report.review",
        "report.approve",
        "staff.pages",
        "dispatch.read",
        "assessment.read",
        "assessment.approve",
        "county.own",
    },
    "county leader": {
        "unit.read",
        "staff.pages",
        "assessment.read",
        "county.read",
        "county.approve",
        "county.accept",
        "inspection.record",
        "region.own",
    },
    "nobody": set(),
}


@pytest.mark.parametrize("persona", sorted(REACH))
def test_a_users_reach_is_every_action_some_role_of_theirs_holds_somewhere(
    walk: dict[str, Any], db: Any, persona: str
) -> None:
    user = walk["nobody"] if persona == "nobody" else walk["insiders"][persona]
    assert reach(user) == REACH[persona]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_whoever_holds_nothing_a_view_names_is_refused_by_the_gate_before_the_view(
    walk: dict[str, Any], client: Any, db: Any, name: str
) -> None:
    # A signed-in account with no role: 404 for a URL that names something (nothing
    # it names is theirs to read, whether it exists or not), 403 for a URL that names
    # nothing and for the views that refuse before looking (the accounts pages). The
    # same for GET and POST: the gate answers before a POST-only view's 405.
    # (The API answers a method an endpoint does not take with 405 before it reads
    # the token; the method it takes is the gate's.)
    expected = 403 if name in REFUSED_WITH_403 or "<" not in TABLE[name] else 404
    answers = ask(client, walk, "nobody", name)
    if _api(name):
        assert set(answers.values()) <= {expected, 405} and expected in answers.values()
    else:
        assert answers == {"get": expected, "post": expected}


def test_a_jobs_starter_without_a_role_still_sees_their_job(
    walk: dict[str, Any], client: Any, db: Any
) -> None:
    from kaoping.web.jobs.models import Job

    job = Job.objects.get(kind="test", unit=walk["township"])
    job.started_by = walk["nobody"]
    job.save()
    assert ask(client, walk, "nobody", "jobs:job")["get"] == 200


def test_signed_out_visitors_are_sent_to_the_login_page_or_told_the_api_needs_a_token(
    walk: dict[str, Any], client: Any, db: Any
) -> None:
    wrong = []
    for name in sorted(VIEWS):
        url = fill(name, TABLE[name], walk)
        response = client.get(url)
        if _api(name) and response.status_code == 405:
            response = client.post(url)  # a POST-only endpoint
        ok = (
            response.status_code == 401
            if _api(name)
            else response.status_code == 302 and response["Location"].startswith("/login/")
        )
        if not ok:
            wrong.append(f"{name}: {response.status_code}")
    assert wrong == []


# --- the walk, in scope --------------------------------------------------------------------


def _names_a_village(name: str, _actions: set[str]) -> bool:
    # the walk fills <code> with the village but under /t/, /county/ and /areas/
    route = TABLE[name]
    return any(k in route for k in ("<str:unit_code>", "<str:unit>")) or (
        "<str:code>" in route and not any(p in route for p in ("/t/", "/county/", "/areas/"))
    )


@pytest.mark.parametrize("name", _names(_names_a_village))
def test_a_village_reporter_gets_404_for_every_page_of_another_village(
    walk: dict[str, Any], client: Any, db: Any, name: str
) -> None:
    answers = ask(client, walk, "another village's reporter", name)
    assert set(answers.values()) <= {404, 405} and 404 in answers.values(), answers


REPORTER = _held(R.REPORTER, Scope.UNIT)


@pytest.mark.parametrize("name", _names(lambda _n, actions: actions.isdisjoint(REPORTER)))
def test_a_village_reporter_is_refused_what_no_reporter_may_do(
    walk: dict[str, Any], client: Any, db: Any, name: str
) -> None:
    answers = ask(client, walk, "village reporter", name)
    assert answers["post"] in {403, 404} and answers["get"] in {403, 404, 405}, answers


ADMIN = _held(R.ADMIN, Scope.UNIT, Scope.TOWNSHIP)
LEADER = _held(R.LEADER, Scope.UNIT, Scope.TOWNSHIP)


@pytest.mark.parametrize(
    "name", _names(lambda _n, actions: actions <= ADMIN and actions.isdisjoint(LEADER))
)
def test_a_township_leader_is_forbidden_what_only_its_admin_and_assessors_may_do(
    walk: dict[str, Any], client: Any, db: Any, name: str
) -> None:
    # The leader reads the township, so the refusal is 403, not 404.
    answers = ask(client, walk, "township leader", name)
    assert answers["post"] == 403 and answers["get"] in {403, 405}, answers


COUNTY_LEADER = _held(R.LEADER, Scope.UNIT, Scope.COUNTY)


@pytest.mark.parametrize(
    "name",
    _names(
        lambda _n, actions: (
            actions.isdisjoint(COUNTY_LEADER) and all(PERMISSIONS[a].township for a in actions)
        )
    ),
)
def test_a_county_leader_is_refused_what_only_a_township_does(
    walk: dict[str, Any], client: Any, db: Any, name: str
) -> None:
    answers = ask(client, walk, "county leader", name)
    assert answers["post"] in {403, 404} and answers["get"] in {403, 404, 405}, answers
