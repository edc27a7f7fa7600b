"""The steps of a follow-up (报告完成, 验收通过, 退回重新整改) through their view:
who may take which, from which state, and what each leaves in the audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from .conftest import Prepared
from .followup_world import V1_ITEMS, approved_q3_v1_bottom, items, v1_item

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def v1_asked(prepared: Prepared) -> Any:
    approved_q3_v1_bottom(prepared)
    assert items(prepared.world.t1) == V1_ITEMS
    return v1_item()


def _post(login: Any, persona: str, pk: int, action: str, note: str) -> Any:
    url = reverse("assessment:followup_step", args=[pk, action])
    return login(persona).post(url, {"note": note}, **HX)


# persona, state before, action, note, HTTP status, state after, message shown
TABLE = [
    ("reporter", "open", "report", "已召开党员大会整改", 200, "reported", "已报告完成"),
    ("admin", "open", "report", "村里交来纸质报告", 200, "reported", "已报告完成"),
    ("reporter", "open", "report", "", 200, "open", "整改落实情况：这个字段是必填项。"),
    ("reporter", "reported", "report", "再报一次", 200, "reported", "只有待整改的事项可以报告完成"),
    ("reporter", "verified", "report", "再报一次", 200, "verified", "当前状态：已验收"),
    ("assessor", "superseded", "report", "报告", 200, "superseded", "只有待整改"),
    ("assessor", "reported", "verify", "", 200, "verified", "已验收"),
    ("assessor", "open", "verify", "", 200, "open", "只有已报告完成的事项可以验收"),
    ("admin", "verified", "verify", "", 200, "verified", "当前状态：已验收"),
    ("admin", "reported", "reopen", "缺会议照片", 200, "open", "已退回重新整改"),
    ("admin", "reported", "reopen", "   ", 200, "reported", "退回原因"),
    ("assessor", "open", "reopen", "原因", 200, "open", "只有已报告完成的事项可以退回"),
    ("assessor", "verified", "reopen", "原因", 200, "verified", "当前状态：已验收"),
    ("reporter", "reported", "verify", "", 403, "reported", "只有镇办管理员和工作人员"),
    ("reporter", "reported", "reopen", "不服", 403, "reported", "只有镇办管理员和工作人员"),
    ("leader", "reported", "verify", "", 403, "reported", "只有镇办管理员和工作人员"),
    ("leader", "open", "report", "代报", 403, "open", "只有本村报表员或镇办工作人员"),
    ("reporter2", "open", "report", "别村代报", 404, "open", ""),
    ("outsider", "reported", "verify", "", 404, "reported", ""),
]


@pytest.mark.parametrize(("persona", "before", "action", "note", "code", "after", "shown"), TABLE)
def test_a_step_moves_the_item_only_for_the_right_person_from_the_right_state(
    login: Any,
    v1_asked: Any,
    persona: str,
    before: str,
    action: str,
    note: str,
    code: int,
    after: str,
    shown: str,
) -> None:
    from kaoping.web.assessment.models import Rectification

    Rectification.objects.filter(pk=v1_asked.pk).update(state=before)
    events = v1_asked.events.count()
    r = _post(login, persona, v1_asked.pk, action, note)
    assert r.status_code == code
    assert shown in r.content.decode()
    v1_asked.refresh_from_db()
    assert v1_asked.state == after
    moved = before != after
    assert v1_asked.events.count() == events + (1 if moved else 0)


def test_every_step_is_audited_with_who_and_the_note(login: Any, v1_asked: Any) -> None:
    _post(login, "reporter", v1_asked.pk, "report", "已整改")
    _post(login, "admin", v1_asked.pk, "reopen", "缺会议照片")
    _post(login, "reporter", v1_asked.pk, "report", "补交照片")
    _post(login, "assessor", v1_asked.pk, "verify", "同意")
    assert [(e.action, e.user.username, e.note) for e in v1_asked.events.all()] == [
        ("open", "leader", "第1版审定"),
        ("report", "reporter", "已整改"),
        ("reopen", "admin", "缺会议照片"),
        ("report", "reporter", "补交照片"),
        ("verify", "assessor", "同意"),
    ]
    v1_asked.refresh_from_db()
    assert (v1_asked.state, v1_asked.note) == ("verified", "补交照片")


def test_a_step_without_htmx_redirects_back_with_the_message(login: Any, v1_asked: Any) -> None:
    url = reverse("assessment:followup_step", args=[v1_asked.pk, "verify"])
    r = login("assessor").post(url, {"note": ""}, follow=True)
    assert r.redirect_chain[-1][0] == reverse("assessment:followups_unit", args=["T1", "V1"])
    assert "只有已报告完成的事项可以验收（当前状态：待整改）" in r.content.decode()


@pytest.mark.parametrize("persona", ["anonymous"])
def test_an_anonymous_step_goes_to_the_login_page(login: Any, v1_asked: Any, persona: str) -> None:
    url = reverse("assessment:followup_step", args=[v1_asked.pk, "report"])
    r = login(persona).post(url, {"note": "x"})
    assert r.status_code == 302 and "/login" in r["Location"]


def test_an_unknown_step_is_not_found(login: Any, v1_asked: Any) -> None:
    url = reverse("assessment:followup_step", args=[v1_asked.pk, "delete"])
    assert login("admin").post(url).status_code == 404
