"""Deleting an allocation made by mistake: the township's staff only, asked
first, recorded in the same transaction, refused once a campaign uses it."""

from __future__ import annotations

from typing import Any

import pytest

from kaoping.web.planning.models import Allocation, AllocationShare, Deletion
from tests.asking import ANSWER

from .conftest import spare_allocation


@pytest.fixture
def spare(plans: Any) -> Allocation:
    return spare_allocation(plans)


@pytest.mark.parametrize("persona", ["admin", "assessor"])
def test_the_townships_staff_delete_an_unused_allocation_and_it_is_recorded(
    login: Any, plans: Any, spare: Allocation, persona: str
) -> None:
    page = login(persona).get(f"/planning/allocations/{spare.pk}/").content.decode()
    assert "将删除任务分解“产后访视任务”及分到2个村（社区）的数目" in page
    r = login(persona).post(f"/planning/allocations/{spare.pk}/delete/", ANSWER, follow=True)
    assert "已删除任务分解“产后访视任务”。" in r.content.decode()
    assert not Allocation.objects.filter(pk=spare.pk).exists()
    assert not AllocationShare.objects.filter(allocation_id=spare.pk).exists()
    record = Deletion.objects.get()
    assert (record.kind, record.label, record.user.get_username() if record.user else "") == (
        "allocation",
        "2026Q3 产后访视任务",
        persona,
    )
    assert record.detail["shares"] == {"V1": 2, "V2": 4}
    assert record.detail["total"] == 6


def test_an_allocation_a_campaign_uses_is_refused_with_the_campaign_named(
    login: Any, plans: Any
) -> None:
    alloc = plans.allocations["T1"]
    page = login("admin").get(f"/planning/allocations/{alloc.pk}/").content.decode()
    assert 'id="delete-button"' not in page
    why = "任务分解“两癌筛查预约名额”已被专项活动“筛查预约专项活动”使用，不能删除"
    assert why in page
    r = login("admin").post(f"/planning/allocations/{alloc.pk}/delete/", ANSWER, follow=True)
    assert why in r.content.decode()
    assert Allocation.objects.filter(pk=alloc.pk).exists()
    assert not Deletion.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("reporter", 404), ("outsider", 404)]
)
def test_others_cannot_delete_an_allocation(
    login: Any, plans: Any, spare: Allocation, persona: str, status: int
) -> None:
    assert (
        login(persona).post(f"/planning/allocations/{spare.pk}/delete/", ANSWER).status_code
        == status
    )
    assert Allocation.objects.filter(pk=spare.pk).exists()
    assert not Deletion.objects.exists()


def test_deleting_twice_says_it_is_gone(login: Any, plans: Any, spare: Allocation) -> None:
    from kaoping.web.planning import undo

    undo.delete_allocation(spare.pk, plans.world.users["admin"])
    with pytest.raises(undo.Blocked, match="要删除的记录已不存在"):
        undo.delete_allocation(spare.pk, plans.world.users["admin"])
    assert Deletion.objects.count() == 1


def test_a_delete_is_a_post_with_the_csrf_token(plans: Any, spare: Allocation) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(plans.world.users["admin"])
    assert client.get(f"/planning/allocations/{spare.pk}/delete/").status_code == 405
    assert client.post(f"/planning/allocations/{spare.pk}/delete/", ANSWER).status_code == 403
    assert Allocation.objects.filter(pk=spare.pk).exists()
