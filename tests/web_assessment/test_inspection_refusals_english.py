"""A refused inspection says why in the language of the request: the inspection
services word their refusals as whole sentences of the assessment catalogue."""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from .campaign_world import prepare_campaign
from .conftest import Prepared


@pytest.fixture
def campaign(db: Any) -> Prepared:
    return prepare_campaign()


def _record(p: Prepared, **over: Any) -> Any:
    from kaoping.web.assessment import inspections

    args: dict[str, Any] = {
        "kind": "spot_check", "level": "county", "day": date(2026, 12, 3),
        "period": "2026Q4", "inspectors": "县卫健局 王某",
        "units": [p.units["V2"]], "user": p.users["county"],  # type: ignore[attr-defined]
    }  # fmt: skip
    args.update(over)
    return inspections.record(p.world.t1, **args)


def _findings(p: Prepared, **over: Any) -> Any:
    from kaoping.web.assessment import inspections

    s = _record(p).sampled.get(unit__code="V2")
    args: dict[str, Any] = {
        "verdict": "passed", "veto": False, "veto_reason": "", "note": "", "observed": {},
    }  # fmt: skip
    args.update(over)
    return inspections.record_findings(s.pk, user=p.users["county"], **args)


# (the refused call, what it says in Chinese, what it says in English)
REFUSALS = [
    (
        lambda p: _record(p, period="2026Q9"),
        "季度：“2026Q9”不是季度，例如 2026Q2",
        'Quarter: "2026Q9" is not a quarter, for example 2026Q2',
    ),
    (
        lambda p: _record(p, user=p.users["admin"]),
        "只有本县及其上级市、省的领导可以登记上级核查",
        "Only a leader of the county, or of the city or province above it, may record an inspection",
    ),
    (
        lambda p: _record(p, units=[]),
        "抽查单位：请至少选择一个村（社区）",
        "Sampled units: please choose at least one village (community)",
    ),
    (
        lambda p: _findings(p, veto=True),
        "否决理由：一票否决时请写明理由",
        "Reason for the veto: please give the reason for a veto",
    ),
    (
        lambda p: _findings(p, observed={"births": Decimal(1), "deaths": Decimal(2)}),
        "核查数：该单位2026年第四季度没有上报这些指标：births、deaths",
        "Inspected figures: the unit did not report these elements for Q4 2026: births, deaths",
    ),
]


@pytest.mark.parametrize(("refused", "chinese", "english"), REFUSALS)
@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_an_inspection_refusal_is_said_in_the_language_active_when_it_is_raised(
    campaign: Prepared, refused: Any, chinese: str, english: str, lang: str
) -> None:
    from kaoping.web.assessment.refusals import Refused

    with translation.override(lang), pytest.raises(Refused) as caught:
        refused(campaign)
    assert caught.value.message == (english if lang == "en" else chinese)


def test_findings_refused_on_the_page_are_said_in_english(campaign: Prepared, client: Any) -> None:
    i = _record(campaign)
    client.force_login(campaign.users["county"])
    r = client.post(
        f"/assessment/inspections/{i.pk}/units/V2/",
        {"verdict": "failed", "veto": "on", "veto_reason": "", "note": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = html.unescape(r.content.decode())
    assert r.status_code == 400
    assert "Reason for the veto: please give the reason for a veto" in page
    assert "否决理由" not in page
