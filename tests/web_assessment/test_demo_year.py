"""A whole year of the demo township (2026Q1–Q4, 21 villages) through the command
line (``kaoping demo`` then ``kaoping score … --format json`` per quarter) and
through the web app (the demo's Q1–Q3 history, Q4 assessed over HTTP: create,
the demo's manual deductions, compute, submit, the leader approves) gives the same
actions, withheld awards, follow-ups and money per person; and the year view and
the ledger match the tables below, computed by hand.

How the tables were computed. The groups (top 3 and bottom 3 of 21, ties
included) are the demo's design (``kaoping.demo``: V11, V06, V03/V08 excellent,
V15, V19, V21 struggling), completed by the ranking: Q1 top V11 V21 V06, bottom
V13 V03 V15; Q2 top V06 (streak 2) V13 V02, bottom V18 V15 (streak 2) V19; Q3
top V03 V08 (tied first) V16, bottom V14 V19 (streak 2) V21; Q4 top V03 V08
(streak 2, tied first) V01, bottom V17 V19 (streak 3) V21 (streak 2). Then the
shipped rubric's consequences, one rule per group, the largest streak not above
the unit's:

- top, streak 2: 奖励 service worker, resident and liaison cadre by rank 300 (tied
  first both get 300), 片长 200 and 副片长 100 of the unit's area;
- bottom, streak 1: 表态发言 (secretary), due the last day of the next quarter's
  first month;
- bottom, streak 2: 罚款 300 to secretary, director, resident and liaison cadre,
  100 to 片长 and 副片长; 召开分析会 (unit), 建议解聘;
- bottom, streak 3: 罚款 500 and 200; 黄牌警告; 取消当年评优资格 and 年度考核不称职 to
  secretary, director, resident and liaison cadre.

So: Q2 awards V06 (A2) 3×300 + 200 + 100 = 1200, fines V15 (A3) 4×300 + 2×100 =
1400; Q3 fines V19 (A4) 1400; Q4 awards V03 (A1) and V08 (A2) 2×1200 = 2400, fines
V19 4×500 + 2×200 = 2400 and V21 (A4) 1400, 3800 in all. A4's chief and deputy are
fined 100 (Q3) + 200 + 100 (Q4) = 400 each. Nobody made ineligible in Q4 is awarded
anything, and no unit is vetoed: nothing is withheld. Names from the demo's people.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kaoping.cli import main

QUARTERS = ("2026Q1", "2026Q2", "2026Q3", "2026Q4")
FOLLOW_UP = {"rectify", "statement", "analysis_meeting"}

#: (where, role, name, awards, fines) for the year, by hand (see above).
MONEY = [
    ("A1", "area_chief", "朱家宝", 200, 0),
    ("A1", "area_deputy", "毛永红", 100, 0),
    ("A2", "area_chief", "汪光明", 400, 0),
    ("A2", "area_deputy", "李凤英", 200, 0),
    ("A3", "area_chief", "崔晓东", 0, 100),
    ("A3", "area_deputy", "孔志强", 0, 100),
    ("A4", "area_chief", "程丽娟", 0, 400),
    ("A4", "area_deputy", "魏家宝", 0, 400),
    ("V03", "liaison_cadre", "赵晓东", 300, 0),
    ("V03", "resident_cadre", "陶文华", 300, 0),
    ("V03", "service_worker", "叶建国", 300, 0),
    ("V06", "liaison_cadre", "郝光明", 300, 0),
    ("V06", "resident_cadre", "梁桂兰", 300, 0),
    ("V06", "service_worker", "夏素琴", 300, 0),
    ("V08", "liaison_cadre", "马光明", 300, 0),
    ("V08", "resident_cadre", "周翠花", 300, 0),
    ("V08", "service_worker", "卢丽萍", 300, 0),
    ("V15", "director", "任春燕", 0, 300),
    ("V15", "liaison_cadre", "梁秀英", 0, 300),
    ("V15", "resident_cadre", "毛桂兰", 0, 300),
    ("V15", "secretary", "陈燕飞", 0, 300),
    ("V19", "director", "谢国栋", 0, 800),
    ("V19", "liaison_cadre", "孙春梅", 0, 800),
    ("V19", "resident_cadre", "尹晓东", 0, 800),
    ("V19", "secretary", "沈桂兰", 0, 800),
    ("V21", "director", "孟慧敏", 0, 300),
    ("V21", "liaison_cadre", "田翠花", 0, 300),
    ("V21", "resident_cadre", "朱宏伟", 0, 300),
    ("V21", "secretary", "汤小红", 0, 300),
]

#: (quarter, unit, kind, to, person, due) of every follow-up, by hand.
FOLLOW_UPS = [
    ("2026Q1", "V03", "表态发言", "secretary", "董慧敏", "2026-04-30"),
    ("2026Q1", "V13", "表态发言", "secretary", "钱志强", "2026-04-30"),
    ("2026Q1", "V15", "表态发言", "secretary", "陈燕飞", "2026-04-30"),
    ("2026Q2", "V15", "召开分析会", "unit", "", "2026-07-31"),
    ("2026Q2", "V18", "表态发言", "secretary", "许志强", "2026-07-31"),
    ("2026Q2", "V19", "表态发言", "secretary", "沈桂兰", "2026-07-31"),
    ("2026Q3", "V14", "表态发言", "secretary", "张光明", "2026-10-31"),
    ("2026Q3", "V19", "召开分析会", "unit", "", "2026-10-31"),
    ("2026Q3", "V21", "表态发言", "secretary", "汤小红", "2026-10-31"),
    ("2026Q4", "V17", "表态发言", "secretary", "邓秀英", "2027-01-31"),
    ("2026Q4", "V21", "召开分析会", "unit", "", "2027-01-31"),
]

#: The ledger's totals: awards and fines in yuan; commendations (通报表扬: unit,
#: resident and liaison cadre of each top unit), criticisms (通报批评: unit, resident
#: and liaison cadre, service worker of each bottom unit), other measures (表态发言,
#: 召开分析会, 建议解聘, 黄牌警告, 4×取消评优, 4×不称职) and withheld awards, by hand.
LEDGER = {
    "2026Q1": {"award": 0, "fine": 0, "commendation": 9, "criticism": 12, "other": 3, "withheld": 0},
    "2026Q2": {"award": 1200, "fine": 1400, "commendation": 9, "criticism": 12, "other": 4, "withheld": 0},
    "2026Q3": {"award": 0, "fine": 1400, "commendation": 9, "criticism": 12, "other": 4, "withheld": 0},
    "2026Q4": {"award": 2400, "fine": 3800, "commendation": 9, "criticism": 12, "other": 12, "withheld": 0},
    "year": {"award": 3600, "fine": 6600, "commendation": 36, "criticism": 48, "other": 23, "withheld": 0},
}  # fmt: skip

#: The year view: each grouped unit's group and streak per quarter ("" outside
#: both groups), its yellow cards, and who lost eligibility, by hand.
GROUPS = {
    "V01": ("", "", "", "前列1"),
    "V02": ("", "前列1", "", ""),
    "V03": ("后列1", "", "前列1", "前列2"),
    "V06": ("前列1", "前列2", "", ""),
    "V08": ("", "", "前列1", "前列2"),
    "V11": ("前列1", "", "", ""),
    "V13": ("后列1", "前列1", "", ""),
    "V14": ("", "", "后列1", ""),
    "V15": ("后列1", "后列2", "", ""),
    "V16": ("", "", "前列1", ""),
    "V17": ("", "", "", "后列1"),
    "V18": ("", "后列1", "", ""),
    "V19": ("", "后列1", "后列2", "后列3"),
    "V21": ("前列1", "", "后列1", "后列2"),
}
YELLOW = {"V19": 1}
INELIGIBLE = {"V19": ["主任谢国栋", "书记沈桂兰", "包村干部孙春梅", "驻村干部尹晓东"]}


def _action(unit: str, a: dict[str, Any]) -> tuple[Any, ...]:
    amount = a.get("amount")
    return (
        unit,
        a["kind"],
        a.get("effect"),
        a["to"],
        a.get("person") or "",
        None if amount is None else Decimal(str(amount)),
        a.get("withheld"),
        a.get("due"),
    )


def _digest(units_by_quarter: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Actions, withheld awards, follow-ups and money per person, from results in
    the shape of ``kaoping score --format json`` (the web keeps the same)."""
    actions = {
        q: sorted(
            (_action(u["unit"], a) for u in units for a in u.get("actions", [])),
            key=repr,
        )
        for q, units in units_by_quarter.items()
    }
    money: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    withheld, follow_ups = [], []
    for q, acts in actions.items():
        for unit, kind, effect, to, person, amount, held, due in acts:
            if held:
                withheld.append((q, unit, kind, to, person, held))
            elif effect in ("award", "fine") and amount:
                money[(to, person)][0 if effect == "award" else 1] += amount
            if effect in FOLLOW_UP and due:
                follow_ups.append((q, unit, kind, to, person, due))
    return {
        "actions": actions,
        "withheld": withheld,
        "follow_ups": sorted(follow_ups),
        "money": {k: (v[0], v[1]) for k, v in money.items()},
    }


@pytest.fixture(scope="module")
def cli_year(tmp_path_factory: Any) -> dict[str, Any]:
    out: Path = tmp_path_factory.mktemp("demo")
    runner = CliRunner()
    assert runner.invoke(main, ["demo", "--out", str(out)]).exit_code == 0
    units = {}
    for q in QUARTERS:
        r = runner.invoke(
            main,
            [
                "score",
                str(out / "rubric.yaml"),
                str(out / "data.csv"),
                "--people",
                str(out / "people.csv"),
                "--period",
                q,
                "--format",
                "json",
            ],
        )
        assert r.exit_code == 0, r.output
        units[q] = json.loads(r.stdout)["units"]
    return _digest(units)


@pytest.fixture
def web_year(module_demo: Any, db: Any, client: Any, settings: Any) -> Any:
    """The demo loaded as ``serve --demo`` loads it (once for the module,
    tests/conftest.py), and 2026Q4 assessed over HTTP (in the test's own savepoint)."""
    from django.contrib.auth import get_user_model

    from kaoping.web.assessment.models import Assessment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    users = {u.username: u for u in get_user_model().objects.all()}
    client.force_login(users["assessor"])
    assert (
        client.post("/assessment/t/T01/new/", {"period": "2026Q4", "rubric": 1}).status_code == 302
    )
    # The quarterly assessment: the demo's campaign has one of its own beside it.
    a = Assessment.objects.get(period="2026Q4", campaign__isnull=True)
    # Creating the demo's Q4 enters its manual deductions (V14 1.5, V19 2 on 其他工作),
    # as kaoping demo's figures carry them.
    assert a.manual_deductions.count() == 2
    # The villages hand in their Q4 reports (the demo leaves them as drafts).
    from kaoping.web.core import services as core
    from kaoping.web.core.models import Report

    for report in Report.objects.filter(period="2026Q4", status="draft"):
        core.submit(report, users["assessor"])
    client.post(f"/assessment/{a.pk}/compute/")
    client.post(f"/assessment/{a.pk}/submit/", {"note": ""})
    a.refresh_from_db()
    client.force_login(users["leader"])
    r = client.post(
        f"/assessment/{a.pk}/approve/",
        {"note": "党政联席会议审定", "revision": a.revision, "confirmed": "yes"},
        follow=True,
    )
    a.refresh_from_db()
    assert a.status == "approved", [str(m) for m in r.context["messages"]][-1]
    return client


def _web_digest() -> dict[str, Any]:
    from kaoping.web.assessment.models import Assessment

    units = {}
    for q in QUARTERS:
        a = Assessment.objects.filter(
            period=q, status__in=["approved", "published"], campaign__isnull=True
        ).get()
        units[q] = a.results["units"]
    return _digest(units)


def test_the_hand_computed_year_is_what_the_command_line_gives(cli_year: dict[str, Any]) -> None:
    assert cli_year["money"] == {
        (role, name): (Decimal(award), Decimal(fine)) for _where, role, name, award, fine in MONEY
    }
    assert cli_year["follow_ups"] == FOLLOW_UPS
    assert cli_year["withheld"] == []


def test_a_year_through_the_web_gives_what_the_command_line_gives(
    web_year: Any, cli_year: dict[str, Any]
) -> None:
    from kaoping.web.assessment.models import LedgerEntry, Rectification

    web = _web_digest()
    for q in QUARTERS:
        assert web["actions"][q] == cli_year["actions"][q], q
    assert web["withheld"] == cli_year["withheld"]
    assert web["follow_ups"] == cli_year["follow_ups"]
    assert web["money"] == cli_year["money"]
    # What the web app keeps beyond the results: one tracked item per follow-up,
    # and the ledger's amounts per person. The quarterly assessments' only: the demo's
    # campaign and its acceptance visit have follow-ups and a ledger of their own.
    items = sorted(
        (r.period, r.unit.code, r.kind, r.to, r.person, r.due.isoformat())
        for r in Rectification.objects.filter(
            assessment__isnull=False, assessment__campaign__isnull=True
        ).select_related("unit")
    )
    assert items == FOLLOW_UPS
    ledger: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for e in LedgerEntry.objects.filter(
        kind__in=["奖励", "罚款"], assessment__campaign__isnull=True
    ):
        ledger[(e.to, e.person)][0 if e.kind == "奖励" else 1] += e.amount or Decimal(0)
    assert {k: (v[0], v[1]) for k, v in ledger.items()} == cli_year["money"]


def test_the_year_view_and_the_ledger_match_the_hand_computed_tables(web_year: Any) -> None:
    from django.contrib.auth import get_user_model

    client = web_year
    client.force_login(get_user_model().objects.get(username="assessor"))
    year = client.get("/assessment/t/T01/year/2026/").context
    assert year["periods"] == list(QUARTERS)
    grouped = {
        row["unit"]: tuple(
            f"{c['group']}{c['streak']}" if c and c["group"] else "" for c in row["cells"]
        )
        for row in year["rows"]
    }
    assert {u: g for u, g in grouped.items() if any(g)} == GROUPS
    assert {row["unit"]: row["yellow"] for row in year["rows"] if row["yellow"]} == YELLOW
    assert {row["unit"]: row["ineligible"] for row in year["rows"] if row["ineligible"]} == (
        INELIGIBLE
    )
    # The year view counts the spring campaign's 限期赶上 too, each in its dispatch
    # meeting's quarter (2026-03-01 for 40 days: March and April); the dispatch demo
    # decides how many (tests/web_dispatch/test_demo.py), so they are read from it.
    from kaoping.web.dispatch.models import CatchUp

    catch_ups = {q: 0 for q in QUARTERS}
    for day in CatchUp.objects.values_list("meeting__date", flat=True):
        catch_ups[f"{day.year}Q{(day.month - 1) // 3 + 1}"] += 1
    assert catch_ups["2026Q1"] > 0 and catch_ups["2026Q3"] == catch_ups["2026Q4"] == 0
    assessed = {
        # Q4: V17 表态发言 and V21 召开分析会; V19's streak-3 rule asks for no follow-up.
        "2026Q1": 3,
        "2026Q2": 3,
        "2026Q3": 3,
        "2026Q4": 2,
    }
    assert {q: c["opened"] for q, c in year["followups"].items()} == {
        q: n + catch_ups[q] for q, n in assessed.items()
    }

    ledger = client.get("/assessment/t/T01/ledger/2026/").context
    shown = {q["period"]: q for q in ledger["quarters"]} | {"year": ledger["year_total"]}
    # The months the demo assesses (a rubric without consequences) owe nothing.
    assert {p: _money_as_decimal(shown.pop(p)) for p in ("2026-09", "2026-10", "2026-11")} == {
        "2026-09": {},
        "2026-10": {},
        "2026-11": {},
    }
    assert {p: _money_as_decimal(t) for p, t in shown.items()} == {
        p: _money_as_decimal(t) for p, t in LEDGER.items()
    }


def _money_as_decimal(totals: dict[str, Any]) -> dict[str, Any]:
    """The ledger's totals with amounts as numbers (the page shows them as text)."""
    return {
        k: Decimal(str(v)) if k in ("award", "fine") else v
        for k, v in totals.items()
        if k in LEDGER["year"]
    }
