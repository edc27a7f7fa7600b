"""A data set reported monthly (按月) in the county's assessment of its townships:
a village's three months formed into the quarter by each element's ``over_time``
(counts summed), rolled up to its township with the other villages, and scored as
if the village had reported the quarter at once; a month not reported is named,
never filled with a default; approving and accepting lock the months' reports.

西镇 T2 reports invited and attended monthly (data set m); its village V22 reports
2026Q3 month by month, its quarterly report keeping only standard. Hand-computed
(the county rubric and table of conftest.py):

| V22      | 2026-07 | 2026-08 | 2026-09 | quarter | T2 summed (V21+V22+V23)  | rate | 到位      | total | rank |
|----------|---------|---------|---------|---------|--------------------------|------|-----------|-------|------|
| invited  | 10      | 20      | 20      | 50      | 100+50+50 = 200          |      |           |       |      |
| attended | 8       | 16      | 16      | 40      | 90+40+48 = 178           | 89%  | 6-0.5*6=3 | 4.5   | 3    |

The same as V22's 50/40 entered quarterly (conftest). The last month alone (20/16)
would give T2 170/154 = 90.6%, 到位 6-0.5*5 = 3.5 and a total of 5: a wrong way to
form the quarter gives a different score. Before, the county read only the
quarter's own reports: V22's invited and attended looked unreported.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from kaoping.web.assessment import acceptance, county
from kaoping.web.assessment.models import CountyAssessment
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import DataElement, DataSet, Figure, Report

from .conftest import PERIOD, RUBRIC, VILLAGES, CountyWorld, fill_entries, township_approved
from .test_county_queries import Recorder

pytestmark = pytest.mark.both_databases

MONTHS = ("2026-07", "2026-08", "2026-09")
# month -> (invited, attended) of V22
V22_MONTHS = {"2026-07": (10, 8), "2026-08": (20, 16), "2026-09": (20, 16)}

# township, invited, attended, att, total, rank (conftest's table, V22 from months)
EXPECTED = [
    ("T1", 200, 190, "6", "10", 1),
    ("T2", 200, 178, "3", "4.5", 3),
    ("T3", 200, 188, "5.5", "7.5", 2),
]


def _monthly_dataset(w: CountyWorld, town: str = "T2") -> DataSet:
    ds = DataSet.objects.create(township=w.units[town], code="m", name="月度数据", frequency="M")
    for i, (code, label) in enumerate((("invited", "应到人数"), ("attended", "实到人数"))):
        DataElement.objects.create(dataset=ds, code=code, label=label, type="count", position=i)
    return ds


def _report_months(ds: DataSet, village: Any, months: dict[str, tuple[int, int]]) -> None:
    """The village's months reported (approved), its quarter's counts removed."""
    Figure.objects.filter(
        report__unit=village, report__period=PERIOD, element__in=["invited", "attended"]
    ).delete()
    for month, (invited, attended) in months.items():
        r = Report.objects.create(dataset=ds, unit=village, period=month, status="approved")
        Figure.objects.create(report=r, element="invited", value=Decimal(invited))
        Figure.objects.create(report=r, element="attended", value=Decimal(attended))


def _v22_monthly(w: CountyWorld, skip: str | None = None) -> None:
    months = {m: v for m, v in V22_MONTHS.items() if m != skip}
    _report_months(_monthly_dataset(w), w.units["V22"], months)


def _computed(w: CountyWorld, rv: Any = None) -> CountyAssessment:
    a = county.create(w.units["C1"], PERIOD, rv or w.rubric, w.users["county_admin"])
    fill_entries(w, a)
    return county.compute(a.pk, w.users["county_assessor"])


def _scored(a: CountyAssessment) -> list[tuple[str, int, int, str, str, int]]:
    rows = {r["unit"]: r for r in a.snapshot["rows"]}
    units = {u["unit"]: u for u in a.results["units"]}
    return [
        (
            t,
            int(Decimal(rows[t]["invited"])),
            int(Decimal(rows[t]["attended"])),
            format(Decimal(str(units[t]["scores"]["att"])).normalize(), "f"),
            format(Decimal(str(units[t]["total"])).normalize(), "f"),
            units[t]["rank"],
        )
        for t in ("T1", "T2", "T3")
    ]


def test_a_villages_three_months_are_summed_rolled_up_and_scored_as_computed_by_hand(
    cw: CountyWorld,
) -> None:
    _v22_monthly(cw)
    a = _computed(cw)
    assert _scored(a) == EXPECTED
    v22 = {r["unit"]: r for r in a.snapshot["villages"]["T2"]}["V22"]
    assert (Decimal(v22["invited"]), Decimal(v22["attended"])) == (50, 40)


def test_the_months_score_the_same_as_the_figures_entered_quarterly(cw: CountyWorld) -> None:
    quarterly = _computed(cw)
    expected = (quarterly.snapshot["rows"], quarterly.results["units"])
    CountyAssessment.objects.filter(pk=quarterly.pk).delete()
    _v22_monthly(cw)
    monthly = _computed(cw)
    assert (monthly.snapshot["rows"], monthly.results["units"]) == expected
    assert _scored(quarterly) == EXPECTED


# A village's counts with a default (0) are not filled with it while a month is
# missing: the month is named for each.
DEFAULTED = RUBRIC.replace(
    "invited: {label: 应到人数, type: count}", "invited: {label: 应到人数, type: count, default: 0}"
).replace(
    "attended: {label: 实到人数, type: count}",
    "attended: {label: 实到人数, type: count, default: 0}",
)


@pytest.mark.parametrize("rubric", [RUBRIC, DEFAULTED], ids=["no default", "default 0"])
def test_a_month_not_reported_is_named_and_nothing_is_scored(cw: CountyWorld, rubric: str) -> None:
    assert DEFAULTED != RUBRIC
    rv = county.upload_rubric(cw.units["C1"], rubric, "county.yaml", cw.users["county_admin"])
    _v22_monthly(cw, skip="2026-08")
    a = county.create(cw.units["C1"], PERIOD, rv, cw.users["county_admin"])
    fill_entries(cw, a)
    with pytest.raises(Refused) as refused:
        county.compute(a.pk, cw.users["county_assessor"])
    named = {(p.unit, p.element): p.message for p in refused.value.problems}
    assert set(named) == {("V22", "invited"), ("V22", "attended")}
    for message in named.values():
        assert "2026年8月未填报" in message
        assert "2026年7月" not in message and "2026年9月" not in message
    assert CountyAssessment.objects.get(pk=a.pk).results == {}


def test_the_approval_reads_and_locks_the_months_reports(cw: CountyWorld) -> None:
    _v22_monthly(cw)
    a = _computed(cw)
    months = set(
        Report.objects.filter(unit=cw.units["V22"], period__in=MONTHS).values_list("pk", flat=True)
    )
    assert months <= {pk for pk, _v in a.snapshot["reports"]}
    # A month changed since the computation refuses the approval, naming the village.
    Report.objects.filter(unit=cw.units["V22"], period="2026-08").update(version=2)
    with pytest.raises(Refused, match="V22村"):
        county.transition(a.pk, "approve", cw.users["county_leader"])
    assert CountyAssessment.objects.get(pk=a.pk).status == "draft"


def test_an_accepted_quarter_refuses_reopening_one_of_its_months(cw: CountyWorld) -> None:
    _v22_monthly(cw)
    approved = township_approved(cw)
    row = acceptance.accept(cw.units["C1"], "T2", PERIOD, approved.pk, cw.users["county_leader"])
    august = Report.objects.get(unit=cw.units["V22"], period="2026-08")
    assert august.pk in {pk for pk, _v in row.reports}
    with pytest.raises(core.Refused, match="已经县级验收锁定"):
        core.reopen(august, cw.users["township_leader"], "数字有误")
    assert Report.objects.get(pk=august.pk).status == "approved"


def _statements_of_compute(w: CountyWorld) -> int:
    a = county.create(w.units["C1"], PERIOD, w.rubric, w.users["county_admin"])
    fill_entries(w, a)
    rec = Recorder()
    with connection.execute_wrapper(rec):
        county.compute(a.pk, w.users["county_assessor"])
    CountyAssessment.objects.filter(pk=a.pk).delete()
    return len(rec.statements)


def test_the_computation_runs_the_same_statements_with_more_villages_reporting_monthly(
    cw: CountyWorld,
) -> None:
    """Every township reports monthly; then each gets two more villages reporting
    their months: the county's statements stay as many (not a few per village)."""
    from kaoping.web.core.models import Unit

    datasets = {t: _monthly_dataset(cw, t) for t in ("T1", "T2", "T3")}
    for code in ("V11", "V12", "V21", "V22", "V23", "V31", "V32"):
        v = cw.units[code]
        invited, attended = VILLAGES[code][2:4]
        third = (invited // 3, attended // 3)
        rest = (invited - 2 * third[0], attended - 2 * third[1])
        months = dict(zip(MONTHS, (third, third, rest), strict=True))
        _report_months(datasets[v.township.code], v, months)
    few = _statements_of_compute(cw)
    for t in ("T1", "T2", "T3"):
        for n in (1, 2):
            v = Unit.objects.create(code=f"{t}N{n}", name=f"{t}新村{n}", level=Unit.Level.VILLAGE,
                                    parent=cw.units[t])  # fmt: skip
            Report.objects.create(dataset=DataSet.objects.get(township=cw.units[t], code="q"),
                                  unit=v, period=PERIOD, status="approved")  # fmt: skip
            Figure.objects.create(report=Report.objects.get(unit=v), element="standard",
                                  value=Decimal(1))  # fmt: skip
            _report_months(datasets[t], v, dict.fromkeys(MONTHS, (10, 10)))
    many = _statements_of_compute(cw)
    assert many == few


def test_the_dashboard_counts_a_villages_months_in_their_quarter(cw: CountyWorld) -> None:
    """V22 reported 2026Q3 through its months, all approved: the latest period is
    the quarter (not 2026-09), and T2's three villages all reported it."""
    _v22_monthly(cw)
    towns = county.townships(cw.units["C1"])
    villages = county.villages_of(towns)
    assert county.latest_period(villages) == PERIOD
    done = county.completeness(PERIOD, towns, villages)
    assert done["T2"] == {"villages": 3, "reported": 3, "approved": 3}
    Report.objects.filter(unit=cw.units["V22"], period="2026-08").update(status="submitted")
    assert county.completeness(PERIOD, towns, villages)["T2"]["approved"] == 2
