"""A county approves its assessment on its townships' approvals: every village
report the computation read must be approved by its township (审核锁定), and is
locked by the approval through the reports' one gate (core.services.guarded); once
the county's assessment is approved, no township reopens a report it read
(docs/county.md "Approval goes up the tree").

The world (conftest.py): 示范县 C1's seven villages, each with an approved 2026Q3
report of version 1 holding its figures; a hand-made change of one report's
status or version stands for the township's work.

| V22's report          | county approval                                     |
|-----------------------|-----------------------------------------------------|
| submitted             | refused, names 西镇V22村 2026Q3（已提交）            |
| approved by T2 leader | approved, no recomputation (approving keeps v1)     |
| returned, v2          | refused: not approved, and changed since computing  |
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kaoping.web.assessment import county
from kaoping.web.assessment.models import CountyAssessment, CountyAssessmentEvent
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import DataSet, Membership, Report, ReportEvent

from .conftest import PERIOD, CountyWorld, build, fill_entries

pytestmark = pytest.mark.django_db

V22_SUBMITTED = (
    "以下1份村（社区）报表尚未经乡镇审核锁定，不能审定：西镇V22村 2026Q3（已提交）。"
    "请乡镇先审核锁定，再审定本考评"
)
V21_LOCKED = (
    "示范县2026Q3的考评已审定，读取了V21村 2026Q3的报表，不能再解锁更正；"
    "如确需修改，请联系示范县建立该考评的更正版本，更正版本建立后即可解锁更正"
)


def _report(w: CountyWorld, village: str) -> Report:
    return Report.objects.get(unit=w.units[village], period=PERIOD, dataset__code="q")


def _computed(w: CountyWorld) -> CountyAssessment:
    a = county.create(w.units["C1"], PERIOD, w.rubric, w.users["county_admin"])
    fill_entries(w, a)
    return county.compute(a.pk, w.users["county_assessor"])


@pytest.fixture
def v22_submitted(db: Any) -> CountyWorld:
    """V22's report only submitted when the county computes; V11 has an empty draft
    report of a second data set (a report that holds no figures is not read)."""
    w = build()
    Report.objects.filter(unit=w.units["V22"]).update(status="submitted")
    monthly = DataSet.objects.create(township=w.units["T1"], code="m", name="月度数据")
    Report.objects.create(dataset=monthly, unit=w.units["V11"], period=PERIOD, status="draft")
    return w


def test_a_county_approval_is_refused_while_a_village_report_is_only_submitted(
    v22_submitted: CountyWorld,
) -> None:
    w = v22_submitted
    a = _computed(w)
    with pytest.raises(Refused) as refused:
        county.transition(a.pk, "approve", w.users["county_leader"], a.revision)
    assert refused.value.message == V22_SUBMITTED
    assert CountyAssessment.objects.get(pk=a.pk).status == "draft"
    assert not CountyAssessmentEvent.objects.filter(assessment=a, action="approve").exists()
    # The county approves nothing of a village's itself.
    assert _report(w, "V22").status == "submitted"


def test_the_county_approves_once_the_township_has_approved_the_report(
    v22_submitted: CountyWorld,
) -> None:
    w = v22_submitted
    a = _computed(w)
    with pytest.raises(Refused):
        county.transition(a.pk, "approve", w.users["county_leader"], a.revision)
    core.approve(_report(w, "V22"), w.users["township_leader"], version=1)
    # Approving keeps the figures' version: no recomputation is needed.
    done = county.transition(a.pk, "approve", w.users["county_leader"], a.revision)
    assert done.status == "approved"
    assert CountyAssessmentEvent.objects.filter(assessment=a, action="approve").count() == 1
    assert _report(w, "V22").status == "approved"


def test_a_report_returned_and_changed_since_computing_refuses_with_both_reasons(
    cw: CountyWorld,
) -> None:
    a = _computed(cw)
    Report.objects.filter(unit=cw.units["V22"]).update(status="returned", version=2)
    with pytest.raises(Refused) as refused:
        county.transition(a.pk, "approve", cw.users["county_leader"], a.revision)
    assert refused.value.message == (
        "以下1份村（社区）报表尚未经乡镇审核锁定，不能审定：西镇V22村 2026Q3（已退回）。"
        "请乡镇先审核锁定，再审定本考评；"
        "计算之后以下村（社区）的数据有变动，请重新计算后再审定：V22村"
    )


@pytest.mark.parametrize("status", ["approved", "published"])
def test_a_township_may_not_reopen_a_report_the_county_approved(
    cw: CountyWorld, status: str
) -> None:
    a = _computed(cw)
    county.transition(a.pk, "approve", cw.users["county_leader"], a.revision)
    if status == "published":
        county.transition(a.pk, "publish", cw.users["county_admin"])
    report = _report(cw, "V21")
    with pytest.raises(core.Refused) as refused:
        core.reopen(report, cw.users["township_leader"], "V21村实到人数录错")
    assert refused.value.message == V21_LOCKED
    assert _report(cw, "V21").status == "approved"
    assert not ReportEvent.objects.filter(report=report, action="reopen").exists()
    # 邻县's V91 is no village of 示范县: the approved assessment does not hold it.
    leader = cw.users["outsider_township"]
    Membership.objects.create(user=leader, role="leader", unit=cw.units["T9"])
    core.reopen(_report(cw, "V91"), leader, "V91村数据更正")
    assert _report(cw, "V91").status == "returned"


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_approve_page_refuses_before_asking_while_a_report_is_only_submitted(
    client: Any, v22_submitted: CountyWorld
) -> None:
    a = _computed(v22_submitted)
    client.force_login(v22_submitted.users["county_leader"])
    url = reverse("assessment:county_step", args=[a.pk, "approve"])
    r = client.post(url, {"revision": a.revision})
    assert r.status_code == 302  # no question asked
    assert _messages(r) == [V22_SUBMITTED]
    assert CountyAssessment.objects.get(pk=a.pk).status == "draft"


def test_the_reopen_page_refuses_before_asking_once_the_county_approved(
    client: Any, cw: CountyWorld
) -> None:
    a = _computed(cw)
    county.transition(a.pk, "approve", cw.users["county_leader"], a.revision)
    report = _report(cw, "V21")
    client.force_login(cw.users["township_leader"])
    url = reverse("report_reopen", args=[report.dataset_id, "V21", PERIOD])
    r = client.post(url, {"reason": "V21村实到人数录错"})
    assert r.status_code == 302  # no question asked
    assert _messages(r) == [V21_LOCKED]
    client.get(r.url)  # the message shown
    # Answered yes anyway (a page asked before the county approved): refused the same.
    r = client.post(url, {"reason": "V21村实到人数录错", "confirmed": "yes"})
    assert _messages(r) == [V21_LOCKED]
    assert _report(cw, "V21").status == "approved"


def test_both_refusals_read_in_english(v22_submitted: CountyWorld) -> None:
    from django.utils import translation

    w = v22_submitted
    a = _computed(w)
    with translation.override("en"), pytest.raises(Refused) as refused:
        county.transition(a.pk, "approve", w.users["county_leader"], a.revision)
    assert refused.value.message == (
        "1 village (community) report(s) not yet approved and locked by their "
        "townships, so the assessment cannot be approved: V22村 of 西镇, 2026Q3 (Submitted). "
        "Have the townships approve them first, then approve this assessment"
    )
    core.approve(_report(w, "V22"), w.users["township_leader"], version=1)
    county.transition(a.pk, "approve", w.users["county_leader"], a.revision)
    with translation.override("en"), pytest.raises(core.Refused) as reopen:
        core.reopen(_report(w, "V21"), w.users["township_leader"], "V21村实到人数录错")
    assert reopen.value.message == (
        "示范县 has approved its 2026Q3 assessment, which read the report of V21村 for "
        "2026Q3: the report can no longer be reopened. If the report must change, ask 示范县 "
        "to start a correction of that assessment; once the correction is started, the "
        "report may be reopened"
    )
