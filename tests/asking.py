"""Tests of actions that ask first on the server (kaoping.web.core.asking): a POST
without the answer changes nothing and shows the question; ``yes(...)`` is the
same POST's fields with the answer, as the question page (or the dialog) sends them."""

from __future__ import annotations

import html
import re
from typing import Any

ANSWER = {"confirmed": "yes"}


def yes(data: dict[str, Any] | None = None) -> dict[str, Any]:
    """``data`` with the answer yes (a copy)."""
    return {**(data or {}), **ANSWER}


def question(page: str) -> str:
    """The question on an ask-first page (fails the test if the page does not ask)."""
    found = re.search(r'<p class="warning" id="question">([^<]*)</p>', page)
    assert found is not None, "the page does not ask"
    return html.unescape(found[1])


def asks(page: str) -> bool:
    return 'id="ask-first"' in page


def resent(page: str) -> dict[str, list[str]]:
    """The fields the question page's button sends again (with the answer)."""
    form = re.search(r'<form method="post" action="[^"]*" id="ask-first">(.*?)</form>', page, re.S)
    assert form is not None, "the page does not ask"
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([\w-]+)" value="([^"]*)">', form[1]
    ):
        if name != "csrfmiddlewaretoken":
            fields.setdefault(name, []).append(html.unescape(value))
    return fields


def dialog(page: str, button_id: str) -> str | None:
    """The question a button's dialog asks (its ``data-confirm``), if any."""
    tag = re.search(rf'<button[^>]*id="{button_id}"[^>]*>', page)
    assert tag is not None, f"no #{button_id} on the page"
    asked = re.search(r'data-confirm="([^"]*)"', tag[0])
    return html.unescape(asked[1]) if asked else None
