"""The township's list of letters: read by its staff, hidden from everyone else."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("persona", "status", "can_issue"),
    [
        ("admin", 200, True),
        ("assessor", 200, True),
        ("leader", 200, False),
        ("reporter", 404, False),
        ("outsider", 404, False),
    ],
)
def test_it_shows_the_township_letters_to_its_staff_only(
    login: Any, letter: Any, persona: str, status: int, can_issue: bool
) -> None:
    r = login(persona).get("/letters/t/T1/")
    assert r.status_code == status
    if status == 200:
        page = r.content.decode()
        assert "东村" in page and "筛查预约专项活动" in page
        assert ('id="from-allocation"' in page) is can_issue


def test_it_refuses_anonymous_visitors(client: Any, letter: Any) -> None:
    r = client.get("/letters/t/T1/")
    assert r.status_code == 302 and "/login/" in r["Location"]
