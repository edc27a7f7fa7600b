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


def test_the_province_assessment_pages_say_nothing_in_chinese_but_data_under_english(
    client: Any, settings: Any, db: Any
) -> None:
    from kaoping.web.assessment import county

    from .region_world import build, computed

    rw = build()
    a = computed(rw)
    draft = county.create(rw.units["P1"], "2026Q4", rw.rubric, rw.users["province_admin"])
    county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = data_values()
    pages = {
        "province_admin": ["/assessment/region/P1/assess/", f"/assessment/region/a/{a.pk}/",
                           f"/assessment/region/a/{draft.pk}/", "/assessment/region/P1/"],
        "province_leader": ["/assessment/region/P1/assess/", f"/assessment/region/a/{a.pk}/"],
        "county_leader": [
            "/assessment/region/P1/assess/",
            f"/assessment/region/a/{a.pk}/",
            "/assessment/county/C1/",
        ],
    }  # fmt: skip
    found = {}
    for persona, paths in pages.items():
        client.force_login(rw.users[persona])
        for path in paths:
            r = client.get(path)
            assert r.status_code == 200, path
            left = leftover_chinese(r.content.decode(), data)
            if left:
                found[(persona, path)] = left
    assert found == {}
