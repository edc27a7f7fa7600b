"""Targets: the file format, and clause evaluation at the rounding edges."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest

from kaoping.engine import (
    TargetDataError,
    TargetsError,
    evaluate_target,
    evaluate_targets,
    parse_targets,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "kaoping" / "rubrics" / "targets.yaml"

ATTENDANCE = """\
attendance:
  title: 服务日见面率
  indicator: sd_attended / sd_invited
  every_unit: ">= 0.80"
  share_of_units:
    - {at_least: 1/2, value: ">= 0.85"}
    - {at_least: 1/3, value: ">= 0.90"}
  spot_checked_units: ">= 0.90"
  aim_spot_checked: ">= 0.95"
"""


def units_with(attended: list[int], invited: int = 100, period: str = "2026Q1") -> pl.DataFrame:
    n = len(attended)
    return pl.DataFrame(
        {
            "unit": [f"V{i:02d}" for i in range(1, n + 1)],
            "period": [period] * n,
            "sd_invited": [invited] * n,
            "sd_attended": attended,
        }
    )


def one(yaml_text: str, frame: pl.DataFrame, **kwargs: object):  # type: ignore[no-untyped-def]
    targets = parse_targets(yaml_text, "t.yaml")
    (target,) = targets.targets.values()
    return evaluate_target(target, frame, **kwargs)  # type: ignore[arg-type]


# --- the format ---------------------------------------------------------------------------


def test_it_reads_the_shipped_targets() -> None:
    targets = parse_targets(SHIPPED.read_text(encoding="utf-8"), "targets.yaml")
    attendance = targets.targets["service_day_attendance"]
    assert str(attendance.indicator) == "sd_attended / (sd_invited - sd_declined)"
    assert attendance.every_unit is not None
    assert attendance.every_unit.threshold == Fraction(4, 5)
    assert [(s.at_least, s.value.threshold) for s in attendance.share_of_units] == [
        (Fraction(1, 2), Fraction(17, 20)),
        (Fraction(1, 3), Fraction(9, 10)),
    ]
    slots = targets.allocations["screening_slots"]
    assert (slots.total, slots.floor) == (321, 1)
    assert slots.weights == {"eligible_women": Fraction(1, 2), "population": Fraction(1, 2)}


def test_it_reads_the_seed_example_unchanged() -> None:
    # The design folder lies beside the checkout, on our machines and in CI.
    text = Path(__file__).resolve().parents[3] / "shared" / "examples" / "targets.yaml"
    if not text.exists():
        pytest.skip("the seed's example is not on this machine")
    targets = parse_targets(text.read_text(encoding="utf-8"), "targets.yaml")
    assert set(targets.targets) == {"service_day_attendance"}
    assert set(targets.allocations) == {"screening_slots"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "a:\n  indicator: x / y\n  every_unit: '>= 0.8'\n  evry_unit: '>= 0.9'\n",
            "t.yaml:4:3: target a: unknown key 'evry_unit'",
        ),
        (
            "a:\n  indicator: x / y\n  every_unit: 'at least 0.8'\n",
            "t.yaml:3:15: target a: every_unit: 'at least 0.8' is not a comparison like '>= 0.80'",
        ),
        (
            "a:\n  indicator: x / y\n  share_of_units:\n    - {at_least: 3/2, value: '>= 0.9'}\n",
            "t.yaml:4:18: target a: share_of_units: at_least must be a share above 0 and at most 1",
        ),
        (
            "a:\n  indicator: x / y\n  share_of_units:\n    - {at_least: 1/2, valu: '>= 0.9'}\n",
            "t.yaml:4:23: target a: share_of_units: unknown key 'valu'",
        ),
        (
            "a:\n  indicator: x / (y\n  every_unit: '>= 0.8'\n",
            "t.yaml:2:20: target a: indicator: expected ')', found end of expression",
        ),
        (
            "a:\n  indicator: x / y\n  standard: birth_rate\n  every_unit: '>= 0.8'\n",
            "t.yaml:2:3: target a: give exactly one of 'indicator' (an expression) or 'standard'",
        ),
        ("a:\n  indicator: x / y\n", "t.yaml:2:3: target a: no clause"),
        (
            "a:\n  standard: birth_ratio\n  every_unit: '<= 12'\n",
            "t.yaml:2:13: target a: standard must be one of",
        ),
        ("a:\n  title: x\n", "t.yaml:1:1: a: neither a target"),
        (
            "s:\n  total: 321\n  weights: {eligible_women: 0.5}\n  flor: 1\n",
            "t.yaml:4:3: allocation s: unknown key 'flor'",
        ),
        (
            "s:\n  total: 32.5\n  weights: {eligible_women: 0.5}\n",
            "t.yaml:2:10: allocation s: total must be a whole number of 0 or more, not '32.5'",
        ),
        (
            "s:\n  total: 321\n  weights: {eligible_women: 0, population: 0}\n",
            "t.yaml:3:12: allocation s: the weights sum to zero",
        ),
        (
            "s:\n  total: 321\n  weights: {eligible_women: -1}\n",
            "t.yaml:3:29: allocation s: weights: eligible_women must be a number of 0 or more",
        ),
        ("Bad-Name:\n  total: 3\n  weights: {a: 1}\n", "t.yaml:1:1: 'Bad-Name' is not a name"),
        (
            "a:\n  indicator: x\n  every_unit: '>= 1'\na:\n  indicator: y\n  every_unit: '>= 1'\n",
            "t.yaml:4:1: top level: duplicate key 'a'",
        ),
        ("a: [1, 2\n", "t.yaml:2:1: YAML syntax error"),
        ("- 1\n- 2\n", "t.yaml:1:1: the file must be a mapping of target names to targets"),
    ],
)
def test_it_refuses_a_bad_targets_file_with_the_place(text: str, problem: str) -> None:
    with pytest.raises(TargetsError) as caught:
        parse_targets(text, "t.yaml")
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems


def test_it_lists_every_problem_at_once() -> None:
    text = "a:\n  indicator: x\n  every_unit: 'x'\n  colour: red\nb:\n  total: -1\n  weights: {}\n"
    with pytest.raises(TargetsError) as caught:
        parse_targets(text, "t.yaml")
    assert len(caught.value.problems) == 4


# --- share clauses at the rounding edges ---------------------------------------------------

SHARE = (
    "a:\n  indicator: sd_attended / sd_invited\n"
    "  share_of_units:\n    - {at_least: %s, value: '>= %s'}\n"
)


@pytest.mark.parametrize(
    ("share", "value", "at_value", "just_below", "needed", "met"),
    [
        # 1/2 of 21 = 10.5, rounds up to 11
        ("1/2", "0.85", 11, 10, 11, True),
        ("1/2", "0.85", 10, 11, 11, False),
        # 1/3 of 21 = 7 exactly
        ("1/3", "0.90", 7, 14, 7, True),
        ("1/3", "0.90", 6, 15, 7, False),
        # 2/3 of 21 = 14; 0.5 and 50% are the same share as 1/2
        ("2/3", "0.90", 14, 7, 14, True),
        ("0.5", "0.85", 11, 10, 11, True),
        ("50%", "0.85", 10, 11, 11, False),
        ("1", "0.85", 21, 0, 21, True),
    ],
)
def test_share_clauses_round_the_units_needed_up(
    share: str, value: str, at_value: int, just_below: int, needed: int, met: bool
) -> None:
    # "at the value": attended/invited equals the value exactly (85 of 100);
    # "just below": one person fewer (84 of 100).
    exact = int(Fraction(value) * 100)
    frame = units_with([exact] * at_value + [exact - 1] * just_below)
    result = one(SHARE % (share, value), frame)
    (clause,) = result.clauses
    assert (clause.considered, clause.needed, clause.qualifying, clause.met) == (
        21,
        needed,
        at_value,
        met,
    )
    assert len(clause.short) == just_below
    assert all(s.gap_points == 1 for s in clause.short)


def test_every_unit_counts_a_unit_exactly_at_the_value_and_reports_who_falls_short() -> None:
    frame = units_with([80, 79, 95, 62])
    frame = frame.with_columns(pl.Series("name", ["东村", "西村", "南村", "北村"]))
    result = one("a:\n  indicator: sd_attended / sd_invited\n  every_unit: '>= 0.80'\n", frame)
    (clause,) = result.clauses
    assert (clause.met, clause.qualifying, clause.needed) == (False, 2, 4)
    assert [(s.unit, s.value, s.gap_points) for s in clause.short] == [
        ("V04", Fraction(62, 100), Fraction(18)),
        ("V02", Fraction(79, 100), Fraction(1)),
    ]
    assert clause.text_zh == (
        "所有单位达80%以上：未达到，2个达标，需4个（共4个）；"
        "未达标：V04 北村 62.00%（差18.00个百分点），V02 西村 79.00%（差1.00个百分点）"
    )
    assert result.met is False


def test_a_strict_comparison_is_not_met_at_the_value_itself() -> None:
    result = one(
        "a:\n  indicator: sd_attended / sd_invited\n  every_unit: '> 0.80'\n", units_with([80, 81])
    )
    (clause,) = result.clauses
    assert (clause.qualifying, clause.met) == (1, False)
    assert clause.short[0].gap_points == 0


def test_a_unit_with_nobody_invited_is_left_out_and_listed() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["V01", "V02", "V03"],
            "period": ["2026Q1"] * 3,
            "sd_invited": [100, 0, 100],
            "sd_attended": [90, 0, 70],
        }
    )
    text = (
        "a:\n  indicator: sd_attended / sd_invited\n"
        "  share_of_units:\n    - {at_least: 1/2, value: '>= 0.85'}\n"
    )
    (clause,) = one(text, frame).clauses
    # Two units have a value; 1/2 of 2 is 1, and V01 qualifies.
    assert (clause.considered, clause.needed, clause.qualifying, clause.met) == (2, 1, 1, True)
    assert clause.undefined == ("V02",)
    assert clause.text_zh.endswith("；无法计算（不计入）：V02")


def test_if_undefined_fail_counts_the_unit_as_short() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["V01", "V02", "V03"],
            "period": ["2026Q1"] * 3,
            "sd_invited": [100, 0, 100],
            "sd_attended": [90, 0, 70],
        }
    )
    text = (
        "a:\n  indicator: sd_attended / sd_invited\n  if_undefined: fail\n"
        "  share_of_units:\n    - {at_least: 1/2, value: '>= 0.85'}\n"
    )
    (clause,) = one(text, frame).clauses
    # Three units count; 1/2 of 3 rounds up to 2; only V01 qualifies.
    assert (clause.considered, clause.needed, clause.qualifying, clause.met) == (3, 2, 1, False)


def test_a_missing_figure_makes_the_unit_undefined() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["V01", "V02"],
            "period": ["2026Q1"] * 2,
            "sd_invited": [100, 100],
            "sd_attended": [90, None],
        }
    )
    (clause,) = one(
        "a:\n  indicator: sd_attended / sd_invited\n  every_unit: '>= 0.8'\n", frame
    ).clauses
    assert (clause.met, clause.undefined) == (True, ("V02",))


# --- spot checks ---------------------------------------------------------------------------


def test_spot_checks_judge_only_the_units_given_and_the_aim_is_not_required() -> None:
    frame = units_with([92, 50, 91, 97])
    results = evaluate_targets(parse_targets(ATTENDANCE, "t.yaml"), frame, spot=["V01", "V03"])
    clauses = {c.kind: c for c in results[0].clauses}
    spot, aim = clauses["spot_checked_units"], clauses["aim_spot_checked"]
    assert (spot.met, spot.qualifying, spot.needed, spot.required) == (True, 2, 2, True)
    assert (aim.met, aim.qualifying, aim.required) == (False, 0, False)
    assert [s.unit for s in aim.short] == ["V03", "V01"]
    # V02 misses every_unit, so the target is missed; the aim alone would not miss it.
    assert clauses["every_unit"].met is False


def test_without_a_spot_list_the_spot_clauses_are_not_evaluated() -> None:
    frame = units_with([92, 95, 91, 97, 96, 99])
    (result,) = evaluate_targets(parse_targets(ATTENDANCE, "t.yaml"), frame)
    clauses = {c.kind: c for c in result.clauses}
    assert clauses["spot_checked_units"].evaluated is False
    assert clauses["spot_checked_units"].met is None
    assert clauses["spot_checked_units"].text_zh == "抽查单位达90%以上：未评价（未指定抽查单位）"
    assert result.met is True


def test_it_refuses_a_spot_checked_unit_that_is_not_in_the_data() -> None:
    with pytest.raises(TargetDataError) as caught:
        evaluate_targets(parse_targets(ATTENDANCE, "t.yaml"), units_with([90]), spot=["V09"])
    assert caught.value.problems == ("spot-checked unit V09 is not in the data for 2026Q1",)


# --- periods and data problems -------------------------------------------------------------


def test_it_evaluates_the_latest_period_unless_told() -> None:
    frame = pl.concat(
        [units_with([70, 70], period="2026Q1"), units_with([90, 90], period="2026Q2")]
    )
    text = "a:\n  indicator: sd_attended / sd_invited\n  every_unit: '>= 0.8'\n"
    assert str(one(text, frame).period) == "2026Q2"
    assert one(text, frame).met is True
    assert one(text, frame, period="2026Q1").met is False


def test_a_target_limited_to_periods_is_not_applicable_elsewhere() -> None:
    text = (
        "a:\n  indicator: sd_attended / sd_invited\n  periods: [2026Q2]\n  every_unit: '>= 0.8'\n"
    )
    result = one(text, units_with([10], period="2026Q1"))
    assert (result.applicable, result.clauses, result.met) == (False, (), None)


@pytest.mark.parametrize(
    ("frame", "kwargs", "problem"),
    [
        (
            pl.DataFrame({"unit": ["V01"], "period": ["2026Q1"], "sd_invited": [3]}),
            {},
            "target a: the data have no column 'sd_attended'",
        ),
        (
            units_with([80]),
            {"period": "2026Q3"},
            "the data hold no rows for 2026Q3 (they hold 2026Q1)",
        ),
        (pl.concat([units_with([80]), units_with([81])]), {}, "unit V01 appears twice for 2026Q1"),
    ],
)
def test_it_refuses_data_it_cannot_evaluate(
    frame: pl.DataFrame, kwargs: dict[str, object], problem: str
) -> None:
    with pytest.raises(TargetDataError) as caught:
        one("a:\n  indicator: sd_attended / sd_invited\n  every_unit: '>= 0.8'\n", frame, **kwargs)
    assert problem in caught.value.problems


# --- standard demographic indicators -------------------------------------------------------


def test_a_target_on_the_death_rate_annualises_a_quarter() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["V01", "V02"],
            "period": ["2026Q1", "2026Q1"],
            "deaths": [3, 9],
            "pop_start": [1990, 2000],
            "pop_end": [2010, 2000],
        }
    )
    text = (
        "death_rate:\n  standard: death_rate\n"
        "  columns: {population_start: pop_start, population_end: pop_end}\n"
        "  every_unit: '<= 12'\n"
    )
    result = one(text, frame)
    # V01: 3 / 2000 * 1000 = 1.5 per mille in the quarter, 6 annualised;
    # V02: 9 / 2000 * 1000 * 4 = 18, 6 above 12.
    assert result.values == {"V01": Fraction(6), "V02": Fraction(18)}
    assert result.basis == "annualised from a quarter (x4)"
    (clause,) = result.clauses
    assert [(s.unit, s.gap_points) for s in clause.short] == [("V02", Fraction(6))]
    assert clause.text_zh == (
        "所有单位不高于12‰：未达到，1个达标，需2个（共2个）；未达标：V02 18.00‰（差6.00个千分点）"
    )


def test_the_shipped_targets_evaluate_on_every_quarter_of_the_demo_township() -> None:
    from kaoping.demo import QUARTERS, build_demo

    township = build_demo()
    targets = parse_targets(SHIPPED.read_text(encoding="utf-8"), "targets.yaml")
    for quarter in QUARTERS:
        attendance, postpartum = evaluate_targets(targets, township.frame, quarter)
        # Every demo village invites people to its service day, so all 21 count:
        # 1/2 of 21 needs 11 and 1/3 needs 7.
        every, half, third = attendance.clauses[:3]
        assert (every.considered, half.needed, third.needed) == (21, 11, 7)
        # Villages with no postpartum visit due have no rate and are left out.
        due = township.frame.filter(township.frame["period"] == quarter)["postpartum_due"]
        assert postpartum.clauses[0].considered == sum(1 for d in due if d != 0)


# --- a half-year or a year formed from its quarters ---------------------------------------

FORMED = """\
meetings:
  title: 例会记录规范率
  indicator: standard
  every_unit: ">= 0.67"
attendance:
  title: 服务日到位率
  indicator: attended / invited
  every_unit: ">= 0.90"
"""


def _formed_h2() -> pl.DataFrame:
    # 2026H2 as over_quarters forms it: ``standard`` (a yes/no without over_time)
    # does not add up over periods, so the formed rows have no column of it.
    return pl.DataFrame(
        {
            "unit": ["T1", "T2"],
            "period": ["2026H2", "2026H2"],
            "invited": [200, 200],
            "attended": [190, 178],
        }
    )


@pytest.mark.parametrize(
    ("over_time", "formed_from", "judged"),
    [
        # (standard's over_time, elements given, what evaluate_targets does with `meetings`)
        (None, True, "not formed"),
        ("none", True, "not formed"),
        ("last", True, "no column"),  # it adds up: a missing column is the data's fault
        (None, False, "no column"),  # rows not formed from quarters: as before
    ],
)
def test_a_target_on_a_figure_the_formed_half_year_cannot_hold_is_not_formed(
    over_time: str | None, formed_from: bool, judged: str
) -> None:
    from kaoping.engine import Element, ElementType, Period, TargetNotFormed

    elements = {
        "standard": Element("standard", "例会记录规范", ElementType.BOOL, over_time=over_time),
        "invited": Element("invited", "应到", ElementType.COUNT),
        "attended": Element("attended", "实到", ElementType.COUNT),
    }
    targets = parse_targets(FORMED, "t.yaml")
    with pytest.raises(TargetDataError) as caught:
        evaluate_targets(
            targets, _formed_h2(), "2026H2", formed_from=elements if formed_from else None
        )
    if judged == "no column":
        assert not isinstance(caught.value, TargetNotFormed)
        assert caught.value.problems_zh == ("目标meetings：数据缺少“standard”列",)
        return
    assert isinstance(caught.value, TargetNotFormed)
    assert caught.value.problems == (
        "target meetings: standard does not add up over periods (over_time: none), so 2026H2 "
        "formed from its quarters has no figure of it to judge the target on",
    )
    assert caught.value.problems_zh == (
        "目标meetings：standard不能由各期汇总（over_time: none），"
        "由各季度汇总的2026年下半年没有该项数据，无法评判该目标",
    )
    shown = caught.value.as_result()
    assert (shown.target.name, shown.period, shown.applicable, shown.clauses, shown.met) == (
        "meetings", Period.parse("2026H2"), True, (), None,
    )  # fmt: skip
    assert shown.reason_zh == caught.value.problems_zh[0]
    assert shown.reason == caught.value.problems[0]
    # The other target reads figures that add up: judged (T2 178/200 = 89% < 90%).
    attendance = evaluate_target(
        targets.targets["attendance"], _formed_h2(), "2026H2", formed_from=elements
    )
    assert (attendance.met, attendance.reason) == (False, None)
