"""Deleting a reminder issued by mistake: the township's staff only, while no one
has signed it; recorded in the same transaction; refused with the reason once
it is acknowledged, resolved or escalated."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from kaoping.web.planning.models import Deletion, Reminder
from tests.asking import ANSWER


@pytest.mark.parametrize("persona", ["admin", "assessor"])
def test_the_townships_staff_delete_an_unsigned_reminder(
    login: Any, plans: Any, persona: str
) -> None:
    r = plans.reminders["V1"]
    page = login(persona).get(f"/planning/reminders/{r.pk}/").content.decode()
    assert "将删除提醒单2026Q2-V1-01（东村），村里不再看到它" in page
    answer = login(persona).post(f"/planning/reminders/{r.pk}/delete/", ANSWER, follow=True)
    assert "已删除提醒单2026Q2-V1-01。" in answer.content.decode()
    assert not Reminder.objects.filter(pk=r.pk).exists()
    record = Deletion.objects.get()
    assert (record.kind, record.label) == ("reminder", "2026Q2-V1-01 东村 关于报表逾期未报的提醒")
    assert record.detail["status"] == "issued"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (
            {"status": "acknowledged", "acknowledged_on": date(2026, 7, 12)},
            "提醒单2026Q2-V1-01已于2026-07-12签收，不能删除；如已无需办理，请办结并写明情况。",
        ),
        (
            {
                "status": "resolved",
                "acknowledged_on": date(2026, 7, 12),
                "resolved_on": date(2026, 7, 20),
            },
            "提醒单2026Q2-V1-01已办结，不能删除。",
        ),
        ({"level": 1}, "提醒单2026Q2-V1-01已逾期升级，上级已收到，不能删除。"),
    ],
)
def test_a_reminder_someone_acted_on_is_refused_with_the_reason(
    login: Any, plans: Any, change: dict[str, Any], why: str
) -> None:
    r = plans.reminders["V1"]
    Reminder.objects.filter(pk=r.pk).update(**change)
    page = login("admin").get(f"/planning/reminders/{r.pk}/").content.decode()
    assert why in page and 'id="delete-button"' not in page
    answer = login("admin").post(f"/planning/reminders/{r.pk}/delete/", ANSWER, follow=True)
    assert why in answer.content.decode()
    assert Reminder.objects.filter(pk=r.pk).exists()
    assert not Deletion.objects.exists()


def test_a_reminder_signed_after_the_page_was_shown_is_still_refused(
    login: Any, plans: Any
) -> None:
    r = plans.reminders["V1"]
    client = login("admin")
    assert 'id="delete-button"' in client.get(f"/planning/reminders/{r.pk}/").content.decode()
    login("reporter").post(f"/planning/reminders/{r.pk}/acknowledge/")
    assert Reminder.objects.get(pk=r.pk).status == "acknowledged"
    answer = login("admin").post(f"/planning/reminders/{r.pk}/delete/", ANSWER, follow=True)
    assert "签收，不能删除" in answer.content.decode()
    assert Reminder.objects.filter(pk=r.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reporter", 403), ("reporter2", 404), ("leader", 403), ("outsider", 404)],
)
def test_others_cannot_delete_a_reminder(login: Any, plans: Any, persona: str, status: int) -> None:
    r = plans.reminders["V1"]
    assert login(persona).post(f"/planning/reminders/{r.pk}/delete/", ANSWER).status_code == status
    assert Reminder.objects.filter(pk=r.pk).exists()
    assert not Deletion.objects.exists()


def test_the_list_shows_who_deleted_which_reminder(login: Any, plans: Any) -> None:
    r = plans.reminders["V1"]
    login("admin").post(f"/planning/reminders/{r.pk}/delete/", ANSWER)
    page = login("leader").get("/planning/t/T1/reminders/?period=2026Q2").content.decode()
    table = page.split('id="deletions"')[1].split("</table>")[0]
    assert "admin" in table and "2026Q2-V1-01 东村 关于报表逾期未报的提醒" in table
