"""Approval up the tree: the villages' reports approved by 西镇, 西镇's quarter
approved by its leader, then accepted by the county (县级验收), which locks the
quarter: no report reopened, no correction started, until the county returns it
with a reason; four eyes; an audit row with every step."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.assessment import acceptance, services
from kaoping.web.assessment.models import (
    Assessment,
    TownshipAcceptance,
    TownshipAcceptanceEvent,
)
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core import services as core
from kaoping.web.core.models import Membership, Report
from tests.asking import asks, dialog

from .conftest import PERIOD, TOWNSHIP_RUBRIC, CountyWorld, township_approved


@pytest.fixture
def approved(cw: CountyWorld) -> Assessment:
    return township_approved(cw)


def _accept(cw: CountyWorld, a: Assessment, persona: str = "county_leader") -> Any:
    return acceptance.accept(cw.units["C1"], "T2", PERIOD, a.pk, cw.users[persona])


def _v21(cw: CountyWorld) -> Report:
    return Report.objects.get(unit=cw.units["V21"], period=PERIOD)


def test_accepting_locks_the_three_reports_the_version_read_and_writes_one_audit_row(
    cw: CountyWorld, approved: Assessment
) -> None:
    row = _accept(cw, approved)
    assert (row.status, row.assessment_id, row.by) == (
        "accepted",
        approved.pk,
        cw.users["county_leader"],
    )
    # V21, V22, V23 at version 1 each.
    assert [v for _pk, v in row.reports] == [1, 1, 1]
    events = list(TownshipAcceptanceEvent.objects.filter(acceptance=row))
    assert [(e.action, e.note) for e in events] == [("accept", "第1版，报表3份锁定")]


def test_an_accepted_quarter_refuses_a_village_report_reopening(
    cw: CountyWorld, approved: Assessment
) -> None:
    _accept(cw, approved)
    with pytest.raises(core.Refused, match="已经县级验收锁定"):
        core.reopen(_v21(cw), cw.users["township_leader"], "数字有误")
    assert _v21(cw).status == "approved"
    # Nothing half-done: no correction version was started.
    assert Assessment.objects.filter(township=cw.units["T2"]).count() == 1


def test_an_accepted_quarter_refuses_the_reopening_and_the_correction_before_asking(
    client: Any, cw: CountyWorld, approved: Assessment
) -> None:
    _accept(cw, approved)
    r = _v21(cw)
    client.force_login(cw.users["township_leader"])
    report = f"/report/{r.dataset_id}/V21/{PERIOD}/"
    # The page's button asks nothing; the server says why and asks nothing either.
    assert dialog(client.get(report).content.decode(), "reopen-report") is None
    page = client.post(report + "reopen/", {"reason": "数字有误"}, follow=True).content.decode()
    assert not asks(page) and "已经县级验收锁定" in page
    client.force_login(cw.users["township_admin"])
    page = client.post(
        f"/assessment/{approved.pk}/correct/", {"reason": "重算"}, follow=True
    ).content.decode()
    assert not asks(page) and "已经县级验收锁定" in page
    assert _v21(cw).status == "approved"
    assert Assessment.objects.filter(township=cw.units["T2"]).count() == 1


def test_an_accepted_quarter_refuses_a_correction_of_the_assessment(
    cw: CountyWorld, approved: Assessment
) -> None:
    _accept(cw, approved)
    with pytest.raises(Refused, match="已经县级验收锁定"):
        services.correct(approved.pk, "重算", cw.users["township_admin"])
    assert Assessment.objects.filter(township=cw.units["T2"]).count() == 1


def test_a_return_lifts_the_lock_and_the_township_reopens_and_changes(
    cw: CountyWorld, approved: Assessment
) -> None:
    _accept(cw, approved)
    row = acceptance.return_to_township(
        cw.units["C1"], "T2", PERIOD, "V22村应到人数与台账不符", cw.users["county_assessor"]
    )
    assert (row.status, row.reason) == ("returned", "V22村应到人数与台账不符")
    core.reopen(_v21(cw), cw.users["township_leader"], "县里退回")
    assert _v21(cw).status == "returned"
    # The reopening started the correction (version 2) in its transaction.
    assert Assessment.objects.get(township=cw.units["T2"], version=2).status == "draft"
    actions = list(
        TownshipAcceptanceEvent.objects.filter(acceptance=row)
        .order_by("id")
        .values_list("action", "note")
    )
    assert actions == [
        ("accept", "第1版，报表3份锁定"),
        ("return", "第1版：V22村应到人数与台账不符"),
    ]


def test_while_a_correction_is_open_the_county_cannot_accept_the_old_version(
    cw: CountyWorld, approved: Assessment
) -> None:
    services.correct(approved.pk, "补录", cw.users["township_admin"])
    with pytest.raises(Refused, match="正在更正"):
        _accept(cw, approved)
    assert not TownshipAcceptance.objects.exists()


def test_a_version_replaced_since_the_page_was_shown_is_refused(
    cw: CountyWorld, approved: Assessment
) -> None:
    new = services.correct(approved.pk, "补录", cw.users["township_admin"])
    services.compute(new.pk, cw.users["township_admin"])
    services.transition(new.pk, "submit", cw.users["township_admin"])
    services.transition(new.pk, "approve", cw.users["township_leader"])
    with pytest.raises(Refused, match="已有更新的审定版本（第2版）"):
        _accept(cw, approved)
    assert _accept(cw, Assessment.objects.get(pk=new.pk)).assessment_id == new.pk


def test_a_draft_is_not_accepted(cw: CountyWorld) -> None:
    rv = services.upload_rubric(
        cw.units["T2"], TOWNSHIP_RUBRIC, "t.yaml", cw.users["township_admin"]
    )
    a = services.create_assessment(cw.units["T2"], PERIOD, rv, cw.users["township_admin"])
    with pytest.raises(Refused, match="未经乡镇审定"):
        _accept(cw, a)


def test_accepting_twice_is_refused_and_audited_once(cw: CountyWorld, approved: Assessment) -> None:
    _accept(cw, approved)
    with pytest.raises(Refused, match="已经县级验收（第1版）"):
        _accept(cw, approved, "county_assessor")
    assert TownshipAcceptanceEvent.objects.count() == 1


def test_whoever_prepared_the_townships_assessment_may_not_accept_it(
    cw: CountyWorld, approved: Assessment
) -> None:
    # The township's admin, who created and computed it, also holds a county role.
    Membership.objects.create(user=cw.users["township_admin"], role="leader", unit=cw.units["C1"])
    with pytest.raises(Refused, match="township_admin参与编制或审定了西镇的考评"):
        _accept(cw, approved, "township_admin")
    assert not TownshipAcceptance.objects.exists()


def test_the_township_leader_who_approved_may_not_accept_either(
    cw: CountyWorld, approved: Assessment
) -> None:
    Membership.objects.create(user=cw.users["township_leader"], role="leader", unit=cw.units["C1"])
    with pytest.raises(Refused, match="township_leader参与编制或审定"):
        _accept(cw, approved, "township_leader")


@pytest.mark.parametrize("persona", ["township_admin", "township_leader", "reporter", "outsider"])
def test_only_county_staff_and_leaders_accept_or_return(
    cw: CountyWorld, approved: Assessment, persona: str
) -> None:
    with pytest.raises(Refused, match="只有县级领导和工作人员"):
        _accept(cw, approved, persona)
    with pytest.raises(Refused, match="只有县级领导和工作人员"):
        acceptance.return_to_township(cw.units["C1"], "T2", PERIOD, "x", cw.users[persona])
    assert not TownshipAcceptance.objects.exists()


def test_a_return_needs_a_reason_and_a_bounded_one(cw: CountyWorld, approved: Assessment) -> None:
    c1, leader = cw.units["C1"], cw.users["county_leader"]
    with pytest.raises(Refused, match="请写明原因"):
        acceptance.return_to_township(c1, "T2", PERIOD, "  ", leader)
    with pytest.raises(Refused, match="不能超过1000字，收到1001字"):
        acceptance.return_to_township(c1, "T2", PERIOD, "长" * 1001, leader)
    assert not TownshipAcceptance.objects.exists()


def test_a_township_of_another_county_is_refused_by_name(
    cw: CountyWorld, approved: Assessment
) -> None:
    with pytest.raises(Refused, match="乡镇“T9”不属于示范县"):
        acceptance.accept(cw.units["C1"], "T9", PERIOD, approved.pk, cw.users["county_leader"])


def test_a_report_changed_after_the_township_approved_refuses_the_acceptance(
    cw: CountyWorld, approved: Assessment
) -> None:
    # Reopened by the township before the county looked: the guard sees it returned.
    core.reopen(_v21(cw), cw.users["township_leader"], "改数")
    with pytest.raises(Refused) as refused:
        _accept(cw, approved)
    assert refused.value.message == (
        "西镇考评读取的报表在审定之后有变动，不能验收："
        "V21村 2026Q3：状态为“已退回”，不能随考评审定锁定"
    )
    assert not TownshipAcceptance.objects.exists()


def test_the_quarter_states_as_the_dashboard_shows_them(
    cw: CountyWorld, approved: Assessment
) -> None:
    towns = [cw.units["T1"], cw.units["T2"]]
    before = acceptance.states(towns, PERIOD)
    assert before[cw.units["T1"].pk].label == "乡镇未审定"
    assert before[cw.units["T2"].pk].label == "乡镇已审定（第1版），待验收"
    assert before[cw.units["T2"].pk].acceptable
    _accept(cw, approved)
    after = acceptance.states(towns, PERIOD)[cw.units["T2"].pk]
    assert (after.label, after.acceptable) == ("县级已验收（第1版）", False)
