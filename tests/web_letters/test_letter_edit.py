"""Changing a draft letter: its 事项, year and campaign, its clauses (edit, remove,
the rest renumbered); refused once signed (a correction instead), audited."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.letters.models import Letter
from tests.asking import yes

from .conftest import PDF


def _sign(letter: Any, user: Any) -> None:
    from datetime import date

    from kaoping.web.letters import services

    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, user)


def test_staff_change_a_drafts_title_and_the_audit_says_what(login: Any, letter: Any) -> None:
    r = login("assessor").post(
        f"/letters/{letter.pk}/edit/",
        {"title": "春季服务活动（修订）", "year": "2026", "campaign": letter.campaign_id},
    )
    assert r.status_code == 302
    letter.refresh_from_db()
    assert letter.title == "春季服务活动（修订）"
    event = letter.events.get(action="edit")
    assert event.note == f"事项：{letter.campaign.title}→春季服务活动（修订）"
    assert event.user.username == "assessor"


def test_an_unchanged_form_writes_no_audit_row(login: Any, letter: Any) -> None:
    data = {"title": letter.title, "year": "2026", "campaign": letter.campaign_id}
    assert login("admin").post(f"/letters/{letter.pk}/edit/", data).status_code == 302
    assert not letter.events.filter(action="edit").exists()


def test_a_year_out_of_bounds_is_refused_on_its_field(login: Any, letter: Any) -> None:
    r = login("admin").post(f"/letters/{letter.pk}/edit/", {"title": "x", "year": "3000"})
    assert r.status_code == 400
    letter.refresh_from_db()
    assert letter.year == 2026 and letter.title != "x"


def test_a_clause_is_edited_and_removed_and_the_rest_renumbered(login: Any, letter: Any) -> None:
    from kaoping.web.letters import services

    services.add_clause(letter.pk, "commitment", "按时上报", None)
    first, second, _third = letter.clauses.order_by("number")
    client = login("admin")
    r = client.post(
        f"/letters/{letter.pk}/clauses/{second.pk}/edit/", {"text": "每月向群众公开服务项目"}
    )
    assert r.status_code == 302
    second.refresh_from_db()
    assert second.text == "每月向群众公开服务项目"
    assert (
        client.post(f"/letters/{letter.pk}/clauses/{second.pk}/delete/", yes()).status_code == 302
    )
    assert [(c.number, c.text) for c in letter.clauses.order_by("number")] == [
        (1, first.text), (2, "按时上报"),
    ]  # fmt: skip
    assert [e.note for e in letter.events.filter(action__in=["edit", "remove_clause"])] == [
        "第2条：每周向群众公开服务项目→每月向群众公开服务项目",
        "第2条：每月向群众公开服务项目",
    ]


def test_an_allocation_clause_keeps_its_figure(login: Any, letter: Any) -> None:
    first = letter.clauses.get(number=1)
    r = login("admin").post(
        f"/letters/{letter.pk}/clauses/{first.pk}/edit/", {"text": "完成预约10个", "figure": "99"}
    )
    assert r.status_code == 302
    first.refresh_from_db()
    assert (first.text, first.figure) == ("完成预约10个", 10)


def test_another_letters_clause_is_not_found(login: Any, letter: Any, plans: Any) -> None:
    from kaoping.web.letters import services

    w = plans.world
    other = services.create_letter(w.t1, w.v2, title="x", year=2026)
    clause = services.add_clause(other.pk, "commitment", "按时上报", None)
    client = login("admin")
    assert client.post(f"/letters/{letter.pk}/clauses/{clause.pk}/delete/").status_code == 404
    assert client.get(f"/letters/{letter.pk}/clauses/{clause.pk}/edit/").status_code == 404
    assert other.clauses.count() == 1


def test_a_signed_letter_is_not_edited(login: Any, letter: Any, world: Any) -> None:
    from kaoping.web.letters import services

    _sign(letter, world.users["admin"])
    first = letter.clauses.get(number=1)
    client = login("admin")
    r = client.post(f"/letters/{letter.pk}/edit/", {"title": "x", "year": "2026"})
    assert r.status_code == 302
    client.post(f"/letters/{letter.pk}/clauses/{first.pk}/delete/")
    letter.refresh_from_db()
    assert letter.title != "x" and letter.clauses.count() == 2
    with pytest.raises(services.Refused, match="已签订，不能修改条款；签订后如需修改，请发起更正"):
        services.edit_clause(letter.pk, first.pk, "x", None)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("reporter", 403), ("reporter2", 404), ("outsider", 404)],
)
def test_it_refuses_who_may_not_write(login: Any, letter: Any, persona: str, status: int) -> None:
    client = login(persona)
    first = letter.clauses.get(number=1)
    assert (
        client.post(f"/letters/{letter.pk}/edit/", {"title": "x", "year": "2026"}).status_code
        == status
    )
    assert client.post(f"/letters/{letter.pk}/clauses/{first.pk}/delete/").status_code == status
    assert client.get(f"/letters/{letter.pk}/clauses/{first.pk}/edit/").status_code == status
    letter.refresh_from_db()
    assert letter.title != "x" and letter.clauses.count() == 2


def test_the_draft_page_offers_the_edits_to_staff_only(login: Any, letter: Any) -> None:
    page = login("admin").get(f"/letters/{letter.pk}/").content.decode()
    assert 'id="edit-link"' in page and 'id="delete-form"' in page
    page = login("reporter").get(f"/letters/{letter.pk}/").content.decode()
    assert 'id="edit-link"' not in page and 'id="delete-form"' not in page
    assert Letter.objects.get(pk=letter.pk).status == "draft"


def test_a_long_clauses_change_is_kept_whole_and_read_in_english(login: Any, letter: Any) -> None:
    """Two clauses of 300 characters make a note longer than the 500 it was once
    cut to; cut, its end no longer read back and an English page showed Chinese."""
    from django.utils import translation

    from kaoping.web.letters.notes import note_shown

    was, now = "旧" * 300, "新" * 300
    clause = letter.clauses.order_by("number").first()
    clause.text = was
    clause.save(update_fields=["text"])
    r = login("admin").post(f"/letters/{letter.pk}/clauses/{clause.pk}/edit/", {"text": now})
    assert r.status_code == 302
    event = letter.events.get(action="edit")
    assert event.note == f"第{clause.number}条：{was}→{now}"
    with translation.override("en"):
        assert note_shown(event) == f"Clause {clause.number}: {was} → {now}"
