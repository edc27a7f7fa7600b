"""A reminder deleted while its village signs it (planning/undo.py): never is an
acknowledged reminder deleted. Both orders are forced with a lock held: the
first action is stopped inside its transaction, after it has locked the
reminder, while the second starts and must wait for it.

- signed first: the delete waits, then sees 已签收 and is refused; the reminder
  stays acknowledged and no deletion is recorded;
- deleted first: the signature waits, then finds the reminder gone and says so
  (no traceback); one deletion is recorded, of a reminder still 已下发.

Run in this process on PostgreSQL and in a child process on a file SQLite
database (kaoping serve's default; its IMMEDIATE transactions make the write
lock the one held), as tests/web/test_report_guard.py explains.
"""

from __future__ import annotations

from typing import Any

from tests.asking import ANSWER

from .races import client, first_then_second, said


def _outcome(out: dict[str, Any], r: Any) -> dict[str, Any]:
    from kaoping.web.planning.models import Deletion, Reminder

    left = Reminder.objects.filter(pk=r.pk).first()
    return {
        "out": out,
        "status": left.status if left is not None else None,
        "deleted": sorted(d.detail["status"] for d in Deletion.objects.filter(kind="reminder")),
    }


def signed_first(plans: Any) -> dict[str, Any]:
    """The signature holds the reminder's lock; the delete comes meanwhile."""
    from kaoping.web.planning.views import reminders as views

    r = plans.reminders["V1"]
    signer, deleter = client(plans.world.users["reporter"]), client(plans.world.users["admin"])
    out = first_then_second(
        views,
        "transition",
        ("sign", lambda: signer.post(f"/planning/reminders/{r.pk}/acknowledge/").status_code),
        (
            "delete",
            lambda: said(deleter.post(f"/planning/reminders/{r.pk}/delete/", ANSWER, follow=True)),
        ),
    )
    return _outcome(out, r)


def deleted_first(plans: Any) -> dict[str, Any]:
    """The delete holds the reminder's lock; the signature comes meanwhile."""
    from kaoping.web.planning import undo

    r = plans.reminders["V1"]
    signer, deleter = client(plans.world.users["reporter"]), client(plans.world.users["admin"])
    out = first_then_second(
        undo,
        "reminder_blocker",
        (
            "delete",
            lambda: deleter.post(f"/planning/reminders/{r.pk}/delete/", ANSWER).status_code,
        ),
        (
            "sign",
            lambda: said(signer.post(f"/planning/reminders/{r.pk}/acknowledge/", follow=True)),
        ),
    )
    return _outcome(out, r)


def test_a_delete_racing_a_signature_that_came_first_is_refused(race: Any) -> None:
    result = race("signed_first")
    assert result["out"]["delete_waited"] is True
    assert result["out"]["sign"] == 302
    assert isinstance(result["out"]["delete"], list), result["out"]["delete"]
    status, said = result["out"]["delete"]
    assert status == 200
    assert "提醒单2026Q2-V1-01已于" in said and "签收，不能删除" in said
    assert result["status"] == "acknowledged"
    assert result["deleted"] == []


def test_a_signature_racing_a_delete_that_came_first_finds_it_gone(race: Any) -> None:
    result = race("deleted_first")
    assert result["out"]["sign_waited"] is True
    assert result["out"]["delete"] == 302
    assert isinstance(result["out"]["sign"], list), result["out"]["sign"]
    status, said = result["out"]["sign"]
    assert status == 200
    assert "提醒单2026Q2-V1-01已被镇里删除，无需签收或办结。" in said
    assert result["status"] is None
    # The one deletion is of a reminder nobody had signed.
    assert result["deleted"] == ["issued"]
