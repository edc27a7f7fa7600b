"""Hostile input everywhere: every URL pattern, for every persona and no login,
with odd ids and parameters, never answers 500; control characters and NUL bytes
are refused at the door with a message naming the field; deep JSON is a 400."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from kaoping.web.core.models import ApiToken, Person, Unit

from .conftest import PERSONAS


def _patterns(resolver: Any = None, prefix: str = "") -> list[str]:
    found: list[str] = []
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if not route.startswith("admin/"):  # Django's own admin
                found.extend(_patterns(p, route))
        elif isinstance(p, URLPattern):
            found.append(route)
    return found


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# What a real request would carry, so that the hostile part is reached.
REAL = {
    "dataset_pk": "{ds}",
    "unit_code": "V1",
    "code": "T1",
    "period": "2026Q3",
    "element": "invited",
    "year": "2026",
    "number": "1",
    "action": "approve",
}
HOSTILE_STR = ["%00", "V1%0b", "..%2F..", "%27%22%3C", "Z" * 300, "2026Q9", "%E2%80%AE"]
HOSTILE_INT = ["0", "99999999999999999999", "-1"]
QUERY = (
    "?period=abc&version=x&unit=%27&sort=..&dir=9&as_of=2026-13-45&a=1e999999&b=-&"
    "year=abc&day=0&kind=zz&spec=%5B%5B&spot=&measure=zz&notice_on=notadate&suffix=..%2F"
)
FORM = {
    "version": "abc",
    "invited": "1e999999999",
    "attended": "-1",
    "period": "x",
    "name": "Z" * 5000,
    "code": "",
    "note": "",
    "reason": "",
    "action": "submit",
    "unit": "99999999999999999999",
    "year": "abc",
    "day": "31",
    "file": "not a file",
    "parent": "abc",
    "level": "zz",
    "role": "zz",
    "units": "abc",
    "start": "2026-02-30",
}


def _urls(world: Any) -> list[tuple[str, bool]]:
    """Each pattern with real values (True), and with one hostile value at a time."""
    urls: list[tuple[str, bool]] = []
    for route in _patterns():
        params = _PARAM.findall(route)

        def build(swap: dict[str, str], route: str = route) -> str:
            def value(m: re.Match[str]) -> str:
                kind, name = m.group(1) or "str", m.group(2)
                if name in swap:
                    return swap[name]
                real = REAL.get(name, "1" if kind == "int" else "x")
                return real.format(ds=world.ds.pk)

            return "/" + _PARAM.sub(value, route)

        urls.append((build({}), True))
        for kind, name in params:
            for bad in HOSTILE_INT if kind == "int" else HOSTILE_STR:
                urls.append((build({name: bad}), False))
    return sorted(set(urls))


# Every persona meets the hostile query string and forms on every real URL, where
# their own view code runs. A hostile id in the path is refused by the permission
# gate while it looks the object up, before any view, in the same code for every
# signed-in persona: that part is walked as nobody, as the township admin (who
# reaches the most) and as a village reporter (who reaches the least of T1).
WALKS = [(None, True), ("admin", True), ("reporter", True)] + [
    (p, False) for p in PERSONAS if p not in ("admin", "reporter")
]


@pytest.mark.parametrize(("persona", "hostile_paths"), WALKS)
def test_no_url_answers_500_to_hostile_ids_and_parameters(
    world: Any, persona: str | None, hostile_paths: bool
) -> None:
    client = Client(raise_request_exception=False)
    headers: dict[str, str] = {}
    if persona is not None:
        client.force_login(world.users[persona])
        _t, key = ApiToken.issue(world.users[persona], "crawl")
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    failures = []
    for url, real in _urls(world):
        if not (real or hostile_paths):
            continue
        requests: list[tuple[str, str, dict[str, Any]]] = [
            ("get", url, {}),
            ("post", url, {"data": FORM}),
            ("post", url, {"data": "[" * 100000, "content_type": "application/json"}),
        ]
        if real:  # the hostile query string on the real URL only: elsewhere it adds nothing
            requests.append(("get", url + QUERY, {}))
        for method, path, kwargs in requests:
            response = getattr(client, method)(path, **kwargs, **headers)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path[:120]} -> {response.status_code}")
    assert failures == []


@pytest.mark.parametrize(
    ("char", "shown"),
    [("\x0b", "U+000B"), ("\x00", "U+0000"), ("\x85", "U+0085"), ("\x1b", "U+001B")],
)
def test_a_control_character_in_a_form_field_is_refused_naming_the_field(
    login: Any, world: Any, char: str, shown: str
) -> None:
    r = login("admin").post(
        f"/units/{world.v1.code}/people/new/", {"role": "secretary", "name": f"张{char}三"}
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "“name”" in page and shown in page
    assert not Person.objects.filter(name__startswith="张").exists()


@pytest.mark.parametrize("text", ["第一行\n第二行", "列\t列", "回车\r\n换行"])
def test_tab_and_line_breaks_are_still_accepted(login: Any, world: Any, text: str) -> None:
    r = login("admin").post(
        f"/units/{world.v1.code}/people/new/", {"role": "secretary", "name": text}
    )
    assert r.status_code == 302
    assert Person.objects.filter(unit=world.v1).exists()


def test_a_nul_byte_in_the_query_or_the_path_is_a_400_not_a_500(login: Any, world: Any) -> None:
    client = login("admin")
    client.raise_request_exception = False
    assert client.get("/units/?q=%00").status_code == 400
    assert client.get("/units/V1%00/").status_code == 400


def _api(client: Any, world: Any, body: str) -> Any:
    _t, key = ApiToken.issue(world.users["admin"], "t")
    return client.put(
        f"/api/v1/reports/{world.ds.pk}/V1/2026Q3/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )


def test_a_deeply_nested_api_body_is_a_400_with_a_message(client: Any, world: Any) -> None:
    r = _api(client, world, '{"figures": ' + "[" * 50000 + "]" * 50000 + ', "version": 0}')
    assert r.status_code == 400
    assert "嵌套过深" in r.json()["error_zh"]
    nested: Any = 1
    for _ in range(30):
        nested = [nested]
    r = _api(client, world, json.dumps({"version": 0, "figures": {"invited": nested}}))
    assert r.status_code == 400


def test_a_control_character_in_an_api_body_is_refused_naming_the_key(
    client: Any, world: Any
) -> None:
    r = _api(client, world, json.dumps({"version": 0, "figures": {"invited": "1\u000b2"}}))
    assert r.status_code == 400
    assert "figures.invited" in r.json()["error_zh"] and "U+000B" in r.json()["error_zh"]


def test_a_control_character_in_an_imported_unit_name_names_row_and_column(
    login: Any, world: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = "代码,名称,层级,上级代码\nV9,新\x0b村,村,A1\n".encode()
    r = login("admin").post(
        "/units/import/", {"kind": "units", "file": SimpleUploadedFile("u.csv", sheet)}
    )
    page = r.content.decode()
    assert "<td>2</td><td>名称</td><td>新\\x0b村</td>" in page
    assert not Unit.objects.filter(code="V9").exists()


def test_a_control_character_in_an_imported_person_name_is_refused(login: Any, world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    sheet = "单位代码,职务,姓名\nV1,书记,李\x0b四\n".encode()
    r = login("admin").post(
        "/units/import/", {"kind": "people", "file": SimpleUploadedFile("p.csv", sheet)}
    )
    assert "李\\x0b四" in r.content.decode()
    assert not Person.objects.filter(name__startswith="李").exists()
