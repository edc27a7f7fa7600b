"""Approving or returning a page of reports at once: each report by the same
guarded step as its own page (four eyes, version, status under the lock, audit),
and the answer says which went through and which were refused, and why."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from kaoping.web.core import services
from kaoping.web.core.models import Report, ReportEvent
from tests.asking import ANSWER, asks, question, resent, yes
from tests.web import bulk_race_scenarios, race_scenarios

FIGURES = {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1)}


def page_url(world: Any) -> str:
    return f"/datasets/{world.ds.pk}/2026Q3/completeness/"


def submitted(world: Any, unit: Any, by: str) -> Report:
    rep = services.report_for(world.ds, unit, "2026Q3")
    services.save_figures(rep, FIGURES, user=world.users[by], path="form", submit=True)
    return rep


@pytest.fixture
def three(world: Any) -> dict[str, Report]:
    """东村 by its reporter, 西村 by its reporter, 镇中社区 by the admin."""
    return {
        "东村": submitted(world, world.v1, "reporter"),
        "西村": submitted(world, world.v2, "reporter2"),
        "镇中社区": submitted(world, world.v3, "admin"),
    }


def picked(reports: list[Report], **extra: str) -> dict[str, Any]:
    """The page's form with ``reports`` ticked, answered yes (tests/asking.py)."""
    data: dict[str, Any] = yes({"report": [str(r.pk) for r in reports], **extra})
    for r in reports:
        data[f"version-{r.pk}"] = str(r.version)
    return data


def refused_rows(page: str) -> dict[str, str]:
    body = page.split('id="bulk-refused"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", body, re.S)
    return {re.sub(r"<[^>]+>", "", u).strip(): why for u, why in rows}


def test_the_page_offers_a_box_for_each_submitted_report_and_the_sentence_to_confirm(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    Report.objects.filter(pk=three["西村"].pk).update(status="approved")
    page = login("leader").get(page_url(world)).content.decode()
    boxes = re.findall(r'name="report" value="(\d+)" data-name="([^"]+)"', page)
    assert sorted(n for _pk, n in boxes) == ["东村", "镇中社区"]
    assert "将审核通过并锁定所选的{count}份报表：{names}" in page
    assert 'id="bulk-return"' in page


@pytest.mark.parametrize(("persona", "boxes"), [("reporter", False), ("assessor", True)])
def test_only_who_may_review_sees_the_boxes(
    login: Any, world: Any, three: dict[str, Report], persona: str, boxes: bool
) -> None:
    page = login(persona).get(page_url(world)).content.decode()
    assert ('name="report"' in page) is boxes
    # The assessor may return, not approve.
    assert 'id="bulk-approve"' not in page


def test_a_leader_approves_what_others_entered_and_is_told_what_was_refused(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    reports = list(three.values())
    r = login("admin").post(page_url(world) + "bulk/", picked(reports, action="approve"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "已审核通过并锁定2份报表，未通过1份。" in page
    assert refused_rows(page) == {
        "镇中社区": "镇中社区 2026Q3：admin录入或修改过数据，不能由同一人审核"
    }
    status = {name: Report.objects.get(pk=rep.pk).status for name, rep in three.items()}
    assert status == {"东村": "approved", "西村": "approved", "镇中社区": "submitted"}
    events = ReportEvent.objects.filter(action="approve").values_list(
        "report__unit__name", "user__username"
    )
    assert sorted(events) == [("东村", "admin"), ("西村", "admin")]


def test_a_report_approved_by_someone_else_meanwhile_is_refused_and_named(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    shown = [three["东村"], three["西村"]]
    services.approve(three["西村"], world.users["leader"], version=three["西村"].version)
    page = (
        login("admin")
        .post(page_url(world) + "bulk/", picked(shown, action="approve"))
        .content.decode()
    )
    assert refused_rows(page) == {"西村": "西村 2026Q3：已审核锁定，如需修改请由领导解锁更正"}
    assert ReportEvent.objects.filter(action="approve", report=three["西村"]).count() == 1


def test_a_report_changed_since_the_page_was_shown_is_not_approved(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    data = picked([three["东村"]], action="approve")
    services.save_figures(
        three["东村"], {"attended": Decimal(36)}, user=world.users["assessor"], path="form"
    )
    page = login("leader").post(page_url(world) + "bulk/", data).content.decode()
    assert refused_rows(page) == {"东村": "东村 2026Q3：数据已从第1版改为第2版，请重新查看"}
    assert Report.objects.get(pk=three["东村"].pk).status == "submitted"


def test_returning_a_page_gives_each_report_the_one_reason_and_audits_it(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    Report.objects.filter(pk=three["西村"].pk).update(status="approved")
    reports = [three["东村"], three["西村"]]
    page = (
        login("assessor")
        .post(
            page_url(world) + "bulk/",
            picked(reports, action="return", reason="应到人数与花名册不符"),
        )
        .content.decode()
    )
    assert "已退回1份报表，未退回1份。" in page
    assert refused_rows(page) == {"西村": "西村 2026Q3：已审核锁定，如需修改请由领导解锁更正"}
    east = Report.objects.get(pk=three["东村"].pk)
    assert (east.status, east.return_reason) == ("returned", "应到人数与花名册不符")
    assert list(ReportEvent.objects.filter(action="return").values_list("report_id", "note")) == [
        (east.pk, "应到人数与花名册不符")
    ]


@pytest.mark.parametrize("reason", ["", "   ", "长" * 1001])
def test_a_bulk_return_without_a_fitting_reason_changes_nothing(
    login: Any, world: Any, three: dict[str, Report], reason: str
) -> None:
    r = login("leader").post(
        page_url(world) + "bulk/",
        picked(list(three.values()), action="return", reason=reason),
        follow=True,
    )
    assert "批量退回时必须填写退回原因（不超过1000字）。" in r.content.decode()
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}


def unanswered(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ANSWER}


@pytest.mark.parametrize(
    ("action", "extra", "said", "done"),
    [
        ("approve", {}, "将审核通过并锁定所选的2份报表：东村、西村。锁定后村里不能再修改，确定吗？",
         "已审核通过并锁定2份报表"),
        ("return", {"reason": "应到人数与花名册不符"},
         "将退回所选的2份报表：东村、西村，请村里按退回原因修改后重新提交，确定吗？",
         "已退回2份报表"),
    ],
)  # fmt: skip
def test_a_bulk_action_without_the_answer_asks_how_many_and_whose_and_changes_nothing(
    login: Any,
    world: Any,
    three: dict[str, Report],
    action: str,
    extra: dict[str, str],
    said: str,
    done: str,
) -> None:
    data = unanswered(picked([three["西村"], three["东村"]], action=action, **extra))
    client = login("leader")
    r = client.post(page_url(world) + "bulk/", data)
    assert r.status_code == 200
    page = r.content.decode()
    assert question(page) == said
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}
    assert not ReportEvent.objects.filter(action__in=["approve", "return"]).exists()
    # The question page sends the same ticks, versions and reason with the answer.
    again = resent(page)
    assert again.pop("confirmed") == ["yes"]
    assert again == {k: v if isinstance(v, list) else [v] for k, v in data.items()}
    r = client.post(page_url(world) + "bulk/", {**again, **ANSWER})
    assert done in r.content.decode()
    status = {"approve": "approved", "return": "returned"}[action]
    assert {Report.objects.get(pk=three[n].pk).status for n in ("东村", "西村")} == {status}


def test_a_bulk_return_without_a_reason_is_refused_before_being_asked(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    data = unanswered(picked([three["东村"]], action="return", reason=""))
    page = login("leader").post(page_url(world) + "bulk/", data, follow=True).content.decode()
    assert not asks(page)
    assert "批量退回时必须填写退回原因" in page


@pytest.mark.parametrize("answered", [True, False])
@pytest.mark.parametrize(
    ("persona", "action", "status"),
    [
        ("reporter", "approve", 403),
        ("reporter", "return", 403),
        ("assessor", "approve", 403),
        ("outsider", "approve", 404),
        ("outsider", "return", 404),
    ],
)
def test_who_may_not_cannot_act_on_the_page_nor_is_asked(
    login: Any,
    world: Any,
    three: dict[str, Report],
    persona: str,
    action: str,
    status: int,
    answered: bool,
) -> None:
    data = picked(list(three.values()), action=action, reason="x")
    if not answered:
        data = unanswered(data)
    assert login(persona).post(page_url(world) + "bulk/", data).status_code == status
    assert set(Report.objects.values_list("status", flat=True)) == {"submitted"}


def test_a_report_of_another_township_slipped_into_the_form_is_ignored(
    login: Any, world: Any, three: dict[str, Report]
) -> None:
    other = services.report_for(world.ds2, world.w1, "2026Q3")
    Report.objects.filter(pk=other.pk).update(status="submitted")
    other.refresh_from_db()
    page = (
        login("leader")
        .post(page_url(world) + "bulk/", picked([three["东村"], other], action="approve"))
        .content.decode()
    )
    assert "另有1项不属于本数据集本期的报表，已忽略。" in page
    assert Report.objects.get(pk=other.pk).status == "submitted"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "delete", "report": ["1"]},
        {"action": "approve", "report": ["x"]},
        {"action": "approve", "report": [str(n) for n in range(2001)]},
    ],
)
def test_malformed_requests_are_refused_with_400(
    login: Any, world: Any, three: dict[str, Report], data: dict[str, Any]
) -> None:
    assert login("leader").post(page_url(world) + "bulk/", data).status_code == 400


def test_a_bulk_approval_needs_the_csrf_token(world: Any, three: dict[str, Report]) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["leader"])
    r = client.post(page_url(world) + "bulk/", picked([three["东村"]], action="approve"))
    assert r.status_code == 403
    assert Report.objects.get(pk=three["东村"].pk).status == "submitted"


# --- race ---------------------------------------------------------------------------


def test_two_bulk_approvals_of_overlapping_pages_approve_each_report_exactly_once(
    transactional_db: Any, tmp_path: Path
) -> None:
    if connection.vendor == "sqlite":
        result = race_scenarios.run_in_child(
            tmp_path,
            "tests.web.conftest:build_world",
            "tests.web.bulk_race_scenarios:overlapping_bulk_approvals",
            6,
        )
    else:
        from tests.web.conftest import build_world

        result = bulk_race_scenarios.overlapping_bulk_approvals(build_world(), 6)
    assert result["errors"] == [], result
    # Every trial: 东村 and 镇中社区 by one approver each, 西村 (on both pages) by
    # exactly one of them, the other told it is already locked.
    assert result["approvals_per_report"] == {"东村": 6, "西村": 6, "镇中社区": 6}
    assert result["overlap_refusals"] == 6
    assert result["refusal_texts"] == ["西村：已审核锁定，如需修改请由领导解锁更正"]
