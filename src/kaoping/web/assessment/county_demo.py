"""The demo county (清河县): the demo township 平安镇 beside two small townships,
石桥镇 and 双龙乡 (three villages each, figures for the demo's quarters generated
as the demo township's are), a county admin and a county leader, a county rubric
over the demo's elements, and the county's assessment of 2026Q3 computed by the
admin and approved by the leader (four eyes), so that the county's pages and
documents have something to show (docs/county.md).

Loaded by :func:`kaoping.web.demo.load_demo` after the demo township; written in
bulk (a few hundred rows), so that the demo loads about as fast as before.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kaoping.engine import Period, parse_rubric
from kaoping.web.core.loading import Login, dataset_from_rubric
from kaoping.web.core.models import (
    Figure,
    FigureChange,
    Membership,
    Person,
    Report,
    ReportEvent,
    Unit,
)

from . import county
from .models import CountyAssessment

#: The county's townships besides the demo township, and their villages.
NEIGHBOURS = (
    ("T02", "石桥镇", (("V31", "石桥村"), ("V32", "柳树村"), ("V33", "新河社区"))),
    ("T03", "双龙乡", (("V41", "龙潭村"), ("V42", "上坪村"), ("V43", "杨家村"))),
)
#: The townships' own people, whom the county's consequences reach.
TOWNSHIP_PEOPLE = {
    "T01": (("secretary", "周立新"), ("director", "韩春燕")),
    "T02": (("secretary", "彭国栋"), ("director", "邹慧敏")),
    "T03": (("secretary", "蒋长青"), ("director", "潘丽萍")),
}
PERIOD = "2026Q3"
#: What the county enters for each township: 统计数据准确率 (it does not add up),
#: and one manual deduction with its reason.
ACCURACY = {"T01": "0.99", "T02": "1", "T03": "0.97"}
MANUAL = ("T03", "supervision", "1", "县级督查：双龙乡服务日台账未及时归档")

COUNTY_RUBRIC = """\
kaoping: 1
name: 乡镇人口与家庭服务工作季度考评细则
total: 100
elements:
  sd_invited:      {label: 服务日应到人数, type: count}
  sd_attended:     {label: 服务日实到人数, type: count}
  sd_declined:     {label: 知情后自愿不参加人数, type: count, default: 0}
  births:          {label: 本季度出生数, type: count}
  births_reported_on_time: {label: 出生信息按时报告数, type: count}
  postpartum_due:  {label: 应产后访视数, type: count}
  postpartum_visited: {label: 已产后访视数, type: count}
  screening_target: {label: 两癌筛查目标数, type: count}
  screening_done:  {label: 两癌筛查完成数, type: count}
  mtg_standard:    {label: 例会按规范召开并记录, type: bool, rollup: share}
  stat_accuracy:   {label: 统计数据准确率, type: number}
checks:
  - {rule: sd_attended <= sd_invited, message: 服务日实到人数不能大于应到人数}
items:
  - id: service_day
    title: 服务日到位
    max: 30
    rules:
      - {rate: sd_attended / (sd_invited - sd_declined), full_at: 0.98, points: 30, per_point_below: 3, partial: ceil}
  - id: birth_info
    title: 出生信息及时报告
    max: 20
    rules:
      - {rate: births_reported_on_time / births, full_at: 1.0, points: 20, per_point_below: 1, partial: ceil, if_undefined: full}
  - id: postpartum
    title: 产后访视
    max: 15
    rules:
      - {rate: postpartum_visited / postpartum_due, full_at: 0.95, points: 15, per_point_below: 1, partial: ceil}
  - id: screening
    title: 两癌筛查
    max: 15
    rules:
      - {rate: screening_done / screening_target, full_at: 0.95, points: 15, per_point_below: 1, partial: ceil}
  - id: meetings
    title: 村级例会规范
    max: 10
    rules:
      - {per_case: 1 - mtg_standard, deduct: 20}
  - id: statistics
    title: 统计数据质量
    max: 5
    rules:
      - {check: stat_accuracy >= 0.98, points: 5}
  - id: supervision
    title: 县级督查
    max: 5
    rules:
      - {manual: true, note: 县级督查发现的问题}
ranking: {order: desc, ties: shared, top: 1, bottom: 1}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit, secretary]}
  - group: bottom
    streak: 1
    actions:
      - {kind: 通报批评, to: [unit, secretary]}
      - {kind: 约谈, to: [director]}
"""

_LOGINS = (
    ("county_admin", Membership.Role.ADMIN, "县级管理员 county admin"),
    ("county_leader", Membership.Role.LEADER, "县领导 county leader"),
)


def county_users(county_unit: Unit) -> list[Login]:
    """The county's two logins, each with a new password: the admin prepares the
    county's assessment, the leader approves it."""
    import secrets

    User = get_user_model()
    logins = []
    for username, role, description in _LOGINS:
        password = secrets.token_urlsafe(9)
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=password)
        else:
            user.set_password(password)
            user.save()
        Membership.objects.get_or_create(user=user, role=role, unit=county_unit)
        logins.append(Login(role, username, password, f"{description} · {county_unit.name}"))
    return logins


def holds_the_county(county_unit: Unit) -> bool:
    return Unit.objects.filter(code=NEIGHBOURS[0][0], parent=county_unit).exists()


@transaction.atomic
def load_county_demo(township: Unit, demo: Any) -> list[Login]:
    """The two townships, the county's logins, rubric and approved assessment;
    ``township`` is the loaded demo township. Returns the county's logins."""
    county_unit = township.parent
    assert county_unit is not None and county_unit.level == Unit.Level.COUNTY
    logins = county_users(county_unit)
    _townships(county_unit, demo.rubric_text, demo.quarters)
    Person.objects.bulk_create(
        Person(unit=unit, role=role, name=name)
        for unit in Unit.objects.filter(code__in=TOWNSHIP_PEOPLE)
        for role, name in TOWNSHIP_PEOPLE[unit.code]
    )
    _assessment(county_unit)
    return logins


def _townships(
    county_unit: Unit,
    rubric_text: str,
    quarters: tuple[str, ...],
    neighbours: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = NEIGHBOURS,
) -> None:
    """``neighbours``' townships and villages under ``county_unit``, with figures for
    ``quarters`` (the latest submitted, the rest approved), audited as the demo's;
    also the demo province's other counties' (region_demo.py)."""
    from kaoping.demo import village_figures

    rubric = parse_rubric(rubric_text, "demo rubric")
    reports: list[Report] = []
    values: list[dict[str, Decimal]] = []
    latest = quarters[-1]
    for code, name, villages in neighbours:
        town = Unit.objects.create(
            code=code, name=name, level=Unit.Level.TOWNSHIP, parent=county_unit
        )
        dataset = dataset_from_rubric(town, rubric, name="村级季度上报数据")
        codes = set(rubric.data_elements())
        for v_code, v_name in villages:
            level = Unit.Level.COMMUNITY if v_name.endswith("社区") else Unit.Level.VILLAGE
            village = Unit.objects.create(code=v_code, name=v_name, level=level, parent=town)
            rng = random.Random(f"county-demo-{v_code}")
            for quarter in quarters:
                at = _submitted_at(dataset, quarter)
                reports.append(
                    Report(
                        dataset=dataset, unit=village, period=quarter, version=1,
                        status=Report.Status.SUBMITTED if quarter == latest
                        else Report.Status.APPROVED,
                        first_submitted_at=at, submitted_at=at,
                    )
                )  # fmt: skip
                figures = village_figures(rng, v_code, quarter)
                values.append(
                    {c: Decimal(str(v)) for c, v in figures.items() if c in codes and v is not None}
                )
    Report.objects.bulk_create(reports)
    if any(r.pk is None for r in reports):  # a database that returns no ids on insert
        by_key = {
            (r.unit_id, r.period): r
            for r in Report.objects.filter(unit__in=[r.unit for r in reports])
        }
        reports = [by_key[(r.unit_id, r.period)] for r in reports]
    Figure.objects.bulk_create(
        Figure(report=r, period=r.period, element=c, value=v)
        for r, figures in zip(reports, values, strict=True)
        for c, v in figures.items()
    )
    when_of = {r.pk: r.submitted_at or timezone.now() for r in reports}
    FigureChange.objects.bulk_create(
        FigureChange(report=r, element=c, old_value=None, new_value=v, user=None,
                     at=when_of[r.pk], path=FigureChange.Path.DEMO, version=1)
        for r, figures in zip(reports, values, strict=True)
        for c, v in figures.items()
    )  # fmt: skip
    ReportEvent.objects.bulk_create(
        ReportEvent(report=r, action=action, user=None, at=when_of[r.pk])
        for r in reports
        for action in (
            (ReportEvent.Action.SUBMIT,)
            if r.status == Report.Status.SUBMITTED
            else (ReportEvent.Action.SUBMIT, ReportEvent.Action.APPROVE)
        )
    )


def _submitted_at(dataset: Any, quarter: str) -> datetime:
    deadline: date = dataset.deadline(Period.parse(quarter))
    return min(timezone.make_aware(datetime.combine(deadline, time(9, 0))), timezone.now())


def _assessment(county_unit: Unit) -> CountyAssessment:
    """2026Q3 created, entered and computed by the county admin, approved by the
    county leader: two people, as the four-eyes rule wants."""
    User = get_user_model()
    admin = User.objects.get(username="county_admin")
    leader = User.objects.get(username="county_leader")
    rv = county.upload_rubric(county_unit, COUNTY_RUBRIC, "county.yaml", admin, note="演示细则")
    a = county.create(county_unit, PERIOD, rv, admin)
    for code, value in ACCURACY.items():
        county.enter(a.pk, code, "figure", "stat_accuracy", value, "", admin)
    town, key, points, reason = MANUAL
    county.enter(a.pk, town, "deduction", key, points, reason, admin)
    county.compute(a.pk, admin)
    return county.transition(a.pk, "approve", leader)
