"""The JSON API: tokens, reading and writing figures, conflicts, problems, OpenAPI."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core.models import ApiToken, FigureChange, Report, Unit

# Run on PostgreSQL too (tests/conftest.py): the API's saves share the form's transaction.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def api(client: Any, world: Any) -> Any:
    def call(persona: str, method: str, path: str, body: object = None) -> Any:
        _t, key = ApiToken.issue(world.users[persona], "t")
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {key}"}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(client, method)(path, **kwargs)

    return call


def path(world: Any, unit: str = "V1") -> str:
    return f"/api/v1/reports/{world.ds.pk}/{unit}/2026Q3/"


@pytest.mark.parametrize("header", ["", "Token nonsense", "Basic abc", "Token "])
def test_a_missing_or_unknown_token_is_refused(client: Any, world: Any, header: str) -> None:
    r = client.get("/api/v1/units/", HTTP_AUTHORIZATION=header)
    assert r.status_code == 401
    assert r.json()["error_zh"] == "需要有效的接口令牌"


def test_the_session_cookie_alone_does_not_open_the_api(client: Any, world: Any) -> None:
    client.force_login(world.users["admin"])
    assert client.get("/api/v1/units/").status_code == 401


def test_only_a_hash_of_the_key_is_stored(world: Any) -> None:
    token, key = ApiToken.issue(world.users["admin"], "t")
    assert key not in token.key_hash and len(token.key_hash) == 64


def test_a_written_figure_is_read_back_exactly_and_audited(api: Any, world: Any) -> None:
    r = api(
        "reporter",
        "put",
        path(world),
        {"version": 0, "figures": {"invited": 40, "accuracy": "0.95"}},
    )
    assert r.status_code == 200
    assert r.json()["figures"] == {
        "invited": "40",
        "attended": None,
        "records_ok": None,
        "accuracy": "0.95",
    }
    assert r.json()["version"] == 1
    change = FigureChange.objects.get(element="accuracy")
    assert (change.path, change.new_value, change.user) == (
        "api",
        Decimal("0.95"),
        world.users["reporter"],
    )
    assert api("leader", "get", path(world)).json()["figures"]["invited"] == "40"


def test_bad_values_come_back_as_problems_and_nothing_is_written(api: Any, world: Any) -> None:
    r = api(
        "reporter", "put", path(world), {"version": 0, "figures": {"invited": -1, "attended": "x"}}
    )
    assert r.status_code == 400
    problems = {p["element"]: p["message_zh"] for p in r.json()["problems"]}
    assert problems == {"invited": "“-1”是负数，人数/件数不能为负", "attended": "“x”不是数字"}
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{"figures": {"invited": 1}}, {"version": 0}, {"version": "0", "figures": {}}, [1, 2]],
)
def test_a_malformed_body_is_refused(api: Any, world: Any, body: object) -> None:
    assert api("reporter", "put", path(world), body).status_code == 400


def test_an_unknown_element_is_refused(api: Any, world: Any) -> None:
    r = api("reporter", "put", path(world), {"version": 0, "figures": {"births": 1}})
    assert r.status_code == 400 and "births" in r.json()["error_zh"]


def test_a_stale_version_is_a_conflict_with_both_values(api: Any, world: Any) -> None:
    api("reporter", "put", path(world), {"version": 0, "figures": {"invited": 40}})
    api("assessor", "put", path(world), {"version": 1, "figures": {"invited": 45}})
    r = api("reporter", "put", path(world), {"version": 1, "figures": {"invited": 41}})
    assert r.status_code == 409
    assert r.json()["conflicts"] == {"invited": {"yours": "41", "saved": "45"}}
    assert r.json()["version"] == 2


def test_the_admin_adds_a_village_through_the_api(api: Any, world: Any) -> None:
    r = api(
        "admin",
        "post",
        "/api/v1/units/",
        {"code": "V7", "name": "北村", "level": "village", "parent": "A1"},
    )
    assert r.status_code == 201
    assert Unit.objects.get(code="V7").township == world.t1
    r = api(
        "admin",
        "post",
        "/api/v1/units/",
        {"code": "V8", "name": "北村", "level": "village", "parent": "W1"},
    )
    assert r.status_code == 404  # another township's unit is invisible
    r = api(
        "assessor",
        "post",
        "/api/v1/units/",
        {"code": "V8", "name": "北村", "level": "village", "parent": "A1"},
    )
    assert r.status_code == 403


def test_datasets_list_their_elements(api: Any, world: Any) -> None:
    data = api("reporter", "get", "/api/v1/datasets/").json()["datasets"]
    assert [d["id"] for d in data] == [world.ds.pk]
    assert [e["code"] for e in data[0]["elements"]] == [
        "invited",
        "attended",
        "records_ok",
        "accuracy",
    ]


def test_the_openapi_description_names_every_route(client: Any, world: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {
        "/units/",
        "/datasets/",
        "/reports/{dataset}/{unit}/{period}/",
        "/reports/{dataset}/{unit}/{period}/approve/",
    }
    assert set(doc["paths"]["/reports/{dataset}/{unit}/{period}/"]) >= {"get", "put"}
    assert doc["components"]["securitySchemes"]["token"]["in"] == "header"
