"""The annual 目标管理任务书: one click on an allocation, a letter per village
with its allocated figure as a clause; issuing again adds none."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.letters.models import Letter, LetterEvent


def _shares(plans: Any) -> dict[str, int]:
    from kaoping.web.planning.models import AllocationShare

    alloc = plans.allocations["T1"]
    shares = {"V1": 12, "V2": 7, "V3": 11}
    for s in AllocationShare.objects.filter(allocation=alloc).select_related("unit"):
        s.allocated = shares[s.unit.code]
        s.save()
    return shares


def test_one_click_gives_every_village_its_allocated_figure(login: Any, plans: Any) -> None:
    _shares(plans)
    alloc = plans.allocations["T1"]
    r = login("admin").post("/letters/t/T1/from-allocation/", {"allocation": alloc.pk})
    assert r.status_code == 302
    got = {
        (lt.unit.code, lt.kind, lt.year, c.kind, c.figure, c.text)
        for lt in Letter.objects.select_related("unit")
        for c in lt.clauses.all()
    }
    assert got == {
        ("V1", "annual", 2026, "allocation", 12, "完成两癌筛查预约名额12个（按任务分解方案分配）"),
        ("V2", "annual", 2026, "allocation", 7, "完成两癌筛查预约名额7个（按任务分解方案分配）"),
        ("V3", "annual", 2026, "allocation", 11, "完成两癌筛查预约名额11个（按任务分解方案分配）"),
    }
    assert {lt.title for lt in Letter.objects.all()} == {"2026年度两癌筛查预约名额"}
    assert LetterEvent.objects.filter(action="create").count() == 3
    login("admin").post("/letters/t/T1/from-allocation/", {"allocation": alloc.pk})
    assert Letter.objects.count() == 3


def test_with_a_campaign_the_letters_are_the_campaign_letters(login: Any, plans: Any) -> None:
    c = plans.campaigns["T1"]
    login("assessor").post(
        "/letters/t/T1/from-allocation/", {"allocation": c.allocation.pk, "campaign": c.pk}
    )
    assert set(Letter.objects.values_list("kind", "title", "campaign")) == {
        ("campaign", "筛查预约专项活动", c.pk)
    }


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("reporter", 404), ("outsider", 404)]
)
def test_it_refuses_who_may_not_issue(login: Any, plans: Any, persona: str, status: int) -> None:
    alloc = plans.allocations["T1"]
    r = login(persona).post("/letters/t/T1/from-allocation/", {"allocation": alloc.pk})
    assert r.status_code == status
    assert not Letter.objects.exists()


def test_it_refuses_another_townships_allocation(login: Any, plans: Any) -> None:
    other = plans.allocations["T2"]
    r = login("admin").post("/letters/t/T1/from-allocation/", {"allocation": other.pk}, follow=True)
    assert "请选择本镇的任务分解" in r.content.decode()
    assert not Letter.objects.exists()
