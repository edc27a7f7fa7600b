"""Inspections from above: who may record and read them, the sample and the observed
figures, the follow-up a difference opens, and a veto flowing into the unit's
assessment (the quarter's, or the campaign's when the visit accepts a campaign)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kaoping.engine import format_exact

from .campaign_world import campaign_assessment, prepare_campaign
from .conftest import Prepared, assessment_in


@pytest.fixture
def campaign(db: Any) -> Prepared:
    return prepare_campaign()


def _record(p: Prepared, units: list[str], campaign: Any = None, period: str = "2026Q4") -> Any:
    from kaoping.web.assessment import inspections

    return inspections.record(
        p.world.t1,
        kind="acceptance" if campaign is not None else "spot_check",
        level="county",
        day=date(2026, 12, 3),
        period=period,
        inspectors="县卫健局 王某、李某",
        units=[p.units[c] for c in units],  # type: ignore[attr-defined]
        user=p.users["county"],
        campaign=campaign,
    )


def _findings(p: Prepared, i: Any, unit: str, **kw: Any) -> Any:
    from kaoping.web.assessment import inspections

    s = i.sampled.get(unit__code=unit)
    args: dict[str, Any] = {
        "verdict": "passed", "veto": False, "veto_reason": "", "note": "", "observed": {},
    }  # fmt: skip
    args.update(kw)
    return inspections.record_findings(s.pk, user=p.users["county"], **args)


# persona -> status of the township's list of inspections
READERS = [
    ("admin", 200),
    ("assessor", 200),
    ("leader", 200),
    ("county", 200),
    ("reporter", 404),
    ("outsider", 404),
]


@pytest.mark.parametrize(("persona", "status"), READERS)
def test_the_township_and_its_county_read_the_inspections_and_nobody_else(
    campaign: Prepared, client: Any, persona: str, status: int
) -> None:
    i = _record(campaign, ["V1"])
    client.force_login(campaign.users[persona])
    assert client.get("/assessment/t/T1/inspections/").status_code == status
    assert client.get(f"/assessment/inspections/{i.pk}/").status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(campaign: Prepared, client: Any) -> None:
    r = client.get("/assessment/t/T1/inspections/")
    assert r.status_code == 302 and "login" in r["Location"]


# persona -> status of POST new inspection
RECORDERS = [
    ("county", 302),
    ("admin", 403),
    ("assessor", 403),
    ("leader", 403),
    ("reporter", 404),
    ("outsider", 404),
]


def _post(client: Any, **over: Any) -> Any:
    data = {
        "kind": "acceptance",
        "level": "county",
        "day": "2026-12-03",
        "period": "2026Q4",
        "campaign": "",
        "inspectors": "县卫健局 王某",
        "units": ["V1", "V5", "V9"],
        "note": "",
    }
    data.update(over)
    return client.post("/assessment/t/T1/inspections/new/", data)


@pytest.mark.parametrize(("persona", "status"), RECORDERS)
def test_only_the_countys_leader_records_an_inspection(
    campaign: Prepared, client: Any, persona: str, status: int
) -> None:
    from kaoping.web.assessment.models import Inspection

    client.force_login(campaign.users[persona])
    r = _post(client)
    assert r.status_code == status
    assert Inspection.objects.count() == (status == 302)


def test_the_recorded_sample_is_the_three_villages_ticked_with_its_audit(
    campaign: Prepared, client: Any
) -> None:
    from kaoping.engine import Period
    from kaoping.web.assessment.models import Inspection
    from kaoping.web.planning.services import spot_checked

    client.force_login(campaign.users["county"])
    _post(client, campaign=str(campaign.campaign.pk))  # type: ignore[attr-defined]
    i = Inspection.objects.get()
    assert sorted(s.unit.code for s in i.sampled.all()) == ["V1", "V5", "V9"]
    assert i.campaign_id == campaign.campaign.pk  # type: ignore[attr-defined]
    assert [e.note for e in i.events.all()] == ["抽查：东村、第5村、第9村"]
    assert spot_checked(campaign.world.t1, Period.parse("2026Q4")) == ["V1", "V5", "V9"]


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"day": "2026-13-40"}, "核查日期"),
        ({"units": []}, "请至少选择一个村（社区）"),
        ({"units": ["W1"]}, "抽查单位"),
        ({"inspectors": ""}, "核查人员"),
        ({"period": "2026Q9"}, "季度"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    campaign: Prepared, client: Any, over: dict[str, Any], message: str
) -> None:
    from kaoping.web.assessment.models import Inspection

    client.force_login(campaign.users["county"])
    r = _post(client, **over)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Inspection.objects.exists()


def test_a_unit_of_another_township_is_refused_by_the_service(campaign: Prepared) -> None:
    from kaoping.web.assessment import inspections
    from kaoping.web.assessment.models import Inspection

    with pytest.raises(inspections.Refused, match="不是本乡镇的村（社区）：红旗村"):
        inspections.record(
            campaign.world.t1, kind="spot_check", level="county", day=date(2026, 12, 3),
            period="2026Q4", inspectors="县局", units=[campaign.world.w1],
            user=campaign.users["county"],
        )  # fmt: skip
    assert not Inspection.objects.exists()


# element -> observed; the reported figures of V2 in 2026Q4 are 40/37/1 (conftest)
DIFFERENCES = [
    ({"invited": Decimal(40), "attended": Decimal(37)}, None),
    ({"invited": Decimal(40), "attended": Decimal(33)}, "实到人数上报37，核查33"),
    ({"records_ok": Decimal(0)}, "例会记录规范上报1，核查0"),
]


@pytest.mark.parametrize(("observed", "followup"), DIFFERENCES)
def test_a_difference_from_the_reported_figures_opens_a_follow_up(
    campaign: Prepared, observed: dict[str, Decimal], followup: str | None
) -> None:
    from kaoping.web.assessment.models import Rectification

    i = _record(campaign, ["V2"])
    s = _findings(campaign, i, "V2", verdict="failed", observed=observed)
    shown = {f.element: (f.reported, f.observed) for f in s.figures.all()}
    assert {k: v[1] for k, v in shown.items()} == observed
    items = list(Rectification.objects.filter(inspection=i))
    if followup is None:
        assert items == []
        return
    (item,) = items
    assert (item.unit.code, item.kind, item.to, item.due) == (
        "V2", "上级核查数据不符整改", "unit", date(2027, 1, 2),
    )  # fmt: skip
    assert followup in item.events.get().note


def test_a_figure_the_unit_did_not_report_is_refused(campaign: Prepared) -> None:
    from kaoping.web.assessment import inspections

    i = _record(campaign, ["V2"])
    with pytest.raises(inspections.Refused, match="没有上报这些指标：births"):
        _findings(campaign, i, "V2", observed={"births": Decimal(1)})


def test_a_veto_needs_its_reason(campaign: Prepared) -> None:
    from kaoping.web.assessment import inspections

    i = _record(campaign, ["V2"])
    with pytest.raises(inspections.Refused, match="否决理由"):
        _findings(campaign, i, "V2", veto=True)


# With V2 vetoed by the campaign's acceptance: V2 0 points, rank 10, in the bottom
# group with V10 (55); the top is V1, V3, V4 (100, 90, 85).
VETOED = {
    "V1": ("100", 1, "top", [("通报表扬", None), ("奖励", "500")]),
    "V3": ("90", 2, "top", [("通报表扬", None), ("奖励", "300")]),
    "V4": ("85", 3, "top", [("通报表扬", None), ("奖励", "200")]),
    "V10": ("55", 9, "bottom", [("通报批评", None), ("罚款", "100"), ("整改", None)]),
    "V2": ("0", 10, "bottom", [("通报批评", None), ("罚款", "300"), ("整改", None)]),
}


def _table(a: Any) -> dict[str, Any]:
    return {
        u["unit"]: (
            format_exact(Decimal(u["total"])),
            u["rank"],
            u["group"],
            [
                (x["kind"], None if x["amount"] is None else format_exact(Decimal(x["amount"])))
                for x in u["actions"]
            ],
        )
        for u in a.results["units"]
    }


def test_a_veto_at_the_campaigns_acceptance_flows_into_the_campaigns_result(
    campaign: Prepared,
) -> None:
    i = _record(campaign, ["V2", "V5", "V9"], campaign=campaign.campaign)  # type: ignore[attr-defined]
    _findings(campaign, i, "V2", verdict="failed", veto=True, veto_reason="活动台账弄虚作假")
    a = campaign_assessment(campaign)
    table = _table(a)
    assert {k: table[k] for k in VETOED} == VETOED
    v2 = next(u for u in a.results["units"] if u["unit"] == "V2")
    assert v2["vetoed"] is True
    assert any("上级核查一票否决" in d["text"] for d in v2["deductions"])
    assert a.snapshot["vetoes_from_above"] == [
        ["V2", "2026Q4", f"{i}：活动台账弄虚作假"],
    ]
    # The quarter's own assessment is not the campaign's: V2 keeps its 94.
    q4 = assessment_in(campaign, "2026Q4")
    assert _table(q4)["V2"][0] == "94"


def test_a_veto_at_a_spot_check_flows_into_the_quarters_result_and_withholds_its_award(
    campaign: Prepared,
) -> None:
    i = _record(campaign, ["V1"])
    _findings(campaign, i, "V1", verdict="failed", veto=True, veto_reason="服务日记录不实")
    q4 = assessment_in(campaign, "2026Q4")
    v1 = next(u for u in q4.results["units"] if u["unit"] == "V1")
    assert (format_exact(Decimal(v1["total"])), v1["vetoed"]) == ("0", True)
    assert all(act["withheld"] == "veto" for act in v1["actions"] if act["effect"] == "award")
    # The campaign's assessment is untouched by a veto given to the quarter.
    assert _table(campaign_assessment(campaign))["V1"][0] == "100"


def test_the_recorded_findings_page_shows_reported_beside_observed(
    campaign: Prepared, client: Any
) -> None:
    i = _record(campaign, ["V2"])
    client.force_login(campaign.users["county"])
    form = client.get(f"/assessment/inspections/{i.pk}/units/V2/")
    assert form.status_code == 200
    r = client.post(
        f"/assessment/inspections/{i.pk}/units/V2/",
        {"verdict": "failed", "obs_attended": "33", "veto_reason": "", "note": "台账不全"},
    )
    assert r.status_code == 302
    page = client.get(f"/assessment/inspections/{i.pk}/").content.decode()
    assert "实到人数：上报37，核查33" in page
    assert "上级核查数据不符整改" in page
    # The township's admin reads it but may not enter findings.
    client.force_login(campaign.users["admin"])
    assert client.get(f"/assessment/inspections/{i.pk}/units/V2/").status_code == 403


def test_findings_reject_a_negative_figure_naming_the_element(
    campaign: Prepared, client: Any
) -> None:
    i = _record(campaign, ["V2"])
    client.force_login(campaign.users["county"])
    r = client.post(
        f"/assessment/inspections/{i.pk}/units/V2/", {"verdict": "passed", "obs_attended": "-3"}
    )
    assert r.status_code == 400
    assert "实到人数" in r.content.decode()
