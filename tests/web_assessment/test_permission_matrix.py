"""Every page and action of the assessment app × every persona × own or other village.

Personas (conftest): the township's admin, assessor and leader, the county's
leader, the reporter of 东村 V1, the reporter of 西村 V2, the admin of another
township, and nobody logged in. An object a user may not see answers 404.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.asking import yes

from .conftest import Prepared, assessment_in, prepare

STAFF = ["admin", "assessor", "leader", "county"]
PERSONAS = [*STAFF, "reporter", "reporter2", "outsider", "anonymous"]


@pytest.fixture(scope="module")
def _built(module_db: None) -> tuple[Prepared, dict[str, int]]:
    prepared = prepare()
    published = assessment_in(prepared, "2026Q3", "published")
    draft = assessment_in(prepared, "2026Q4", "draft")
    return prepared, {"pub": published.pk, "draft": draft.pk}


@pytest.fixture
def both(_built: tuple[Prepared, dict[str, int]], db: Any) -> dict[str, int]:
    """Q3 published and Q4 draft, built once for the module (each test's changes are undone)."""
    return _built[1]


@pytest.fixture
def login(client: Any, _built: tuple[Prepared, dict[str, int]]) -> Any:
    def as_(persona: str) -> Any:
        client.logout()
        if persona != "anonymous":
            client.force_login(_built[0].users[persona])
        return client

    return as_


def _codes(staff: int, reporter: int, reporter2: int, outsider: int = 404) -> dict[str, int]:
    return {
        **dict.fromkeys(STAFF, staff),
        "reporter": reporter,
        "reporter2": reporter2,
        "outsider": outsider,
        "anonymous": 302,
    }


# url (with {pub}/{draft}) -> expected status per persona
PAGES: dict[str, dict[str, int]] = {
    "/assessment/t/T1/": _codes(200, 200, 200),
    "/assessment/t/T1/rubrics/": _codes(200, 404, 404),
    "/assessment/t/T1/rubrics/1/": _codes(200, 404, 404),
    "/assessment/t/T1/rubrics/diff/?a=1&b=1": _codes(200, 404, 404),
    "/assessment/t/T1/ledger/2026/": _codes(200, 404, 404),
    "/assessment/t/T1/ledger/2026.xlsx": _codes(200, 404, 404),
    "/assessment/t/T1/year/2026/": _codes(200, 404, 404),
    "/assessment/t/T1/sources/": _codes(200, 404, 404),
    "/assessment/{pub}/": _codes(200, 200, 200),
    "/assessment/{draft}/": _codes(200, 404, 404),
    "/assessment/{pub}/unit/V1/": _codes(200, 200, 404),
    "/assessment/{pub}/unit/V2/": _codes(200, 404, 200),
    "/assessment/{draft}/unit/V1/": _codes(200, 404, 404),
    "/assessment/{pub}/unit/W1/": _codes(404, 404, 404),
    "/assessment/{pub}/bulletin.docx": _codes(200, 404, 404),
    "/assessment/{pub}/annex.xlsx": _codes(200, 404, 404),
    "/assessment/{pub}/summary.docx": _codes(200, 404, 404),
    "/assessment/{pub}/charts/ranking.png": _codes(200, 200, 200),
    "/assessment/{draft}/charts/ranking.png": _codes(200, 404, 404),
    "/assessment/{pub}/charts/heatmap.png": _codes(200, 200, 200),
    "/assessment/{draft}/charts/heatmap.png": _codes(200, 404, 404),
    "/assessment/{pub}/unit/V1/trend.png": _codes(200, 200, 404),
    "/assessment/{pub}/unit/V2/trend.png": _codes(200, 404, 200),
    "/assessment/{draft}/unit/V1/trend.png": _codes(200, 404, 404),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(PAGES))
def test_who_sees_which_page(both: dict[str, int], login: Any, url: str, persona: str) -> None:
    response = login(persona).get(url.format(**both))
    assert response.status_code == PAGES[url][persona]
    if persona == "anonymous":
        assert "/login/" in response["Location"]


# POSTs that change something: url -> (data, expected per persona). Refused
# readers get 403 with the reason; those who cannot read get 404.
ACTIONS: dict[str, tuple[dict[str, str], dict[str, int]]] = {
    "/assessment/t/T1/new/": (
        {"period": "2026Q4", "rubric": "1"},
        {"admin": 400, "assessor": 400, "leader": 403, "county": 403},
    ),
    "/assessment/{draft}/compute/": ({}, {"admin": 302, "assessor": 302, "leader": 403}),
    "/assessment/{draft}/unit/V1/manual/": (
        {"path": "other", "points": "1", "reason": "年度计划未交"},
        {"admin": 302, "assessor": 302, "leader": 403, "county": 403},
    ),
    "/assessment/{pub}/correct/": (
        yes({"reason": "更正"}),
        {"admin": 302, "assessor": 302, "leader": 403, "county": 403},
    ),
    "/assessment/t/T1/sources/": (
        {"unit": "V1", "period": "2026Q4", "measure": "births", "source": "village", "value": "1"},
        {"admin": 302, "assessor": 302, "leader": 403, "county": 403},
    ),
    "/assessment/t/T1/sources/resolve/": (
        {"unit": "V1", "period": "2026Q4", "measure": "births"},
        {"admin": 302, "assessor": 302, "leader": 403, "county": 403},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(ACTIONS))
def test_who_may_change_what(both: dict[str, int], login: Any, url: str, persona: str) -> None:
    data, allowed = ACTIONS[url]
    expected = {**dict.fromkeys(STAFF, 403), **allowed}.get(persona, 404)
    if persona == "anonymous":
        expected = 302
    response = login(persona).post(url.format(**both), data)
    assert response.status_code == expected
