"""RUBRIC.md §5.1–5.2 in the rubric loader: effects, roles, amounts, conditions, prev()."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import polars as pl
import pytest

from kaoping.engine import RubricError, assess, parse_rubric, score_frame
from kaoping.engine._scoring import score_frame_decimal

HEAD = "kaoping: 1\nname: 细则\ntotal: 10\n"
ELEMENTS = (
    "elements:\n  n: {label: 例数, type: count, default: 0}\n  m: {label: 件数, type: count}\n"
)
ITEMS = "items:\n  - {id: work, title: 工作, max: 10, rules: [{per_case: n, deduct: 1}]}\n"
RANK = "ranking: {top: 1, bottom: 1}\n"


def rule(body: str) -> str:
    return HEAD + ELEMENTS + ITEMS + RANK + "consequences:\n" + body


def problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as err:
        parse_rubric(text, "r.yaml")
    return err.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the three cases that could lose or invent money silently
        (rule("  - {group: top, streak: 1, actions: [{kind: 奖励, to: [secretery]}]}\n"),
         "'secretery' is not a role (did you mean secretary 书记?)"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 奖励, to: [书计], amount: 1}]}\n"),
         "'书计' is not a role (did you mean secretary 书记?)"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 奖励, to: [unit]}]}\n"),
         "r.yaml:11:39: consequences[1].actions[1]: an award needs an amount"),
        (rule("  - {group: bottom, streak: 1, actions: [{kind: 罚款, to: [unit]}]}\n"),
         "a fine needs an amount"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 通报表扬, to: [unit], amount: 100}]}\n"),
         "only an award or a fine has an amount, not commend"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 奖金, to: [unit], amount: 100}]}\n"),
         "only an award or a fine has an amount, not note"),
        # rule shapes
        (rule("  - {group: top, streak: 1, min_streak: 1, actions: [{kind: 通报表扬, to: [unit]}]}\n"),
         "a rule has streak or min_streak, not both"),
        (rule("  - {group: top, actions: [{kind: 通报表扬, to: [unit]}]}\n"),
         "missing required key 'streak'"),
        (rule("  - {condition: total > 9, group: top, actions: [{kind: 通报表扬, to: [unit]}]}\n"),
         "a condition rule has no group"),
        (rule("  - {condition: total > 9, streak: 2, actions: [{kind: 通报表扬, to: [unit]}]}\n"),
         "a condition rule has no streak"),
        (rule("  - {condition: items.wrok == 10, actions: [{kind: 通报表扬, to: [unit]}]}\n"),
         "'items.wrok': no such item"),
        (rule("  - {condition: total > 9, actions: [{kind: 奖励, to: [unit], amount: {by_rank: [1]}}]}\n"),
         "by_rank needs a group's ranks"),
        (rule("  - {group: top, min_streak: 1, actions: [{kind: 通报表扬, to: [unit]}]}\n"
              "  - {group: top, min_streak: 1, actions: [{kind: 通报表扬, to: [unit]}]}\n"),
         "another rule already covers group top min_streak 1"),
        # keys that belong to some effects only
        (rule("  - {group: top, streak: 1, actions: [{kind: 通报表扬, to: [unit], carry: next_year}]}\n"),
         "carry is for a yellow_card or key_management, not commend"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 通报表扬, to: [unit], due_days: 3}]}\n"),
         "due_days is for a follow-up"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 整改, to: [unit], due_days: 3, at: next_quarter_first_meeting}]}\n"),
         "give due_days or at, not both"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 黄牌警告, to: [unit], scope: quarter}]}\n"),
         "scope is for an ineligible"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 整改, effect: fix, to: [unit]}]}\n"),
         "effect must be one of commend"),
        (rule("  - {group: top, streak: 1, actions: [{kind: 奖励, to: [unit], amount: {per: n}}]}\n"),
         "missing required key 'each'"),
        # reserved names and prev()
        (HEAD + "elements:\n  total: {label: 合计}\n" + ITEMS, "element code 'total' is reserved"),
        (HEAD + "elements:\n  items: {label: 项目}\n" + ITEMS, "element code 'items' is reserved"),
        (HEAD + "items:\n  - {id: max, title: 满分, max: 10, rules: [{check: 1, points: 10}]}\n",
         "'max' cannot be an id"),
        (HEAD + ELEMENTS + "items:\n  - {id: work, title: 工作, max: 10, rules: [{per_case: prev(m), deduct: 1}]}\n",
         "prev(m): an element read with prev() must be declared in elements with a default"),
        (HEAD + "items:\n  - {id: work, title: 工作, max: 10, rules: [{per_case: prev(m), deduct: 1}]}\n",
         "prev(m): an element read with prev() must be declared"),
        (HEAD + ELEMENTS + "items:\n  - {id: work, title: 工作, max: 10, rules: [{per_case: prev(n + 1), deduct: 1}]}\n",
         "prev() takes one element code"),
        (HEAD + ELEMENTS + "items:\n  - {id: work, title: 工作, max: 10, rules: [{check: total > 1, points: 10}]}\n",
         "total and items.<path> are read only by consequences"),
    ],
)  # fmt: skip
def test_a_consequence_that_breaks_the_contract_is_refused_with_its_place(
    text: str, expected: str
) -> None:
    found = problems(text)
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    ("kind", "effect"),
    [
        ("通报表扬", "commend"), ("通报批评", "criticize"), ("奖励", "award"), ("罚款", "fine"),
        ("黄牌警告", "yellow_card"), ("单列管理", "key_management"),
        ("取消评优资格", "ineligible"), ("年度考核不称职", "unfit"), ("表态发言", "statement"),
        ("召开分析会", "analysis_meeting"), ("建议解聘", "recommend_dismissal"),
        ("整改", "rectify"), (" 整改 ", "rectify"), ("限期整改", "note"), ("列入观察", "note"),
    ],
)  # fmt: skip
def test_a_kind_implies_its_effect_by_its_exact_words(kind: str, effect: str) -> None:
    amount = ", amount: 1" if effect in ("award", "fine") else ""
    r = parse_rubric(
        rule(f"  - {{group: top, streak: 1, actions: [{{kind: '{kind}', to: [unit]{amount}}}]}}\n")
    )
    assert r.consequences[0].actions[0].effect == effect


@pytest.mark.parametrize(
    ("kind", "warns"),
    [("列入黄牌名单", True), ("取消当年评优资格", True), ("限期整改", True), ("发放奖品", True),
     ("列入观察", False), ("约谈", False)],
)  # fmt: skip
def test_check_warns_when_a_notes_words_look_like_an_effect(kind: str, warns: bool) -> None:
    r = parse_rubric(
        rule(f"  - {{group: top, streak: 1, actions: [{{kind: {kind}, to: [unit]}}]}}\n")
    )
    assert any("acted on as a note" in w for w in r.warnings) is warns
    assert any("仅作记录" in w for w in r.warnings_zh) is warns


def test_an_explicit_effect_silences_the_warning() -> None:
    r = parse_rubric(
        rule(
            "  - {group: top, streak: 1, actions: [{kind: 列入黄牌名单, effect: yellow_card, to: [unit]}]}\n"
        )
    )
    assert r.warnings == ()


@pytest.mark.parametrize(
    ("written", "code"),
    [("书记", "secretary"), ("支部书记", "secretary"), ("服务员", "service_worker"),
     ("专干", "service_worker"), ("驻村干部", "resident_cadre"), ("片长", "area_chief"),
     ("副片长", "area_deputy"), ("director", "director"), ("unit", "unit"), ("area", "area")],
)  # fmt: skip
def test_roles_may_be_written_in_chinese_and_are_kept_as_codes(written: str, code: str) -> None:
    r = parse_rubric(
        rule(f"  - {{group: top, streak: 1, actions: [{{kind: 通报表扬, to: [{written}]}}]}}\n")
    )
    assert r.consequences[0].actions[0].to == (code,)


def test_every_rubric_valid_before_stays_valid_unless_it_loses_money() -> None:
    from kaoping.cli import default_rubric_text

    text = default_rubric_text().replace("effect: ineligible, ", "")
    r = parse_rubric(text, "default.yaml")
    # The shipped rubric's 取消当年评优资格 is not the exact kind 取消评优资格: a note, with a warning.
    assert len(r.warnings) == 1 and "取消当年评优资格" in r.warnings[0]


# prev(): the exact evaluator and the vectorised scorer read the same columns.
PREV = (
    HEAD
    + """\
elements:
  new: {label: 新增未办结, type: count, default: 0}
  unresolved_end: {label: 期末未办结, type: count, default: 2}
checks:
  - {rule: unresolved_end <= new + prev(unresolved_end), message: 期末未办结不能多于累计}
items:
  - {id: work, title: 工作, max: 10, rules: [{per_case: new + prev(unresolved_end), deduct: 1}]}
"""
)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # V01's first quarter: prev is the default 2 -> 10 - (1 + 2) = 7; Q2: 10 - (0 + 3) = 7
        ([("V01", "2026Q1", 1, 3), ("V01", "2026Q2", 0, 3)], {("V01", "2026Q1"): 7, ("V01", "2026Q2"): 7}),
        # Q4 follows Q3 of the same year; 2027Q1 follows 2026Q4 across the year
        ([("V01", "2026Q4", 0, 1), ("V01", "2027Q1", 4, 0)], {("V01", "2026Q4"): 8, ("V01", "2027Q1"): 5}),
        # a gap: 2026Q3 has no data, so 2026Q4 reads the default, not 2026Q2's 5
        ([("V01", "2026Q2", 3, 5), ("V01", "2026Q4", 0, 0)], {("V01", "2026Q2"): 5, ("V01", "2026Q4"): 8}),
        # units do not read each other's quarters
        ([("V01", "2026Q1", 0, 0), ("V02", "2026Q2", 0, 0)], {("V01", "2026Q1"): 8, ("V02", "2026Q2"): 8}),
        # a month reads the month before: 2027-03 reads 2027-02's 3 -> 10 - (1 + 3) = 6
        ([("V01", "2027-02", 1, 3), ("V01", "2027-03", 1, 0)], {("V01", "2027-02"): 7, ("V01", "2027-03"): 6}),
        # 2027-01 follows 2026-12 across the year: 2026-12 10 - (2 + 2) = 6, 2027-01 10 - (0 + 4) = 6
        ([("V01", "2026-12", 2, 4), ("V01", "2027-01", 0, 0)], {("V01", "2026-12"): 6, ("V01", "2027-01"): 6}),
        # a month gap: 2027-02 has no data, so 2027-03 reads the default 2, not January's 5
        ([("V01", "2027-01", 3, 5), ("V01", "2027-03", 0, 0)], {("V01", "2027-01"): 5, ("V01", "2027-03"): 8}),
        # a month is not its quarter: 2027-04 does not read 2027Q1's 6 (default 2 instead)
        ([("V01", "2027Q1", 4, 6), ("V01", "2027-04", 0, 0)], {("V01", "2027Q1"): 4, ("V01", "2027-04"): 8}),
    ],
)  # fmt: skip
def test_prev_reads_the_units_calendar_quarter_before_or_the_default(
    rows: list[tuple[str, str, int, int]], expected: dict[tuple[str, str], int]
) -> None:
    rubric = parse_rubric(PREV)
    frame = pl.DataFrame(rows, schema=["unit", "period", "new", "unresolved_end"], orient="row")
    exact = {(u.unit, str(p.period)): u.total for p in assess(rubric, frame).periods for u in p}
    want = {k: D(v) for k, v in expected.items()}
    assert exact == want
    for scorer in (score_frame, score_frame_decimal):
        fast = {
            (r["unit"], r["period"]): r["total"]
            for r in scorer(rubric, frame).iter_rows(named=True)
        }
        assert fast == want, scorer.__name__


@pytest.mark.parametrize("vectorised", [False, True])
def test_prev_of_a_month_is_worded_as_the_month_before(vectorised: bool) -> None:
    from kaoping.engine import explain_unit

    rubric = parse_rubric(PREV)
    frame = pl.DataFrame(
        [("V01", "2027-02", 1, 3), ("V01", "2027-03", 1, 0), ("V01", "2027Q1", 1, 3)],
        schema=["unit", "period", "new", "unresolved_end"],
        orient="row",
    )
    said = {
        str(p.period): [d.text for u in p for d in u.deductions]
        for p in assess(rubric, frame, vectorised=vectorised).periods
    }
    assert said == {
        "2027Q1": ["新增未办结加上季度期末未办结为3（新增未办结1），每例扣1分，扣3分"],
        "2027-02": ["新增未办结加上月期末未办结为3（新增未办结1），每例扣1分，扣3分"],
        "2027-03": ["新增未办结加上月期末未办结为4（新增未办结1），每例扣1分，扣4分"],
    }
    env = {"new": 1, "unresolved_end": 0, "prev(unresolved_end)": 3}
    [line], _ = explain_unit(rubric, {k: Fraction(v) for k, v in env.items()}, lang="en", kind="M")
    assert "last month's" in line.text and "quarter" not in line.text


def test_a_check_may_read_the_quarter_before() -> None:
    from kaoping.engine import AssessmentError

    rubric = parse_rubric(PREV)
    # 2026Q2: 9 unresolved at the end but only 0 new + 3 carried over
    frame = pl.DataFrame(
        [("V01", "2026Q1", 1, 3), ("V01", "2026Q2", 0, 9)],
        schema=["unit", "period", "new", "unresolved_end"],
        orient="row",
    )
    with pytest.raises(AssessmentError) as err:
        assess(rubric, frame)
    [v] = err.value.violations
    assert (v.unit, v.period, v.message) == ("V01", "2026Q2", "期末未办结不能多于累计")
    assert v.values == {"unresolved_end": D(9), "new": D(0), "prev(unresolved_end)": D(3)}


ONCE = (
    HEAD
    + """\
elements:
  d: {label: 扣分, type: count}
items:
  - {id: work, title: 工作, max: 10, rules: [{per_case: d, deduct: 1}]}
ranking: {top: 3}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 奖励, to: [片长], amount: {by_rank: [300, 200, 100]}, once_per: person}
      - {kind: 奖励, to: [片长], amount: {by_rank: [30, 20, 10]}}
"""
)


@pytest.mark.parametrize(
    ("lost", "listed_on", "amount", "plain"),
    [
        # V02 is best (300): the award is listed there, though V01 has the lower code
        ({"V01": 2, "V02": 0, "V03": 1}, "V02", 300, [10, 20, 30]),
        # V01 and V02 tie for first (300 each): the lower code; ranks 1, 1, 3
        ({"V01": 0, "V02": 0, "V03": 1}, "V01", 300, [10, 30, 30]),
    ],
)
def test_once_per_person_lists_the_largest_amount_on_its_unit_with_every_source(
    lost: dict[str, int], listed_on: str, amount: int, plain: list[int]
) -> None:
    from kaoping.engine import People, Person

    rubric = parse_rubric(ONCE)
    frame = pl.DataFrame(
        [{"unit": u, "period": "2026Q3", "area": "A1", "d": d} for u, d in lost.items()]
    )
    people = People([Person("A1", "area_chief", "刘片")])
    q3 = assess(rubric, frame, people).period("2026Q3")
    once = {u.unit: [(a.amount, a.from_units) for a in u.actions if a.once_per] for u in q3}
    assert once == {
        u: ([(D(amount), ("V01", "V02", "V03"))] if u == listed_on else []) for u in lost
    }
    # without once_per each unit's action stands on its own
    amounts = [a.amount for u in q3 for a in u.actions if not a.once_per]
    assert sorted(x for x in amounts if x is not None) == [D(x) for x in plain]
