"""取消评优资格 reaches across a township's monthly and quarterly assessments
(RUBRIC.md §5.1: from the period it is given, for the rest of the year): the two
are computed apart, so each reads the other's approved ineligibility.

The quarters are conftest's (V1 top in 2026Q3 and 2026Q4: 奖励 200 to its service
worker 张三; V3 bottom twice by 2026Q4: 取消当年评优资格 for its secretary, 王五
since 2026-11-16). The months below, on a monthly data set:

| month   | missed V1 / V2 / V3 | totals (10 - missed) | top (奖励 100 to the secretary) | bottom (取消当年评优资格 to the service worker) |
|---------|---------------------|----------------------|----------------------------------|----------------------------------------------|
| 2026-10 | 5 / 0 / 0           | 5 / 10 / 10          | V2, V3 (V3's secretary 李四)      | V1 (张三)                                     |
| 2026-11 | 2 / 1 / 0           | 8 / 9 / 10           | V3 (王五)                         | V1 (张三)                                     |
| 2026-12 | 2 / 1 / 0           | 8 / 9 / 10           | V3 (王五)                         | V1 (张三)                                     |
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.assessment import services
from kaoping.web.assessment.models import Assessment, RubricVersion

from .conftest import Prepared

pytestmark = pytest.mark.both_databases

MONTHLY = """\
kaoping: 1
name: 月度细则
total: 10
elements:
  missed: {label: 未办结, type: count}
items:
  - id: done
    title: 办结
    max: 10
    rules:
      - {per_case: missed, deduct: 1}
ranking: {order: desc, ties: shared, top: 1, bottom: 1, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 奖励, to: [secretary], amount: 100}
  - group: bottom
    streak: 1
    actions:
      - {kind: 取消当年评优资格, effect: ineligible, to: [service_worker]}
"""

MISSED = {
    "2026-10": {"V1": 5, "V2": 0, "V3": 0},
    "2026-11": {"V1": 2, "V2": 1, "V3": 0},
    "2026-12": {"V1": 2, "V2": 1, "V3": 0},
}


def _monthly(prepared: Prepared) -> RubricVersion:
    from kaoping.web.core.models import DataElement, DataSet, Figure, Report

    w = prepared.world
    units = {"V1": w.v1, "V2": w.v2, "V3": w.v3}
    ds = DataSet.objects.create(township=w.t1, code="m", name="月度", frequency="M")
    DataElement.objects.create(dataset=ds, code="missed", label="未办结", type="count")
    for month, by_unit in MISSED.items():
        for code, n in by_unit.items():
            r = Report.objects.create(dataset=ds, unit=units[code], period=month, status="approved")
            Figure.objects.create(report=r, element="missed", value=Decimal(n))
    return RubricVersion.objects.create(township=w.t1, number=2, name="月度细则", text=MONTHLY)


def _assess(prepared: Prepared, period: str, rv: Any, approve: bool = False) -> Assessment:
    users = prepared.users
    a = services.create_assessment(prepared.world.t1, period, rv, users["assessor"])
    services.compute(a.pk, users["assessor"])
    if approve:
        services.transition(a.pk, "submit", users["assessor"])
        services.transition(a.pk, "approve", users["leader"])
    a.refresh_from_db()
    return a


def _awards(a: Assessment) -> list[tuple[str, str, Any, Any]]:
    """(unit, person, amount, withheld) of each 奖励."""
    return sorted(
        (u["unit"], act.get("person") or "", act["amount"], act["withheld"])
        for u in a.results["units"]
        for act in u["actions"]
        if act["effect"] == "award"
    )


@pytest.mark.django_db
def test_a_months_ineligibility_withholds_the_quarters_award_ending_after_it(
    prepared: Prepared,
) -> None:
    monthly = _monthly(prepared)
    _assess(prepared, "2026-10", monthly, approve=True)
    q4 = _assess(prepared, "2026Q4", prepared.rubric)
    assert _awards(q4) == [("V1", "张三", None, "ineligible")]


@pytest.mark.django_db
def test_a_quarter_that_ended_before_the_month_keeps_its_award(prepared: Prepared) -> None:
    monthly = _monthly(prepared)
    _assess(prepared, "2026-10", monthly, approve=True)
    q3 = _assess(prepared, "2026Q3", prepared.rubric)
    assert _awards(q3) == [("V1", "张三", "200", None)]


@pytest.mark.django_db
def test_a_draft_months_ineligibility_withholds_nothing(prepared: Prepared) -> None:
    monthly = _monthly(prepared)
    _assess(prepared, "2026-10", monthly)
    q4 = _assess(prepared, "2026Q4", prepared.rubric)
    assert _awards(q4) == [("V1", "张三", "200", None)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # 2026Q4 ends on 31 December: the December award is withheld, November's
        # (a month that ended before the quarter did) is paid.
        ("2026-12", [("V3", "王五", None, "ineligible")]),
        ("2026-11", [("V3", "王五", "100", None)]),
    ],
)
def test_a_quarters_ineligibility_withholds_the_months_ending_with_or_after_it(
    prepared: Prepared, month: str, expected: list[tuple[str, str, Any, Any]]
) -> None:
    monthly = _monthly(prepared)
    _assess(prepared, "2026Q4", prepared.rubric, approve=True)
    assert _awards(_assess(prepared, month, monthly)) == expected
