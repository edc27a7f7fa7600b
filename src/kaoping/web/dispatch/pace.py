"""Progress by work area against the linear pace, with no database and no Django:
the figures in, the rows of the dispatch page out.

An area's progress is its villages' progress summed: the allocations added up,
the counts added up, and the rate recomputed from those two sums (never an
average of the villages' rates, which would weigh a village of 5 like one of 50).
The pace is the engine's linear schedule: by the end of day d of a campaign of n
days, d/n of the task is due (:func:`kaoping.engine.schedule_fraction`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from kaoping.engine import UnitProgress, allocation_progress, rank_progress, schedule_fraction

#: The key under which villages that belong to no work area are summed.
NO_AREA = ""


@dataclass(frozen=True)
class AreaProgress:
    """One area's (or the township's) progress on a day, with its rank."""

    progress: UnitProgress
    rank: int | None  # None: not ranked (the villages outside every area)
    pace: Fraction  # the share of the campaign due by the end of the day
    lagging: bool  # behind the pace by at least the campaign's threshold

    @property
    def code(self) -> str:
        return self.progress.unit

    @property
    def pace_rate(self) -> Fraction:
        return self.pace

    @property
    def shortfall_points(self) -> Fraction:
        """How many percentage points the rate is below the pace (0 when not behind)."""
        rate = self.progress.rate
        if rate is None:
            return Fraction(0)
        return max(Fraction(0), (self.pace - rate) * 100)


def roll_up(
    allocated: Mapping[str, int],
    done: Mapping[str, int],
    area_of: Mapping[str, str],
) -> tuple[dict[str, int], dict[str, int]]:
    """The villages' allocations and counts summed per area (``area_of``: village
    code -> area code, :data:`NO_AREA` for none)."""
    alloc: dict[str, int] = {}
    total: dict[str, int] = {}
    for unit, n in allocated.items():
        a = area_of.get(unit, NO_AREA)
        alloc[a] = alloc.get(a, 0) + n
        total.setdefault(a, 0)
    for unit, n in done.items():
        a = area_of.get(unit, NO_AREA)
        total[a] = total.get(a, 0) + n
        alloc.setdefault(a, 0)
    return alloc, total


def area_progress(
    allocated: Mapping[str, int],
    done: Mapping[str, int],
    area_of: Mapping[str, str],
    start: date,
    end: date,
    as_of: date,
    lag_points: Fraction,
) -> tuple[AreaProgress, list[AreaProgress]]:
    """The township's progress and each area's, areas ranked (highest rate first,
    then the most done, then by code); villages outside every area are summed in
    a row of their own, last and unranked. ``lag_points``: an area lags when its
    rate is at least this many percentage points below the pace."""
    pace = schedule_fraction(start, end, as_of)
    alloc, total = roll_up(allocated, done, area_of)
    rows = allocation_progress(alloc, total, start, end, as_of)
    (town,) = allocation_progress(
        {"": sum(allocated.values())}, {"": sum(done.values())}, start, end, as_of
    )

    def lagging(p: UnitProgress) -> bool:
        return p.status == "behind" and p.rate is not None and (pace - p.rate) * 100 >= lag_points

    ranked = rank_progress([p for p in rows if p.unit != NO_AREA])
    out = [AreaProgress(p, i + 1, pace, lagging(p)) for i, p in enumerate(ranked)]
    out += [AreaProgress(p, None, pace, False) for p in rows if p.unit == NO_AREA]
    return AreaProgress(town, None, pace, False), out
