"""The demo township: 21 villages and communities in 4 work areas, fictional
people in every role, and four quarters (2026Q1–Q4) of figures for the shipped
rubric. Deterministic, and shaped so that every rule bites: a village at the top
two quarters running, one at the bottom three running, ties, a bonus, an
unreported birth, manual deductions and a change of service worker mid-year.

Every name here is invented; the figures are aggregates of voluntary services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from .engine import Person
from .rubrics import default_rubric_text

__all__ = ["QUARTERS", "DemoTownship", "DemoUnit", "build_demo", "village_figures"]

QUARTERS = ("2026Q1", "2026Q2", "2026Q3", "2026Q4")

AREAS = [("A1", "东片"), ("A2", "西片"), ("A3", "南片"), ("A4", "北片")]

UNITS = [
    # code, name, area, kind
    ("V01", "东风村", "A1", "村"), ("V02", "红旗村", "A1", "村"), ("V03", "杨柳村", "A1", "村"),
    ("V04", "桃园社区", "A1", "社区"), ("V05", "李家庄村", "A1", "村"),
    ("V06", "青石村", "A2", "村"), ("V07", "白沙村", "A2", "村"), ("V08", "梨花社区", "A2", "社区"),
    ("V09", "新桥村", "A2", "村"), ("V10", "河西村", "A2", "村"),
    ("V11", "南湖社区", "A3", "社区"), ("V12", "松林村", "A3", "村"), ("V13", "石门村", "A3", "村"),
    ("V14", "王家湾村", "A3", "村"), ("V15", "枫叶村", "A3", "村"), ("V16", "金田村", "A3", "村"),
    ("V17", "北关社区", "A4", "社区"), ("V18", "柏树村", "A4", "村"), ("V19", "高岭村", "A4", "村"),
    ("V20", "双河村", "A4", "村"), ("V21", "长岗村", "A4", "村"),
]  # fmt: skip

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "建国 秀英 桂兰 海燕 志强 丽娟 春梅 立新 红霞 文华 玉珍 国庆 晓东 淑芬 永红 德明 美玲 卫东 金凤 振华 雪梅 光明 慧敏 建军 翠花 学文 燕飞 长青 秋菊 明辉 小红 家宝 凤英 国栋 丽萍 天佑 春燕 宏伟 素琴 宝山".split()  # noqa: SIM905

UNIT_ROLES = ("secretary", "director", "service_worker", "resident_cadre", "liaison_cadre")
AREA_ROLES = ("area_chief", "area_deputy")


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    area: str
    kind: str  # 村 or 社区


@dataclass
class DemoTownship:
    county: tuple[str, str]
    township: tuple[str, str]
    areas: list[tuple[str, str]]
    units: list[DemoUnit]
    people: list[Person]
    rubric_text: str
    frame: pl.DataFrame
    # Base figures per unit (户籍人口, 35–64岁常住妇女) for allocations (任务分解).
    base: pl.DataFrame = field(default_factory=pl.DataFrame)
    quarters: tuple[str, ...] = QUARTERS
    notes: list[str] = field(default_factory=list)


def _people(rng: random.Random) -> list[Person]:
    names: set[str] = set()

    def new_name() -> str:
        while True:
            n = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
            if n not in names:
                names.add(n)
                return n

    out: list[Person] = []
    start = date(2024, 1, 1)
    for code, _name, _area, _kind in UNITS:
        for role in UNIT_ROLES:
            if code == "V19" and role == "service_worker":
                # A change of service worker mid-Q3: Q3's consequences reach the
                # one in post on 30 September, earlier quarters the one before.
                out.append(Person(code, role, new_name(), start, date(2026, 8, 15)))
                out.append(Person(code, role, new_name(), date(2026, 8, 16), None))
            else:
                out.append(Person(code, role, new_name(), start, None))
    for area, _name in AREAS:
        for role in AREA_ROLES:
            out.append(Person(area, role, new_name(), start, None))
    return out


# Which units shine or struggle, by quarter: the rest are ordinary, with a few
# random shortcomings each. These make the rubric's consequences visible.
_EXCELLENT = {
    "2026Q3": {"V03", "V08"},
    "2026Q4": {"V03", "V08"},
    "2026Q1": {"V11"},
    "2026Q2": {"V06"},
}
_STRUGGLING = {
    "2026Q1": {"V15"},
    "2026Q2": {"V19", "V15"},
    "2026Q3": {"V19", "V21"},
    "2026Q4": {"V19", "V21"},
}


def _figures(rng: random.Random, unit: str, quarter: str) -> dict[str, Any]:
    excellent = unit in _EXCELLENT.get(quarter, set())
    struggling = unit in _STRUGGLING.get(quarter, set())
    # The chance of each shortcoming: none for the best, often for the weakest.
    p = 0.0 if excellent else (0.45 if struggling else rng.uniform(0.08, 0.3))

    def fault(k: int = 1) -> int:
        return sum(1 for _ in range(k) if rng.random() < p)

    invited = rng.randint(40, 120)
    attendance = (
        1.0 if excellent else rng.uniform(0.88, 0.94) if struggling else rng.uniform(0.92, 1.0)
    )
    attended = min(invited, round(invited * attendance))
    # Informed declines come from a generator of their own, so that every other
    # figure of the demo stays what it was before declines were recorded.
    declined = random.Random(f"{unit}-{quarter}-declined").randint(0, min(3, invited - attended))
    births = rng.randint(0, 6)
    due = rng.randint(0, 6)
    target = rng.randint(20, 60)
    done = (
        target
        if excellent
        else round(target * (rng.uniform(0.75, 0.88) if struggling else rng.uniform(0.85, 1.0)))
    )
    return {
        "sd_invited": invited,
        "sd_attended": attended,
        "sd_declined": declined,
        "sd_rebook_unmet": fault(3),
        "births": births,
        "births_reported_on_time": max(0, births - fault(1)),
        "subsidy_overdue": fault(1),
        "subsidy_returned_incomplete": fault(3),
        "fa_eligibility_errors": 1 if struggling and rng.random() < 0.5 else 0,
        "fa_payment_delayed": fault(1),
        "postpartum_due": due,
        "postpartum_visited": max(0, due - fault(2)),
        "screening_target": target,
        "screening_done": done,
        "mtg_standard": 0 if struggling and rng.random() < 0.3 else 1,
        "mtg_all_present": 1 - fault(1),
        "mtg_too_simple": fault(1),
        "mtg_key_issues": 1 - fault(1),
        "mtg_association": 1 - fault(1),
        "mtg_support": 1,
        "rpt_form_ok": 1 - fault(1),
        "rpt_unsigned": fault(1),
        "rpt_late": fault(1),
        "stat_accuracy": "1" if not fault(1) else "0.98",
        "ledger_ok": 1 - fault(1),
        "moveout_no_receipt": fault(1),
        "card_late_updates": fault(3),
        "card_errors": fault(2),
        "assoc_missing_records": fault(2),
        "assoc_nonstandard": fault(2),
        "assoc_too_simple": fault(1),
        "groups_not_updated": 1 if struggling and rng.random() < 0.3 else 0,
        "groups_nonstandard": fault(1),
        "births_unreported": 0,
        "marriages_unreported": 0,
        "citywide_award": 0,
        "other.manual": "0",
    }


def village_figures(rng: random.Random, unit: str, quarter: str) -> dict[str, Any]:
    """One ordinary unit's figures for a quarter, drawn from ``rng`` as the demo
    township's are: for the web demo's other townships (web/assessment/county_demo.py)."""
    return _figures(rng, unit, quarter)


def build_demo() -> DemoTownship:
    """The demo township, the same every time."""
    rng = random.Random(20260101)
    people = _people(rng)
    rows: list[dict[str, Any]] = []
    for quarter in QUARTERS:
        for code, name, area, _kind in UNITS:
            figures = _figures(rng, code, quarter)
            rows.append({"unit": code, "name": name, "area": area, "period": quarter, **figures})
    by_key = {(r["unit"], r["period"]): r for r in rows}
    # Hand-placed events, so that each kind of rule shows up in the demo:
    by_key[("V21", "2026Q2")]["births_unreported"] = 1  # 出生信息漏报: −5 on the total
    by_key[("V12", "2026Q4")]["citywide_award"] = 1  # 获市级表彰: +2, within the bonus cap
    by_key[("V14", "2026Q4")]["other.manual"] = "1.5"  # 年度计划未按时上报 (assessor)
    by_key[("V19", "2026Q4")]["other.manual"] = "2"
    frame = pl.DataFrame(
        [
            {
                k: (Decimal(str(v)) if k not in ("unit", "name", "area", "period") else v)
                for k, v in r.items()
            }
            for r in rows
        ]
    )
    base = pl.DataFrame(
        [
            {"unit": code, "name": name, "population": pop, "eligible_women": round(pop * share)}
            for (code, name, _area, kind), pop, share in zip(
                UNITS,
                [
                    rng.randint(900, 3200) if k == "村" else rng.randint(2500, 6000)
                    for *_, k in UNITS
                ],
                [rng.uniform(0.17, 0.23) for _ in UNITS],
                strict=True,
            )
        ]
    )
    return DemoTownship(
        base=base,
        county=("C01", "清河县"),
        township=("T01", "平安镇"),
        areas=list(AREAS),
        units=[DemoUnit(*u) for u in UNITS],
        people=people,
        rubric_text=default_rubric_text(),
        frame=frame,
    )
