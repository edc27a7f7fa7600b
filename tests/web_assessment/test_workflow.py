"""Status changes by role: draft → submitted → approved (frozen) → published, the
way back from submitted, corrections as new versions; refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.assessment.models import Assessment, AssessmentEvent, LedgerEntry
from tests.asking import asks, dialog, question, resent, yes

from .conftest import Prepared, assessment_in

# Run on PostgreSQL too (tests/conftest.py): scores are computed from figures read back from the database.
pytestmark = pytest.mark.both_databases

# (status before, action, persona, allowed)
MATRIX = [
    ("draft", "submit", "admin", True),
    ("draft", "submit", "assessor", True),
    ("draft", "submit", "leader", False),
    ("draft", "submit", "county", False),
    ("submitted", "approve", "leader", True),
    ("submitted", "approve", "admin", False),
    ("submitted", "approve", "assessor", False),
    ("submitted", "approve", "county", False),
    ("submitted", "return", "leader", True),
    ("submitted", "return", "assessor", False),
    ("approved", "publish", "admin", True),
    ("approved", "publish", "assessor", True),
    ("approved", "publish", "leader", False),
    ("approved", "publish", "county", False),
]

NEXT = {"submit": "submitted", "approve": "approved", "return": "draft", "publish": "published"}


@pytest.mark.parametrize(("before", "action", "persona", "allowed"), MATRIX)
def test_who_may_move_an_assessment_on(
    prepared: Prepared, login: Any, before: str, action: str, persona: str, allowed: bool
) -> None:
    a = assessment_in(prepared, "2026Q4", before)
    response = login(persona).post(
        f"/assessment/{a.pk}/{action}/", yes({"note": "数据需再核", "revision": str(a.revision)})
    )
    a.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert a.status == NEXT[action]
        assert a.events.filter(action=action, user=prepared.users[persona]).exists()
    else:
        assert response.status_code == 403
        assert a.status == before
        assert "只有" in response.content.decode()


@pytest.mark.parametrize("persona", ["reporter", "reporter2", "outsider", "anonymous"])
@pytest.mark.parametrize("action", ["submit", "approve", "return", "publish", "compute"])
def test_people_outside_the_township_office_cannot_even_find_it(
    prepared: Prepared, login: Any, persona: str, action: str
) -> None:
    a = assessment_in(prepared, "2026Q4", "draft")
    response = login(persona).post(f"/assessment/{a.pk}/{action}/")
    assert response.status_code in (302, 404)  # anonymous: to the login page
    if persona == "anonymous":
        assert "/login/" in response["Location"]
    a.refresh_from_db()
    assert a.status == "draft"


def test_approving_twice_says_so_and_changes_nothing(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "approved")
    events = a.events.count()
    response = login("leader").post(f"/assessment/{a.pk}/approve/", follow=True)
    assert "该考评已审定，不能再次审定" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "approved"
    assert a.events.count() == events


def test_returning_needs_a_reason(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "submitted")
    response = login("leader").post(f"/assessment/{a.pk}/return/", {"note": " "}, follow=True)
    assert "退回时请写明原因" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "submitted"


def test_submitting_before_computing_is_refused(prepared: Prepared, login: Any) -> None:
    from kaoping.web.assessment import services

    a = services.create_assessment(
        prepared.world.t1, "2026Q4", prepared.rubric, prepared.users["assessor"]
    )
    response = login("assessor").post(f"/assessment/{a.pk}/submit/", follow=True)
    assert "请先计算" in response.content.decode()
    a.refresh_from_db()
    assert a.status == "draft"


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_after_submission_nothing_is_recomputed_or_edited(
    prepared: Prepared, login: Any, status: str
) -> None:
    a = assessment_in(prepared, "2026Q4", status)
    results, snapshot = a.results, a.snapshot
    ledger = list(LedgerEntry.objects.filter(assessment=a).values_list("person", "amount"))
    client = login("assessor")
    r1 = client.post(f"/assessment/{a.pk}/compute/")
    r2 = client.post(
        f"/assessment/{a.pk}/unit/V2/manual/",
        {"path": "other", "points": "2", "reason": "年度计划未按时上交"},
        follow=True,
    )
    assert r1.status_code == 400 and "不能重新计算" in r1.content.decode()
    assert "不能再录入人工扣分" in r2.content.decode()
    a.refresh_from_db()
    assert (a.status, a.results, a.snapshot) == (status, results, snapshot)
    assert not a.manual_deductions.exists()
    assert list(LedgerEntry.objects.filter(assessment=a).values_list("person", "amount")) == ledger


def test_approved_results_do_not_follow_later_figure_changes(prepared: Prepared) -> None:
    from kaoping.web.assessment import services
    from kaoping.web.core.models import Figure

    a = assessment_in(prepared, "2026Q4", "approved")
    Figure.objects.filter(report__unit=prepared.world.v3, element="attended").update(value=20)
    a.refresh_from_db()
    v3 = next(u for u in a.results["units"] if u["unit"] == "V3")
    assert v3["total"] == "60"
    engine = services.run_engine(a)
    assert str(engine.period("2026Q4").unit("V3").total) == "60"


def test_a_correction_is_a_new_version_and_both_are_kept(prepared: Prepared, login: Any) -> None:
    from kaoping.web.core.models import Figure

    old = assessment_in(prepared, "2026Q4", "published")
    Figure.objects.filter(
        report__unit=prepared.world.v3, report__period="2026Q4", element="attended"
    ).update(value=19)
    client = login("assessor")
    response = client.post(
        f"/assessment/{old.pk}/correct/", yes({"reason": "镇中社区实到人数录错"})
    )
    new = Assessment.objects.get(period="2026Q4", version=2)
    assert response["Location"] == f"/assessment/{new.pk}/"
    assert (new.status, new.corrects_id, new.correction_reason) == (
        "draft",
        old.pk,
        "镇中社区实到人数录错",
    )
    client.post(f"/assessment/{new.pk}/compute/")
    new.refresh_from_db()
    old.refresh_from_db()
    # 19/20 = 95%: full 60 points, so V3 has 70 in the correction and 60 in the original.
    assert next(u for u in new.results["units"] if u["unit"] == "V3")["total"] == "70"
    assert next(u for u in old.results["units"] if u["unit"] == "V3")["total"] == "60"
    assert old.status == "published"
    assert AssessmentEvent.objects.filter(action="correct").count() == 2


def test_correcting_without_the_answer_says_which_version_it_makes_and_changes_nothing(
    prepared: Prepared, login: Any
) -> None:
    from kaoping.web.assessment.models import ManualDeduction

    old = assessment_in(prepared, "2026Q4", "approved")
    ManualDeduction.objects.create(
        assessment=old,
        unit=prepared.world.v1,
        path="other",
        points=1,
        reason="年度计划未交",
        author=prepared.users["assessor"],
    )
    said = (
        f"建立更正版本后，{prepared.world.t1.name}2026Q4考评新建第2版（草稿），带上第1版的"
        "1项人工扣分，更正原因记入两个版本的记录；第1版保留不变，"
        "在第2版审定前仍是有效版本，第2版需要重新计算、提交和审定。确定建立吗？"
    )
    client = login("assessor")
    assert dialog(client.get(f"/assessment/{old.pk}/").content.decode(), "correct") == said
    r = client.post(f"/assessment/{old.pk}/correct/", {"reason": "镇中社区实到人数录错"})
    assert r.status_code == 200
    assert question(r.content.decode()) == said
    assert resent(r.content.decode()) == {"reason": ["镇中社区实到人数录错"], "confirmed": ["yes"]}
    assert Assessment.objects.count() == 1
    assert not AssessmentEvent.objects.filter(action="correct").exists()
    r = client.post(f"/assessment/{old.pk}/correct/", yes({"reason": "镇中社区实到人数录错"}))
    assert r.status_code == 302
    assert Assessment.objects.get(version=2).manual_deductions.count() == 1


@pytest.mark.parametrize(
    ("status", "reason", "refusal"),
    [
        ("draft", "x", "只有已审定或已公布的考评可以更正"),
        ("approved", "  ", "请写明更正原因"),
    ],
)
def test_a_correction_that_cannot_be_made_is_refused_before_being_asked(
    prepared: Prepared, login: Any, status: str, reason: str, refusal: str
) -> None:
    a = assessment_in(prepared, "2026Q4", status)
    r = login("assessor").post(f"/assessment/{a.pk}/correct/", {"reason": reason}, follow=True)
    assert not asks(r.content.decode())
    assert refusal in r.content.decode()
    assert Assessment.objects.count() == 1


def test_a_second_correction_is_refused_before_being_asked(prepared: Prepared, login: Any) -> None:
    old = assessment_in(prepared, "2026Q4", "published")
    client = login("assessor")
    client.post(f"/assessment/{old.pk}/correct/", yes({"reason": "第一次"}))
    r = client.post(f"/assessment/{old.pk}/correct/", {"reason": "第二次"}, follow=True)
    assert not asks(r.content.decode()) and "该考评已有进行中的更正版本" in r.content.decode()
    assert Assessment.objects.count() == 2


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("county", 403)])
def test_who_may_not_correct_is_refused_before_being_asked(
    prepared: Prepared, login: Any, persona: str, status: int
) -> None:
    old = assessment_in(prepared, "2026Q4", "published")
    r = login(persona).post(f"/assessment/{old.pk}/correct/", {"reason": "x"})
    assert r.status_code == status and not asks(r.content.decode())
    assert Assessment.objects.count() == 1


def test_a_correction_needs_a_reason_and_a_frozen_original(prepared: Prepared, login: Any) -> None:
    draft = assessment_in(prepared, "2026Q4", "draft")
    client = login("assessor")
    r = client.post(f"/assessment/{draft.pk}/correct/", {"reason": "x"}, follow=True)
    assert "只有已审定或已公布的考评可以更正" in r.content.decode()
    assert Assessment.objects.count() == 1


def test_a_second_assessment_of_a_quarter_is_refused_while_one_is_open(
    prepared: Prepared, login: Any
) -> None:
    assessment_in(prepared, "2026Q4", "draft")
    response = login("assessor").post("/assessment/t/T1/new/", {"period": "2026Q4", "rubric": 1})
    assert response.status_code == 400
    assert "已有未审定的考评" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_the_change_of_rank_is_against_the_approved_previous_quarter(
    prepared: Prepared,
) -> None:
    from kaoping.web.core.models import Figure

    q3 = assessment_in(prepared, "2026Q3", "approved")
    assert [u["unit"] for u in q3.results["units"]] == ["V1", "V2", "V3"]
    # V3's third-quarter figures change after approval: the approved ranks stand.
    Figure.objects.filter(
        report__unit=prepared.world.v3, report__period="2026Q3", element="records_ok"
    ).update(value=1)
    q4 = assessment_in(prepared, "2026Q4", "draft")
    previous = {u["unit"]: u["previous_rank"] for u in q4.results["units"]}
    assert previous == {"V1": 1, "V2": 2, "V3": 3}


def test_the_pages_are_in_english_on_request(prepared: Prepared, login: Any) -> None:
    a = assessment_in(prepared, "2026Q4", "draft")
    page = login("assessor").get(f"/assessment/{a.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Ranking" in html and "Submit to the joint meeting" in html
    assert "排名</h2>" not in html
