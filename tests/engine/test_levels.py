"""Figures at any level and any period: rolled up over the unit tree and gathered
over months, exactly; hand-computed tables, and two steps equal to one (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaoping.engine import (
    UNITS_COLUMN,
    Element,
    ElementType,
    Unit,
    UnitTree,
    level_code,
    over_periods,
    over_time_rule,
    roll_up,
    rolled_rubric,
    rollup_rule,
)

from .helpers import make_rubric

C, B, N, A = ElementType.COUNT, ElementType.BOOL, ElementType.NUMBER, ElementType.AMOUNT

ELEMENTS = {
    "invited": Element("invited", "应到人数", C),
    "attended": Element("attended", "实到人数", C),
    "fund": Element("fund", "经费", A),
    "standard": Element("standard", "记录规范", B, rollup="share"),
    "ledger": Element("ledger", "台账规范", B, rollup="count"),
    "accuracy": Element("accuracy", "准确率", N),
    "meeting": Element("meeting", "例会召开", B, default=Decimal(1)),
}
COLUMNS = ("unit", "period", *ELEMENTS)

# 县 C1 > 镇 T1, T2; T1 > 片 A1 > 村 V1, V2; T1 > 村 V3 (no area); T2 > 村 V4.
TREE = UnitTree(
    {
        u.code: u
        for u in [
            Unit("C1", None, "county", "某县"),
            Unit("T1", "C1", "township", "东镇"),
            Unit("T2", "C1", "township", "西镇"),
            Unit("A1", "T1", "area", "一片"),
            Unit("V1", "A1", "village", "甲村"),
            Unit("V2", "A1", "village", "乙村"),
            Unit("V3", "T1", "village", "丙村"),
            Unit("V4", "T2", "village", "丁村"),
        ]
    }
)


def village(
    unit: str, invited: int, attended: int, fund: str, standard: int, ledger: int
) -> dict[str, Any]:
    return {
        "unit": unit, "period": "2026Q3", "invited": invited, "attended": attended,
        "fund": Decimal(fund), "standard": standard, "ledger": ledger, "accuracy": None,
        "meeting": None,
    }  # fmt: skip


VILLAGES = [
    village("V1", 100, 90, "10.50", 1, 1),
    village("V2", 50, 50, "0.25", 0, 1),
    village("V3", 50, 48, "3", 1, 0),
    village("V4", 40, 40, "1", 1, 0),
]
OWN = [
    {"unit": "T1", "period": "2026Q3", "accuracy": Decimal("0.98"), "meeting": 0},
    {"unit": "T2", "period": "2026Q3", "accuracy": Decimal("1"), "meeting": None},
    {"unit": "C1", "period": "2026Q3", "accuracy": Decimal("0.99"), "meeting": 1},
    # an area's own row: it stands for no village, its villages report
    {"unit": "A1", "period": "2026Q3", "accuracy": Decimal("0.5"), "meeting": 1},
]


def by_unit(rows: Any) -> dict[str, dict[str, Any]]:
    return {r["unit"]: r for r in rows}


@pytest.mark.parametrize(
    ("level", "unit", "invited", "attended", "fund", "standard", "ledger", "units"),
    [
        # 东镇: V1+V2+V3 = 200 invited, 188 attended (94%, not the mean of 90%, 100%, 96%);
        # standard in V1, V3 of 3 villages = 2/3; ledger in V1, V2 = 2 villages.
        ("township", "T1", 200, 188, "13.75", Fraction(2, 3), 2, 3),
        ("township", "T2", 40, 40, "1", Fraction(1), 0, 1),
        ("area", "A1", 150, 140, "10.75", Fraction(1, 2), 2, 2),
        ("county", "C1", 240, 228, "14.75", Fraction(3, 4), 2, 4),
        ("县", "C1", 240, 228, "14.75", Fraction(3, 4), 2, 4),
    ],
)
def test_it_sums_counts_and_amounts_and_counts_or_shares_the_yeses(
    level: str, unit: str, invited: int, attended: int, fund: str, standard: Fraction,
    ledger: int, units: int,
) -> None:  # fmt: skip
    code = level_code(level)
    assert code is not None
    rolled = roll_up(ELEMENTS, VILLAGES + OWN, COLUMNS, TREE, code)
    assert rolled.problems == ()
    row = by_unit(rolled.rows)[unit]
    assert row["invited"] == invited
    assert row["attended"] == attended
    assert row["fund"] == Fraction(Decimal(fund))
    assert row["standard"] == standard
    assert row["ledger"] == ledger
    assert row[UNITS_COLUMN] == units
    assert row["name"] == TREE.units[unit].name


@pytest.mark.parametrize(
    ("unit", "accuracy", "meeting"),
    [
        ("T1", Fraction(49, 50), 0),  # its own row
        ("T2", Fraction(1), Decimal(1)),  # its own row leaves meeting blank: the default
    ],
)
def test_figures_that_do_not_add_up_are_the_levels_own(
    unit: str, accuracy: Fraction, meeting: Any
) -> None:
    rolled = roll_up(ELEMENTS, VILLAGES + OWN, COLUMNS, TREE, "township")
    row = by_unit(rolled.rows)[unit]
    assert Fraction(row["accuracy"]) == accuracy
    assert row["meeting"] == meeting


def test_a_level_that_does_not_report_what_does_not_add_up_is_named() -> None:
    rolled = roll_up(ELEMENTS, VILLAGES, COLUMNS, TREE, "township")
    assert [(p.unit, p.period) for p in rolled.problems] == [("T1", "2026Q3"), ("T2", "2026Q3")]
    assert "accuracy" in str(rolled.problems[0])
    assert "应由乡镇自行填报" in rolled.problems[0].format_zh()


def test_a_unit_outside_the_tree_is_named() -> None:
    rows = [*VILLAGES, {**VILLAGES[0], "unit": "V9"}]
    rolled = roll_up(ELEMENTS, rows + OWN, COLUMNS, TREE, "township")
    assert [(p.unit, p.message_zh) for p in rolled.problems] == [("V9", "单位不在单位层级文件中")]


def test_a_missing_village_figure_names_the_village() -> None:
    rows = [{**VILLAGES[0], "invited": None}, *VILLAGES[1:]]
    rolled = roll_up(ELEMENTS, rows + OWN, COLUMNS, TREE, "township")
    assert [str(p) for p in rolled.problems] == [
        "T1 2026Q3: invited cannot be rolled up: no value from V1"
    ]


def test_a_village_with_no_unit_at_the_level_above_it_is_warned_about() -> None:
    rolled = roll_up(ELEMENTS, VILLAGES + OWN, COLUMNS, TREE, "area")
    assert set(by_unit(rolled.rows)) == {"A1"}
    assert rolled.warnings == (
        "V3: no unit at level area above it; its figures are not counted",
        "V4: no unit at level area above it; its figures are not counted",
    )


@pytest.mark.parametrize(
    ("element", "rollup", "over_time"),
    [
        (Element("a", "", C), "sum", "sum"),
        (Element("a", "", A), "sum", "sum"),
        (Element("a", "", B), "none", "none"),
        (Element("a", "", N), "none", "none"),
        (Element("a", "", B, rollup="share", over_time="last"), "share", "last"),
    ],
)
def test_each_type_has_a_rule_unless_the_element_says(
    element: Element, rollup: str, over_time: str
) -> None:
    assert (rollup_rule(element), over_time_rule(element)) == (rollup, over_time)


def test_a_rolled_up_yes_no_is_read_as_a_count_or_a_number() -> None:
    rubric = make_rubric(
        [{"id": "a", "title": "甲", "max": 10, "rules": [{"per_case": "2 - s - c", "deduct": 1}]}],
        elements={
            "s": {"label": "甲", "type": "bool", "rollup": "share"},
            "c": {"label": "乙", "type": "bool", "rollup": "count"},
        },
        total=10,
    )
    at_level = rolled_rubric(rubric)
    assert at_level.elements["s"].type is ElementType.NUMBER
    assert at_level.elements["c"].type is ElementType.COUNT
    assert rubric.elements["s"].type is ElementType.BOOL


# -- two steps equal one ---------------------------------------------------------

AREAS = {"A1": "T1", "A2": "T1", "A3": "T2"}


def tree_of(villages: list[str | None]) -> UnitTree:
    units = [Unit("T1", None, "township"), Unit("T2", None, "township")]
    units += [Unit(a, t, "area") for a, t in AREAS.items()]
    units += [Unit(f"V{i}", a, "village") for i, a in enumerate(villages) if a]
    return UnitTree({u.code: u for u in units})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(AREAS)),
            st.integers(0, 500),
            st.integers(0, 500),
            st.decimals(0, 10**6, places=2),
            st.integers(0, 1),
            st.integers(0, 1),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_rolling_up_village_to_area_to_township_equals_village_to_township(
    villages: list[tuple[str, int, int, Decimal, int, int]],
) -> None:
    tree = tree_of([v[0] for v in villages])
    rows = [
        {
            "unit": f"V{i}",
            "period": "2026Q3",
            "invited": a,
            "attended": b,
            "fund": f,
            "standard": s,
            "ledger": g,
        }
        for i, (_, a, b, f, s, g) in enumerate(villages)
    ]
    elements = {k: ELEMENTS[k] for k in ("invited", "attended", "fund", "standard", "ledger")}
    columns = ("unit", "period", *elements)
    once = roll_up(elements, rows, columns, tree, "township")
    areas = roll_up(elements, rows, columns, tree, "area")
    twice = roll_up(elements, areas.rows, areas.columns, tree, "township")
    assert once.problems == twice.problems == ()
    assert by_unit(once.rows) == by_unit(twice.rows)


# -- over periods ------------------------------------------------------------------

P_ELEMENTS = {
    "births": Element("births", "出生数", C),
    "outstanding": Element("outstanding", "未办结数", C, over_time="last"),
    "standard": Element("standard", "记录规范", B),
    "prev_open": Element("prev_open", "上期遗留", C, over_time="none", default=Decimal(0)),
}
P_COLUMNS = ("unit", "period", *P_ELEMENTS)


def month(
    unit: str, period: str, births: int, outstanding: int, standard: Any = None
) -> dict[str, Any]:
    return {"unit": unit, "period": period, "births": births, "outstanding": outstanding,
            "standard": standard, "prev_open": None}  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "kind", "expected"),
    [
        # a quarter's births are its months' (3 + 1 + 2); the open cases the last month's
        (
            [month("V1", "2026-07", 3, 4), month("V1", "2026-08", 1, 2),
             month("V1", "2026-09", 2, 1),
             {"unit": "V1", "period": "2026Q3", "standard": 1, "prev_open": 5}],
            "Q",
            [("V1", "2026Q3", 6, 1, 1, 5)],
        ),
        # a quarter reported as a quarter passes as it is
        ([month("V1", "2026Q3", 7, 0, 0)], "Q", [("V1", "2026Q3", 7, 0, 0, None)]),
        # a year from its quarters (a year's own standard and the default carry-over)
        (
            [month("V1", f"2026Q{q}", q, 5 - q) for q in (1, 2, 3, 4)]
            + [{"unit": "V1", "period": "2026", "standard": 1}],
            "Y",
            [("V1", "2026", 10, 1, 1, Decimal(0))],
        ),
        # a half-year from its quarters
        (
            [month("V2", "2026Q1", 2, 3, 1), month("V2", "2026Q2", 5, 0, 1),
             {"unit": "V2", "period": "2026H1", "standard": 0}],
            "H",
            [("V2", "2026H1", 7, 0, 0, Decimal(0))],
        ),
    ],
)  # fmt: skip
def test_a_longer_period_is_its_parts_by_each_elements_rule(
    rows: list[dict[str, Any]], kind: str, expected: list[tuple[Any, ...]]
) -> None:
    done = over_periods(P_ELEMENTS, rows, P_COLUMNS, kind)
    assert done.problems == ()
    got = [
        (r["unit"], r["period"], r["births"], r["outstanding"], r["standard"], r["prev_open"])
        for r in done.rows
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("rows", "problems"),
    [
        (
            [month("V1", "2026-07", 3, 4, 1), month("V1", "2026-09", 2, 1, 1)],
            [
                "V1 2026Q3：births为2026年第三季度各期之和，但2026年8月未填报",
                "V1 2026Q3：standard不能由各期汇总（over_time: none），2026年第三季度应单独填报",
            ],
        ),
        (
            [month("V1", "2026-07", 3, 4), month("V1", "2026-08", 1, 2),
             {"unit": "V1", "period": "2026Q3", "standard": 1}],
            [
                "V1 2026Q3：births为2026年第三季度各期之和，但2026年9月未填报",
                "V1 2026Q3：outstanding取最后一期（2026年9月）的数据，但该期未填报",
            ],
        ),
    ],
)  # fmt: skip
def test_a_period_whose_parts_are_missing_is_named(
    rows: list[dict[str, Any]], problems: list[str]
) -> None:
    done = over_periods(P_ELEMENTS, rows, P_COLUMNS, "Q")
    assert [p.format_zh() for p in done.problems] == problems


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            {"label": "甲", "type": "count", "rollup": "share"},
            "elements.s.rollup: share counts the units with yes, so the element must be type "
            "bool, not count",
        ),
        (
            {"label": "甲", "type": "bool", "rollup": "mean"},
            "elements.s.rollup must be one of sum, count, share, none, not 'mean'",
        ),
        (
            {"label": "甲", "type": "count", "over_time": "first"},
            "elements.s.over_time must be one of sum, last, none, not 'first'",
        ),
    ],
)
def test_a_rule_that_cannot_add_up_is_a_rubric_error(spec: dict[str, str], message: str) -> None:
    from kaoping.engine import RubricError

    with pytest.raises(RubricError) as err:
        make_rubric(
            [{"id": "a", "title": "甲", "max": 10, "rules": [{"per_case": "s", "deduct": 1}]}],
            elements={"s": spec},
            total=10,
        )
    assert any(message in p for p in err.value.problems), err.value.problems


@pytest.mark.parametrize(
    ("value", "expected", "every"),
    [
        (Fraction(55, 4), Decimal("13.75"), True),
        (Fraction(3, 4), Decimal("0.75"), True),
        (Fraction(2, 3), Fraction(2, 3), False),  # no end: stays exact
        (Fraction(1, 2**19), Fraction(1, 2**19), False),  # 19 places: beyond the columns
        (7, 7, True),
    ],
)
def test_rolled_up_fractions_that_are_decimals_become_decimals(
    value: Any, expected: Any, every: bool
) -> None:
    from kaoping.engine import as_decimals

    rows = [{"unit": "T1", "x": value}]
    assert as_decimals(rows) is every
    assert rows[0]["x"] == expected
    assert rows[0]["x"].__class__ is expected.__class__


def test_rolled_up_figures_score_the_same_one_by_one_and_vectorised() -> None:
    from kaoping.engine import Figures, as_decimals, assess

    rubric = make_rubric(
        [
            {"id": "att", "title": "到位", "max": 6, "rules": [
                {"rate": "attended / invited", "full_at": 0.95, "points": 6,
                 "per_point_below": 1}]},
            {"id": "fund", "title": "经费", "max": 4, "rules": [
                {"per_case": "fund", "deduct": 0.1}]},
        ],
        elements={k: {"label": ELEMENTS[k].label, "type": str(ELEMENTS[k].type)}
                  for k in ("invited", "attended", "fund")},
        total=10,
    )  # fmt: skip
    elements = {k: ELEMENTS[k] for k in ("invited", "attended", "fund")}
    columns = ("unit", "period", "invited", "attended", "fund")
    rows = [{k: r[k] for k in columns} for r in VILLAGES]
    rolled = roll_up(elements, rows, columns, TREE, "township")
    out = [dict(r) for r in rolled.rows]
    assert as_decimals(out)
    figures = Figures(rolled.columns, tuple(out))
    one = assess(rubric, figures, vectorised=False).latest
    many = assess(rubric, figures, vectorised=True).latest
    assert [(u.unit, u.total, u.scores) for u in one] == [(u.unit, u.total, u.scores) for u in many]
    # 东镇: 94% (5), fund 13.75 × 0.1 = 1.375 off 4: 7.625
    assert [(u.unit, u.total) for u in one] == [("T2", Decimal("9.9")), ("T1", Decimal("7.625"))]
