"""Drafting a letter by hand: township staff only, bounded fields, audited."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.letters.models import Letter, LetterEvent


def _data(world: Any, **over: Any) -> dict[str, Any]:
    return {
        "unit": world.a1.pk,
        "kind": "campaign",
        "title": "春季服务活动",
        "year": "2026",
        **over,
    }


def test_staff_draft_a_letter_for_a_work_area(login: Any, plans: Any) -> None:
    r = login("assessor").post("/letters/t/T1/new/", _data(plans.world))
    letter = Letter.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/letters/{letter.pk}/"
    assert (letter.unit.code, letter.party_a, letter.status) == ("A1", "东风镇人民政府", "draft")
    assert list(LetterEvent.objects.values_list("action", flat=True)) == ["create"]


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("reporter", 404), ("outsider", 404)]
)
def test_it_refuses_who_may_not_draft(login: Any, plans: Any, persona: str, status: int) -> None:
    assert login(persona).post("/letters/t/T1/new/", _data(plans.world)).status_code == status
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"year": "1999"}, "year", "确保该值大于或等于2000。"),
        ({"title": "活" * 101}, "title", "确保该变量包含不超过 100 字符 (目前字符数 101)。"),
        ({"unit": "W1"}, "unit", "选择一个有效的选项： 该选择不在可用的选项中。"),
    ],
)
def test_bad_input_is_named_and_saves_nothing(
    login: Any, plans: Any, over: dict[str, Any], field: str, message: str
) -> None:
    if over.get("unit") == "W1":
        over = {"unit": plans.world.w1.pk}
    r = login("admin").post("/letters/t/T1/new/", _data(plans.world, **over))
    assert r.status_code == 400
    assert message in r.context["form"].errors[field]
    assert not Letter.objects.exists()
