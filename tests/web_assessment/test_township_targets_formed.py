"""The township's own targets page (/planning/t/<code>/targets/) judges a
half-year or a year on the figures formed from its approved quarters, as its
工作总结 judges them (period_summary.formed_targets, the one judgement of both).

The conftest's quarters, 2026H2 = 2026Q3 + 2026Q4, by hand against TARGETS:

| unit | Q3 att/inv | Q4 att/inv | H2 summed       | >= 91% | >= 95%             |
|------|------------|------------|-----------------|--------|--------------------|
| V1   | 40/40      | 38/40      | 78/80 = 97.5%   | yes    | yes                |
| V2   | 36/40      | 37/40      | 73/80 = 91.25%  | yes    | no, 3.75 points short |
| V3   | 20/20      | 18/20      | 38/40 = 95%     | yes    | yes (just)         |

见面率达91%: 3 of 3 qualify, 3 needed: met (in neither quarter alone: V2 has 90%
in Q3, V3 90% in Q4). 见面率达95%: 2 of 3, missed, short 西村 (V2). 例会记录规范
reads records_ok, a yes/no without over_time: the half-year holds no figure of it,
so the target is not judged, in the engine's words (TargetNotFormed).
"""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.test_english_pages import data_values, leftover_chinese

from .conftest import Prepared, assessment_in

TARGETS = """\
visits91:
  title: 见面率达91%
  indicator: attended / invited
  every_unit: ">= 0.91"
visits95:
  title: 见面率达95%
  indicator: attended / invited
  every_unit: ">= 0.95"
records:
  title: 例会记录规范
  indicator: records_ok
  every_unit: ">= 1"
"""
PAGE = "/planning/t/T1/targets/"

WHY = {
    "zh-hans": "目标records：records_ok不能由各期汇总（over_time: none），"
    "由各季度汇总的2026年下半年没有该项数据，无法评判该目标",
    "en": "target records: records_ok does not add up over periods (over_time: none), "
    "so 2026H2 formed from its quarters has no figure of it to judge the target on",
}
WORDS = {
    # language: met, missed, not judged, the reason's lead, V2's gap
    "zh-hans": ("达到", "未达到", "未评判", "本期不评判该目标：", "3.75个百分点"),
    "en": ("met", "not met", "not judged", "Not judged this period: ", "3.75 percentage points"),
}


@pytest.fixture
def both_quarters(prepared: Prepared) -> Prepared:
    for q in ("2026Q3", "2026Q4"):
        assessment_in(prepared, q, "approved")
    return prepared


def _with_file(login: Any, lang: str = "zh-hans") -> tuple[Any, int]:
    from django.conf import settings

    from kaoping.web.planning.models import TargetFile

    client = login("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    f = SimpleUploadedFile("mine.yaml", TARGETS.encode())
    client.post(f"{PAGE}upload/", {"file": f})
    return client, TargetFile.objects.get().pk


@pytest.mark.both_databases
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_half_years_targets_are_judged_on_the_figures_formed_from_its_approved_quarters(
    both_quarters: Prepared, login: Any, lang: str
) -> None:
    met, missed, not_judged, lead, gap = WORDS[lang]
    client, pk = _with_file(login, lang)
    r = client.get(PAGE, {"period": "2026H2", "file": pk})
    assert r.status_code == 200
    assert r.context["problems"] == []
    rows = [
        (
            item["result"].target.name,
            item["result"].met,
            [(c["clause"].qualifying, c["clause"].needed) for c in item["clauses"]],
            [(s["unit"], s["value"], s["gap"]) for c in item["clauses"] for s in c["short"]],
            item["reason"],
        )
        for item in r.context["results"]
    ]
    assert rows == [
        ("visits91", True, [(3, 3)], [], None),
        ("visits95", False, [(2, 3)], [("V2", "91.25%", gap)], None),
        ("records", None, [], [], WHY[lang]),
    ]
    page = r.content.decode()
    visits91, visits95, records = page.split('<section class="target">')[1:4]
    assert f'<span class="status approved">{met}</span>' in visits91
    assert f'<span class="status returned">{missed}</span>' in visits95
    assert f'<span class="status">{not_judged}</span>' in records
    assert f'<p class="not-judged">{html_escape(lead + WHY[lang])}</p>' in records
    assert "<table>" not in records
    assert 'id="formed-hint"' in page
    if lang == "en":
        assert leftover_chinese(page, data_values()) == []


def test_the_page_offers_the_half_years_and_the_year_of_the_approved_quarters(
    both_quarters: Prepared, login: Any
) -> None:
    client, pk = _with_file(login)
    r = client.get(PAGE, {"period": "2026Q4", "file": pk})
    assert [str(p) for p in r.context["formed_periods"]] == ["2026", "2026H2", "2026H1"]
    offered = r.content.decode().split('id="formed-periods">')[1].split("</p>")[0]
    assert f'<a href="?period=2026H2&amp;file={pk}">2026年下半年</a>' in offered
    assert f'<a href="?period=2026&amp;file={pk}">2026年度</a>' in offered


def test_the_half_year_is_judged_as_its_work_summary_judges_it(
    both_quarters: Prepared, login: Any
) -> None:
    from kaoping.engine import Period
    from kaoping.web.assessment import period_summary

    client, pk = _with_file(login)
    page = client.get(PAGE, {"period": "2026H2", "file": pk}).context["results"]
    t1, h2 = both_quarters.world.t1, Period.parse("2026H2")
    summary, _ = period_summary.targets(t1, period_summary.form(t1, h2), h2)
    assert [r["result"] for r in page] == summary


def test_a_quarter_is_still_judged_on_its_own_reports(both_quarters: Prepared, login: Any) -> None:
    # Q3 alone: V2 36/40 = 90% falls short of 91%; records_ok is a figure there.
    client, pk = _with_file(login)
    r = client.get(PAGE, {"period": "2026Q3", "file": pk})
    assert [(i["result"].met, i["reason"]) for i in r.context["results"]] == [
        (False, None),
        (False, None),
        (False, None),
    ]
    assert 'id="formed-hint"' not in r.content.decode()


NOT_APPROVED = [
    (
        "zh-hans",
        "2026年下半年的目标按各季度审定的考评汇总的数据评价：2026年第四季度还没有审定的考评",
    ),
    (
        "en",
        "Second half of 2026: the targets are judged on the figures formed from its approved "
        "quarters; not yet approved: Q4 2026",
    ),
]


@pytest.mark.both_databases
@pytest.mark.parametrize(("lang", "said"), NOT_APPROVED)
def test_a_half_year_not_yet_formed_names_the_quarter_not_approved(
    prepared: Prepared, login: Any, lang: str, said: str
) -> None:
    assessment_in(prepared, "2026Q3", "approved")
    assessment_in(prepared, "2026Q4", "submitted")
    client, pk = _with_file(login, lang)
    r = client.get(PAGE, {"period": "2026H2", "file": pk})
    assert r.context["problems"] == [said]
    assert r.context["results"] == []
    assert '<section class="target">' not in r.content.decode()


@pytest.mark.parametrize("persona", ["reporter", "outsider"])
def test_a_village_reporter_and_an_outsider_get_no_more_of_a_half_year_than_of_a_quarter(
    both_quarters: Prepared, login: Any, persona: str
) -> None:
    client = login(persona)
    quarter = client.get(PAGE, {"period": "2026Q3"}).status_code
    assert (quarter, client.get(PAGE, {"period": "2026H2"}).status_code) == (404, 404)


def test_an_outsider_reads_a_half_year_of_their_own_township_only_as_not_yet_formed(
    both_quarters: Prepared, login: Any
) -> None:
    r = login("outsider").get("/planning/t/T2/targets/", {"period": "2026H2"})
    assert r.status_code == 200
    assert r.context["formed_periods"] == []
    assert r.context["problems"] == [
        "2026年下半年的目标按各季度审定的考评汇总的数据评价："
        "2026年第三季度、2026年第四季度还没有审定的考评"
    ]


# A township that assesses months (test_monthly_assessment's 月度服务, March 2027
# approved): the page offers the month, judged on March's reports, by hand:
# V1 19/20 = 95%, V2 9/10 = 90% (5 points short of 95%), V3 10/10 = 100%.
MONTH_TARGETS = """\
service:
  title: 服务到位率
  indicator: served / due
  every_unit: ">= 0.95"
"""


@pytest.mark.both_databases
def test_a_township_that_assesses_months_is_offered_its_approved_months(
    prepared: Prepared, login: Any
) -> None:
    from kaoping.web.planning.models import TargetFile

    from .test_monthly_assessment import _month, _monthly_world

    rv = _monthly_world(prepared)
    _month(prepared, rv, "2027-03", "approved")
    _month(prepared, rv, "2027-04")  # a draft is not offered
    pk = TargetFile.objects.create(unit=prepared.world.t1, name="m.yaml", text=MONTH_TARGETS).pk
    r = login("admin").get(PAGE, {"period": "2027-03", "file": pk})
    assert [str(p) for p in r.context["assessed_months"]] == ["2027-03"]
    assert r.context["formed_periods"] == []  # no quarter approved: no half-year formed
    offered = r.content.decode().split('id="assessed-months">')[1].split("</p>")[0]
    assert f'<a href="?period=2027-03&amp;file={pk}" aria-current="page">2027年3月</a>' in offered
    (item,) = r.context["results"]
    (clause,) = item["clauses"]
    assert (item["result"].met, clause["clause"].qualifying, clause["clause"].needed) == (
        False,
        2,
        3,
    )
    assert [(s["unit"], s["value"], s["gap"]) for s in clause["short"]] == [
        ("V2", "90%", "5.00个百分点")
    ]
