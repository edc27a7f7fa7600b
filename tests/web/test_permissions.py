"""The permission matrix: every view and API endpoint x every role x own / other unit.

Units: V1 (the reporter's village) and V2 (another village of the same
township, reporter2's), both in 东风镇 (T1); W1 in 红旗镇 (T2), the outsider's.
Each row of ALLOWED is written out by hand from the roles' description in
docs/web.md; every other (persona, unit) pair must be refused (403 or 404; a
redirect to the login page or 401 for an anonymous visitor).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from kaoping.web.core.models import ApiToken, Person, Report
from tests.asking import yes
from tests.web.conftest import World, build_world

T1 = {"V1", "V2"}
T2 = {"W1"}
PERSONAS = ["admin", "assessor", "leader", "reporter", "reporter2", "outsider", "anonymous"]

ALLOWED: dict[str, dict[str, set[str]]] = {
    "report_get": {
        "admin": T1,
        "assessor": T1,
        "leader": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "report_save": {
        "admin": T1,
        "assessor": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "report_check": {
        "admin": T1,
        "assessor": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "report_return": {"admin": T1, "assessor": T1, "leader": T1, "outsider": T2},
    "report_approve": {"admin": T1, "leader": T1, "outsider": T2},
    "unit_detail": {
        "admin": T1,
        "assessor": T1,
        "leader": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "unit_history": {
        "admin": T1,
        "assessor": T1,
        "leader": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "unit_edit": {"admin": T1, "outsider": T2},
    "person_new": {"admin": T1, "outsider": T2},
    # data-set pages: the unit stands for its township's data set
    "completeness": {"admin": T1, "assessor": T1, "leader": T1, "outsider": T2},
    "completeness_xlsx": {"admin": T1, "assessor": T1, "leader": T1, "outsider": T2},
    "template": {"admin": T1, "assessor": T1, "reporter": T1, "reporter2": T1, "outsider": T2},
    "upload": {"admin": T1, "assessor": T1, "reporter": T1, "reporter2": T1, "outsider": T2},
    "api_report_get": {
        "admin": T1,
        "assessor": T1,
        "leader": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "api_report_put": {
        "admin": T1,
        "assessor": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
    "person_edit": {"admin": T1, "outsider": T2},
    "api_datasets": {
        "admin": T1,
        "assessor": T1,
        "leader": T1,
        "reporter": T1,
        "reporter2": T1,
        "outsider": T2,
    },
    # pages without a unit: open to every user / to township admins, whatever the unit
    "home": {p: T1 | T2 for p in PERSONAS if p != "anonymous"},
    # staff pages: a village reporter neither sees them in the menu nor opens them
    "unit_list": {p: T1 | T2 for p in PERSONAS if p not in ("anonymous", "reporter", "reporter2")},
    "token_list": {p: T1 | T2 for p in PERSONAS if p not in ("anonymous", "reporter", "reporter2")},
    "unit_new": {"admin": T1 | T2, "outsider": T1 | T2},
    "unit_import": {"admin": T1 | T2, "outsider": T1 | T2},
    "dataset_new": {"admin": T1 | T2, "outsider": T1 | T2},
    "user_list": {"admin": T1 | T2, "outsider": T1 | T2},
    "api_units_list": {
        "admin": T1,
        "assessor": T1,
        "leader": T1,
        "reporter": {"V1"},
        "reporter2": {"V2"},
        "outsider": T2,
    },
}

CASES = [
    (endpoint, persona, unit)
    for endpoint in ALLOWED
    for persona in PERSONAS
    for unit in ["V1", "V2", "W1"]
]


@pytest.fixture(scope="module")
def _world(module_db: None) -> World:
    return build_world()


@pytest.fixture
def world(_world: World, db: Any) -> World:
    """The small world (tests/web/conftest.py), built once for the module."""
    return _world


def _dataset(world: Any, unit: str) -> Any:
    return world.ds2 if unit == "W1" else world.ds


def _request(client: Any, world: Any, endpoint: str, unit: str, token: str | None) -> Any:
    ds = _dataset(world, unit)
    report = f"/report/{ds.pk}/{unit}/2026Q3/"
    api = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    match endpoint:
        case "report_get":
            return client.get(report)
        case "report_save":
            return client.post(report, {"version": "1", "action": "save", "invited": "7"})
        case "report_check":
            return client.post(report + "check/invited/", {"invited": "7"})
        case "report_return":
            return client.post(report + "return/", {"reason": "请核对"})
        case "report_approve":
            return client.post(report + "approve/", yes({"version": "1"}))
        case "unit_detail":
            return client.get(f"/units/{unit}/")
        case "unit_history":
            return client.get(f"/units/{unit}/history/")
        case "unit_edit":
            return client.get(f"/units/{unit}/edit/")
        case "person_new":
            return client.get(f"/units/{unit}/people/new/")
        case "completeness":
            return client.get(f"/datasets/{ds.pk}/2026Q3/completeness/")
        case "completeness_xlsx":
            return client.get(f"/datasets/{ds.pk}/2026Q3/completeness.xlsx")
        case "template":
            return client.get(f"/datasets/{ds.pk}/2026Q3/template.xlsx")
        case "upload":
            return client.get(f"/datasets/{ds.pk}/2026Q3/upload/")
        case "api_report_get":
            return client.get(f"/api/v1/reports/{ds.pk}/{unit}/2026Q3/", **api)
        case "api_report_put":
            body = json.dumps({"version": 1, "figures": {"invited": 7}})
            return client.put(
                f"/api/v1/reports/{ds.pk}/{unit}/2026Q3/",
                body,
                content_type="application/json",
                **api,
            )
        case "api_units_list":
            return client.get("/api/v1/units/", **api)
        case "api_datasets":
            return client.get("/api/v1/datasets/", **api)
        case "person_edit":
            return client.get(f"/people/{Person.objects.get(unit__code=unit).pk}/edit/")
        case "home":
            return client.get("/")
        case "unit_list":
            return client.get("/units/")
        case "token_list":
            return client.get("/account/tokens/")
        case "unit_new":
            return client.get("/units/new/")
        case "unit_import":
            return client.get("/units/import/")
        case "dataset_new":
            return client.get("/datasets/new/")
        case "user_list":
            return client.get("/users/")
    raise AssertionError(endpoint)


@pytest.mark.parametrize(("endpoint", "persona", "unit"), CASES)
def test_permission_matrix(client: Any, world: Any, endpoint: str, persona: str, unit: str) -> None:
    status = "submitted" if endpoint in ("report_return", "report_approve") else "draft"
    for u in (world.v1, world.v2, world.w1):
        Report.objects.create(
            dataset=_dataset(world, u.code), unit=u, period="2026Q3", status=status, version=1
        )
        Person.objects.create(unit=u, role="secretary", name=f"{u.code}书记")
    token = None
    if persona != "anonymous":
        user = world.users[persona]
        client.force_login(user)
        _t, token = ApiToken.issue(user, "test")
    allowed = unit in ALLOWED[endpoint].get(persona, set())
    r = _request(client, world, endpoint, unit, token)

    if endpoint == "api_units_list":
        if persona == "anonymous":
            assert r.status_code == 401
            return
        codes = {u["code"] for u in r.json()["units"]}
        assert (unit in codes) is allowed
        return
    if endpoint == "api_datasets":
        if persona == "anonymous":
            assert r.status_code == 401
            return
        ids = {d["id"] for d in r.json()["datasets"]}
        assert (_dataset(world, unit).pk in ids) is allowed
        return

    if allowed:
        assert r.status_code in (200, 302), r.status_code
        if r.status_code == 302:
            assert "/login/" not in r["Location"]
    elif persona == "anonymous":
        if endpoint.startswith("api_"):
            assert r.status_code == 401
        else:
            assert r.status_code == 302 and "/login/" in r["Location"]
    else:
        assert r.status_code in (403, 404), r.status_code

    report = Report.objects.get(unit__code=unit, period="2026Q3")
    if endpoint in ("report_save", "api_report_put"):
        assert (report.values().get("invited") is not None) is allowed
    if endpoint == "report_return":
        assert (report.status == "returned") is allowed
    if endpoint == "report_approve":
        assert (report.status == "approved") is allowed


def test_a_reporter_cannot_see_another_villages_figures_anywhere(client: Any, world: Any) -> None:
    from decimal import Decimal

    from kaoping.web.core import services

    rep = services.report_for(world.ds, world.v2, "2026Q3")
    services.save_figures(rep, {"invited": Decimal("9876")}, user=None, path="form")
    client.force_login(world.users["reporter"])
    for url in ["/", "/units/", "/units/V2/", f"/datasets/{world.ds.pk}/2026Q3/completeness/"]:
        page = client.get(url).content.decode()
        assert "9876" not in page and "西村" not in page
