"""Approving a report: it binds to the version the approver saw, and four eyes —
whoever entered or changed its figures, or controls the approver's account, may
not approve it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.core import roles, services
from kaoping.web.core.models import ApiToken, Membership, Report, ReportEvent
from tests.asking import asks, dialog, question, resent, yes

# Run on PostgreSQL too (tests/conftest.py): an approval's status check is in the write's transaction.
pytestmark = pytest.mark.both_databases

URL = "/report/{ds}/V1/2026Q3/"
FIGURES = {"invited": Decimal(40), "attended": Decimal(38), "records_ok": Decimal(1)}


def url(world: Any) -> str:
    return URL.format(ds=world.ds.pk)


def submitted(world: Any, by: str = "reporter") -> Report:
    rep = services.report_for(world.ds, world.v1, "2026Q3")
    services.save_figures(rep, FIGURES, user=world.users[by], path="form", submit=True)
    return rep


def test_an_approval_of_the_version_shown_locks_the_report(login: Any, world: Any) -> None:
    rep = submitted(world)
    r = login("leader").post(url(world) + "approve/", yes({"version": str(rep.version)}))
    assert r.status_code == 302
    rep.refresh_from_db()
    assert rep.status == "approved"


def test_a_report_changed_since_the_approver_looked_is_not_approved_and_the_page_says_what_changed(
    login: Any, world: Any
) -> None:
    rep = submitted(world)
    shown = rep.version
    services.save_figures(rep, {"attended": Decimal(36)}, user=world.users["assessor"], path="form")
    r = login("leader").post(url(world) + "approve/", {"version": str(shown)})
    assert r.status_code == 409
    page = r.content.decode()
    assert "第1版改为第2版" in page
    assert "实到人数" in page and "38" in page and "36" in page and "assessor" in page
    rep.refresh_from_db()
    assert rep.status == "submitted"
    assert not ReportEvent.objects.filter(action="approve").exists()


def test_the_api_refuses_a_stale_approval_with_409_and_the_changes(client: Any, world: Any) -> None:
    rep = submitted(world)
    services.save_figures(rep, {"attended": Decimal(36)}, user=world.users["assessor"], path="form")
    _t, key = ApiToken.issue(world.users["leader"], "t")
    headers = {"HTTP_AUTHORIZATION": f"Token {key}", "content_type": "application/json"}
    target = f"/api/v1/reports/{world.ds.pk}/V1/2026Q3/approve/"
    r = client.post(target, data=json.dumps({"version": 1}), **headers)
    assert r.status_code == 409
    assert r.json()["changed"] == [
        {"element": "attended", "old": "38", "new": "36", "version": 2, "user": "assessor"}
    ]
    assert client.post(target, data=json.dumps({}), **headers).status_code == 400
    r = client.post(target, data=json.dumps({"version": 2}), **headers)
    assert (r.status_code, r.json()["status"]) == (200, "approved")


def test_the_admin_who_entered_the_figures_cannot_approve_them(login: Any, world: Any) -> None:
    rep = submitted(world, by="admin")
    r = login("admin").post(url(world) + "approve/", {"version": str(rep.version)})
    assert r.status_code == 409
    assert "admin录入或修改过数据，不能由同一人审核" in r.content.decode()
    rep.refresh_from_db()
    assert rep.status == "submitted"


def test_an_admin_who_only_changed_one_figure_cannot_approve_either(world: Any) -> None:
    rep = submitted(world)
    services.save_figures(rep, {"attended": Decimal(37)}, user=world.users["admin"], path="api")
    with pytest.raises(services.Refused, match="admin录入或修改过数据"):
        services.approve(rep, world.users["admin"], version=rep.version)


def test_an_admin_who_entered_nothing_may_approve(world: Any) -> None:
    rep = submitted(world)
    services.approve(rep, world.users["admin"], version=rep.version)
    rep.refresh_from_db()
    assert rep.status == "approved"


def _leader_made_by(actor: Any, world: Any) -> Any:
    from django.contrib.auth import get_user_model

    puppet = get_user_model().objects.create_user(username="puppet", password="x")
    roles.account_created(actor, puppet, world.t1)
    roles.grant(actor, puppet, Membership.Role.LEADER, world.t1)
    return puppet


def test_a_leader_account_the_entering_admin_created_cannot_approve_for_them(world: Any) -> None:
    rep = submitted(world, by="admin")
    puppet = _leader_made_by(world.users["admin"], world)
    with pytest.raises(services.Refused, match="admin（本账号的创建或授权人）"):
        services.approve(rep, puppet, version=rep.version)
    rep.refresh_from_db()
    assert rep.status == "submitted"


def test_a_leader_account_someone_else_created_may_approve_what_the_admin_entered(
    world: Any,
) -> None:
    rep = submitted(world, by="admin")
    puppet = _leader_made_by(world.users["outsider"], world)
    services.approve(rep, puppet, version=rep.version)
    rep.refresh_from_db()
    assert rep.status == "approved"


def test_a_leader_granted_the_role_later_by_the_entering_admin_cannot_approve(
    world: Any,
) -> None:
    from django.contrib.auth import get_user_model

    rep = submitted(world, by="admin")
    someone = get_user_model().objects.create_user(username="someone", password="x")
    roles.grant(world.users["admin"], someone, Membership.Role.LEADER, world.t1)
    with pytest.raises(services.Refused, match="本账号的创建或授权人"):
        services.approve(rep, someone, version=rep.version)


@pytest.mark.parametrize(
    ("persona", "status"), [("reporter", 403), ("assessor", 403), ("outsider", 404)]
)
def test_the_api_approval_is_for_approvers_of_the_township_only(
    client: Any, world: Any, persona: str, status: int
) -> None:
    rep = submitted(world)
    _t, key = ApiToken.issue(world.users[persona], "t")
    r = client.post(
        f"/api/v1/reports/{world.ds.pk}/V1/2026Q3/approve/",
        data=json.dumps({"version": rep.version}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert r.status_code == status
    rep.refresh_from_db()
    assert rep.status == "submitted"


def test_approving_without_the_answer_names_the_report_and_its_version_and_changes_nothing(
    login: Any, world: Any
) -> None:
    rep = submitted(world)
    said = (
        f"审核通过后，东村 2026Q3的{world.ds.name}按现在的第{rep.version}版锁定，"
        "村里不能再修改，需要修改时须由领导解锁更正。确定审核通过吗？"
    )
    client = login("leader")
    assert dialog(client.get(url(world)).content.decode(), "approve-report") == said
    r = client.post(url(world) + "approve/", {"version": str(rep.version)})
    assert r.status_code == 200
    assert question(r.content.decode()) == said
    assert resent(r.content.decode()) == {"version": [str(rep.version)], "confirmed": ["yes"]}
    rep.refresh_from_db()
    assert rep.status == "submitted"
    assert not ReportEvent.objects.filter(action="approve").exists()


def test_a_stale_or_own_approval_is_refused_before_being_asked(login: Any, world: Any) -> None:
    rep = submitted(world, by="admin")
    r = login("admin").post(url(world) + "approve/", {"version": str(rep.version)})
    assert r.status_code == 409 and not asks(r.content.decode())
    r = login("leader").post(url(world) + "approve/", {"version": str(rep.version - 1)})
    assert r.status_code == 409 and not asks(r.content.decode())
    rep.refresh_from_db()
    assert rep.status == "submitted"


@pytest.mark.parametrize(("persona", "status"), [("reporter", 403), ("outsider", 404)])
def test_who_may_not_approve_is_refused_before_being_asked(
    login: Any, world: Any, persona: str, status: int
) -> None:
    rep = submitted(world)
    r = login(persona).post(url(world) + "approve/", {"version": str(rep.version)})
    assert r.status_code == status and not asks(r.content.decode())
    rep.refresh_from_db()
    assert rep.status == "submitted"
