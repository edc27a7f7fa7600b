"""Progress by area against the linear pace, computed by hand.

Campaign 05-01..05-10 (10 days). Area A: V1 30 + V2 10 = 40; area B: V3 20;
V4 10 in no area; the township 70. Done by 05-04: V1 3, V2 9 (A 12), V3 10 (B 10), V4 1.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from kaoping.web.dispatch.pace import NO_AREA, area_progress

ALLOC = {"V1": 30, "V2": 10, "V3": 20, "V4": 10}
DONE = {"V1": 3, "V2": 9, "V3": 10, "V4": 1}
AREA_OF = {"V1": "A", "V2": "A", "V3": "B", "V4": NO_AREA}
START, END = date(2026, 5, 1), date(2026, 5, 10)


def run(as_of: date = date(2026, 5, 4), lag: Fraction = Fraction(5)) -> tuple[object, dict]:
    town, rows = area_progress(ALLOC, DONE, AREA_OF, START, END, as_of, lag)
    return town, {r.code: r for r in rows}


def test_an_areas_rate_is_the_rate_of_its_sums_not_the_average_of_its_villages() -> None:
    _town, rows = run()
    # 12 / 40 = 30 %, where the mean of 3/30 and 9/10 would say 50 %.
    assert rows["A"].progress.rate == Fraction(3, 10)
    assert (rows["A"].progress.allocated, rows["A"].progress.done) == (40, 12)


@pytest.mark.parametrize(
    ("as_of", "pace", "expected_a", "expected_town"),
    [
        (date(2026, 4, 30), Fraction(0), Fraction(0), Fraction(0)),  # before the start
        (date(2026, 5, 1), Fraction(1, 10), Fraction(4), Fraction(7)),
        (date(2026, 5, 4), Fraction(4, 10), Fraction(16), Fraction(28)),
        (date(2026, 5, 5), Fraction(5, 10), Fraction(20), Fraction(35)),
        (date(2026, 5, 10), Fraction(1), Fraction(40), Fraction(70)),
        (date(2026, 5, 12), Fraction(1), Fraction(40), Fraction(70)),  # after the end
    ],
)
def test_expected_is_the_target_times_elapsed_days_over_campaign_days(
    as_of: date, pace: Fraction, expected_a: Fraction, expected_town: Fraction
) -> None:
    town, rows = run(as_of)
    assert rows["A"].pace == pace
    assert rows["A"].progress.expected == expected_a
    assert town.progress.expected == expected_town  # type: ignore[attr-defined]


def test_the_township_sums_every_village_including_those_outside_the_areas() -> None:
    town, _rows = run()
    p = town.progress  # type: ignore[attr-defined]
    assert (p.allocated, p.done, p.expected, p.gap) == (70, 23, 28, -5)
    assert p.rate == Fraction(23, 70)


def test_areas_are_ranked_by_rate_and_the_villages_outside_are_not_ranked() -> None:
    _town, rows = run()
    assert (rows["B"].rank, rows["A"].rank, rows[NO_AREA].rank) == (1, 2, None)


@pytest.mark.parametrize(
    ("lag", "a_lags"),
    [(Fraction(5), True), (Fraction(10), True), (Fraction(21, 2), False)],
)
def test_an_area_lags_when_its_rate_is_the_threshold_or_more_below_the_pace(
    lag: Fraction, a_lags: bool
) -> None:
    _town, rows = run(lag=lag)
    # A: pace 40 %, rate 30 %: 10 points short. B is ahead (10 done, 8 due).
    assert rows["A"].shortfall_points == 10
    assert rows["A"].lagging is a_lags
    assert rows["B"].lagging is False
    assert rows[NO_AREA].lagging is False
