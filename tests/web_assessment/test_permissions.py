"""Every page of the assessment app × every persona × own or other village.

Personas (conftest): the township's admin, assessor and leader, the county's
leader, the reporter of 东村 V1, the reporter of 西村 V2, the admin of another
township, and nobody logged in. An object a user may not see answers 404.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Prepared, assessment_in

STAFF = ["admin", "assessor", "leader", "county"]
PERSONAS = [*STAFF, "reporter", "reporter2", "outsider", "anonymous"]


@pytest.fixture
def both(prepared: Prepared) -> dict[str, int]:
    published = assessment_in(prepared, "2026Q3", "published")
    draft = assessment_in(prepared, "2026Q4", "draft")
    return {"pub": published.pk, "draft": draft.pk}


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
        {"reason": "更正"},
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


def test_a_reporter_before_publication_is_sent_to_their_own_village(
    prepared: Prepared, login: Any
) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    response = login("reporter2").get(f"/assessment/{a.pk}/")
    assert response["Location"] == f"/assessment/{a.pk}/unit/V2/"
    page = login("reporter2").get(response["Location"]).content.decode()
    assert "西村" in page and "东村" not in page and "镇中社区" not in page


def test_a_reporter_sees_the_whole_ranking_once_published(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "published")
    page = login("reporter").get(f"/assessment/{a.pk}/").content.decode()
    assert all(name in page for name in ("东村", "西村", "镇中社区"))
    assert f"/assessment/{a.pk}/unit/V2/" not in page  # no links to other villages' details


def test_the_township_list_shows_a_reporter_only_frozen_assessments(
    both: dict[str, int], login: Any
) -> None:
    page = login("reporter").get("/assessment/t/T1/").content.decode()
    assert f"/assessment/{both['pub']}/" in page
    assert f"/assessment/{both['draft']}/" not in page


@pytest.mark.parametrize(
    ("persona", "location"),
    [
        ("admin", "/assessment/t/T1/"),
        ("leader", "/assessment/t/T1/"),
        ("county", None),  # two townships in the county: a list
        ("reporter", "/assessment/t/T1/"),
        ("outsider", "/assessment/t/T2/"),
    ],
)
def test_the_menu_entry_leads_to_the_users_township(
    prepared: Prepared, login: Any, persona: str, location: str | None
) -> None:
    response = login(persona).get("/assessment/")
    if location is None:
        html = response.content.decode()
        assert response.status_code == 200
        assert "/assessment/t/T1/" in html and "/assessment/t/T2/" in html
    else:
        assert response["Location"] == location


def test_an_unknown_step_is_not_found(both: dict[str, int], login: Any) -> None:
    assert login("admin").post(f"/assessment/{both['draft']}/delete/").status_code == 404
