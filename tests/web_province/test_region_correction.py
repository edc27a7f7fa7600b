"""A province's approved assessment of its counties is corrected as a county's is
(docs/province.md, docs/county.md "Correct": the same code): its leader starts the
correction, nobody else; while it is open a township reopens a report it read."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import Report

from .region_world import PERIOD, RegionWorld, build, computed

REASON = "江北县统计数据准确率录入有误"


@pytest.fixture
def rw(db: Any) -> RegionWorld:
    return build()


def _approved(rw: RegionWorld) -> CountyAssessment:
    a = computed(rw)
    return county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)


# What each persona gets from a confirmed correction of the province's approved assessment.
CORRECT = {
    "province_leader": 302,
    "province_admin": 403,
    **{p: 404 for p in ["city_admin", "city_leader", "township_admin", "other_province_admin",
                        "other_county_leader", "county_leader", "county_admin"]},
}  # fmt: skip


@pytest.mark.parametrize("persona", sorted(CORRECT))
def test_starting_a_correction_of_a_province_assessment(
    client: Any, rw: RegionWorld, persona: str
) -> None:
    a = _approved(rw)
    client.force_login(rw.users[persona])
    r = client.post(
        reverse("assessment:region_assess_correct", args=[a.pk]),
        {"reason": REASON, "confirmed": "yes"},
    )
    assert r.status_code == CORRECT[persona]
    versions = list(
        CountyAssessment.objects.filter(county=a.county, period=PERIOD).values_list(
            "version", "status"
        )
    )
    assert versions == (
        [(2, "draft"), (1, "approved")] if r.status_code == 302 else [(1, "approved")]
    )


def test_while_the_province_corrects_a_township_reopens_a_report_it_read(rw: RegionWorld) -> None:
    a = _approved(rw)
    report = Report.objects.get(unit=rw.units["V11"], period=PERIOD)
    with pytest.raises(core.Refused) as refused:
        core.reopen(report, rw.users["township_admin"], "V11村应到人数录错")
    assert "请联系江南省建立该考评的更正版本" in refused.value.message
    new = county.correct(a.pk, REASON, rw.users["province_leader"])
    core.reopen(report, rw.users["township_admin"], "V11村应到人数录错")
    assert Report.objects.get(pk=report.pk).status == "returned"
    # The reopened report now keeps the correction from being approved until the
    # township approves it again.
    new = county.compute(new.pk, rw.users["province_admin"])
    with pytest.raises(Refused):
        county.transition(new.pk, "approve", rw.users["province_leader"], new.revision)
