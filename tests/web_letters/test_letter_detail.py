"""One letter on screen: the official layout, its forms for the township only."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("persona", "status", "forms"),
    [
        ("admin", 200, True),
        ("assessor", 200, True),
        ("leader", 200, False),
        ("reporter", 200, False),
        ("reporter2", 404, False),
        ("outsider", 404, False),
    ],
)
def test_it_shows_the_letter_to_readers_and_its_forms_to_staff(
    login: Any, letter: Any, persona: str, status: int, forms: bool
) -> None:
    r = login(persona).get(f"/letters/{letter.pk}/")
    assert r.status_code == status
    if status == 200:
        page = r.content.decode()
        assert "甲方：东风镇人民政府" in page and "乙方：东村" in page
        assert "完成两癌筛查预约名额10个" in page
        assert ('id="sign-form"' in page) is forms
        assert ('id="clause-form"' in page) is forms
