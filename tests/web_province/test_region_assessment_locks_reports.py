"""A province approves its assessment of its counties on the townships' approvals,
as a county does (tests/web_county/test_county_approval_locks_reports.py): every
village report it read approved by its township, locked by the approval; once it
is approved no township reopens one (docs/province.md).

The world (region_world.py): 江南省's seven villages, each with an approved 2026Q3
report of version 1. V33's (南镇, 直管县) made only submitted before computing.
"""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import Report

from .region_world import PERIOD, RegionWorld, build, computed

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(db: Any) -> RegionWorld:
    return build()


def test_a_province_approval_is_refused_while_a_village_report_is_only_submitted(
    rw: RegionWorld,
) -> None:
    Report.objects.filter(unit=rw.units["V33"]).update(status="submitted")
    a = computed(rw)
    with pytest.raises(Refused) as refused:
        county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    assert refused.value.message == (
        "以下1份村（社区）报表尚未经乡镇审核锁定，不能审定：南镇V33村 2026Q3（已提交）。"
        "请乡镇先审核锁定，再审定本考评"
    )
    assert CountyAssessment.objects.get(pk=a.pk).status == "draft"
    Report.objects.filter(unit=rw.units["V33"]).update(status="approved")
    assert county.transition(a.pk, "approve", rw.users["province_leader"], a.revision).frozen


def test_a_township_may_not_reopen_a_report_the_province_approved(rw: RegionWorld) -> None:
    a = computed(rw)
    county.transition(a.pk, "approve", rw.users["province_leader"], a.revision)
    report = Report.objects.get(unit=rw.units["V11"], period=PERIOD)
    with pytest.raises(core.Refused) as refused:
        core.reopen(report, rw.users["township_admin"], "V11村应到人数录错")
    assert refused.value.message == (
        "江南省2026Q3的考评已审定，读取了V11村 2026Q3的报表，不能再解锁更正；"
        "如确需修改，请联系江南省建立该考评的更正版本，更正版本建立后即可解锁更正"
    )
    assert Report.objects.get(pk=report.pk).status == "approved"
