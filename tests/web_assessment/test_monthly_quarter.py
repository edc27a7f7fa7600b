"""A data set that reports monthly (按月): a village's three months summed into the
quarter the township assesses, by each element's ``over_time`` (the rubric of
conftest.py declares none, so its counts are summed), the rate computed from the
summed parts; a month not reported is named, never guessed.

东风镇's monthly data set carries the counts (invited, attended, births_unreported);
the quarterly one still carries records_ok. Hand-computed 2027Q1 (attendance:
full at 95%, 2 points per point below, partial points rounded up):

| unit | 2027-01 | 2027-02 | 2027-03 | quarter | rate | attendance | records | total |
|------|---------|---------|---------|---------|------|------------|---------|-------|
| V1   | 13/13   | 13/13   | 14/14   | 40/40   | 100% | 60         | 30      | 100   |
| V2   | 10/10   | 10/10   | 20/16   | 40/36   | 90%  | 60-5*2=50  | 30      | 90    |
| V3   | 5/5     | 5/5     | 10/10   | 20/20   | 100% | 60         | 0       | 70    |

The quarter's sums are 2026Q3's figures, entered quarterly (conftest), and so are
its totals. V2's mean of monthly rates, (100%+100%+80%)/3 = 93.3%, would give
60-2*2 = 56: a wrong way to form the quarter gives a different total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from .conftest import Prepared, assessment_in

MONTHS = ("2027-01", "2027-02", "2027-03")
# unit -> per month (invited, attended, births_unreported)
MONTHLY = {
    "V1": ((13, 13, 0), (13, 13, 0), (14, 14, 0)),
    "V2": ((10, 10, 0), (10, 10, 0), (20, 16, 0)),
    "V3": ((5, 5, 0), (5, 5, 0), (10, 10, 0)),
}
RECORDS_OK = {"V1": 1, "V2": 1, "V3": 0}
TOTALS = {"V1": "100", "V2": "90", "V3": "70"}


def _monthly(prepared: Prepared, skip: tuple[str, str] | None = None) -> Any:
    from kaoping.web.core.models import DataElement, DataSet, Figure, Report

    w = prepared.world
    units = {"V1": w.v1, "V2": w.v2, "V3": w.v3}
    ds = DataSet.objects.create(township=w.t1, code="m", name="月度数据", frequency="M")
    for i, (code, label) in enumerate(
        (("invited", "应到人数"), ("attended", "实到人数"), ("births_unreported", "漏报例数"))
    ):
        DataElement.objects.create(dataset=ds, code=code, label=label, type="count", position=i)
    for code, months in MONTHLY.items():
        for month, values in zip(MONTHS, months, strict=True):
            if (code, month) == skip:
                continue
            report = Report.objects.create(
                dataset=ds, unit=units[code], period=month, status="approved"
            )
            for element, value in zip(
                ("invited", "attended", "births_unreported"), values, strict=True
            ):
                Figure.objects.create(report=report, element=element, value=Decimal(value))
        # The quarterly data set: only the yes/no of the quarter.
        report = Report.objects.create(
            dataset=w.ds, unit=units[code], period="2027Q1", status="approved"
        )
        Figure.objects.create(report=report, element="records_ok", value=Decimal(RECORDS_OK[code]))
    return ds


def _totals(a: Any) -> dict[str, str]:
    return {u["unit"]: u["total"] for u in a.results["units"]}


@pytest.mark.django_db
def test_three_months_summed_score_as_the_same_figures_entered_quarterly(
    prepared: Prepared,
) -> None:
    _monthly(prepared)
    monthly = assessment_in(prepared, "2027Q1")
    quarterly = assessment_in(prepared, "2026Q3")
    assert _totals(monthly) == TOTALS
    assert _totals(quarterly) == TOTALS
    rows = {r["unit"]: r for r in monthly.snapshot["rows"] if r["period"] == "2027Q1"}
    assert {u: (rows[u]["invited"], rows[u]["attended"]) for u in rows} == {
        "V1": ("40", "40"),
        "V2": ("40", "36"),
        "V3": ("20", "20"),
    }


@pytest.mark.django_db
def test_a_month_not_reported_is_named_and_not_guessed(prepared: Prepared) -> None:
    from kaoping.web.assessment import services

    _monthly(prepared, skip=("V2", "2027-02"))
    problems = services.readiness(prepared.world.t1, services.parsed(prepared.rubric), "2027Q1")
    v2 = {p.element: p.message for p in problems if p.unit == "V2"}
    # births_unreported has a default (0) and is still refused: a month is not guessed.
    assert set(v2) == {"invited", "attended", "births_unreported"}
    assert all("2027年2月未填报" in m for m in v2.values()), v2
    assert not [p for p in problems if p.unit != "V2"]
    with pytest.raises(services.Refused):
        assessment_in(prepared, "2027Q1")


@pytest.mark.django_db
def test_a_village_without_any_month_has_every_month_named(prepared: Prepared) -> None:
    from kaoping.web.assessment import services
    from kaoping.web.core.models import Report

    _monthly(prepared)
    Report.objects.filter(unit=prepared.world.v3, period__in=MONTHS).delete()
    problems = services.readiness(prepared.world.t1, services.parsed(prepared.rubric), "2027Q1")
    v3 = {p.element: p.message for p in problems if p.unit == "V3"}
    # A quarter with no month reported is not formed from months: births_unreported
    # stands at its default (0), as for a village that reported quarterly.
    assert set(v3) == {"invited", "attended"}
    assert all("2027年1月、2027年2月、2027年3月未填报" in m for m in v3.values()), v3


@pytest.mark.django_db
def test_approving_the_quarter_locks_its_months_reports(prepared: Prepared) -> None:
    from kaoping.web.core.models import Report

    ds = _monthly(prepared)
    Report.objects.filter(dataset=ds).update(status="submitted")
    assessment_in(prepared, "2027Q1", "approved")
    assert set(Report.objects.filter(dataset=ds).values_list("status", flat=True)) == {"approved"}
