"""Deleting a draft: with a reason, kept with its audit as 已删除 and listed
nowhere; a signed letter is never deleted; issuing from the allocation again
makes the deleted village's letter anew."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.asking import asks, dialog, question, resent, yes

from .conftest import PDF


def test_a_draft_is_deleted_with_its_reason_and_kept(login: Any, letter: Any) -> None:
    client = login("assessor")
    r = client.post(f"/letters/{letter.pk}/delete/", yes({"delete-reason": "乙方写错"}))
    assert r.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "deleted"
    event = letter.events.get(action="delete")
    assert (event.note, event.user.username) == ("乙方写错", "assessor")
    link = f'href="/letters/{letter.pk}/"'
    assert link not in client.get("/letters/t/T1/").content.decode()
    assert link not in client.get("/letters/units/V1/").content.decode()


def test_a_deletion_needs_a_reason(login: Any, letter: Any) -> None:
    r = login("admin").post(f"/letters/{letter.pk}/delete/", {"delete-reason": "  "})
    assert r.status_code == 400
    letter.refresh_from_db()
    assert letter.status == "draft" and not letter.events.filter(action="delete").exists()


def test_a_signed_letter_is_not_deleted(login: Any, letter: Any, world: Any) -> None:
    from kaoping.web.letters import services

    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, world.users["admin"])
    r = login("admin").post(f"/letters/{letter.pk}/delete/", {"delete-reason": "不要了"})
    assert r.status_code == 400
    assert "已签订，不能删除；签订后如需修改，请发起更正" in r.content.decode()
    letter.refresh_from_db()
    assert letter.status == "signed"


def test_issuing_again_replaces_a_deleted_allocation_letter(plans: Any, world: Any) -> None:
    from kaoping.web.letters import services
    from kaoping.web.letters.models import Letter

    c = plans.campaigns["T1"]
    made = services.letters_from_allocation(
        c.allocation, world.users["admin"], campaign=c, kind="campaign"
    )
    v1 = next(x for x in made if x.unit_id == world.v1.pk)
    services.delete_letter(v1.pk, "重新生成", world.users["admin"])
    again = services.letters_from_allocation(
        c.allocation, world.users["admin"], campaign=c, kind="campaign"
    )
    assert [x.unit_id for x in again] == [world.v1.pk]
    assert Letter.objects.filter(unit=world.v1, allocation=c.allocation).count() == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("reporter", 403), ("reporter2", 404), ("outsider", 404)],
)
def test_it_refuses_who_may_not_write(login: Any, letter: Any, persona: str, status: int) -> None:
    r = login(persona).post(f"/letters/{letter.pk}/delete/", {"delete-reason": "x"})
    assert r.status_code == status
    letter.refresh_from_db()
    assert letter.status == "draft"


@pytest.mark.parametrize(
    ("language", "asks"),
    [
        (
            "zh-hans",
            ("此后不再列出，记录保留。确定删除吗？", "其余条款重新编号。确定删除吗？"),
        ),
        (
            "en",
            (
                "it is listed nowhere afterwards, and its record is kept. Delete it?",
                "and renumbers the others. Delete it?",
            ),
        ),
    ],
)
def test_the_draft_page_asks_before_deleting_the_letter_or_a_clause(
    login: Any, letter: Any, language: str, asks: tuple[str, str]
) -> None:
    client = login("assessor")
    client.cookies.load({"django_language": language})
    page = client.get(f"/letters/{letter.pk}/").content.decode()
    form = page.split('id="delete-form"', 1)[1].split("</form>", 1)[0]
    assert asks[0] in form.split("data-confirm=", 1)[1].split(">", 1)[0]
    clause = page.split('class="clause-actions', 1)[1].split("</form>", 1)[0]
    assert asks[1] in clause.split("data-confirm=", 1)[1].split(">", 1)[0]


def test_deleting_a_draft_without_the_answer_asks_and_deletes_nothing(
    login: Any, letter: Any
) -> None:
    client = login("assessor")
    page = client.get(f"/letters/{letter.pk}/").content.decode()
    r = client.post(f"/letters/{letter.pk}/delete/", {"delete-reason": "乙方写错"})
    answer = r.content.decode()
    assert asks(answer)
    assert question(answer) == (
        f"将删除草稿“{letter.title}”（东村），此后不再列出，记录保留。确定删除吗？"
    )
    assert dialog(page, "delete-button") == question(answer)
    letter.refresh_from_db()
    assert letter.status == "draft"
    assert resent(answer) == {"delete-reason": ["乙方写错"], "confirmed": ["yes"]}


def test_removing_a_clause_without_the_answer_asks_and_removes_nothing(
    login: Any, letter: Any
) -> None:
    client = login("admin")
    first = letter.clauses.get(number=1)
    r = client.post(f"/letters/{letter.pk}/clauses/{first.pk}/delete/")
    assert question(r.content.decode()) == (
        f"将删除第1条“{first.text}”，其余条款重新编号。确定删除吗？"
    )
    assert letter.clauses.count() == 2
    client.post(f"/letters/{letter.pk}/clauses/{first.pk}/delete/", yes())
    assert letter.clauses.count() == 1
