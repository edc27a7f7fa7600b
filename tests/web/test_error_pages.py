"""Refused and missing pages speak Chinese and lead back home, like every other page."""

from __future__ import annotations

from typing import Any


def test_a_refused_page_says_so_in_chinese_with_a_way_back(login: Any, world: Any) -> None:
    response = login("reporter").get("/datasets/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page
    assert 'href="/"' in page


def test_a_missing_page_says_so_in_chinese_with_a_way_back(login: Any, world: Any) -> None:
    response = login("reporter").get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    assert 'href="/"' in page
