"""Acceptance: figure clauses from the figures, written commitments from the
inspector's judgement with a note; the letter's result; one acceptance only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kaoping.web.letters import services
from kaoping.web.letters.models import Letter

from .conftest import PDF


@pytest.fixture
def signed(letter: Any) -> Any:
    services.sign(letter.pk, date(2026, 4, 20), "s.pdf", PDF, None)
    return letter


def _enter(plans: Any, count: int) -> None:
    from kaoping.web.planning.models import CampaignEntry

    c = plans.campaigns["T1"]
    CampaignEntry.objects.create(campaign=c, unit=plans.world.v1, day=date(2026, 5, 3), count=count)


def _commitment(letter: Any) -> Any:
    return letter.clauses.get(kind="commitment")


@pytest.mark.parametrize(
    ("done", "verdict", "clauses_met", "result", "observed"),
    [
        (10, "yes", 2, "全部完成", "完成10个，任务10个"),
        (9, "yes", 1, "完成1条，共2条", "完成9个，任务10个"),
        (12, "no", 1, "完成1条，共2条", "完成12个，任务10个"),
        (0, "no", 0, "完成0条，共2条", "完成0个，任务10个"),
    ],
)
def test_clauses_are_judged_from_figures_and_by_the_inspector(
    login: Any, plans: Any, signed: Any, done: int, verdict: str, clauses_met: int,
    result: str, observed: str,
) -> None:  # fmt: skip
    if done:
        _enter(plans, done)
    c = _commitment(signed)
    r = login("assessor").post(
        f"/letters/{signed.pk}/accept/",
        {"accepted_on": "2026-05-12", f"met_{c.pk}": verdict, f"note_{c.pk}": "查看公示栏照片"},
    )
    assert r.status_code == 302
    letter = Letter.objects.get()
    assert (letter.status, letter.clauses_met, str(letter.accepted_on)) == (
        "accepted", clauses_met, "2026-05-12",
    )  # fmt: skip
    alloc = letter.clauses.get(kind="allocation")
    assert (alloc.met, alloc.observed) == (done >= 10, observed)
    assert _commitment(letter).note == "查看公示栏照片"
    assert result in login("reporter").get(f"/letters/{letter.pk}/").content.decode()
    assert letter.events.filter(action="accept").get().note == result


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "看过"}, "第2条“每周向群众公开服务项目”：请判断是否完成"),
        ({"met": "yes"}, "第2条“每周向群众公开服务项目”：请写明验收说明"),
        ({"met": "yes", "note": "看过", "on": "2026-04-01"}, "验收日期：2026-04-01早于签订日期2026-04-20"),
        ({"met": "yes", "note": "看过", "on": "5月"}, "验收日期：“5月”不是日期（例如2026-05-31）"),
    ],
)  # fmt: skip
def test_an_incomplete_acceptance_is_refused_and_nothing_changes(
    login: Any, signed: Any, data: dict[str, str], message: str
) -> None:
    c = _commitment(signed)
    post = {"accepted_on": data.get("on", "2026-05-12")}
    if "met" in data:
        post[f"met_{c.pk}"] = data["met"]
    if "note" in data:
        post[f"note_{c.pk}"] = data["note"]
    r = login("admin").post(f"/letters/{signed.pk}/accept/", post)
    assert r.status_code == 400
    assert message in r.content.decode()
    letter = Letter.objects.get()
    assert (letter.status, letter.clauses_met) == ("signed", None)
    assert list(letter.clauses.values_list("met", flat=True)) == [None, None]


def test_a_draft_or_accepted_letter_cannot_be_accepted(login: Any, letter: Any) -> None:
    c = _commitment(letter)
    r = login("admin").post(
        f"/letters/{letter.pk}/accept/",
        {"accepted_on": "2026-05-12", f"met_{c.pk}": "yes", f"note_{c.pk}": "x"},
    )
    assert "责任书的状态是“草稿”，只有已签订的责任书才能验收" in r.content.decode()


def test_the_form_shows_what_the_figures_say(login: Any, plans: Any, signed: Any) -> None:
    _enter(plans, 4)
    page = login("admin").get(f"/letters/{signed.pk}/accept/").content.decode()
    assert "完成4个，任务10个" in page and f'name="met_{_commitment(signed).pk}"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader", 403), ("reporter", 403), ("reporter2", 404), ("outsider", 404)],
)
def test_it_refuses_who_may_not_accept(login: Any, signed: Any, persona: str, status: int) -> None:
    assert login(persona).get(f"/letters/{signed.pk}/accept/").status_code == status
    assert login(persona).post(f"/letters/{signed.pk}/accept/", {}).status_code == status
    assert Letter.objects.get().status == "signed"
