"""A prepared township for document tests: four villages, two quarters (2026Q2,
2026Q3), scored by the real engine. Every expectation in the tests below was
worked out by hand from these figures; see the comments in ``ROWS``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from kaoping.engine import Assessment, Period, assess, parse_rubric

RUBRIC = """
kaoping: 1
name: 村级人口与家庭服务工作季度考评细则
total: 50
elements:
  sd_invited: {label: 服务日应到人数, type: count}
  sd_attended: {label: 服务日实到人数, type: count}
  sd_absent_unfollowed: {label: 缺席未回访人数, type: count}
  births: {label: 本季度出生数, type: count}
  births_reported_on_time: {label: 出生信息按时报告数, type: count}
  subsidy_overdue: {label: 育儿补贴申请超期未办结数, type: count}
  mtg_standard: {label: 例会按规范召开并记录, type: bool}
  births_unreported: {label: 出生信息漏报例数, type: count, default: 0}
items:
  - id: service_day
    title: 季度服务日定时定点到位
    max: 20
    parts:
      - id: attendance
        title: 服务日到位率
        max: 14
        rules:
          - {rate: sd_attended / sd_invited, full_at: 0.95, points: 14, per_point_below: 2,
             partial: ceil}
      - id: follow_up
        title: 缺席对象回访
        max: 6
        rules:
          - {per_case: sd_absent_unfollowed, deduct: 1}
  - id: birth_info
    title: 出生信息及时报告
    max: 15
    rules:
      - {rate: births_reported_on_time / births, full_at: 1.0, points: 15, per_point_below: 0.5}
  - id: childcare_subsidy
    title: 育儿补贴申领协助
    max: 10
    rules:
      - {per_case: subsidy_overdue, deduct: 3}
  - id: meetings
    title: 村级例会记录符合要求
    max: 5
    rules:
      - {zero_if: not mtg_standard, title: 未按规范记录的不得分}
adjustments:
  - {id: births_unreported, title: 出生信息漏报, per_case: births_unreported, deduct: 5}
ranking: {top: 1, bottom: 1}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit, resident_cadre]}
  - group: top
    streak: 2
    actions:
      - {kind: 通报表扬, to: [unit, resident_cadre]}
      - {kind: 奖励, to: [service_worker], amount: 300}
      - {kind: 奖励, to: [area_chief], amount: 200}
  - group: bottom
    streak: 1
    actions:
      - {kind: 通报批评, to: [unit, service_worker]}
      - {kind: 表态发言, to: [secretary]}
"""

COLUMNS = (
    "unit", "name", "area", "period", "sd_invited", "sd_attended", "sd_absent_unfollowed",
    "births", "births_reported_on_time", "subsidy_overdue", "mtg_standard", "births_unreported",
)  # fmt: skip

ROWS = [
    # 2026Q2: totals 50, 50, 45 (meetings 0), 40 -> average 46.25.
    # Service day 115+118+130+97 = 460 of 480 = 95.8%; births 20 of 20 = 100%.
    ("V01", "东村", "A1", "2026Q2", 120, 115, 0, 6, 6, 0, 1, 0),
    ("V02", "西村", "A1", "2026Q2", 120, 118, 0, 5, 5, 0, 1, 0),
    ("V03", "南村", "A2", "2026Q2", 140, 130, 1, 4, 4, 1, 1, 0),
    ("V04", "北村", "A2", "2026Q2", 100, 97, 0, 5, 5, 0, 0, 0),
    # 2026Q3, the reported quarter:
    # 东村 20+15+10+5 = 50 (rank 1, top, second quarter running);
    # 西村 126/130 = 96.9% -> 14, 2 unfollowed -> 4; 7/8 = 87.5%, 12.5 points x 0.5
    #      = 6.25 lost -> 8.75; 1 overdue -> 7; meetings 5: 18+8.75+7+5 = 38.75;
    # 北村 100% -> 14, 1 unfollowed -> 5; 15; 2 overdue -> 4; 5; one birth
    #      unreported -5: 19+15+4+5-5 = 38;
    # 南村 128/140 = 91.43%, 3.57 points -> 4 (ceil) x 2 = 8 lost -> 6, follow-up 6;
    #      no births -> full 15; 10; meetings 0: 12+15+10+0 = 37 (bottom, second
    #      quarter running).
    ("V01", "东村", "A1", "2026Q3", 120, 120, 0, 10, 10, 0, 1, 0),
    ("V02", "西村", "A1", "2026Q3", 130, 126, 2, 8, 7, 1, 1, 0),
    ("V03", "南村", "A2", "2026Q3", 140, 128, 0, 0, 0, 0, 0, 0),
    ("V04", "北村", "A2", "2026Q3", 100, 100, 1, 12, 12, 2, 1, 1),
]

# 东村 has no area chief on record: its 200-yuan award cannot reach anyone.
HOLDERS = {
    ("V01", "resident_cadre"): "张三",
    ("V01", "service_worker"): "李四",
    ("V02", "resident_cadre"): "钱七",
    ("V03", "service_worker"): "王五",
    ("V03", "secretary"): "赵六",
}


class People:
    def holders(self, unit: str, area: str | None, role: str, period: Period) -> list[str]:
        name = HOLDERS.get((unit, role))
        return [name] if name else []

    def holders_on(self, unit: str, area: str | None, role: str, day: date) -> list[str]:
        name = HOLDERS.get((unit, role))
        return [name] if name else []


def frame(rows: Sequence[tuple[object, ...]] | None = None) -> pl.DataFrame:
    return pl.DataFrame([dict(zip(COLUMNS, r, strict=True)) for r in (rows or ROWS)])


def town(*, people: bool = True, rows: Sequence[tuple[object, ...]] | None = None) -> Assessment:
    rubric = parse_rubric(RUBRIC, "town.yaml")
    return assess(rubric, frame(rows), People() if people else None)


# 2026Q3 attendance: 东村 100%, 西村 96.9%, 南村 91.4%, 北村 100%: three of four
# reach 95% (the clause fails on 南村), two of four reach 97% (half: met).
TARGETS = """\
attendance:
  title: 服务日见面率
  indicator: sd_attended / sd_invited
  every_unit: ">= 0.95"
  share_of_units:
    - {at_least: 1/2, value: ">= 0.97"}
"""
