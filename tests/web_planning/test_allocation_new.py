"""Allocation (任务分解): preview, save per period, refusals beside their field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kaoping.web.planning.models import Allocation, BaseFigure

# Run on PostgreSQL too (tests/conftest.py): an allocation's shares are decimal columns.
pytestmark = pytest.mark.both_databases

URL = "/planning/t/T1/allocations/new/"


@pytest.fixture
def base(world: Any) -> None:
    for unit, population, women in (
        (world.v1, 1000, 100),
        (world.v2, 2000, 500),
        (world.v3, 500, 400),
    ):
        BaseFigure.objects.create(unit=unit, name="population", value=Decimal(population))
        BaseFigure.objects.create(unit=unit, name="eligible_women", value=Decimal(women))


def _form(**changes: str) -> dict[str, str]:
    data = {
        "title": "两癌筛查预约名额",
        "period": "2026Q2",
        "total": "10",
        "floor": "0",
        "w_population": "1",
        "w_eligible_women": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # by population 1000:2000:500 of 10: quotas 2.857, 5.714, 1.429 ->
        # whole parts 2, 5, 1 and the two largest remainders (V1 .857, V2 .714)
        ({}, {"V1": 3, "V2": 6, "V3": 1}),
        # half and half: shares (2/7 + 1/10)/2, (4/7 + 1/2)/2, (1/7 + 2/5)/2 of 10 =
        # 1.929, 5.357, 2.714 -> 1, 5, 2 and the two largest remainders (V1, V3)
        ({"w_population": "0.5", "w_eligible_women": "0.5"}, {"V1": 2, "V2": 5, "V3": 3}),
        # floor 2: each gets 2, the rest 4 by need (quota - 2): .857, 3.714, 0 ->
        # 4 * (.857, 3.714) / 4.571 = .75, 3.25 -> 0, 3 and the remainder to V1
        ({"floor": "2"}, {"V1": 3, "V2": 5, "V3": 2}),
    ],
)
def test_the_preview_splits_the_total_and_saves_nothing(
    login: Any, base: None, changes: dict[str, str], expected: dict[str, int]
) -> None:
    r = login("admin").post(URL, {**_form(**changes), "preview": "1"})
    assert r.status_code == 200
    assert {row["u"].unit: row["u"].allocated for row in r.context["rows"]} == expected
    assert not Allocation.objects.exists()
    assert "余数" in r.context["rows"][0]["explanation"]


def test_saving_keeps_the_allocation_of_its_period(login: Any, base: None) -> None:
    r = login("assessor").post(URL, {**_form(), "save": "1"})
    alloc = Allocation.objects.get()
    assert r["Location"] == f"/planning/allocations/{alloc.pk}/"
    assert (alloc.period, alloc.total, alloc.weights) == (
        "2026Q2",
        10,
        {"population": "1", "eligible_women": "0"},
    )
    assert {s.unit.code: s.allocated for s in alloc.shares.all()} == {"V1": 3, "V2": 6, "V3": 1}


def test_saving_the_same_task_twice_keeps_one_split(login: Any, base: None) -> None:
    client = login("assessor")
    client.post(URL, {**_form(), "save": "1"})
    r = client.post(URL, {**_form(), "save": "1"})
    assert r.status_code == 200
    assert any("已有同名的任务分解" in e for e in r.context["form"].errors["title"])
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"w_population": "0"},
            "w_eligible_women",
            "权重之和为0（eligible_women=0, population=0）",
        ),
        ({"floor": "4"}, "floor", "保底4个×3个单位需12个，超过总数10"),
        ({"total": "-1"}, "total", "总数应为不小于0的整数，而不是-1"),
        ({"floor": "-1"}, "floor", "保底数应为不小于0的整数，而不是-1"),
        ({"w_eligible_women": "-1"}, "w_eligible_women", "权重eligible_women的值-1为负数"),
        ({"w_population": "x"}, "w_population", "权重“x”不是数字"),
        ({"period": "2026Q5"}, "period", "不是期间"),
    ],
)
def test_bad_input_is_refused_beside_its_field(
    login: Any, base: None, changes: dict[str, str], field: str, message: str
) -> None:
    r = login("admin").post(URL, {**_form(**changes), "save": "1"})
    assert r.status_code == 200
    assert any(message in e for e in r.context["form"].errors[field]), r.context["form"].errors
    assert not Allocation.objects.exists()


def test_a_missing_base_figure_is_named(login: Any, base: None) -> None:
    BaseFigure.objects.filter(unit__code="V3", name="population").delete()
    r = login("admin").post(URL, {**_form(), "save": "1"})
    assert "单位V3：population缺少数值" in r.context["form"].non_field_errors()
    assert not Allocation.objects.exists()


def test_321_slots_over_the_demo_villages(db: Any, client: Any) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.demo import build_demo
    from kaoping.web.core.loading import load_demo
    from kaoping.web.core.models import Unit
    from kaoping.web.planning.demo import load_planning_demo

    demo = build_demo()
    load_demo(demo)
    township = Unit.objects.get(code=demo.township[0])
    load_planning_demo(township, demo)
    before = set(Allocation.objects.values_list("pk", flat=True))
    client.force_login(get_user_model().objects.get(username="admin"))
    r = client.post(
        f"/planning/t/{township.code}/allocations/new/",
        {
            "title": "春季服务日两癌筛查预约名额",
            "period": "2026Q2",
            "total": "321",
            "floor": "1",
            "w_population": "0.5",
            "w_eligible_women": "0.5",
            "save": "1",
        },
    )
    assert r.status_code == 302
    (new,) = Allocation.objects.exclude(pk__in=before)
    shares = {s.unit.code: s.allocated for s in new.shares.all()}
    assert len(shares) == 21
    assert sum(shares.values()) == 321
    assert min(shares.values()) >= 1


def test_the_shipped_allocation_fills_the_form(login: Any, base: None) -> None:
    r = login("admin").get(URL + "?spec=screening_slots")
    initial = r.context["form"].initial
    assert (initial["title"], initial["total"], initial["floor"]) == (
        "春季服务日两癌筛查预约名额",
        321,
        1,
    )
    assert (initial["w_population"], initial["w_eligible_women"]) == ("0.5", "0.5")


# By population 1000:2000:500 of 10 (the first case above), V1's arithmetic as each
# page words it.
V1_ZH = "eligible_women占10.00%，population占28.57%；加权占28.5714%；应分2.8571（20/7）；余数0.8571，按余数多分1个；分得3"
V1_EN = "shares eligible_women 10.00%, population 28.57%; weighted 28.5714%; quota 20/7 = 2.8571; remainder 0.8571 +1 for the remainder; allocated 3"


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", V1_ZH), ("en", V1_EN)])
def test_a_shares_explanation_is_kept_in_both_languages_and_shown_in_the_readers(
    login: Any, base: None, language: str, expected: str
) -> None:
    from kaoping.web.planning.models import AllocationShare

    client = login("assessor")
    preview = client.post(URL, {**_form(), "preview": "1"}, HTTP_ACCEPT_LANGUAGE=language)
    assert preview.context["rows"][0]["explanation"] == expected
    client.post(URL, {**_form(), "save": "1"}, HTTP_ACCEPT_LANGUAGE=language)
    share = AllocationShare.objects.get(unit__code="V1")
    assert (share.explanation, share.explanation_en) == (V1_ZH, V1_EN)
    page = client.get(
        f"/planning/allocations/{share.allocation_id}/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert f'<td class="hint">{expected}</td>' in page.content.decode()


def test_a_share_saved_before_the_english_was_kept_shows_its_chinese(
    login: Any, base: None
) -> None:
    from kaoping.web.planning.models import AllocationShare

    client = login("assessor")
    client.post(URL, {**_form(), "save": "1"})
    AllocationShare.objects.update(explanation_en="")
    share = AllocationShare.objects.get(unit__code="V1")
    page = client.get(f"/planning/allocations/{share.allocation_id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert f'<td class="hint">{V1_ZH}</td>' in page.content.decode()


@pytest.mark.parametrize(
    ("language", "total", "weights"),
    [
        (
            "zh-hans",
            "<p>总数10，每村保底0。</p>",
            '<p id="weights">权重：eligible_women=0.5，population=0.5</p>',
        ),
        (
            "en",
            "<p>Total 10, at least 0 per village.</p>",
            '<p id="weights">Weights: eligible_women=0.5, population=0.5</p>',
        ),
    ],
)
def test_the_total_and_the_weights_read_as_two_sentences_in_either_language(
    login: Any, base: None, language: str, total: str, weights: str
) -> None:
    from kaoping.web.planning.models import Allocation

    client = login("assessor")
    client.post(URL, {**_form(w_population="0.5", w_eligible_women="0.5"), "save": "1"})
    alloc = Allocation.objects.get()
    page = client.get(f"/planning/allocations/{alloc.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    html = page.content.decode()
    assert (total in html, weights in html) == (True, True), html[html.find("<h1>") :][:600]
