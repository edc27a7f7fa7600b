"""Allocation (任务分解): hand-computed cases, error messages and properties.

Which monotonicity the properties test, and why: Hamilton's largest-remainder
method is known to break two kinds of monotonicity. Raising the *total* can take
a slot from a unit (the Alabama paradox; see
``test_hamilton_can_take_a_slot_away_when_the_total_grows``), and when several
units' figures grow at different rates a faster-growing unit can lose a slot to
a slower one (the population paradox). Neither is tested as a property because
neither holds. What does hold, and is tested, is narrower: *raising one unit's
figure while every other figure, the total, the weights and the floor stay fixed
never lowers that unit's allocation*. Its quota rises and every other quota
falls or stays, so every other unit's whole part can only fall (which frees as
many slots as it takes away from them) and every other remainder that keeps its
whole part can only shrink; the raised unit therefore never drops out of the
units that get a +1. With a floor the same holds for the quotas that get
rounded, ``rest * need_i / sum(need)``, because the raised unit's need rises
and every other need falls or stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.engine import (
    AllocationError,
    allocate,
    allocation_progress,
    rank_progress,
    schedule_fraction,
)


def frame(**columns: Sequence[object]) -> pl.DataFrame:
    return pl.DataFrame(columns, strict=False)


@pytest.mark.parametrize(
    ("case", "units", "figures", "weights", "total", "floor", "expected"),
    [
        # quotas 3.5, 2.1, 1.4: whole parts 3+2+1 = 6, the one left goes to A (.5)
        (
            "largest remainder",
            ["A", "B", "C"],
            {"population": [5, 3, 2]},
            {"population": 1},
            7,
            0,
            {"A": 4, "B": 2, "C": 1},
        ),
        # quotas .5, .5, 1: A and B tie on remainder and quota; the code decides
        (
            "tie on remainder and quota goes to the smaller code",
            ["B", "A", "C"],
            {"population": [1, 1, 2]},
            {"population": 1},
            2,
            0,
            {"A": 1, "B": 0, "C": 1},
        ),
        # quotas Y .5, Z 1.5, X 1: Y and Z tie on remainder .5; Z's quota is larger
        (
            "tie on remainder goes to the larger quota before the code",
            ["Y", "Z", "X"],
            {"population": [1, 3, 2]},
            {"population": 1},
            3,
            0,
            {"Y": 0, "Z": 2, "X": 1},
        ),
        # shares A = .5*10/40 + .5*100/200 = .375, B = .625; quotas 3.75, 6.25
        (
            "half by eligible women, half by population",
            ["A", "B"],
            {"eligible_women": [10, 30], "population": [100, 100]},
            {"eligible_women": "0.5", "population": "0.5"},
            10,
            0,
            {"A": 4, "B": 6},
        ),
        # weights 1 and 3 are 1/4 and 3/4: A = 1/4*1/4 + 3/4*1/2 = 7/16; quotas 4.375, 5.625
        (
            "weights are normalised",
            ["A", "B"],
            {"eligible_women": [10, 30], "population": [100, 100]},
            {"eligible_women": 1, "population": 3},
            10,
            0,
            {"A": 4, "B": 6},
        ),
        # quotas .1, .1, 9.8; needs 0, 0, 8.8; the rest 7 all to C: 1, 1, 8
        (
            "a binding floor",
            ["A", "B", "C"],
            {"population": [1, 1, 98]},
            {"population": 1},
            10,
            1,
            {"A": 1, "B": 1, "C": 8},
        ),
        # without the floor the same figures give 0, 0, 10
        (
            "the same without the floor",
            ["A", "B", "C"],
            {"population": [1, 1, 98]},
            {"population": 1},
            10,
            0,
            {"A": 0, "B": 0, "C": 10},
        ),
        # quotas 5, 3, 2 are all above the floor: the floor changes nothing
        (
            "a floor that does not bind",
            ["A", "B", "C"],
            {"population": [50, 30, 20]},
            {"population": 1},
            10,
            1,
            {"A": 5, "B": 3, "C": 2},
        ),
        # quotas 1, 4, 5; floor 2: needs 0, 2, 3; rest 4 -> 1.6, 2.4 -> B gets the +1
        (
            "a floor with remainders among the rest",
            ["A", "B", "C"],
            {"population": [1, 4, 5]},
            {"population": 1},
            10,
            2,
            {"A": 2, "B": 4, "C": 4},
        ),
        (
            "a floor that takes the whole total",
            ["A", "B", "C"],
            {"population": [1, 4, 5]},
            {"population": 1},
            6,
            2,
            {"A": 2, "B": 2, "C": 2},
        ),
        (
            "nothing to split",
            ["A", "B"],
            {"population": [1, 3]},
            {"population": 1},
            0,
            0,
            {"A": 0, "B": 0},
        ),
    ],
)
def test_it_allocates_as_computed_by_hand(
    case: str,
    units: list[str],
    figures: dict[str, list[int]],
    weights: dict[str, object],
    total: int,
    floor: int,
    expected: dict[str, int],
) -> None:
    result = allocate(frame(unit=units, **figures), total, weights, floor=floor)
    assert result.as_dict() == expected


def test_it_explains_each_unit() -> None:
    result = allocate(
        frame(unit=["A", "B", "C"], name=["东村", "西村", "南村"], population=[5, 3, 2]),
        7,
        {"population": 1},
    )
    a, b = result.unit("A"), result.unit("B")
    assert (a.share, a.quota, a.remainder, a.plus_one, a.allocated) == (
        Fraction(1, 2),
        Fraction(7, 2),
        Fraction(1, 2),
        True,
        4,
    )
    assert (b.quota, b.remainder, b.plus_one, b.allocated) == (
        Fraction(21, 10),
        Fraction(1, 10),
        False,
        2,
    )
    assert a.name == "东村"
    assert a.figure_shares == {"population": Fraction(1, 2)}
    assert a.explanation_zh() == (
        "population占50.00%；加权占50.0000%；应分3.5000（7/2）；余数0.5000，按余数多分1个；分得4"
    )
    assert b.explanation() == (
        "shares population 30.00%; weighted 30.0000%; quota 21/10 = 2.1000; "
        "remainder 0.1000; allocated 2"
    )


def test_it_explains_a_quota_that_does_not_terminate_exactly() -> None:
    result = allocate(frame(unit=["A", "B", "C"], population=[1, 1, 1]), 10, {"population": 1})
    a = result.unit("A")
    assert a.quota == Fraction(10, 3)
    assert a.quota_text == "3.3333"
    assert result.as_dict() == {"A": 4, "B": 3, "C": 3}


def test_the_order_of_rows_does_not_change_the_result() -> None:
    forward = allocate(
        frame(unit=["A", "B", "C", "D"], population=[1, 1, 1, 1]), 6, {"population": 1}
    )
    backward = allocate(
        frame(unit=["D", "C", "B", "A"], population=[1, 1, 1, 1]), 6, {"population": 1}
    )
    assert forward.as_dict() == backward.as_dict() == {"A": 2, "B": 2, "C": 1, "D": 1}


# A township like the demo's: 21 villages, figures of the size a real one has.
VILLAGES = [
    ("V01", 412, 2890),
    ("V02", 388, 2610),
    ("V03", 95, 640),
    ("V04", 530, 3720),
    ("V05", 276, 1985),
    ("V06", 301, 2200),
    ("V07", 158, 1104),
    ("V08", 622, 4410),
    ("V09", 199, 1390),
    ("V10", 245, 1702),
    ("V11", 12, 86),
    ("V12", 367, 2544),
    ("V13", 480, 3301),
    ("V14", 133, 957),
    ("V15", 290, 2030),
    ("V16", 214, 1500),
    ("V17", 355, 2477),
    ("V18", 71, 505),
    ("V19", 402, 2811),
    ("V20", 188, 1322),
    ("V21", 260, 1818),
]


def test_it_allocates_321_screening_slots_across_21_villages() -> None:
    villages = frame(
        unit=[v[0] for v in VILLAGES],
        eligible_women=[v[1] for v in VILLAGES],
        population=[v[2] for v in VILLAGES],
    )
    result = allocate(villages, 321, {"eligible_women": "0.5", "population": "0.5"}, floor=1)
    slots = result.as_dict()
    assert sum(slots.values()) == 321
    assert min(slots.values()) >= 1
    # V11 (12 women, 86 people) has a quota of about 0.15: the floor lifts it to 1.
    assert result.unit("V11").quota < 1
    assert slots["V11"] == 1
    # The largest village gets the most.
    assert max(slots, key=lambda u: slots[u]) == "V08"
    assert sum(1 for u in result.units if u.plus_one) == 321 - sum(u.base for u in result.units)


@pytest.mark.parametrize(
    ("units", "figures", "weights", "total", "floor", "message", "message_zh"),
    [
        (
            ["A", "B"],
            {"population": [1, 2]},
            {"population": 0},
            10,
            0,
            "the weights sum to zero (population=0)",
            "权重之和为0（population=0）",
        ),
        (
            ["A", "B"],
            {"population": [0, 0]},
            {"population": 1},
            10,
            0,
            "the figure population sums to zero over all units; its weight is 1",
            "各单位的population合计为0，无法按其权重（1）分配",
        ),
        (
            ["A", "B"],
            {"population": [5, -2]},
            {"population": 1},
            10,
            0,
            "unit B: population = -2 is negative",
            "单位B：population的值-2为负数",
        ),
        (
            ["A", "B", "C"],
            {"population": [5, 2, 1]},
            {"population": 1},
            5,
            2,
            "a floor of 2 for 3 units needs 6, more than the total 5",
            "保底2个×3个单位需6个，超过总数5",
        ),
        (
            ["A", "B"],
            {"population": [1, 2]},
            {"households": 1},
            10,
            0,
            "no column 'households' for the weight of 'households'",
            "缺少权重所用的“households”列",
        ),
        (
            ["A", "A"],
            {"population": [1, 2]},
            {"population": 1},
            10,
            0,
            "row 2: unit A appears twice",
            "第2行：单位A重复",
        ),
        (
            ["A", "B"],
            {"population": [1, 2]},
            {"population": "-1"},
            10,
            0,
            "weight population = -1 is negative",
            "权重population的值-1为负数",
        ),
        (
            ["A", "B"],
            {"population": [1, 2]},
            {"population": 1},
            -3,
            0,
            "the total must be a whole number of 0 or more, not -3",
            "总数应为不小于0的整数，而不是-3",
        ),
        (
            ["A", "B"],
            {"population": [1, None]},
            {"population": 1},
            10,
            0,
            "unit B: population is missing",
            "单位B：population缺少数值",
        ),
        (
            ["A", "B"],
            {"population": ["1", "many"]},
            {"population": 1},
            10,
            0,
            "unit B: population = 'many' is not a number",
            "单位B：population的值“many”不是数字",
        ),
    ],
)
def test_it_refuses_inputs_no_allocation_can_come_from(
    units: list[str],
    figures: dict[str, list[object]],
    weights: dict[str, object],
    total: int,
    floor: int,
    message: str,
    message_zh: str,
) -> None:
    with pytest.raises(AllocationError) as caught:
        allocate(frame(unit=units, **figures), total, weights, floor=floor)
    assert message in caught.value.problems
    assert message_zh in caught.value.problems_zh


def test_a_weight_of_zero_on_a_column_of_zeros_is_not_an_error() -> None:
    result = allocate(
        frame(unit=["A", "B"], households=[0, 0], population=[1, 3]),
        4,
        {"households": 0, "population": 1},
    )
    assert result.as_dict() == {"A": 1, "B": 3}


def test_hamilton_can_take_a_slot_away_when_the_total_grows() -> None:
    # The Alabama paradox, kept as a documented limitation of the method the
    # seed prescribes: populations 1, 3, 3 give A one slot of 3 but none of 4.
    villages = frame(unit=["A", "B", "C"], population=[1, 3, 3])
    assert allocate(villages, 3, {"population": 1}).as_dict() == {"A": 1, "B": 1, "C": 1}
    assert allocate(villages, 4, {"population": 1}).as_dict() == {"A": 0, "B": 2, "C": 2}


# --- properties ---------------------------------------------------------------------------

figures_st = st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=25).filter(
    lambda xs: sum(xs) > 0
)


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[int], list[int], int, int, Fraction]:
    women = draw(figures_st)
    n = len(women)
    people = draw(
        st.lists(st.integers(min_value=0, max_value=20000), min_size=n, max_size=n).filter(
            lambda xs: sum(xs) > 0
        )
    )
    floor = draw(st.integers(min_value=0, max_value=3))
    total = draw(st.integers(min_value=floor * n, max_value=floor * n + 600))
    weight = draw(st.fractions(min_value=0, max_value=1, max_denominator=20))
    return women, people, total, floor, weight


def _run(women: list[int], people: list[int], total: int, floor: int, weight: Fraction):  # type: ignore[no-untyped-def]
    units = [f"U{i:02d}" for i in range(len(women))]
    return allocate(
        frame(unit=units, eligible_women=women, population=people),
        total,
        {"eligible_women": weight, "population": 1 - weight},
        floor=floor,
    )


@settings(max_examples=200, deadline=None)
@given(problems())
def test_it_always_sums_to_the_total_and_respects_the_floor(
    p: tuple[list[int], list[int], int, int, Fraction],
) -> None:
    women, people, total, floor, weight = p
    result = _run(women, people, total, floor, weight)
    assert sum(result.as_dict().values()) == total
    assert all(u.allocated >= floor for u in result.units)


@settings(max_examples=200, deadline=None)
@given(problems())
def test_without_a_floor_each_unit_gets_its_quota_rounded_down_or_up(
    p: tuple[list[int], list[int], int, int, Fraction],
) -> None:
    women, people, total, _floor, weight = p
    result = _run(women, people, total, 0, weight)
    for u in result.units:
        assert u.quota - 1 < u.allocated < u.quota + 1


@settings(max_examples=300, deadline=None)
@given(problems(), st.data())
def test_raising_one_units_figure_never_lowers_its_allocation(
    p: tuple[list[int], list[int], int, int, Fraction], data: st.DataObject
) -> None:
    women, people, total, floor, weight = p
    i = data.draw(st.integers(min_value=0, max_value=len(women) - 1))
    column = data.draw(st.sampled_from(["women", "people"]))
    step = data.draw(st.integers(min_value=1, max_value=3000))
    before = _run(women, people, total, floor, weight).units[i].allocated
    if column == "women":
        women = [*women[:i], women[i] + step, *women[i + 1 :]]
    else:
        people = [*people[:i], people[i] + step, *people[i + 1 :]]
    after = _run(women, people, total, floor, weight).units[i].allocated
    assert after >= before


# --- progress ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "due"),
    [
        (date(2026, 3, 31), Fraction(0)),  # before the start
        (date(2026, 4, 1), Fraction(1, 10)),  # the first of 10 days
        (date(2026, 4, 5), Fraction(1, 2)),
        (date(2026, 4, 10), Fraction(1)),
        (date(2026, 5, 1), Fraction(1)),  # after the end
    ],
)
def test_the_schedule_is_linear_over_the_days_inclusive(as_of: date, due: Fraction) -> None:
    assert schedule_fraction(date(2026, 4, 1), date(2026, 4, 10), as_of) == due


def test_it_tells_who_is_ahead_and_behind_a_linear_schedule() -> None:
    # 10 days, 5 elapsed: half of each allocation is due.
    progress = allocation_progress(
        {"V01": 20, "V02": 15, "V03": 8, "V04": 0},
        {"V01": 12, "V02": 7, "V03": 4},
        date(2026, 4, 1),
        date(2026, 4, 10),
        date(2026, 4, 5),
    )
    rows = [(p.unit, p.done, p.expected, p.gap, p.status, p.rate) for p in progress]
    assert rows == [
        ("V01", 12, Fraction(10), Fraction(2), "ahead", Fraction(3, 5)),
        ("V02", 7, Fraction(15, 2), Fraction(-1, 2), "behind", Fraction(7, 15)),
        ("V03", 4, Fraction(4), Fraction(0), "on_schedule", Fraction(1, 2)),
        ("V04", 0, Fraction(0), Fraction(0), "on_schedule", None),
    ]
    assert progress[1].status_zh == "落后于进度"


def test_a_progress_bulletin_lists_the_furthest_ahead_first() -> None:
    progress = allocation_progress(
        {"V01": 20, "V02": 10, "V03": 10, "V04": 0, "V05": 5},
        {"V01": 10, "V02": 8, "V03": 5, "V05": 4},
        date(2026, 4, 1),
        date(2026, 4, 10),
        date(2026, 4, 5),
    )
    # rates: V01 1/2, V02 4/5, V03 1/2, V05 4/5; V04 has nothing allocated.
    # V02 and V05 tie at 4/5: more done first; V01 and V03 tie at 1/2: the same.
    assert [p.unit for p in rank_progress(progress)] == ["V02", "V05", "V01", "V03", "V04"]
