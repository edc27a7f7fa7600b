"""The planning entry page and a village's own page."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("persona", "townships", "villages"),
    [
        ("admin", ["T1"], []),
        ("leader", ["T1"], []),
        ("reporter", [], ["V1"]),
        ("outsider", ["T2"], []),
    ],
)
def test_each_persona_finds_their_own_pages(
    login: Any, plans: Any, persona: str, townships: list[str], villages: list[str]
) -> None:
    r = login(persona).get("/planning/")
    assert [t.code for t in r.context["townships"]] == townships
    assert [v.code for v in r.context["villages"]] == villages


def test_a_village_page_lists_its_days_campaigns_and_open_reminders(login: Any, plans: Any) -> None:
    r = login("reporter").get("/planning/villages/V1/")
    assert [d.unit.code for d in r.context["days"]] == ["V1"]
    assert [c.township.code for c in r.context["campaigns"]] == ["T1"]
    assert [x.number for x in r.context["open"]] == ["2026Q2-V1-01"]


def test_a_township_is_not_a_village(login: Any, plans: Any) -> None:
    assert login("admin").get("/planning/villages/T1/").status_code == 404
