"""With the English locale, the province's pages (its dashboard, its accounts
page, the assessment index that links the dashboard) say nothing in Chinese but
data: the check of tests/web/test_english_pages.py."""

from __future__ import annotations

from typing import Any

import pytest

from ..web.test_english_pages import data_values, leftover_chinese
from .test_province_dashboard import board  # noqa: F401  (the fixture)

PAGES = {
    "province_admin": ["/assessment/region/P1/", "/assessment/region/P1/?order=done",
                       "/users/county/", "/assessment/", "/"],
    "city_leader": ["/assessment/region/M1/", "/assessment/"],
}  # fmt: skip


@pytest.mark.parametrize("persona", list(PAGES))
def test_the_province_pages_say_nothing_in_chinese_but_data_under_english(
    board: Any,  # noqa: F811
    client: Any,
    settings: Any,
    persona: str,
) -> None:
    client.force_login(board.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = data_values()
    found = {}
    for path in PAGES[persona]:
        r = client.get(path)
        assert r.status_code == 200, path
        left = leftover_chinese(r.content.decode(), data)
        if left:
            found[path] = left
    assert found == {}
