"""A campaign's own assessment beside the quarter's: its rubric, ranking and
consequences (campaign_world.py has the hand-computed table), its own versions and
approval, its ledger apart, and the quarter's year view and streaks untouched."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.engine import format_exact

from .campaign_world import campaign_assessment, prepare_campaign
from .conftest import Prepared, assessment_in

# unit -> (total, rank, group, actions as (kind, amount))
EXPECTED = {
    "V1": ("100", 1, "top", [("通报表扬", None), ("奖励", "500")]),
    "V2": ("95", 2, "top", [("通报表扬", None), ("奖励", "300")]),
    "V3": ("90", 3, "top", [("通报表扬", None), ("奖励", "200")]),
    "V4": ("85", 4, None, []),
    "V5": ("80", 5, None, []),
    "V6": ("75", 6, None, []),
    "V7": ("70", 7, None, []),
    "V8": ("65", 8, None, []),
    "V9": ("60", 9, "bottom", [("通报批评", None), ("罚款", "100"), ("整改", None)]),
    "V10": ("55", 10, "bottom", [("通报批评", None), ("罚款", "300"), ("整改", None)]),
}


@pytest.fixture
def campaign(db: Any) -> Prepared:
    return prepare_campaign()


def _table(a: Any) -> dict[str, tuple[str, int, str | None, list[tuple[str, str | None]]]]:
    return {
        u["unit"]: (
            format_exact(Decimal(u["total"])),
            u["rank"],
            u["group"],
            [
                (
                    act["kind"],
                    None if act["amount"] is None else format_exact(Decimal(act["amount"])),
                )
                for act in u["actions"]
            ],
        )
        for u in a.results["units"]
    }


@pytest.mark.parametrize("unit", sorted(EXPECTED))
def test_the_campaign_rubric_ranks_ten_villages_as_computed_by_hand(
    campaign: Prepared, unit: str
) -> None:
    a = campaign_assessment(campaign)
    assert (a.period, a.campaign_id) == ("2026Q4", campaign.campaign.pk)  # type: ignore[attr-defined]
    assert _table(a)[unit] == EXPECTED[unit]


def test_the_campaign_reads_the_sum_of_its_entries_up_to_its_last_day(campaign: Prepared) -> None:
    a = campaign_assessment(campaign)
    values = {u["unit"]: u["values"] for u in a.results["units"]}
    # V10's 9 on 12-05 is after the campaign ended.
    assert (values["V10"]["campaign_done"], values["V10"]["campaign_allocated"]) == ("11", "20")


def test_a_quarter_holds_its_own_assessment_and_the_campaigns_side_by_side(
    campaign: Prepared,
) -> None:
    quarterly = assessment_in(campaign, "2026Q4", "approved")
    own = campaign_assessment(campaign, "approved")
    assert (quarterly.period, own.period) == ("2026Q4", "2026Q4")
    assert (quarterly.version, own.version) == (1, 1)
    assert quarterly.campaign_id is None
    assert quarterly.rubric.number == 1 and own.rubric.number == 2


def test_a_second_assessment_of_the_same_campaign_is_refused_while_one_is_open(
    campaign: Prepared,
) -> None:
    from kaoping.web.assessment import services

    campaign_assessment(campaign)
    with pytest.raises(services.Refused, match="“秋季服务活动”已有未审定的考评（第1版）"):
        campaign_assessment(campaign)


def test_a_correction_of_the_campaigns_assessment_is_its_second_version(
    campaign: Prepared,
) -> None:
    from kaoping.web.assessment import services

    assessment_in(campaign, "2026Q4", "approved")
    own = campaign_assessment(campaign, "approved")
    new = services.correct(own.pk, "活动数据更正", campaign.users["admin"])
    assert (new.version, new.campaign_id, new.period) == (2, own.campaign_id, "2026Q4")
    # The quarter's own numbering is untouched: its next correction is its version 2 too.
    quarterly = services._effective(campaign.world.t1, "2026Q4")
    assert quarterly is not None and quarterly.version == 1
    assert services.correct(quarterly.pk, "更正", campaign.users["admin"]).version == 2


def test_the_campaigns_approval_needs_four_eyes_as_the_quarters_does(campaign: Prepared) -> None:
    from kaoping.web.assessment import services

    a = campaign_assessment(campaign, "submitted")
    with pytest.raises(services.Refused, match="assessor参与编制了本考评"):
        services.transition(a.pk, "approve", campaign.users["assessor"])


def test_the_campaigns_follow_ups_open_on_its_approval_without_touching_the_quarters(
    campaign: Prepared,
) -> None:
    from kaoping.web.assessment.models import Rectification

    assessment_in(campaign, "2026Q4", "approved")
    before = set(Rectification.objects.filter(campaign=None).values_list("pk", "state"))
    campaign_assessment(campaign, "approved")
    mine = Rectification.objects.filter(campaign=campaign.campaign)  # type: ignore[attr-defined]
    assert sorted((r.unit.code, r.kind, r.due.isoformat()) for r in mine) == [
        ("V10", "整改", "2027-01-15"),
        ("V9", "整改", "2027-01-15"),
    ]
    assert set(Rectification.objects.filter(campaign=None).values_list("pk", "state")) == before


def test_the_ledger_lists_the_campaign_apart_from_the_quarters_totals(
    campaign: Prepared, client: Any
) -> None:
    quarterly = assessment_in(campaign, "2026Q4", "approved")
    campaign_assessment(campaign, "approved")
    client.force_login(campaign.users["admin"])
    r = client.get("/assessment/t/T1/ledger/2026/")
    assert r.status_code == 200
    (section,) = r.context["campaigns"]
    assert section["totals"]["award"] == "1000"
    assert section["totals"]["fine"] == "400"
    assert (section["totals"]["commendation"], section["totals"]["criticism"]) == (3, 2)
    # The quarter's totals and rows count the quarterly assessment only.
    assert {q["period"] for q in r.context["quarters"]} == {"2026Q4"}
    quarter_rows = {(e["unit"], e["kind"]) for e in r.context["rows"]}
    assert quarter_rows == {(e.unit.name, e.kind) for e in quarterly.ledger.all()}
    assert "“秋季服务活动”专项考评总分100分，排名第1位，列前列" in r.content.decode()


def test_the_ledger_workbook_has_a_sheet_for_the_campaigns(campaign: Prepared, client: Any) -> None:
    import io

    import openpyxl

    campaign_assessment(campaign, "approved")
    client.force_login(campaign.users["admin"])
    r = client.get("/assessment/t/T1/ledger/2026.xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    sheet = wb["专项活动考评"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 * 2 + 2 * 3
    assert {row[0] for row in rows} == {"秋季服务活动"}
    assert sum(row[7] or 0 for row in rows if row[6] == "奖励") == 1000


def test_the_year_view_and_the_quarters_streaks_ignore_the_campaign(
    campaign: Prepared, client: Any
) -> None:
    from kaoping.web.assessment import services

    campaign_assessment(campaign, "approved")
    q3 = assessment_in(campaign, "2026Q3", "approved")
    q4 = assessment_in(campaign, "2026Q4", "approved")
    # V3 was bottom in 2026Q3 and is bottom again in 2026Q4 (conftest table): a
    # streak of 2, whatever the campaign said of it in between.
    v3 = next(u for u in q4.results["units"] if u["unit"] == "V3")
    assert (v3["group"], v3["streak"]) == ("bottom", 2)
    assert [a.pk for a in services.effective_assessments(campaign.world.t1, 2026)] == [q3.pk, q4.pk]
    client.force_login(campaign.users["leader"])
    r = client.get("/assessment/t/T1/year/2026/")
    assert r.context["periods"] == ["2026Q3", "2026Q4"]


# persona -> status of POST /assessment/t/T1/new-campaign/
PERSONAS = [
    ("admin", 302),
    ("assessor", 302),
    ("leader", 403),
    ("county", 403),
    ("reporter", 404),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "status"), PERSONAS)
def test_only_the_townships_preparers_start_a_campaign_assessment(
    campaign: Prepared, client: Any, persona: str, status: int
) -> None:
    from kaoping.web.assessment.models import Assessment

    client.force_login(campaign.users[persona])
    r = client.post(
        "/assessment/t/T1/new-campaign/",
        {"campaign": campaign.campaign.pk, "rubric": 2},  # type: ignore[attr-defined]
    )
    assert r.status_code == status
    assert Assessment.objects.filter(campaign__isnull=False).count() == (status == 302)


def test_a_campaign_of_another_township_is_refused_with_the_field_named(
    campaign: Prepared, client: Any
) -> None:
    from kaoping.web.planning.models import Campaign

    other = Campaign.objects.create(
        township=campaign.world.t2,
        title="别镇活动",
        task="x",
        start=campaign.campaign.start,  # type: ignore[attr-defined]
        end=campaign.campaign.end,  # type: ignore[attr-defined]
        allocation=campaign.campaign.allocation,  # type: ignore[attr-defined]
    )
    client.force_login(campaign.users["admin"])
    r = client.post(
        "/assessment/t/T1/new-campaign/", {"campaign": other.pk, "rubric": 2}, follow=True
    )
    assert "专项活动：" in r.content.decode()


def test_the_township_page_lists_campaign_assessments_apart(
    campaign: Prepared, client: Any
) -> None:
    own = campaign_assessment(campaign)
    client.force_login(campaign.users["admin"])
    r = client.get("/assessment/t/T1/")
    assert [a.pk for a in r.context["campaign_assessments"]] == [own.pk]
    assert own.pk not in [a.pk for a in r.context["assessments"]]
    detail = client.get(f"/assessment/{own.pk}/").content.decode()
    assert "专项考评：秋季服务活动" in detail


def test_a_person_the_quarter_made_ineligible_gets_no_award_from_the_campaign(
    campaign: Prepared,
) -> None:
    from kaoping.web.assessment import services
    from kaoping.web.assessment.models import RubricVersion

    from .campaign_world import CAMPAIGN_RUBRIC

    # The campaign's top three also pay each village's secretary 100.
    text = CAMPAIGN_RUBRIC.replace(
        "      - {kind: 奖励, to: [unit], amount: {by_rank: [500, 300, 200]}}",
        "      - {kind: 奖励, to: [unit], amount: {by_rank: [500, 300, 200]}}\n"
        "      - {kind: 奖励, to: [secretary], amount: 100}",
    )
    rv = RubricVersion.objects.create(township=campaign.world.t1, number=3, name="x", text=text)
    assessment_in(campaign, "2026Q3", "approved")
    # 2026Q4: 镇中社区 V3 bottom twice, its secretary 王五 loses eligibility for the year.
    assessment_in(campaign, "2026Q4", "approved")
    a = services.create_assessment(
        campaign.world.t1,
        "",
        rv,
        campaign.users["assessor"],
        campaign=campaign.campaign,  # type: ignore[attr-defined]
    )
    services.compute(a.pk, campaign.users["assessor"])
    a.refresh_from_db()
    v3 = next(u for u in a.results["units"] if u["unit"] == "V3")
    to_secretary = [x for x in v3["actions"] if x["to"] == "secretary"]
    assert [(x["person"], x["amount"], x["withheld"]) for x in to_secretary] == [
        ("王五", None, "ineligible")
    ]
    # The unit's own award stands; the ledger says why the secretary's does not.
    assert [x["amount"] for x in v3["actions"] if x["to"] == "unit" and x["kind"] == "奖励"] == [
        "200"
    ]
    entry = a.ledger.get(unit__code="V3", to="secretary")
    assert entry.amount is None and "不予兑现：已取消评优资格" in entry.reason


def test_the_campaigns_bulletin_is_named_for_it_and_lists_no_earlier_quarters_items(
    campaign: Prepared,
) -> None:
    from datetime import date

    from kaoping.web.assessment.document_files import file_name
    from kaoping.web.assessment.document_inputs import previous_follow_ups
    from kaoping.web.assessment.models import Rectification

    q3 = assessment_in(campaign, "2026Q3", "approved")
    Rectification.objects.create(
        township=campaign.world.t1, period="2026Q3", assessment=q3, version=1,
        unit=campaign.world.v3, effect="rectify", kind="整改", to="unit", due=date(2026, 10, 31),
    )  # fmt: skip
    own = campaign_assessment(campaign, "approved")
    q4 = assessment_in(campaign, "2026Q4")
    assert file_name(own, "bulletin") == "东风镇秋季服务活动考评通报（第1版）.docx"
    assert file_name(q4, "bulletin") == "东风镇2026年第四季度考评通报（第1版）.docx"
    today = date(2026, 12, 20)
    assert [f.unit for f in previous_follow_ups(q4, today)] == ["镇中社区"]
    assert previous_follow_ups(own, today) == []
