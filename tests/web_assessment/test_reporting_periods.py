"""Reporting totals (信息上报率, 及时率) for a month, a quarter, a half-year and a year:
a longer period owes what its quarters and months owe, summed."""

from __future__ import annotations

import pytest

from kaoping.engine import Period

from .conftest import Prepared


@pytest.mark.parametrize(
    ("period", "due"),
    [
        # 东风镇 has one quarterly data set and three villages (conftest); the
        # quarters 2026Q3 and 2026Q4 are reported, nothing else.
        ("2026-08", 0),  # a month owes no quarterly form
        ("2026Q3", 3),
        ("2026H2", 6),
        ("2026", 12),
    ],
)
def test_a_period_owes_its_quarters_forms(prepared: Prepared, period: str, due: int) -> None:
    from kaoping.web.core.completeness import reporting_totals

    assert reporting_totals(prepared.world.t1, Period.parse(period))[0] == due


def test_a_half_year_is_the_sum_of_its_quarters(prepared: Prepared) -> None:
    from datetime import UTC, datetime

    from kaoping.web.core.completeness import reporting_totals
    from kaoping.web.core.models import Report

    w = prepared.world
    # 东村's third quarter in by 1 October (on time), 西村's fourth on 1 February (late).
    for unit, period, when in (
        (w.v1, "2026Q3", datetime(2026, 10, 1, 2, tzinfo=UTC)),
        (w.v2, "2026Q4", datetime(2027, 2, 1, 2, tzinfo=UTC)),
    ):
        Report.objects.filter(unit=unit, period=period).update(first_submitted_at=when)
    town = w.t1
    q3 = reporting_totals(town, Period.parse("2026Q3"))
    q4 = reporting_totals(town, Period.parse("2026Q4"))
    h2 = reporting_totals(town, Period.parse("2026H2"))
    assert h2 == tuple(a + b for a, b in zip(q3, q4, strict=True))
    assert (q3, q4, h2) == ((3, 1, 1), (3, 1, 0), (6, 2, 1))
