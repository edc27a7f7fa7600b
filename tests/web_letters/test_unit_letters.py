"""A unit's letters: its own reporter sees them, another village's does not."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("leader", 200), ("reporter", 200), ("reporter2", 404), ("outsider", 404)],
)
def test_it_shows_a_village_its_own_letters(
    login: Any, letter: Any, persona: str, status: int
) -> None:
    r = login(persona).get("/letters/units/V1/")
    assert r.status_code == status
    if status == 200:
        assert "筛查预约专项活动" in r.content.decode()


def test_it_shows_a_work_area_letters_to_township_staff_only(login: Any, plans: Any) -> None:
    from kaoping.web.letters import services

    w = plans.world
    services.create_letter(w.t1, w.a1, title="第一片春季活动", year=2026)
    assert "第一片春季活动" in login("assessor").get("/letters/units/A1/").content.decode()
    assert login("reporter").get("/letters/units/A1/").status_code == 404
