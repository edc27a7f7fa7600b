"""A half-year's or a year's result for its summary (``over_quarters``): scores from
the quarters' results, figures from their rows by each element's over_time, and
a yes/no without over_time left to be told quarter by quarter.

The rubric (100 points): 到位 50 (rate attended / invited, full at 90%, 2 points
a point below), 例会记录 40 (check ok), 未办结 10 (2 points a case, open_cases a
stock: ``over_time: last``). By hand:

| quarter | unit | invited/attended | 到位 | ok | 例会 | open | 未办结 | total |
|---------|------|------------------|------|----|------|------|--------|-------|
| 2026Q1  | V1   | 10/10            | 50   | 1  | 40   | 0    | 10     | 100   |
| 2026Q1  | V2   | 10/8 (80%)       | 30   | 0  | 0    | 2    | 6      | 36    |
| 2026Q2  | V1   | 10/9 (90%)       | 50   | 1  | 40   | 1    | 8      | 98    |
| 2026Q2  | V2   | 10/10            | 50   | 1  | 40   | 0    | 10     | 100   |

2026H1: V1 (100+98)/2 = 99, V2 (36+100)/2 = 68; 到位 V1 50, V2 40; 例会 V1 40,
V2 20; 未办结 V1 9, V2 8. Figures: V1 20/19 and open 1 (Q2's), V2 20/18 and open 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.documents import summary_blocks, text_of
from kaoping.engine import Figures, Period, YearError, assess, over_quarters
from tests.engine.helpers import make_rubric

ELEMENTS = {
    "invited": {"label": "应到人数", "type": "count"},
    "attended": {"label": "实到人数", "type": "count"},
    "ok": {"label": "例会记录规范", "type": "bool"},
    "open_cases": {"label": "未办结件数", "type": "count", "over_time": "last"},
}
ITEMS = [
    {"id": "att", "title": "到位", "max": 50,
     "rules": [{"rate": "attended / invited", "full_at": 0.9, "points": 50,
                "per_point_below": 2}]},
    {"id": "rec", "title": "例会记录", "max": 40, "rules": [{"check": "ok", "points": 40}]},
    {"id": "cases", "title": "未办结", "max": 10,
     "rules": [{"per_case": "open_cases", "deduct": 2}]},
]  # fmt: skip
COLUMNS = ("unit", "period", "name", "invited", "attended", "ok", "open_cases")
ROWS = [
    ("V1", "2026Q1", "东村", 10, 10, 1, 0),
    ("V2", "2026Q1", "西村", 10, 8, 0, 2),
    ("V1", "2026Q2", "东村", 10, 9, 1, 1),
    ("V2", "2026Q2", "西村", 10, 10, 1, 0),
]


def rubric(annual: dict[str, Any] | None = None) -> Any:
    extra: dict[str, Any] = {"annual": annual} if annual else {}
    return make_rubric(ITEMS, elements=ELEMENTS, **extra)


def formed(rows: list[tuple[Any, ...]] = ROWS, period: str = "2026H1", **kw: Any) -> Any:
    r = rubric(**kw)
    dicts = [dict(zip(COLUMNS, row, strict=True)) for row in rows]
    quarterly = assess(r, Figures(COLUMNS, tuple(dicts)))
    return over_quarters(r, quarterly, dicts, COLUMNS, Period.parse(period))


def test_the_half_year_scores_are_the_means_of_its_quarters() -> None:
    h1 = formed().period("2026H1")
    got = {u.unit: (u.total, u.rank, dict(u.scores)) for u in h1.units}
    assert got == {
        "V1": (Decimal(99), 1, {"att": Decimal(50), "rec": Decimal(40), "cases": Decimal(9)}),
        "V2": (Decimal(68), 2, {"att": Decimal(40), "rec": Decimal(20), "cases": Decimal(8)}),
    }


def test_the_figures_add_up_by_over_time_and_a_yes_no_is_left_out() -> None:
    h1 = formed().period("2026H1")
    assert {u.unit: u.values for u in h1.units} == {
        "V1": {"invited": Decimal(20), "attended": Decimal(19), "open_cases": Decimal(1)},
        "V2": {"invited": Decimal(20), "attended": Decimal(18), "open_cases": Decimal(0)},
    }
    assert [str(p.period) for p in h1.parts] == ["2026Q1", "2026Q2"]


def test_the_summary_tells_the_yes_no_quarter_by_quarter() -> None:
    text = "\n".join(text_of(summary_blocks(formed(), "2026H1", charts=False)))
    assert "平均得分83.5分，最高99分（东村），最低68分（西村）" in text  # (99+68)/2
    assert "应到40人，实到37人，到位率92.5%。" in text
    assert "2个村（居）中，例会记录规范的第一季度1个、第二季度2个。" in text
    assert "该项全镇平均得分30分（满分40分），1个村（居）得满分，1个村（居）失分。" in text
    assert "未办结1件，涉及1个村（居）。" in text  # the stock at the end of Q2


def test_a_unit_missing_a_quarter_is_named() -> None:
    with pytest.raises(YearError) as err:
        formed(ROWS[:3])
    assert [p.format_zh() for p in err.value.problems] == ["V2 2026H1：2026年第二季度没有考评"]


def test_a_year_without_its_quarters_is_refused() -> None:
    with pytest.raises(YearError) as err:
        formed(period="2026")
    assert "2026年第三季度、2026年第四季度没有考评" in err.value.problems[0].format_zh()


def test_a_year_on_its_own_figures_needs_every_element_to_add_up() -> None:
    rows = [
        *ROWS,
        ("V1", "2026Q3", "东村", 10, 10, 1, 0), ("V2", "2026Q3", "西村", 10, 10, 1, 0),
        ("V1", "2026Q4", "东村", 10, 10, 1, 0), ("V2", "2026Q4", "西村", 10, 10, 1, 0),
    ]  # fmt: skip
    mean = formed(rows, "2026").period("2026")
    # V1 (100+98+100+100)/4 = 99.5, V2 (36+100+100+100)/4 = 84
    assert [(u.unit, u.total) for u in mean.units] == [("V1", Decimal("99.5")), ("V2", Decimal(84))]
    with pytest.raises(YearError) as err:
        formed(rows, "2026", annual={"rule": "year_figures"})
    assert "ok does not add up over periods (over_time: none)" in str(err.value)


@pytest.mark.parametrize(
    ("period", "states", "text"),
    [
        ("2026Q3", ["verified", "open"],
         "2026年第二季度考评下达整改落实事项2项，其中已验收1项，未完成1项。"),
        ("2026H1", ["verified", "verified", "overdue"],
         "2025年第四季度至2026年第一季度考评下达整改落实事项3项，其中已验收2项，逾期1项。"),
        ("2026", [], "2025年第四季度至2026年第三季度考评未下达整改落实事项。"),
    ],
)  # fmt: skip
def test_the_follow_ups_of_a_period_are_those_its_quarters_were_given(
    period: str, states: list[str], text: str
) -> None:
    from datetime import date

    from kaoping.documents import FollowUpLine, follow_ups_text

    lines = [FollowUpLine("东村", "整改", "张三", date(2026, 3, 31), s) for s in states]
    assert follow_ups_text(Period.parse(period), lines) == text
