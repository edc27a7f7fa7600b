"""Assessing a month (按月考评, issue 15): 东风镇's monthly data set 月度服务 carries
everything the monthly rubric below reads, so 2027年3月 is assessed as a quarter
is: computed, approved by another person, its reports locked, published, ranked,
its bulletin drawn, its consequences in the ledger; prev() reads the month before.

Monthly rubric (served/due full at 95%, 2 points per point below, partial rounded
up; 5 points per case of new_unresolved + prev(unresolved_end), 40 at most):

| month   | unit | due/served | rate | service    | new | prev(end) | backlog    | total | rank, group, streak |
|---------|------|------------|------|------------|-----|-----------|------------|-------|---------------------|
| 2027-02 | V1   | 20/20      | 100% | 60         | 0   | 0 (none)  | 40         | 100   | 1 top, 1            |
| 2027-02 | V2   | 10/10      | 100% | 60         | 0   | 0 (none)  | 40         | 100   | 1 top, 1            |
| 2027-02 | V3   | 10/8       | 80%  | 60-15*2=30 | 0   | 0 (none)  | 40         | 70    | 3 bottom, 1         |
| 2027-03 | V1   | 20/19      | 95%  | 60         | 1   | 2         | 40-3*5=25  | 85    | 2, —                |
| 2027-03 | V2   | 10/9       | 90%  | 60-5*2=50  | 0   | 0         | 40         | 90    | 1 top, 2            |
| 2027-03 | V3   | 10/10      | 100% | 60         | 3   | 1         | 40-4*5=20  | 80    | 3 bottom, 2         |

2027-02's month-end backlog (unresolved_end) is V1 2, V2 0, V3 1; 2027-01 has no
figures, so February's prev() is the default 0. V3 in the bottom group twice
running: 通报批评 and a fine of 300 for the secretary on 2027-03-31, 王五.
"""

from __future__ import annotations

import html
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest

from kaoping.web.assessment import services
from kaoping.web.assessment.models import Assessment, RubricVersion

from .conftest import Prepared

pytestmark = pytest.mark.both_databases

MONTHLY_RUBRIC = """\
kaoping: 1
name: 月度服务考评细则
total: 100
elements:
  due: {label: 应服务人数, type: count}
  served: {label: 已服务人数, type: count}
  new_unresolved: {label: 新增未办结, type: count, default: 0}
  unresolved_end: {label: 月末未办结, type: count, default: 0}
checks:
  - {rule: served <= due, message: 已服务人数不能大于应服务人数}
items:
  - id: service
    title: 服务到位率
    max: 60
    rules:
      - {rate: served / due, full_at: 0.95, points: 60, per_point_below: 2, partial: ceil}
  - id: backlog
    title: 事项办结
    max: 40
    rules:
      - {per_case: new_unresolved + prev(unresolved_end), deduct: 5}
ranking: {order: desc, ties: shared, top: 1, bottom: 1, boundary: include_ties}
consequences:
  - group: top
    streak: 1
    actions:
      - {kind: 通报表扬, to: [unit]}
  - group: bottom
    streak: 1
    actions:
      - {kind: 通报批评, to: [unit]}
  - group: bottom
    streak: 2
    actions:
      - {kind: 通报批评, to: [unit]}
      - {kind: 罚款, to: [secretary], amount: 300}
"""

ELEMENTS = ("due", "served", "new_unresolved", "unresolved_end")
# month -> unit -> (due, served, new_unresolved, unresolved_end)
FIGURES = {
    "2027-02": {"V1": (20, 20, 0, 2), "V2": (10, 10, 0, 0), "V3": (10, 8, 0, 1)},
    "2027-03": {"V1": (20, 19, 1, 0), "V2": (10, 9, 0, 1), "V3": (10, 10, 3, 2)},
    "2027-04": {"V1": (20, 20, 0, 0), "V2": (10, 10, 0, 0), "V3": (10, 10, 0, 0)},
}

# unit -> (total, rank, group, streak, previous rank, prev(unresolved_end))
MARCH = {
    "V1": ("85", 2, None, 0, 1, "2"),
    "V2": ("90", 1, "top", 2, 1, "0"),
    "V3": ("80", 3, "bottom", 2, 3, "1"),
}
FEBRUARY = {
    "V1": ("100", 1, "top", 1, None, "0"),
    "V2": ("100", 1, "top", 1, None, "0"),
    "V3": ("70", 3, "bottom", 1, None, "0"),
}


def _monthly_world(prepared: Prepared, status: str = "submitted") -> RubricVersion:
    """月度服务 (monthly) with February to April, and the monthly rubric as version 2."""
    from kaoping.web.core.models import DataElement, DataSet, Figure, Report

    w = prepared.world
    units = {"V1": w.v1, "V2": w.v2, "V3": w.v3}
    ds = DataSet.objects.create(township=w.t1, code="m", name="月度服务", frequency="M")
    for i, code in enumerate(ELEMENTS):
        DataElement.objects.create(dataset=ds, code=code, label=code, type="count", position=i)
    for month, by_unit in FIGURES.items():
        for code, values in by_unit.items():
            report = Report.objects.create(
                dataset=ds, unit=units[code], period=month, status=status
            )
            for element, value in zip(ELEMENTS, values, strict=True):
                Figure.objects.create(report=report, element=element, value=Decimal(value))
    return RubricVersion.objects.create(
        township=w.t1, number=2, name="月度服务考评细则", text=MONTHLY_RUBRIC, note="按月"
    )


def _month(prepared: Prepared, rv: RubricVersion, month: str, status: str = "draft") -> Assessment:
    users = prepared.users
    a = services.create_assessment(prepared.world.t1, month, rv, users["assessor"])
    services.compute(a.pk, users["assessor"])
    path = {
        "draft": [],
        "approved": [("submit", "assessor"), ("approve", "leader")],
        "published": [("submit", "assessor"), ("approve", "leader"), ("publish", "admin")],
    }[status]
    for action, who in path:
        services.transition(a.pk, action, users[who])
    a.refresh_from_db()
    return a


def _seen(a: Assessment) -> dict[str, tuple[Any, ...]]:
    return {
        u["unit"]: (
            u["total"],
            u["rank"],
            u["group"],
            u["streak"],
            u["previous_rank"],
            u["values"]["prev(unresolved_end)"],
        )
        for u in a.results["units"]
    }


@pytest.mark.django_db
def test_a_villages_march_figures_are_scored_with_february_as_the_month_before(
    prepared: Prepared,
) -> None:
    rv = _monthly_world(prepared)
    march = _month(prepared, rv, "2027-03")
    assert _seen(march) == MARCH
    # The frame holds the months before March (ranks, streaks, prev()), no quarter.
    assert sorted({r["period"] for r in march.snapshot["rows"]}) == ["2027-02", "2027-03"]
    v1 = next(u for u in march.results["units"] if u["unit"] == "V1")
    assert [(d["path"], d["points"], d["text"]) for d in v1["deductions"]] == [
        ("backlog", "15", "新增未办结加上月月末未办结为3（新增未办结1），每例扣5分，扣15分")
    ]


@pytest.mark.django_db
def test_the_first_month_reads_the_default_for_prev_and_its_rank_is_its_own(
    prepared: Prepared,
) -> None:
    rv = _monthly_world(prepared)
    assert _seen(_month(prepared, rv, "2027-02")) == FEBRUARY


@pytest.mark.django_db
def test_the_change_of_rank_is_against_the_approved_month_before(prepared: Prepared) -> None:
    rv = _monthly_world(prepared, status="approved")
    _month(prepared, rv, "2027-02", "approved")
    march = _month(prepared, rv, "2027-03")
    assert {u["unit"]: u["previous_rank"] for u in march.results["units"]} == {
        "V1": 1,
        "V2": 1,
        "V3": 3,
    }


@pytest.mark.django_db
def test_a_month_is_refused_while_a_data_set_the_rubric_reads_reports_quarterly(
    prepared: Prepared,
) -> None:
    _monthly_world(prepared)
    # The test rubric (version 1) reads invited, attended, records_ok: 季度数据's.
    with pytest.raises(services.Refused) as refused:
        services.create_assessment(
            prepared.world.t1, "2027-03", prepared.rubric, prepared.users["assessor"]
        )
    assert refused.value.message == (
        "不能按月考评2027年3月：考评细则读取的数据集“季度数据”按季度报送"
        "（invited、attended、records_ok），季度数据不能拆分到各月"
    )
    assert not Assessment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2027H1", "考评按季度或按月进行，“2027H1”不是季度或月份，例如 2026Q4 或 2026-11"),
        ("2027", "考评按季度或按月进行，“2027”不是季度或月份，例如 2026Q4 或 2026-11"),
        ("三月", "“三月”不是季度或月份，例如 2026Q4 或 2026-11"),
    ],
)
def test_a_half_year_a_year_or_no_period_is_not_assessed(
    prepared: Prepared, period: str, message: str
) -> None:
    rv = _monthly_world(prepared)
    with pytest.raises(services.Refused) as refused:
        services.create_assessment(prepared.world.t1, period, rv, prepared.users["assessor"])
    assert refused.value.message == message


@pytest.mark.django_db
def test_a_month_written_as_people_write_it_is_the_same_month(prepared: Prepared) -> None:
    from kaoping.engine import Period

    assert str(Period.parse("2027年3月")) == "2027-03"
    rv = _monthly_world(prepared)
    assert _seen(_month(prepared, rv, str(Period.parse("2027年3月")))) == MARCH


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh-hans", "不能按月考评2027年3月：考评细则读取的数据集“季度数据”按季度报送"),
        (
            "en",
            "2027-3 cannot be assessed by the month: the data set “季度数据” the rubric reads"
            " is reported quarterly (invited、attended、records_ok), and a quarter's figures"
            " cannot be split into months",
        ),
    ],
)
def test_the_refusal_on_the_page_is_in_the_requests_language(
    prepared: Prepared, login: Any, lang: str, said: str
) -> None:
    _monthly_world(prepared)
    response = login("assessor").post(
        "/assessment/t/T1/new/", {"period": "2027-03", "rubric": 1}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 400
    assert said in html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_township_page_offers_the_months_and_creates_one(
    prepared: Prepared, login: Any
) -> None:
    _monthly_world(prepared)
    client = login("assessor")
    page = client.get("/assessment/t/T1/").content.decode()
    assert '<option value="2027-03">2027年3月</option>' in page
    assert '<option value="2026Q4">' in page
    response = client.post("/assessment/t/T1/new/", {"period": "2027-03", "rubric": 2})
    a = Assessment.objects.get()
    assert response.status_code == 302
    assert (a.period, a.rubric.number, a.is_monthly) == ("2027-03", 2, True)


@pytest.mark.django_db
def test_approving_march_locks_marchs_reports_but_not_aprils(prepared: Prepared) -> None:
    from kaoping.web.core.models import Report

    rv = _monthly_world(prepared)
    march = _month(prepared, rv, "2027-03")
    assert (
        sorted(Report.objects.get(pk=pk).period for pk, _v in march.snapshot["reports"])
        == ["2027-03"] * 3
    )
    services.transition(march.pk, "submit", prepared.users["assessor"])
    with pytest.raises(services.Refused) as refused:  # four eyes: who computed it
        services.transition(march.pk, "approve", prepared.users["assessor"])
    assert "参与编制了本考评" in refused.value.message
    services.transition(march.pk, "approve", prepared.users["leader"])
    statuses = dict(
        Report.objects.filter(dataset__code="m")
        .values_list("period", "status")
        .order_by("period")
        .distinct()
    )
    assert statuses == {"2027-02": "submitted", "2027-03": "approved", "2027-04": "submitted"}


@pytest.mark.django_db
def test_marchs_consequences_are_in_the_ledger_with_the_months_words(prepared: Prepared) -> None:
    from kaoping.web.assessment.models import LedgerEntry

    rv = _monthly_world(prepared)
    march = _month(prepared, rv, "2027-03", "approved")
    rows = sorted(
        (e.unit.code, e.kind, e.to, e.person, e.amount, e.reason)
        for e in LedgerEntry.objects.filter(assessment=march)
    )
    v3 = "2027年3月考评总分80分，排名第3位，列后列，连续2个月"
    assert rows == [
        ("V2", "通报表扬", "unit", "", None, "2027年3月考评总分90分，排名第1位，列前列，连续2个月"),
        ("V3", "罚款", "secretary", "王五", Decimal("300"), v3),
        ("V3", "通报批评", "unit", "", None, v3),
    ]


@pytest.mark.django_db
def test_the_years_ledger_lists_the_month_and_the_year_view_only_quarters(
    prepared: Prepared, login: Any
) -> None:
    from .conftest import assessment_in

    rv = _monthly_world(prepared)
    _month(prepared, rv, "2027-03", "approved")
    assessment_in(prepared, "2026Q4", "approved")
    assert [a.period for a in services.effective_assessments(prepared.world.t1, 2027, True)] == [
        "2027-03"
    ]
    assert services.effective_assessments(prepared.world.t1, 2027) == []
    ledger = html.unescape(login("admin").get("/assessment/t/T1/ledger/2027/").content.decode())
    assert "连续2个月" in ledger and "王五" in ledger


@pytest.mark.django_db
def test_the_published_months_bulletin_speaks_of_the_month(prepared: Prepared, login: Any) -> None:
    from docx import Document

    rv = _monthly_world(prepared)
    march = _month(prepared, rv, "2027-03", "published")
    response = login("admin").get(f"/assessment/{march.pk}/bulletin.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(b"".join(response))).paragraphs)
    assert "关于2027年3月" in text
    assert "西村连续2个月位列前1名" in text
    assert "本月罚款1人次，共300元" in text
    assert "季度" not in text
    page = html.unescape(login("admin").get(f"/assessment/{march.pk}/").content.decode())
    assert "较上月" in page and "较上季度" not in page


@pytest.mark.django_db
def test_reopening_a_march_report_starts_a_correction_of_march(prepared: Prepared) -> None:
    from kaoping.web.core import services as core
    from kaoping.web.core.models import Report

    rv = _monthly_world(prepared)
    march = _month(prepared, rv, "2027-03", "approved")
    report = Report.objects.get(dataset__code="m", unit=prepared.world.v1, period="2027-03")
    core.reopen(report, prepared.users["leader"], "服务人数录错")
    versions = list(services.siblings(march).order_by("version").values_list("version", "status"))
    assert versions == [(1, "approved"), (2, "draft")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "ranking_says", "unit_says"),
    [
        ("zh-hans", "按月考评：2027-03的名次、较上月和连续次数按月计", ("加上月月末未办结为4", "历月总分")),
        ("en", "Assessed by the month: 2027-03's ranks, change and streaks count months", ("last month's 月末未办结", "Totals by month")),
    ],
)  # fmt: skip
def test_the_months_pages_say_it_is_assessed_by_the_month(
    prepared: Prepared, login: Any, lang: str, ranking_says: str, unit_says: tuple[str, ...]
) -> None:
    rv = _monthly_world(prepared)
    march = _month(prepared, rv, "2027-03")
    client = login("assessor")
    ranking = client.get(f"/assessment/{march.pk}/", HTTP_ACCEPT_LANGUAGE=lang)
    unit = client.get(f"/assessment/{march.pk}/unit/V3/", HTTP_ACCEPT_LANGUAGE=lang)
    assert ranking_says in html.unescape(ranking.content.decode())
    shown = html.unescape(unit.content.decode())
    assert [said for said in unit_says if said in shown] == list(unit_says)


@pytest.mark.django_db
def test_a_ledger_of_months_calls_its_period_column_month_on_the_page_and_in_excel(
    prepared: Prepared, login: Any
) -> None:
    import re

    import openpyxl

    rv = _monthly_world(prepared)
    _month(prepared, rv, "2027-03", "approved")
    client = login("admin")
    page = html.unescape(client.get("/assessment/t/T1/ledger/2027/").content.decode())
    heads = [
        re.findall(r"<th>([^<]*)</th>", page.split(f'id="{table}"')[1].split("</thead>")[0])[0]
        for table in ("totals", "ledger")
    ]
    assert heads == ["月份", "月份"]
    assert "每期取最新版本" in page and "每季度" not in page
    wb = openpyxl.load_workbook(BytesIO(client.get("/assessment/t/T1/ledger/2027.xlsx").content))
    ledger, totals = wb.worksheets
    assert [c.value for c in ledger[1]][:2] == ["月份", "单位代码"]
    assert ledger.cell(2, 1).value == "2027-03"
    assert [c.value for c in totals[1]][:2] == ["月份", "奖励金额"]
    # A name that reads as a formula stays text in the months' ledger too.
    from kaoping.web.assessment.models import LedgerEntry

    LedgerEntry.objects.filter(person="王五").update(person="=HYPERLINK(1)")
    wb = openpyxl.load_workbook(BytesIO(client.get("/assessment/t/T1/ledger/2027.xlsx").content))
    names = [r[4] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "=HYPERLINK(1)" not in names and "'=HYPERLINK(1)" in names
