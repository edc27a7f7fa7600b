"""Approving an assessment: it locks every report it read, at the versions it read
them; it is refused while one is open or changed, on a stale page, and by anyone
who prepared it or whose account a preparer controls. A locked figure changes
only by a leader's reopening with a reason, which starts a new version."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.assessment import services
from kaoping.web.assessment.models import Assessment, AssessmentEvent
from kaoping.web.core import services as core
from kaoping.web.core.models import Membership, Report, ReportEvent
from tests.asking import asks, dialog, question, resent, yes

from .conftest import Prepared, assessment_in


def q4(prepared: Prepared, code: str) -> Report:
    unit = {"V1": prepared.world.v1, "V2": prepared.world.v2, "V3": prepared.world.v3}[code]
    return Report.objects.get(unit=unit, period="2026Q4")


def reports_submitted(prepared: Prepared) -> None:
    """The quarter's reports as villages leave them: submitted, not yet approved."""
    Report.objects.filter(period="2026Q4").update(status="submitted")


def approve(client: Any, a: Assessment) -> Any:
    a.refresh_from_db()
    return client.post(
        f"/assessment/{a.pk}/approve/", yes({"revision": str(a.revision)}), follow=True
    )


def test_approving_an_assessment_locks_every_report_it_read(prepared: Prepared, login: Any) -> None:
    reports_submitted(prepared)
    a = assessment_in(prepared, "2026Q4", "submitted")
    page = approve(login("leader"), a).content.decode()
    assert "已审定，结果已冻结" in page
    assert set(Report.objects.filter(period="2026Q4").values_list("status", flat=True)) == {
        "approved"
    }
    assert (
        ReportEvent.objects.filter(
            action="approve", note="随2026Q4考评第1版审定锁定", user=prepared.users["leader"]
        ).count()
        == 3
    )


def test_after_approval_staff_cannot_change_a_village_figure_with_a_save(
    prepared: Prepared, login: Any
) -> None:
    reports_submitted(prepared)
    a = assessment_in(prepared, "2026Q4", "submitted")
    approve(login("leader"), a)
    ds = prepared.world.ds
    r = login("assessor").post(
        f"/report/{ds.pk}/V1/2026Q4/", {"version": "0", "action": "save", "invited": "41"}
    )
    assert r.status_code == 403
    with pytest.raises(core.Refused, match="已审核锁定"):
        core.save_figures(
            q4(prepared, "V1"),
            {"invited": Decimal(41)},
            user=prepared.users["assessor"],
            path="form",
        )
    assert q4(prepared, "V1").values()["invited"] == Decimal(40)


@pytest.mark.parametrize(("status", "shown"), [("draft", "草稿"), ("returned", "已退回")])
def test_an_assessment_is_not_approved_while_a_report_it_read_is_open(
    prepared: Prepared, login: Any, status: str, shown: str
) -> None:
    reports_submitted(prepared)
    Report.objects.filter(unit=prepared.world.v2, period="2026Q4").update(status=status)
    a = assessment_in(prepared, "2026Q4", "submitted")
    client = login("leader")
    detail = client.get(f"/assessment/{a.pk}/").content.decode()
    blocking = detail.split('id="blocking"')[1].split("</div>")[0]
    assert "西村" in blocking and shown in blocking and "东村" not in blocking
    page = approve(client, a).content.decode()
    assert f"西村 2026Q4：状态为“{shown}”" in page
    a.refresh_from_db()
    assert a.status == "submitted"
    assert set(Report.objects.filter(period="2026Q4").values_list("status", flat=True)) == {
        "submitted",
        status,
    }


def test_an_assessment_whose_figures_changed_since_computing_is_not_approved(
    prepared: Prepared, login: Any
) -> None:
    reports_submitted(prepared)
    a = assessment_in(prepared, "2026Q4", "submitted")
    core.save_figures(
        q4(prepared, "V2"), {"attended": Decimal(36)}, user=prepared.users["assessor"], path="form"
    )
    page = approve(login("leader"), a).content.decode()
    assert "西村 2026Q4：数据已从第0版改为第1版" in page
    a.refresh_from_db()
    assert a.status == "submitted"
    assert q4(prepared, "V1").status == "submitted"  # nothing locked either


def test_a_page_shown_before_a_recomputation_cannot_approve(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "submitted")
    shown = a.revision
    users = prepared.users
    services.transition(a.pk, "return", users["leader"], "请核对")
    services.compute(a.pk, users["assessor"])
    services.transition(a.pk, "submit", users["assessor"])
    r = login("leader").post(f"/assessment/{a.pk}/approve/", {"revision": str(shown)}, follow=True)
    assert "已被重新计算或修改" in r.content.decode()
    a.refresh_from_db()
    assert a.status == "submitted"
    r = login("leader").post(f"/assessment/{a.pk}/approve/", follow=True)
    assert "已被重新计算或修改" in r.content.decode()  # no revision binds to nothing


def test_whoever_computed_an_assessment_cannot_approve_it(prepared: Prepared) -> None:
    users = prepared.users
    Membership.objects.create(user=users["assessor"], role="leader", unit=prepared.world.t1)
    a = assessment_in(prepared, "2026Q4", "submitted")
    with pytest.raises(services.Refused, match="assessor参与编制了本考评"):
        services.transition(a.pk, "approve", users["assessor"], revision=a.revision)


def test_whoever_entered_a_manual_deduction_cannot_approve(prepared: Prepared) -> None:
    users = prepared.users
    a = services.create_assessment(prepared.world.t1, "2026Q4", prepared.rubric, users["assessor"])
    services.add_manual(a.pk, prepared.world.v2, "other", Decimal(2), "计划迟交", users["leader"])
    services.compute(a.pk, users["assessor"])
    services.transition(a.pk, "submit", users["assessor"])
    a.refresh_from_db()
    with pytest.raises(services.Refused, match="leader参与编制了本考评"):
        services.transition(a.pk, "approve", users["leader"], revision=a.revision)


def test_a_leader_account_the_preparing_admin_created_cannot_approve(
    prepared: Prepared, login: Any
) -> None:
    client = login("admin")
    client.post(
        "/users/",
        {
            "username": "puppet",
            "password1": "another-horse-battery-7",
            "password2": "another-horse-battery-7",
            "role": "leader",
        },
    )
    users = prepared.users
    a = services.create_assessment(prepared.world.t1, "2026Q4", prepared.rubric, users["admin"])
    services.compute(a.pk, users["admin"])
    services.transition(a.pk, "submit", users["admin"])
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="puppet"))
    page = approve(client, a).content.decode()
    assert "admin（本账号的创建或授权人）参与编制了本考评" in page
    a.refresh_from_db()
    assert a.status == "submitted"
    # The township's own leader, whose account the admin did not make, may.
    assert "已审定，结果已冻结" in approve(login("leader"), a).content.decode()


def reopen(client: Any, prepared: Prepared, reason: str) -> Any:
    ds = prepared.world.ds
    return client.post(f"/report/{ds.pk}/V2/2026Q4/reopen/", yes({"reason": reason}), follow=True)


def test_a_leader_reopens_a_locked_report_with_a_reason_and_the_assessment_gets_a_new_version(
    prepared: Prepared, login: Any
) -> None:
    a = assessment_in(prepared, "2026Q4", "published")
    results = a.results
    page = reopen(login("leader"), prepared, "实到人数录错").content.decode()
    assert "已解锁" in page
    rep = q4(prepared, "V2")
    assert (rep.status, rep.return_reason) == ("returned", "实到人数录错")
    event = ReportEvent.objects.get(report=rep, action="reopen")
    assert (event.user, event.note) == (prepared.users["leader"], "实到人数录错")
    new = Assessment.objects.get(period="2026Q4", version=2)
    assert (new.status, new.corrects_id) == ("draft", a.pk)
    assert "西村" in new.correction_reason and "实到人数录错" in new.correction_reason
    assert AssessmentEvent.objects.filter(assessment=a, action="correct").exists()
    a.refresh_from_db()
    assert (a.status, a.results) == ("published", results)  # the old version stays as it was
    # Now the correction may be entered, and the new version computes from it.
    core.save_figures(rep, {"attended": Decimal(40)}, user=prepared.users["assessor"], path="form")
    assert q4(prepared, "V2").values()["attended"] == Decimal(40)


@pytest.mark.parametrize(("persona", "reason"), [("leader", " "), ("assessor", "录错")])
def test_reopening_needs_a_leader_and_a_reason(
    prepared: Prepared, login: Any, persona: str, reason: str
) -> None:
    assessment_in(prepared, "2026Q4", "approved")
    reopen(login(persona), prepared, reason)
    assert q4(prepared, "V2").status == "approved"
    assert not ReportEvent.objects.filter(action="reopen").exists()
    assert not Assessment.objects.filter(version=2).exists()


def test_reopening_without_the_answer_names_the_report_and_the_assessment_it_corrects(
    prepared: Prepared, login: Any
) -> None:
    assessment_in(prepared, "2026Q4", "published")
    ds, t1 = prepared.world.ds, prepared.world.t1.name
    said = (
        f"解锁后，西村 2026Q4的{ds.name}退回修改，村里可以修改后重新提交；"
        f"读过它的1个已审定考评（{t1}2026Q4考评第1版）将各建立一个更正版本，"
        "需要重新计算和审定。确定解锁吗？"
    )
    client = login("leader")
    url = f"/report/{ds.pk}/V2/2026Q4/"
    assert dialog(client.get(url).content.decode(), "reopen-report") == said
    r = client.post(url + "reopen/", {"reason": "实到人数录错"})
    assert r.status_code == 200
    assert question(r.content.decode()) == said
    assert resent(r.content.decode()) == {"reason": ["实到人数录错"], "confirmed": ["yes"]}
    assert q4(prepared, "V2").status == "approved"
    assert not Assessment.objects.filter(version=2).exists()
    assert client.post(url + "reopen/", yes({"reason": "实到人数录错"})).status_code == 302
    assert q4(prepared, "V2").status == "returned"
    # Open now, the correction is not started twice: a second reopening would start none.
    core.save_figures(
        q4(prepared, "V2"), {}, user=prepared.users["assessor"], path="form", submit=True
    )
    core.approve(q4(prepared, "V2"), prepared.users["leader"], version=q4(prepared, "V2").version)
    page = client.get(url).content.decode()
    assert dialog(page, "reopen-report") == (
        f"解锁后，西村 2026Q4的{ds.name}退回修改，村里可以修改后重新提交；"
        "没有已审定的考评要因此更正。确定解锁吗？"
    )


@pytest.mark.parametrize(("persona", "reason"), [("leader", " "), ("assessor", "录错")])
def test_a_reopening_without_a_reason_or_a_leader_is_refused_before_being_asked(
    prepared: Prepared, login: Any, persona: str, reason: str
) -> None:
    assessment_in(prepared, "2026Q4", "approved")
    ds = prepared.world.ds
    r = login(persona).post(f"/report/{ds.pk}/V2/2026Q4/reopen/", {"reason": reason}, follow=True)
    assert not asks(r.content.decode())
    assert q4(prepared, "V2").status == "approved"
