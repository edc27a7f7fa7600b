"""An inspection's findings are recorded in Chinese whoever entered them, and an
English page shows them in English: the verdict, a veto and each figure that
differed (V2 西村 reported 40 invited, 37 attended and records_ok 1 for 2026Q4:
campaign_world)."""

from __future__ import annotations

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


# (verdict, veto, observed figures, the note kept, the note an English page shows)
CASES = [
    ("passed", False, {}, "西村：合格", "西村: Passed"),
    ("failed", True, {}, "西村：不合格，一票否决", "西村: Failed, vetoed"),
    (
        "failed",
        False,
        {"invited": Decimal(40), "attended": Decimal(33), "records_ok": Decimal(0)},
        "西村：不合格；数据不符：实到人数上报37，核查33；例会记录规范上报1，核查0",
        "西村: Failed; figures differ: 实到人数 reported 37, found 33; 例会记录规范 reported 1, found 0",
    ),
    (
        "failed",
        True,
        {"attended": Decimal(30)},
        "西村：不合格，一票否决；数据不符：实到人数上报37，核查30",
        "西村: Failed, vetoed; figures differ: 实到人数 reported 37, found 30",
    ),
]


@pytest.mark.parametrize(("verdict", "veto", "observed", "kept", "english"), CASES)
@pytest.mark.parametrize("entered_in", ["zh-hans", "en"])
def test_findings_are_kept_in_chinese_and_shown_in_english(
    campaign: Prepared,
    verdict: str,
    veto: bool,
    observed: dict[str, Decimal],
    kept: str,
    english: str,
    entered_in: str,
) -> None:
    from kaoping.web.assessment import inspections
    from kaoping.web.assessment.notes import sampled_shown

    i = inspections.record(
        campaign.world.t1, kind="spot_check", level="county", day=date(2026, 12, 3),
        period="2026Q4", inspectors="县卫健局 王某", units=[campaign.units["V2"]],  # type: ignore[attr-defined]
        user=campaign.users["county"],
    )  # fmt: skip
    with translation.override(entered_in):
        inspections.record_findings(
            i.sampled.get().pk, user=campaign.users["county"], verdict=verdict, veto=veto,
            veto_reason="台账不实" if veto else "", note="", observed=observed,
        )  # fmt: skip
    event = i.events.get(action="findings")
    assert event.note == kept
    with translation.override("en"):
        assert sampled_shown(event) == english
    with translation.override("zh-hans"):
        assert sampled_shown(event) == kept
