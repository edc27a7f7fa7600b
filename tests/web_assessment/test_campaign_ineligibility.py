"""A campaign's own 取消评优资格 (RUBRIC.md §5.1 ``ineligible``) reaches the quarterly
assessments of its scope: from the quarter of the campaign's last day, for the rest
of the year (``scope: quarter``: that quarter only).

The world is campaign_world's: the 秋季服务活动 (2026Q4) ranks V9 (60) and V10 (55)
bottom; here its bottom group also loses eligibility (to the unit and its 专干).
The quarterly rubric (conftest.RUBRIC) commends its top group and pays each top
unit's 专干 200. Hand-computed quarterly 2026Q4 (V4..V10 report 10/10, records 1):

| unit | total | rank | top? | 通报表扬 (unit) | 奖励 专干 200        |
|------|-------|------|------|-----------------|----------------------|
| V1   | 100   | 1    | yes  | given           | 张三 200             |
| V4-8 | 100   | 1    | yes  | given           | nobody holds 专干    |
| V9   | 100   | 1    | yes  | withheld        | 专干 vacant: withheld |
| V10  | 100   | 1    | yes  | withheld        | 孙七 withheld, none  |

2026Q3 is before the campaign's quarter: nothing withheld there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from .campaign_world import CAMPAIGN_RUBRIC, prepare_campaign
from .conftest import Prepared, assessment_in

BOTTOM = "      - {kind: 整改, to: [unit], due_days: 15}"


def _campaign_with(prepared: Prepared, extra: str) -> Any:
    from kaoping.web.assessment import services
    from kaoping.web.assessment.models import RubricVersion

    rv = RubricVersion.objects.create(
        township=prepared.world.t1,
        number=3,
        name="秋季服务活动考评细则",
        text=CAMPAIGN_RUBRIC.replace(BOTTOM, BOTTOM + "\n" + extra),
    )
    users = prepared.users
    a = services.create_assessment(
        prepared.world.t1, "", rv, users["assessor"],
        campaign=prepared.campaign,  # type: ignore[attr-defined]
    )  # fmt: skip
    services.compute(a.pk, users["assessor"])
    services.transition(a.pk, "submit", users["assessor"])
    services.transition(a.pk, "approve", users["leader"])
    return a


@pytest.fixture
def campaign(db: Any) -> Prepared:
    from kaoping.web.core.models import Person

    prepared = prepare_campaign()
    Person.objects.create(
        unit=prepared.units["V10"],  # type: ignore[attr-defined]
        role="service_worker",
        name="孙七",
        start=date(2025, 1, 1),
    )
    return prepared


def _acts(a: Any, code: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    unit = next(u for u in a.results["units"] if u["unit"] == code)
    return [
        (x["kind"], x["to"], x["person"], x["amount"], x["withheld"])
        for x in unit["actions"]
        if x["effect"] in ("commend", "award")
    ]


def test_the_campaigns_ineligible_units_and_people_get_nothing_from_the_quarter(
    campaign: Prepared,
) -> None:
    _campaign_with(campaign, "      - {kind: 取消评优资格, to: [unit, service_worker]}")
    q4 = assessment_in(campaign, "2026Q4")
    assert _acts(q4, "V1") == [("通报表扬", "unit", None, None, None),
                               ("奖励", "service_worker", "张三", "200", None)]  # fmt: skip
    assert _acts(q4, "V8") == [("通报表扬", "unit", None, None, None),
                               ("奖励", "service_worker", None, "200", None)]  # fmt: skip
    # Nobody holds V9's 专干: the role itself was barred, as the engine reckons it.
    assert _acts(q4, "V9") == [("通报表扬", "unit", None, None, "ineligible"),
                               ("奖励", "service_worker", None, None, "ineligible")]  # fmt: skip
    assert _acts(q4, "V10") == [("通报表扬", "unit", None, None, "ineligible"),
                                ("奖励", "service_worker", "孙七", None, "ineligible")]  # fmt: skip
    v10 = next(u for u in q4.results["units"] if u["unit"] == "V10")
    assert {x.get("withheld_by") for x in v10["actions"] if x["withheld"]} == {"秋季服务活动"}
    # The ledger names the campaign, with no amount.
    entry = q4.ledger.get(unit__code="V10", to="service_worker")
    assert entry.amount is None
    assert entry.reason.endswith("（不予兑现：已在“秋季服务活动”专项活动考评中取消评优资格）")
    # What was read is kept with the assessment's figures.
    assert ["unit", "V9", "秋季服务活动"] in q4.snapshot["ineligible_by_campaigns"]
    assert ["person", "孙七", "秋季服务活动"] in q4.snapshot["ineligible_by_campaigns"]


def test_an_earlier_quarter_is_not_touched_by_a_later_campaign(campaign: Prepared) -> None:
    _campaign_with(campaign, "      - {kind: 取消评优资格, to: [unit, service_worker]}")
    q3 = assessment_in(campaign, "2026Q3")
    assert _acts(q3, "V10") == [("通报表扬", "unit", None, None, None),
                                ("奖励", "service_worker", "孙七", "200", None)]  # fmt: skip
    assert q3.snapshot["ineligible_by_campaigns"] == []


def test_a_draft_campaign_assessment_withholds_nothing(campaign: Prepared) -> None:
    from kaoping.web.assessment import services

    a = _campaign_with(campaign, "      - {kind: 取消评优资格, to: [unit]}")
    # Sent back for a correction: the approved version still counts...
    q4 = assessment_in(campaign, "2026Q4")
    assert _acts(q4, "V9")[0][-1] == "ineligible"
    # ...but a campaign assessment never approved is not read at all.
    services.Assessment.objects.filter(pk=a.pk).update(status="draft")
    q4b = services.Assessment.objects.get(pk=q4.pk)
    services.compute(q4b.pk, campaign.users["assessor"])
    q4b.refresh_from_db()
    assert _acts(q4b, "V9")[0][-1] is None


def test_a_quarter_scoped_ineligibility_reaches_its_own_quarter_only(
    campaign: Prepared,
) -> None:
    _campaign_with(campaign, "      - {kind: 取消评优资格, to: [unit], scope: quarter}")
    q3 = assessment_in(campaign, "2026Q3")
    q4 = assessment_in(campaign, "2026Q4")
    assert _acts(q3, "V9")[0][-1] is None
    assert _acts(q4, "V9")[0][-1] == "ineligible"
