"""RUBRIC.md §5.1: consequences that carry through, on the contract's own example rubric.

Five quarters of four villages, scored through the command line with a people file;
every action of every unit is written out by hand below from the contract's words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ._cli import kaoping, rubric, units, write

# The example of §5.1, word for word, over a 100-point rubric of two items.
EXAMPLE = rubric(
    """\
elements:
  d: {label: 工作扣分, type: count, default: 0}
  s: {label: 统计差错, type: count, default: 0}
  subsidy_done_on_time: {label: 按时发放例数, type: count, default: 0}
items:
  - id: work
    title: 工作
    max: 90
    rules:
      - {per_case: d, deduct: 1}
  - id: statistics
    title: 统计
    max: 10
    rules:
      - {per_case: s, deduct: 5}
ranking: {top: 2, bottom: 1}
consequences:
  - group: bottom
    min_streak: 1            # every quarter in the bottom group, whatever the streak
    actions:
      - {kind: 通报批评, to: [unit, resident_cadre, liaison_cadre, service_worker]}
      - {kind: 表态发言, to: [secretary], at: next_quarter_first_meeting}
  - group: bottom
    streak: 3
    actions:
      - {kind: 黄牌警告, effect: yellow_card, to: [unit], carry: next_year}
      - {kind: 罚款, to: [secretary, director], amount: 500}
      - {kind: 当年度不得参加评优评先, effect: ineligible, to: [secretary, director]}
      - {kind: 整改, effect: rectify, to: [secretary], due_days: 30}
  - condition: total >= 95 and items.statistics == items.statistics.max   # a standard, not a rank
    actions:
      - {kind: 奖励, to: [unit], amount: 2000}
  - condition: subsidy_done_on_time >= 1
    actions:
      - {kind: 奖励, to: [service_worker], amount: {per: subsidy_done_on_time, each: 20, cap: 400}}
  - group: top
    streak: 2
    actions:
      - {kind: 奖励, to: [area_chief, area_deputy], amount: {by_role: {area_chief: 200, area_deputy: 100}}, once_per: person}
""",
    total=100,
)

# total = 100 - d - 5 s. Q1–Q3: 东村 100, 西村 99, 南村 95, 北村 90 (bottom).
# Q4 and 2027Q1: 北村 recovers to 98, 南村 (95) is last.
QUARTERS = {
    "2026Q1": {"V01": (0, 0, 25), "V02": (1, 0, 0), "V03": (0, 1, 3), "V04": (10, 0, 0)},
    "2026Q2": {"V01": (0, 0, 0), "V02": (1, 0, 0), "V03": (0, 1, 3), "V04": (10, 0, 0)},
    "2026Q3": {"V01": (0, 0, 0), "V02": (1, 0, 0), "V03": (0, 1, 3), "V04": (10, 0, 0)},
    "2026Q4": {"V01": (0, 0, 0), "V02": (1, 0, 0), "V03": (0, 1, 3), "V04": (2, 0, 0)},
    "2027Q1": {"V01": (0, 0, 0), "V02": (1, 0, 0), "V03": (0, 1, 3), "V04": (2, 0, 0)},
}
NAMES = {"V01": ("东村", "A1"), "V02": ("西村", "A1"), "V03": ("南村", "A2"), "V04": ("北村", "A2")}

# 李明 is 北村's director and 南村's 专干 at once; 吴专 leaves 北村 in September.
PEOPLE = """\
unit,role,name,from,to
V01,service_worker,赵一,,
V03,service_worker,李明,,
V03,secretary,郑书,,
V04,secretary,王强,,
V04,director,李明,,
V04,resident_cadre,孙驻,,
V04,liaison_cadre,周包,,
V04,service_worker,吴专,2025-01-01,2026-09-15
A1,area_chief,刘片,,
A1,area_deputy,陈副,,
"""


def data_text() -> str:
    lines = ["unit,name,area,period,d,s,subsidy_done_on_time"]
    for period, by_unit in QUARTERS.items():
        for unit, (d, s, subsidy) in by_unit.items():
            name, area = NAMES[unit]
            lines.append(f"{unit},{name},{area},{period},{d},{s},{subsidy}")
    return "\n".join(lines) + "\n"


def act(kind: str, effect: str, to: str, person: str | None, amount: int | None = None,
        **extra: Any) -> dict[str, Any]:  # fmt: skip
    out = {"kind": kind, "effect": effect, "to": to, "person": person, "amount": amount}
    if "from_" in extra:
        extra["from"] = extra.pop("from_")
    return {**out, **extra}


UNIT_AWARD = act("奖励", "award", "unit", None, 2000)


def criticized(
    resident: str | None, liaison: str | None, worker: str | None
) -> list[dict[str, Any]]:
    return [
        act("通报批评", "criticize", "unit", None),
        act("通报批评", "criticize", "resident_cadre", resident),
        act("通报批评", "criticize", "liaison_cadre", liaison),
        act("通报批评", "criticize", "service_worker", worker),
    ]


AREA_ONCE = [
    act("奖励", "award", "area_chief", "刘片", 200, from_=["V01", "V02"]),
    act("奖励", "award", "area_deputy", "陈副", 100, from_=["V01", "V02"]),
]

# (period, unit, group, streak, actions, carried), every action in the rubric's order.
EXPECTED = [
    # Q1: standards pay 东村 and 西村 2000 each; 南村 reaches 95 but loses statistics
    # points, so no 2000; 东村's 25 subsidies pay 20 each, capped at 400.
    ("2026Q1", "V01", "top", 1, [UNIT_AWARD, act("奖励", "award", "service_worker", "赵一", 400)]),
    ("2026Q1", "V02", "top", 1, [UNIT_AWARD]),
    ("2026Q1", "V03", None, 0, [act("奖励", "award", "service_worker", "李明", 60)]),
    # bottom with streak 1: the min_streak rule; no next-quarter meeting on the command
    # line, so the statement is due on the last day of 2026Q2's first month.
    ("2026Q1", "V04", "bottom", 1,
     [*criticized("孙驻", "周包", "吴专"),
      act("表态发言", "statement", "secretary", "王强", due="2026-04-30")]),
    # Q2: 东村 and 西村 top twice running, both in area A1: the area chief and deputy are
    # paid once, on 东村 (equal amounts: the lower code), from both.
    ("2026Q2", "V01", "top", 2, [UNIT_AWARD, *AREA_ONCE]),
    ("2026Q2", "V02", "top", 2, [UNIT_AWARD]),
    ("2026Q2", "V03", None, 0, [act("奖励", "award", "service_worker", "李明", 60)]),
    ("2026Q2", "V04", "bottom", 2,
     [*criticized("孙驻", "周包", "吴专"),
      act("表态发言", "statement", "secretary", "王强", due="2026-07-31")]),
    # Q3: 北村's third quarter at the bottom adds the streak-3 rule; 吴专 left on
    # 2026-09-15, so the 专干's criticism reaches nobody. 李明, made ineligible as
    # 北村's director, is not paid 南村's subsidy award in the same quarter.
    ("2026Q3", "V01", "top", 3, [UNIT_AWARD, *AREA_ONCE]),
    ("2026Q3", "V02", "top", 3, [UNIT_AWARD]),
    ("2026Q3", "V03", None, 0,
     [act("奖励", "award", "service_worker", "李明", None, withheld="ineligible")]),
    ("2026Q3", "V04", "bottom", 3,
     [*criticized("孙驻", "周包", None),
      act("表态发言", "statement", "secretary", "王强", due="2026-10-31"),
      act("黄牌警告", "yellow_card", "unit", None),
      act("罚款", "fine", "secretary", "王强", 500),
      act("罚款", "fine", "director", "李明", 500),
      act("当年度不得参加评优评先", "ineligible", "secretary", "王强"),
      act("当年度不得参加评优评先", "ineligible", "director", "李明"),
      act("整改", "rectify", "secretary", "王强", due="2026-10-30")]),  # 09-30 + 30 days
    # Q4: 北村 (98, full statistics) meets the standard: the unit is paid, its
    # ineligible people are not the unit. 李明 stays ineligible for the year.
    ("2026Q4", "V01", "top", 4, [UNIT_AWARD, *AREA_ONCE]),
    ("2026Q4", "V02", "top", 4, [UNIT_AWARD]),
    ("2026Q4", "V04", None, 0, [UNIT_AWARD]),
    ("2026Q4", "V03", "bottom", 1,
     [*criticized(None, None, "李明"),
      act("表态发言", "statement", "secretary", "郑书", due="2027-01-31"),
      act("奖励", "award", "service_worker", "李明", None, withheld="ineligible")]),
    # 2027Q1: a new year: 李明 is paid again; 北村's first quarter lists its card.
    ("2027Q1", "V03", "bottom", 2,
     [*criticized(None, None, "李明"),
      act("表态发言", "statement", "secretary", "郑书", due="2027-04-30"),
      act("奖励", "award", "service_worker", "李明", 60)]),
    ("2027Q1", "V04", None, 0, [UNIT_AWARD]),
]  # fmt: skip

CARRIED = {
    ("2027Q1", "V04"): [
        {"year": 2026, "period": "2026Q3", "kind": "黄牌警告", "effect": "yellow_card"}
    ],
}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("carry")
    paths = (
        write(tmp, "rubric.yaml", EXAMPLE),
        write(tmp, "data.csv", data_text()),
        write(tmp, "people.csv", PEOPLE),
    )
    out = {}
    for period in QUARTERS:
        run = kaoping(
            "score", paths[0], paths[1], "--people", paths[2], "--period", period,
            "--format", "json",
        )  # fmt: skip
        out[period] = (units(run.json()), run.stderr)
    return out


@pytest.mark.parametrize(
    ("period", "unit", "group", "streak", "actions"),
    EXPECTED,
    ids=[f"{p}-{u}" for p, u, *_ in EXPECTED],
)
def test_every_action_follows_from_the_contract(
    scored: dict[str, Any], period: str, unit: str, group: str | None, streak: int,
    actions: list[dict[str, Any]],
) -> None:  # fmt: skip
    u = scored[period][0][unit]
    assert (u["group"], u["streak"]) == (group, streak)
    assert u["actions"] == actions


@pytest.mark.parametrize("period", list(QUARTERS))
def test_a_card_given_with_carry_is_listed_on_the_units_first_quarter_of_next_year_only(
    scored: dict[str, Any], period: str
) -> None:
    for unit, u in scored[period][0].items():
        assert u["carried"] == CARRIED.get((period, unit), []), unit


def test_the_area_chiefs_once_per_person_award_is_not_listed_on_the_other_unit(
    scored: dict[str, Any],
) -> None:
    for period in ("2026Q2", "2026Q3", "2026Q4", "2027Q1"):
        v02 = scored[period][0]["V02"]
        assert [a for a in v02["actions"] if a["to"].startswith("area")] == [], period


def test_a_role_vacant_on_the_quarters_last_day_is_a_warning_not_silence(
    scored: dict[str, Any],
) -> None:
    stderr = scored["2026Q3"][1]
    vacancy = [line for line in stderr.splitlines() if "V04" in line and "service_worker" in line]
    assert len(vacancy) == 1, stderr
    assert "2026-09-30" in vacancy[0] and "通报批评" in vacancy[0]
    assert "V04" not in scored["2026Q2"][1]


def test_a_vacant_role_keeps_the_amount_so_that_an_unpaid_amount_shows(tmp_path: Path) -> None:
    text = rubric(
        """\
elements:
  d: {label: 扣分, type: count}
items:
  - {id: work, title: 工作, max: 10, rules: [{per_case: d, deduct: 1}]}
ranking: {top: 1}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 奖励, to: [专干], amount: 300}
"""
    )
    paths = (
        write(tmp_path, "r.yaml", text),
        write(tmp_path, "d.csv", "unit,period,d\nV01,2026Q3,0\nV02,2026Q3,1\n"),
        write(tmp_path, "p.csv", "unit,role,name,from,to\nV01,专干,赵一,2026-01-01,2026-08-31\n"),
    )
    run = kaoping("score", paths[0], paths[1], "--people", paths[2], "--format", "json")
    v01 = units(run.json())["V01"]
    assert v01["actions"] == [act("奖励", "award", "service_worker", None, 300)]
    assert "300" in run.stderr and "service_worker" in run.stderr


VETO = rubric(
    """\
elements:
  d: {label: 扣分, type: count}
  fraud: {label: 弄虚作假, type: bool, default: 0}
items:
  - {id: work, title: 工作, max: 10, rules: [{per_case: d, deduct: 1}]}
adjustments:
  - {id: fraud, title: 弄虚作假, veto: fraud}
ranking: {top: 2}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit, secretary]}
      - {kind: 奖金, effect: award, to: [secretary], amount: 100}
      - {kind: 列入观察, to: [unit]}
  - condition: items.work.max - items.work <= 10
    actions:
      - {kind: 奖励, to: [unit], amount: 50}
"""
)


def test_a_vetoed_units_awards_and_commendations_are_withheld_for_the_veto(
    tmp_path: Path,
) -> None:
    # V01 vetoed: total 0; top 2 of 2 units, so both in top. Its commendations and
    # awards (the unit's and its secretary's, by rank or by standard) are listed as
    # withheld with no amount; a plain note still stands.
    paths = (
        write(tmp_path, "r.yaml", VETO),
        write(tmp_path, "d.csv", "unit,period,d,fraud\nV01,2026Q3,0,1\nV02,2026Q3,1,0\n"),
    )
    v01 = units(kaoping("score", paths[0], paths[1], "--format", "json").json())["V01"]
    assert v01["vetoed"] is True
    assert v01["actions"] == [
        act("通报表扬", "commend", "unit", None, withheld="veto"),
        act("通报表扬", "commend", "secretary", None, withheld="veto"),
        act("奖金", "award", "secretary", None, withheld="veto"),
        act("列入观察", "note", "unit", None),
        act("奖励", "award", "unit", None, withheld="veto"),
    ]


@pytest.mark.parametrize(
    ("per", "cases", "amount"),
    [
        ("n", 0, 0),  # an amount of 0 is still listed
        ("n", 7, 140),
        ("n", 30, 400),  # capped
        ("n - 10", 3, 0),  # never negative
        ("prev(n) + n", 4, 80),  # no data the quarter before: prev(n) is n's default 0
    ],
)
def test_a_per_case_amount_pays_each_case_up_to_the_cap(
    tmp_path: Path, per: str, cases: int, amount: int
) -> None:
    text = rubric(
        f"""\
elements:
  n: {{label: 例数, type: count, default: 0}}
items:
  - {{id: work, title: 工作, max: 10, rules: [{{check: 1, points: 10}}]}}
consequences:
  - condition: total >= 0
    actions:
      - {{kind: 奖励, to: [area], amount: {{per: "{per}", each: 20, cap: 400}}}}
"""
    )
    paths = (
        write(tmp_path, "r.yaml", text),
        write(tmp_path, "d.csv", f"unit,period,area,n\nV01,2026Q3,A1,{cases}\n"),
    )
    v01 = units(kaoping("score", paths[0], paths[1], "--format", "json").json())["V01"]
    assert v01["actions"] == [act("奖励", "award", "area", None, amount)]


@pytest.mark.parametrize(
    ("action", "due"),
    [
        ("due_days: 0", "2026-09-30"),
        ("due_days: 45", "2026-11-14"),
        ("at: next_quarter_first_meeting", "2026-10-31"),
        ("to_only: true", "2026-10-31"),
    ],
)
def test_a_follow_up_is_due_as_its_keys_say(tmp_path: Path, action: str, due: str) -> None:
    extra = "" if action.startswith("to_only") else f", {action}"
    text = rubric(
        f"""\
items:
  - {{id: work, title: 工作, max: 10, rules: [{{check: 1, points: 10}}]}}
ranking: {{bottom: 1}}
consequences:
  - group: bottom
    streak: 1
    actions:
      - {{kind: 召开分析会, to: [unit]{extra}}}
"""
    )
    paths = (write(tmp_path, "r.yaml", text), write(tmp_path, "d.csv", "unit,period\nV01,2026Q3\n"))
    v01 = units(kaoping("score", paths[0], paths[1], "--format", "json").json())["V01"]
    assert v01["actions"] == [act("召开分析会", "analysis_meeting", "unit", None, due=due)]


def test_ineligibility_for_a_quarter_ends_with_the_quarter(tmp_path: Path) -> None:
    # V02 is bottom in Q1 (its secretary 王五 is ineligible for the quarter only) and
    # V01 is top in Q1 and Q2; 王五 is V01's secretary too.
    text = rubric(
        """\
elements:
  d: {label: 扣分, type: count}
items:
  - {id: work, title: 工作, max: 10, rules: [{per_case: d, deduct: 1}]}
ranking: {top: 1, bottom: 1}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [secretary]}
  - group: bottom
    streak: 1
    actions:
      - {kind: 取消评优资格, to: [secretary], scope: quarter}
"""
    )
    paths = (
        write(tmp_path, "r.yaml", text),
        write(
            tmp_path,
            "d.csv",
            "unit,period,d\nV01,2026Q1,0\nV02,2026Q1,5\nV01,2026Q2,0\nV03,2026Q2,5\n",
        ),
        write(tmp_path, "p.csv", "unit,role,name\nV01,书记,王五\nV02,书记,王五\nV03,书记,孙六\n"),
    )
    by = {}
    for period in ("2026Q1", "2026Q2"):
        run = kaoping(
            "score", *paths[:2], "--people", paths[2], "--period", period, "--format", "json"
        )
        by[period] = units(run.json())["V01"]["actions"]
    assert by["2026Q1"] == [act("通报表扬", "commend", "secretary", "王五", withheld="ineligible")]
    assert by["2026Q2"] == [act("通报表扬", "commend", "secretary", "王五")]


def test_the_table_and_the_workbook_say_what_is_withheld_due_merged_and_carried(
    tmp_path: Path,
) -> None:
    import openpyxl

    paths = (
        write(tmp_path, "rubric.yaml", EXAMPLE),
        write(tmp_path, "data.csv", data_text()),
        write(tmp_path, "people.csv", PEOPLE),
    )
    q3 = kaoping("score", *paths[:2], "--people", paths[2], "--period", "2026Q3")
    assert "南村（第3名）：奖励 — 专干 李明（不予兑现：已取消评优资格）" in q3.stdout
    assert "北村（第4名）：整改 — 书记 王强（限2026年10月30日前）" in q3.stdout
    assert "东村（第1名）：奖励 — 片长 刘片 200元（合并兑现：V01、V02）" in q3.stdout
    q1 = kaoping("score", *paths[:2], "--people", paths[2], "--period", "2027Q1")
    assert "上年度结转：\n  北村：黄牌警告（2026年第三季度）" in q1.stdout

    out = tmp_path / "q3.xlsx"
    run = kaoping("score", *paths[:2], "--people", paths[2], "--period", "2026Q3",
                  "--format", "xlsx", "-o", out)  # fmt: skip
    assert run.code == 0, run.stderr
    sheet = openpyxl.load_workbook(out)["讲评兑现"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-4:] == ("效果", "不予兑现", "期限", "来源单位")
    by = {(r[1], r[5], r[7]): r[-4:] for r in rows[1:]}
    assert by[("V03", "奖励", "李明")] == ("award", "不予兑现：已取消评优资格", None, None)
    assert by[("V04", "整改", "王强")] == ("rectify", None, "2026-10-30", None)
    assert by[("V01", "奖励", "刘片")] == ("award", None, None, "V01、V02")
