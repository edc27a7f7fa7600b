"""The year (年度考核): the mean of the four quarters, or the rubric on the year's
figures; ranked, with the rubric's annual consequences. Hand-computed tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.engine import Figures, RubricError, YearError, assess, assess_years

from .helpers import make_rubric

ITEMS = [
    {
        "id": "att", "title": "到位", "max": 6,
        "rules": [{"rate": "attended / invited", "full_at": 0.95, "points": 6,
                   "per_point_below": 1}],
    },
    {"id": "rep", "title": "报告", "max": 4, "rules": [{"per_case": "late", "deduct": 1}]},
]  # fmt: skip
ELEMENTS = {
    "invited": {"label": "应到人数", "type": "count"},
    "attended": {"label": "实到人数", "type": "count"},
    "late": {"label": "迟报", "type": "count"},
}
CONSEQUENCES = [
    {"group": "top", "streak": 1, "actions": [{"kind": "年度先进", "to": ["unit"]}]},
    {"group": "bottom", "streak": 1, "actions": [{"kind": "年度考核不称职", "to": ["director"]}]},
]
# (unit, quarter, invited, attended, late)
FIGURES = [
    ("V1", 1, 100, 100, 0), ("V2", 1, 100, 90, 1), ("V3", 1, 100, 95, 4),
    ("V1", 2, 100, 94, 0), ("V2", 2, 100, 100, 0), ("V3", 2, 100, 95, 0),
    ("V1", 3, 100, 100, 1), ("V2", 3, 100, 100, 0), ("V3", 3, 100, 80, 0),
    ("V1", 4, 100, 100, 0), ("V2", 4, 100, 100, 3), ("V3", 4, 100, 99, 0),
]  # fmt: skip
COLUMNS = ("unit", "period", "name", "area", "invited", "attended", "late")


def figures(rows: list[tuple[str, int, int, int, int]], year: int = 2026) -> Figures:
    return Figures(
        COLUMNS,
        tuple(
            {
                "unit": u,
                "period": f"{year}Q{q}",
                "name": None,
                "area": None,
                "invited": i,
                "attended": a,
                "late": late,
            }
            for u, q, i, a, late in rows
        ),
    )


def rubric(rule: str) -> Any:
    return make_rubric(
        ITEMS, elements=ELEMENTS, total=10, ranking={"top": 1, "bottom": 1},
        annual={"rule": rule, "consequences": CONSEQUENCES},
    )  # fmt: skip


def year_of(rule: str, rows: list[tuple[str, int, int, int, int]] = FIGURES) -> Any:
    r = rubric(rule)
    data = figures(rows)
    return assess_years(r, assess(r, data), data.rows, data.columns)


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # V1: 10, 9 (94%: 5 + 4), 9 (one late), 10 → 38 / 4 = 9.5
        # V2: 4 (90%: 1 + 3), 10, 10, 7 (three late) → 31 / 4 = 7.75
        # V3: 6 (four late), 10, 4 (80%: 0 + 4), 10 → 30 / 4 = 7.5
        (
            "mean_of_quarters",
            [("V1", "9.5", 1, "top"), ("V2", "7.75", 2, None), ("V3", "7.5", 3, "bottom")],
        ),
        # the year's figures: V1 394 of 400 (98.5%: 6), 1 late: 9;
        # V2 390 of 400 (97.5%: 6), 4 late: 6; V3 369 of 400 (92.25%: 3.25), 4 late: 3.25
        (
            "year_figures",
            [("V1", "9", 1, "top"), ("V2", "6", 2, None), ("V3", "3.25", 3, "bottom")],
        ),
    ],
)
def test_the_years_result_follows_the_rubrics_annual_rule(
    rule: str, expected: list[tuple[str, str, int, str | None]]
) -> None:
    years = year_of(rule)
    [result] = years.periods
    assert str(result.period) == "2026"
    assert [(u.unit, u.total, u.rank, u.group) for u in result.units] == [
        (unit, Decimal(total), rank, group) for unit, total, rank, group in expected
    ]
    assert [(u.unit, [a.kind for a in u.actions]) for u in result.units] == [
        ("V1", ["年度先进"]), ("V2", []), ("V3", ["年度考核不称职"]),
    ]  # fmt: skip


def test_the_mean_keeps_every_item_score_and_names_the_quarter_of_each_deduction() -> None:
    v1 = year_of("mean_of_quarters").periods[0].unit("V1")
    assert v1.scores == {"att": Decimal("5.75"), "rep": Decimal("3.75")}
    assert [d.text.split("：")[0] for d in v1.deductions] == ["2026年第二季度", "2026年第三季度"]


def test_a_year_still_under_way_has_no_result() -> None:
    assert year_of("mean_of_quarters", FIGURES[:6]).periods == []


def test_a_unit_missing_a_quarter_has_no_mean_and_is_named() -> None:
    with pytest.raises(YearError) as err:
        year_of("mean_of_quarters", [f for f in FIGURES if f[:2] != ("V2", 3)])
    assert [p.format_zh() for p in err.value.problems] == [
        "V2 2026：2026年第三季度没有考评，无法计算年度平均"
    ]


def test_streaks_count_years() -> None:
    r = rubric("mean_of_quarters")
    rows = figures(FIGURES, 2025).rows + figures(FIGURES, 2026).rows
    data = Figures(COLUMNS, rows)
    years = assess_years(r, assess(r, data), data.rows, data.columns)
    assert [(str(p.period), p.unit("V1").streak) for p in years.periods] == [
        ("2025", 1),
        ("2026", 2),
    ]


@pytest.mark.parametrize(
    ("annual", "message"),
    [
        (
            {"rule": "median"},
            "annual.rule must be one of mean_of_quarters, year_figures, not 'median'",
        ),
        ({"rule": "mean_of_quarters", "ranks": 3}, "ranks"),
        ({"consequences": []}, "rule"),
    ],
)
def test_a_bad_annual_rule_is_a_rubric_error(annual: dict[str, Any], message: str) -> None:
    with pytest.raises(RubricError) as err:
        make_rubric(ITEMS, elements=ELEMENTS, total=10, annual=annual)
    assert any(message in p for p in err.value.problems), err.value.problems


def test_a_rubric_without_annual_stays_valid_and_has_no_year() -> None:
    r = make_rubric(ITEMS, elements=ELEMENTS, total=10)
    assert r.annual is None
    with pytest.raises(YearError):
        assess_years(r, assess(r, figures(FIGURES)))


def test_a_unit_vetoed_in_one_quarter_is_vetoed_for_the_year_and_gets_no_award() -> None:
    r = make_rubric(
        ITEMS, elements=ELEMENTS, total=10, ranking={"top": 1, "bottom": 1},
        adjustments=[{"id": "v", "title": "一票否决", "veto": "late >= 5"}],
        annual={"rule": "mean_of_quarters", "consequences": [
            {"condition": "total >= 0", "actions": [{"kind": "通报表扬", "to": ["unit"]}]},
        ]},
    )  # fmt: skip
    # V1's fourth quarter is vetoed (five late): 10 + 9 + 9 + 0 = 28 / 4 = 7.
    rows = [(u, q, i, a, 5 if (u, q) == ("V1", 4) else late) for u, q, i, a, late in FIGURES]
    data = figures(rows)
    year = assess_years(r, assess(r, data), data.rows, data.columns).periods[0]
    v1 = year.unit("V1")
    assert (v1.total, v1.vetoed, v1.rank) == (Decimal(7), True, 3)
    assert [(a.kind, a.withheld) for a in v1.actions] == [("通报表扬", "veto")]
    assert [(a.kind, a.withheld) for a in year.unit("V2").actions] == [("通报表扬", None)]
