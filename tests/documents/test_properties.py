"""Whatever a quarter's figures, the documents are written and their tables
carry the engine's numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoping.documents import bulletin_blocks, ranking_rows, summary_blocks, text_of
from kaoping.engine import format_number

from .town import town


@st.composite
def quarters(draw: st.DrawFn) -> Sequence[tuple[object, ...]]:
    rows = []
    units = draw(st.integers(min_value=1, max_value=6))
    for period in draw(st.sampled_from([["2026Q3"], ["2026Q2", "2026Q3"], ["2025Q3", "2026Q3"]])):
        for i in range(units):
            invited = draw(st.integers(0, 200))
            births = draw(st.integers(0, 20))
            rows.append(
                (
                    f"V{i:02d}", f"村{i}", f"A{i % 2}", period, invited,
                    draw(st.integers(0, invited)), draw(st.integers(0, 5)), births,
                    draw(st.integers(0, births)), draw(st.integers(0, 4)),
                    draw(st.integers(0, 1)), draw(st.integers(0, 2)),
                )
            )  # fmt: skip
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quarters())
def test_documents_are_drafted_for_any_quarter(rows: list[tuple[object, ...]]) -> None:
    assessment = town(rows=rows)
    result = assessment.period("2026Q3")
    summary = text_of(summary_blocks(assessment, "2026Q3", charts=False))
    bulletin = text_of(bulletin_blocks(assessment, "2026Q3", charts=False))
    assert summary[0].endswith("工作总结") and bulletin[0].endswith("的通报")
    # The opening's average is the engine's totals averaged, as shown.
    average = sum((u.total for u in result.units), Decimal(0)) / len(result.units)
    assert f"平均得分{format_number(average)}分" in summary[1]
    # No sentence shows a raw fraction or an unrounded decimal.
    for line in summary + bulletin:
        assert not re.search(r"\d\.\d{3,}", line), line
    _, table = ranking_rows(assessment, result)
    assert [Decimal(r[2]) for r in table] == [Decimal(format_number(u.total)) for u in result.units]
