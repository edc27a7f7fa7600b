"""A page's <title> is plain text: no template's title block holds markup (a
block left open once swallowed a whole table into the accounts page's title)."""

from __future__ import annotations

import re
from pathlib import Path

import kaoping.web

TEMPLATES = sorted(Path(kaoping.web.__file__).parent.glob("*/templates/**/*.html"))
TITLE = re.compile(r"{% block title %}(.*?){% endblock", re.S)


def test_there_are_templates_to_read() -> None:
    assert len(TEMPLATES) > 50


def test_no_title_block_holds_markup() -> None:
    marked = {
        str(t.relative_to(t.parents[2])): block[:60]
        for t in TEMPLATES
        for block in TITLE.findall(t.read_text(encoding="utf-8"))
        if "<" in block
    }
    assert marked == {}
