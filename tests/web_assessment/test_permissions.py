"""Who sees what of the assessment app beyond the matrix of every page × every
persona (test_permission_matrix.py): where a reporter is sent, what a list shows.

Personas (conftest): the township's admin, assessor and leader, the county's
leader, the reporter of 东村 V1, the reporter of 西村 V2, the admin of another
township, and nobody logged in. An object a user may not see answers 404.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Prepared, assessment_in


@pytest.fixture
def both(prepared: Prepared) -> dict[str, int]:
    published = assessment_in(prepared, "2026Q3", "published")
    draft = assessment_in(prepared, "2026Q4", "draft")
    return {"pub": published.pk, "draft": draft.pk}


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
