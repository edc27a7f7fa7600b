"""The county accepts a township's approved MONTH as it accepts a quarter, and an
inspection from above may concern a month (issue 15): 西镇 T2 reports invited and
attended only monthly (data set m; its quarterly data set keeps ``standard``), so
it assesses months with the township rubric of conftest.py, and its quarter is
formed from the months.

The months reported (invited/attended) and the township's assessment of 2026-09
(rate attended/invited, full at 95%, 1 point per point below, of 10):

| village | 2026-07 | 2026-08 | 2026-09 | 2026-09 rate | 2026-09 total |
|---------|---------|---------|---------|--------------|---------------|
| V21     | 30/27   | 30/27   | 40/36   | 90%          | 10-5 = 5      |
| V22     | 10/8    | 20/16   | 20/18   | 90%          | 10-5 = 5      |
| V23     | 20/19   | 10/10   | 20/19   | 95%          | 10            |

What an acceptance locks, by the report reopened (a month's report counts in its
month and in its quarter; before, only the quarter was asked):

| accepted         | report reopened | reopened? | said                           |
|------------------|-----------------|-----------|--------------------------------|
| 2026-09          | V22 2026-09     | no        | 西镇2026年9月的考评已经县级验收锁定 |
| 2026-09          | V22 2026-08     | yes       |                                |
| 2026Q3 (months)  | V22 2026-08     | no        | 西镇2026年第三季度的考评已经县级验收锁定 |
| 2026Q3 (months)  | V22 2026-09     | no        | 西镇2026年第三季度的考评已经县级验收锁定 |
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from kaoping.engine import Period
from kaoping.web.assessment import acceptance, inspections, services
from kaoping.web.assessment.models import Rectification, TownshipAcceptance
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import DataElement, DataSet, Figure, Report

from .conftest import PERIOD, TOWNSHIP_RUBRIC, CountyWorld

pytestmark = pytest.mark.both_databases

# village -> month -> (invited, attended)
MONTHS = {
    "V21": {"2026-07": (30, 27), "2026-08": (30, 27), "2026-09": (40, 36)},
    "V22": {"2026-07": (10, 8), "2026-08": (20, 16), "2026-09": (20, 18)},
    "V23": {"2026-07": (20, 19), "2026-08": (10, 10), "2026-09": (20, 19)},
}
SEPTEMBER_TOTALS = {"V21": Decimal(5), "V22": Decimal(5), "V23": Decimal(10)}


def _monthly_t2(w: CountyWorld) -> DataSet:
    """T2's invited and attended moved from its quarterly data set to a monthly one,
    every village's three months reported and approved."""
    town = w.units["T2"]
    DataElement.objects.filter(
        dataset__township=town, dataset__code="q", code__in=["invited", "attended"]
    ).delete()
    Figure.objects.filter(
        report__unit__township=town, report__period=PERIOD, element__in=["invited", "attended"]
    ).delete()
    ds = DataSet.objects.create(township=town, code="m", name="月度数据", frequency="M")
    for i, (code, label) in enumerate((("invited", "应到人数"), ("attended", "实到人数"))):
        DataElement.objects.create(dataset=ds, code=code, label=label, type="count", position=i)
    for village, months in MONTHS.items():
        for month, (invited, attended) in months.items():
            r = Report.objects.create(
                dataset=ds, unit=w.units[village], period=month, status="approved"
            )
            Figure.objects.create(report=r, element="invited", value=Decimal(invited))
            Figure.objects.create(report=r, element="attended", value=Decimal(attended))
    return ds


def _approved(w: CountyWorld, period: str) -> Any:
    town = w.units["T2"]
    admin, leader = w.users["township_admin"], w.users["township_leader"]
    rv = services.upload_rubric(town, TOWNSHIP_RUBRIC, "t.yaml", admin)
    a = services.create_assessment(town, period, rv, admin)
    a = services.compute(a.pk, admin)
    services.transition(a.pk, "submit", admin)
    return services.transition(a.pk, "approve", leader)


def _report(w: CountyWorld, village: str, period: str) -> Report:
    return Report.objects.get(unit=w.units[village], period=period, dataset__code="m")


@pytest.fixture
def month(cw: CountyWorld) -> Any:
    _monthly_t2(cw)
    return _approved(cw, "2026-09")


def test_the_county_accepts_the_approved_month_locking_that_months_reports_only(
    cw: CountyWorld, month: Any
) -> None:
    totals = {u["unit"]: Decimal(str(u["total"])) for u in month.results["units"]}
    assert totals == SEPTEMBER_TOTALS
    # The county's page offers the month the township approved.
    assert acceptance.periods([cw.units["T2"]]) == ["2026-09"]
    row = acceptance.accept(cw.units["C1"], "T2", "2026-09", month.pk, cw.users["county_leader"])
    assert (row.period, row.status, row.assessment_id) == ("2026-09", "accepted", month.pk)
    september = {_report(cw, v, "2026-09").pk for v in MONTHS}
    assert {pk for pk, _v in row.reports} == september
    state = acceptance.states([cw.units["T2"]], "2026-09")[cw.units["T2"].pk]
    assert state.label == "县级已验收（第1版）"
    # The quarter is a period of its own: not accepted by the month's acceptance.
    assert acceptance.states([cw.units["T2"]], PERIOD)[cw.units["T2"].pk].acceptance is None


# (accepted period, village, report's month, refusal said or None when reopened)
REOPENINGS = [
    ("2026-09", "V22", "2026-09", "西镇2026年9月的考评已经县级验收锁定"),
    ("2026-09", "V22", "2026-08", None),
    ("2026Q3", "V22", "2026-08", "西镇2026年第三季度的考评已经县级验收锁定"),
    ("2026Q3", "V22", "2026-09", "西镇2026年第三季度的考评已经县级验收锁定"),
]


@pytest.mark.parametrize(("accepted", "village", "period", "said"), REOPENINGS)
def test_reopening_a_months_report_is_refused_by_an_accepted_month_or_quarter(
    cw: CountyWorld, accepted: str, village: str, period: str, said: str | None
) -> None:
    _monthly_t2(cw)
    a = _approved(cw, accepted)
    acceptance.accept(cw.units["C1"], "T2", accepted, a.pk, cw.users["county_leader"])
    report = _report(cw, village, period)
    if said is None:
        core.reopen(report, cw.users["township_leader"], "数字有误")
        assert Report.objects.get(pk=report.pk).status != "approved"
        return
    with pytest.raises(core.Refused) as refused:
        core.reopen(report, cw.users["township_leader"], "数字有误")
    assert said in str(refused.value.refusals)
    assert Report.objects.get(pk=report.pk).status == "approved"


def test_an_accepted_month_refuses_its_correction_naming_the_month(
    cw: CountyWorld, month: Any
) -> None:
    acceptance.accept(cw.units["C1"], "T2", "2026-09", month.pk, cw.users["county_leader"])
    with pytest.raises(Refused) as refused:
        services.correct(month.pk, "补录", cw.users["township_leader"])
    assert refused.value.message == (
        "西镇2026年9月的考评已经县级验收锁定，不能再解锁或更正；如需修改，请先由县里退回"
    )


def test_a_returned_month_is_unlocked_for_the_township_with_its_reason(
    cw: CountyWorld, month: Any
) -> None:
    county, leader = cw.units["C1"], cw.users["county_leader"]
    acceptance.accept(county, "T2", "2026-09", month.pk, leader)
    with pytest.raises(core.Refused):
        core.reopen(_report(cw, "V22", "2026-09"), cw.users["township_leader"], "补台账")
    row = acceptance.return_to_township(county, "T2", "2026-09", "V22台账不全", leader)
    assert (row.period, row.status, row.reason) == ("2026-09", "returned", "V22台账不全")
    september = _report(cw, "V22", "2026-09")
    core.reopen(september, cw.users["township_leader"], "补台账")
    assert Report.objects.get(pk=september.pk).status != "approved"


@pytest.mark.parametrize(
    ("period", "said"),
    [
        ("2026H2", "“2026H2”不是季度或月份，例如 2026Q4 或 2026-11"),
        ("2026-08", "西镇2026年8月没有这一版考评"),
    ],
)
def test_accepting_a_period_without_that_version_names_the_period(
    cw: CountyWorld, month: Any, period: str, said: str
) -> None:
    with pytest.raises(Refused) as refused:
        acceptance.accept(cw.units["C1"], "T2", period, month.pk, cw.users["county_leader"])
    assert refused.value.message == said
    assert not TownshipAcceptance.objects.exists()


def _page(client: Any, r: Any) -> str:
    assert r.status_code == 302
    return html.unescape(client.get(r["Location"]).content.decode())


def test_the_county_page_accepts_and_returns_a_month_in_the_words_people_use(
    client: Any, cw: CountyWorld, month: Any
) -> None:
    client.force_login(cw.users["county_leader"])
    home = reverse("assessment:county", args=["C1"])
    page = html.unescape(client.get(home + "?period=2026-09").content.decode())
    assert "乡镇对比 · 2026年9月" in page
    assert 'name="period" value="2026-09"' in page
    assert f'name="assessment" value="{month.pk}"' in page
    assert "乡镇已审定（第1版），待验收" in page
    # The months and quarters the townships approved are offered, newest first.
    assert "<strong>2026年9月</strong>" in page
    url = reverse("assessment:county_acceptance", args=["C1"])
    form = {"township": "T2", "period": "2026-09", "assessment": month.pk}
    page = _page(client, client.post(url, {**form, "action": "accept"}))
    assert "已验收西镇2026年9月考评（第1版），其读取的报表已锁定" in page
    assert "县级已验收（第1版）" in page
    page = _page(client, client.post(url, {**form, "action": "return", "reason": "台账不全"}))
    assert "已退回西镇2026年9月考评，乡镇可解锁更正" in page
    assert TownshipAcceptance.objects.get(period="2026-09").status == "returned"


# --- inspections from above of a month --------------------------------------------


def _inspect(w: CountyWorld, town: str, period: str, villages: list[str]) -> Any:
    return inspections.record(
        w.units[town], kind="spot_check", level="county", day=date(2026, 10, 8),
        period=period, inspectors="县卫健局 王某", units=[w.units[v] for v in villages],
        user=w.users["county_leader"],
    )  # fmt: skip


def test_an_inspection_of_a_month_samples_that_months_units_only(cw: CountyWorld) -> None:
    _monthly_t2(cw)
    _inspect(cw, "T2", "2026-09", ["V22", "V21"])
    _inspect(cw, "T2", "2026Q3", ["V23"])
    town = cw.units["T2"]
    assert inspections.sampled_codes(town, Period.parse("2026-09")) == ["V21", "V22"]
    assert inspections.sampled_codes(town, Period.parse("2026-08")) == []
    assert inspections.sampled_codes(town, Period.parse(PERIOD)) == ["V23"]


def test_an_inspection_of_a_month_reads_the_months_figures_and_opens_a_follow_up(
    cw: CountyWorld,
) -> None:
    _monthly_t2(cw)
    i = _inspect(cw, "T2", "2026-09", ["V22"])
    v22 = cw.units["V22"]
    # V22's September (20/18), not its August (20/16) nor its quarter's standard.
    assert inspections.reported_figures(i, v22) == [
        ("invited", "应到人数", Decimal(20)),
        ("attended", "实到人数", Decimal(18)),
    ]
    s = i.sampled.get(unit=v22)
    inspections.record_findings(
        s.pk, verdict="failed", veto=False, veto_reason="", note="",
        observed={"attended": Decimal(17), "invited": Decimal(20)},
        user=cw.users["county_leader"],
    )  # fmt: skip
    item = Rectification.objects.get(inspection=i, unit=v22)
    assert item.period == "2026-09"
    assert "实到人数上报18，核查17" in item.events.get().note
    with pytest.raises(Refused) as refused:
        inspections.record_findings(
            s.pk, verdict="passed", veto=False, veto_reason="", note="",
            observed={"standard": Decimal(1)}, user=cw.users["county_leader"],
        )  # fmt: skip
    assert refused.value.message == "核查数：该单位2026年9月没有上报这些指标：standard"


@pytest.mark.parametrize(
    ("town", "period", "said"),
    [
        (
            "T1",
            "2026-09",
            "期间：东镇没有按月报送的数据集，核查2026年9月请改为所在季度（2026年第三季度）",
        ),
        ("T1", "2026H2", "季度：“2026H2”不是季度，例如 2026Q2"),
        ("T2", "2026H2", "期间：“2026H2”不是季度或月份，例如 2026Q2 或 2026-05"),
    ],
)
def test_an_inspection_of_a_month_is_refused_where_the_township_reports_no_month(
    cw: CountyWorld, town: str, period: str, said: str
) -> None:
    _monthly_t2(cw)
    village = "V11" if town == "T1" else "V21"
    with pytest.raises(Refused) as refused:
        _inspect(cw, town, period, [village])
    assert refused.value.message == said
