"""A campaign's consequence addressed to a work area (``to: area``) reaches the
dispatch work area: the area is the recipient, its work group leader (组长) the
person (else its 片长 on the campaign's last day), shown on the area's dispatch
page and in the campaign's section of the ledger.

campaign_world: V1, V2, V3 are in 第一片 A1, V4..V10 in no area. The campaign's
top three (V1 100, V2 95, V3 90) also commend their area, once per area (RUBRIC.md
§5.1 ``once_per: person``: kept on the lowest code, V1, from V1, V2, V3); its
bottom two (V9, V10) criticise theirs, but they have none:

| unit | action to area | area | person                     |
|------|----------------|------|----------------------------|
| V1   | 通报表扬       | A1   | 钱八 (组长), else 赵六 (片长) |
| V9   | 通报批评       | —    | —                          |
| V10  | 通报批评       | —    | —                          |
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .campaign_world import CAMPAIGN_RUBRIC, prepare_campaign
from .conftest import PASSWORD, Prepared

TOP = "      - {kind: 奖励, to: [unit], amount: {by_rank: [500, 300, 200]}}"
BOTTOM = "      - {kind: 整改, to: [unit], due_days: 15}"


@pytest.fixture
def campaign(db: Any) -> Prepared:
    from kaoping.web.assessment.models import RubricVersion

    prepared = prepare_campaign()
    text = CAMPAIGN_RUBRIC.replace(
        TOP, TOP + "\n      - {kind: 通报表扬, to: [area], once_per: person}"
    ).replace(BOTTOM, BOTTOM + "\n      - {kind: 通报批评, to: [area]}")
    prepared.campaign_rubric = RubricVersion.objects.create(  # type: ignore[attr-defined]
        township=prepared.world.t1, number=3, name="秋季服务活动考评细则", text=text
    )
    return prepared


def _group(prepared: Prepared) -> None:
    from kaoping.web.core.models import Person
    from kaoping.web.dispatch.models import WorkGroup, WorkGroupMember

    lead = Person.objects.create(
        unit=prepared.world.a1, role="area_deputy", name="钱八", start=date(2025, 1, 1)
    )
    group = WorkGroup.objects.create(
        campaign=prepared.campaign,  # type: ignore[attr-defined]
        area=prepared.world.a1,
        name="第一片工作组",
    )
    WorkGroupMember.objects.create(group=group, person=lead, is_leader=True)


def _approved(prepared: Prepared) -> Any:
    from .campaign_world import campaign_assessment

    return campaign_assessment(prepared, "approved")


def _area_rows(a: Any) -> list[tuple[str, str, str | None, str]]:
    return [
        (e.unit.code, e.kind, e.area.code if e.area else None, e.person)
        for e in a.ledger.filter(to="area").select_related("unit", "area").order_by("unit__code")
    ]


def test_the_area_is_the_recipient_and_its_group_leader_the_person(campaign: Prepared) -> None:
    _group(campaign)
    a = _approved(campaign)
    assert _area_rows(a) == [
        ("V1", "通报表扬", "A1", "钱八"),
        ("V10", "通报批评", None, ""),
        ("V9", "通报批评", None, ""),
    ]
    v1 = next(u for u in a.results["units"] if u["unit"] == "V1")
    to_area = next(x for x in v1["actions"] if x["to"] == "area")
    assert (to_area["area"], to_area["holder"], to_area["from"]) == ("A1", "钱八",
                                                                    ["V1", "V2", "V3"])  # fmt: skip
    # Who the engine reckons the action reaches is still the area, not the name.
    assert to_area["person"] is None


def test_without_a_work_group_the_area_chief_receives_it(campaign: Prepared) -> None:
    a = _approved(campaign)
    assert _area_rows(a)[0] == ("V1", "通报表扬", "A1", "赵六")


def test_the_areas_dispatch_page_lists_what_the_campaign_gave_it(
    campaign: Prepared, client: Any
) -> None:
    _group(campaign)
    _approved(campaign)
    c = campaign.campaign  # type: ignore[attr-defined]
    client.login(username="admin", password=PASSWORD)
    page = client.get(f"/dispatch/campaigns/{c.pk}/areas/A1/?day=2026-11-30").content.decode()
    section = page.split('id="area-ledger"', 1)[1].split("</table>", 1)[0]
    assert "钱八" in section and "通报表扬" in section and "东村" in section
    assert "通报批评" not in section  # V9's and V10's reach no area


def test_a_draft_gives_the_area_page_nothing(campaign: Prepared, client: Any) -> None:
    from .campaign_world import campaign_assessment

    campaign_assessment(campaign, "draft")
    c = campaign.campaign  # type: ignore[attr-defined]
    client.login(username="admin", password=PASSWORD)
    page = client.get(f"/dispatch/campaigns/{c.pk}/areas/A1/?day=2026-11-30").content.decode()
    assert 'id="area-consequences"' not in page


def test_the_campaigns_ledger_section_names_the_area(campaign: Prepared, client: Any) -> None:
    _group(campaign)
    _approved(campaign)
    client.login(username="leader", password=PASSWORD)
    page = client.get("/assessment/t/T1/ledger/2026/").content.decode()
    section = page.split('id="campaigns"', 1)[1]
    row = next(r for r in section.split("<tr>") if "钱八" in r)
    assert "<td>第一片</td>" in row and "通报表扬" in row


def test_the_campaigns_results_name_the_area_and_its_group_leader(
    campaign: Prepared, client: Any
) -> None:
    _group(campaign)
    a = _approved(campaign)
    client.login(username="leader", password=PASSWORD)
    page = client.get(f"/assessment/{a.pk}/").content.decode()
    table = page.split('id="consequences"', 1)[1].split("</table>", 1)[0]
    assert "<th>片区</th>" in table
    row = next(r for r in table.split("<tr>") if "钱八" in r)
    # 单位 东村 (V1, kept for the area), 片区 第一片, 姓名 钱八 (组长).
    assert row.startswith("<td>东村</td><td>第一片</td>") and "通报表扬" in row
    # V9's and V10's criticism has no area: the column is empty there.
    v9 = [r for r in table.split("<tr>") if "通报批评" in r and "片区" not in r]
    assert v9 and all("<td></td>" in r for r in v9)
