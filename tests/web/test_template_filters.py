"""Template filters that change what a page shows."""

from __future__ import annotations

import pytest

from kaoping.web.core.templatetags.kaoping import whole_dates


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("截至12-01应完成3个", '截至<span class="date">12-01</span>应完成3个'),
        ("2026-12-01前", '<span class="date">2026-12-01</span>前'),
        ("已完成12个，目标40个", "已完成12个，目标40个"),
        ("<b>11-15</b>", '&lt;b&gt;<span class="date">11-15</span>&lt;/b&gt;'),
        ("编号2026-0012", "编号2026-0012"),
    ],
)
def test_whole_dates_keeps_each_date_on_one_line_and_escapes_the_rest(
    text: str, shown: str
) -> None:
    assert whole_dates(text) == shown
