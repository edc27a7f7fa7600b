"""An allocation (任务分解) deleted while a campaign is being created on it
(planning/undo.py, views/campaigns.py): never is an allocation in use deleted,
never does a campaign point at nothing. Both orders are forced with a lock held:
the first action is stopped inside its transaction, after it has locked the
allocation, while the second starts and must wait for it.

- campaign first: the delete waits, then sees the campaign and is refused; the
  allocation stays and no deletion is recorded;
- deleted first: the campaign form, which had accepted the allocation, waits,
  then finds it gone and says so on the form (no 500); no campaign is created.

Run in this process on PostgreSQL and in a child process on a file SQLite
database, as tests/web_planning/test_undo_races.py is.
"""

from __future__ import annotations

from typing import Any

from tests.asking import ANSWER

from .races import client, first_then_second, said


def _spare(plans: Any) -> Any:
    """An allocation of T1 that no campaign uses yet."""
    from kaoping.web.planning.models import Allocation

    return Allocation.objects.create(
        township=plans.world.t1,
        period="2026Q3",
        title="孕前优生检查名额",
        total=30,
        weights={"population": "1"},
        floor=0,
    )


def _form(alloc: Any) -> dict[str, str]:
    return {
        "title": "孕前检查专项活动",
        "task": "孕前优生检查",
        "start": "2026-07-01",
        "end": "2026-07-20",
        "allocation": str(alloc.pk),
    }


def _outcome(out: dict[str, Any], alloc: Any) -> dict[str, Any]:
    from kaoping.web.planning.models import Allocation, Campaign, Deletion

    return {
        "out": out,
        "allocation_left": Allocation.objects.filter(pk=alloc.pk).exists(),
        "campaigns": sorted(
            Campaign.objects.filter(title="孕前检查专项活动").values_list("title", flat=True)
        ),
        "deleted": [d.label for d in Deletion.objects.filter(kind="allocation")],
    }


def campaign_first(plans: Any) -> dict[str, Any]:
    """The campaign's creation holds the allocation's lock; the delete comes meanwhile."""
    from kaoping.web.planning.forms import CampaignForm

    alloc = _spare(plans)
    creator, deleter = client(plans.world.users["admin"]), client(plans.world.users["admin"])
    out = first_then_second(
        CampaignForm,
        "save",
        (
            "campaign",
            lambda: creator.post("/planning/t/T1/campaigns/new/", _form(alloc)).status_code,
        ),
        (
            "delete",
            lambda: said(
                deleter.post(f"/planning/allocations/{alloc.pk}/delete/", ANSWER, follow=True)
            ),
        ),
    )
    return _outcome(out, alloc)


def deleted_first(plans: Any) -> dict[str, Any]:
    """The delete holds the allocation's lock; the campaign's creation comes meanwhile."""
    from kaoping.web.planning import undo

    alloc = _spare(plans)
    creator, deleter = client(plans.world.users["admin"]), client(plans.world.users["admin"])
    out = first_then_second(
        undo,
        "allocation_blocker",
        (
            "delete",
            lambda: deleter.post(f"/planning/allocations/{alloc.pk}/delete/", ANSWER).status_code,
        ),
        ("campaign", lambda: said(creator.post("/planning/t/T1/campaigns/new/", _form(alloc)))),
    )
    return _outcome(out, alloc)


def test_a_delete_racing_a_campaign_that_came_first_is_refused(race: Any) -> None:
    result = race("campaign_first")
    assert result["out"]["delete_waited"] is True
    assert result["out"]["campaign"] == 302
    assert isinstance(result["out"]["delete"], list), result["out"]["delete"]
    status, said = result["out"]["delete"]
    assert status == 200
    assert "任务分解“孕前优生检查名额”已被专项活动“孕前检查专项活动”使用，不能删除" in said
    assert result["allocation_left"] is True
    assert result["campaigns"] == ["孕前检查专项活动"]
    assert result["deleted"] == []


def test_a_campaign_racing_a_delete_that_came_first_finds_it_gone(race: Any) -> None:
    result = race("deleted_first")
    assert result["out"]["campaign_waited"] is True
    assert result["out"]["delete"] == 302
    assert isinstance(result["out"]["campaign"], list), result["out"]["campaign"]
    status, said = result["out"]["campaign"]
    assert status == 200
    assert "任务分解“孕前优生检查名额”已被删除，专项活动未创建；请另选任务分解。" in said
    assert result["allocation_left"] is False
    assert result["campaigns"] == []
    assert len(result["deleted"]) == 1 and "孕前优生检查名额" in result["deleted"][0]
