"""A service day deleted while its village records the attendance, or while the
township saves its plan (planning/undo.py, views/service_days.py): no attendance
is lost unannounced and no deleted day comes back. Both orders are forced with a lock held: the first
action is stopped inside its transaction, after it has locked the day, while the
second starts and must wait for it.

- recorded first: the delete, confirmed on a page that showed no attendance,
  waits, then sees the attendance and is refused; the day stays with its figures
  and no deletion is recorded;
- deleted first: the record, whose page check saw the day, waits, then finds it
  gone and says so (no traceback); the day does not come back and the one
  deletion recorded is of a day without attendance.

Run in this process on PostgreSQL and in a child process on a file SQLite
database, as tests/web_planning/test_undo_races.py is.
"""

from __future__ import annotations

import re
from typing import Any

from tests.asking import ANSWER

from .races import client, first_then_second, said

RECORD = {
    "invited": "40",
    "attended": "36",
    "declined": "1",
    "absent_moved_away": "1",
    "absent_ill": "1",
    "absent_unreachable": "1",
    "absent_other": "0",
}


def _seen(admin: Any, sd: Any) -> str:
    """What the admin's page sends back with the delete it asks to confirm."""
    page = admin.get(f"/planning/service-days/{sd.pk}/").content.decode()
    found = re.search(r'name="seen_recorded" value="([^"]*)"', page)
    assert found is not None, "the delete form carries what it showed"
    return found.group(1)


def _outcome(out: dict[str, Any], sd: Any) -> dict[str, Any]:
    from kaoping.web.planning.models import Deletion, ServiceDay

    left = ServiceDay.objects.filter(pk=sd.pk).first()
    return {
        "out": out,
        "figures": [left.invited, left.attended] if left is not None else None,
        "deleted": [d.detail["invited"] for d in Deletion.objects.filter(kind="service_day")],
    }


def recorded_first(plans: Any) -> dict[str, Any]:
    """The record holds the day's lock; the delete comes meanwhile."""
    from kaoping.web.planning.forms import RecordForm

    sd = plans.days["V1"]
    recorder, deleter = client(plans.world.users["reporter"]), client(plans.world.users["admin"])
    seen = _seen(deleter, sd)
    out = first_then_second(
        RecordForm,
        "apply",
        (
            "record",
            lambda: recorder.post(f"/planning/service-days/{sd.pk}/record/", RECORD).status_code,
        ),
        (
            "delete",
            lambda: said(
                deleter.post(
                    f"/planning/service-days/{sd.pk}/delete/",
                    {"seen_recorded": seen, **ANSWER},
                    follow=True,
                )
            ),
        ),
    )
    return _outcome({**out, "seen": seen}, sd)


def deleted_first(plans: Any) -> dict[str, Any]:
    """The delete holds the day's lock; the record comes meanwhile."""
    from kaoping.web.planning import undo

    sd = plans.days["V1"]
    recorder, deleter = client(plans.world.users["reporter"]), client(plans.world.users["admin"])
    seen = _seen(deleter, sd)
    out = first_then_second(
        undo,
        "service_day_blocker",
        (
            "delete",
            lambda: (
                deleter.post(
                    f"/planning/service-days/{sd.pk}/delete/", {"seen_recorded": seen, **ANSWER}
                ).status_code
            ),
        ),
        (
            "record",
            lambda: said(
                recorder.post(f"/planning/service-days/{sd.pk}/record/", RECORD, follow=True)
            ),
        ),
    )
    return _outcome(out, sd)


def _plan_edit(sd: Any) -> dict[str, str]:
    """The plan form of V1's day as the admin sends it, the place changed."""
    return {
        "unit": str(sd.unit_id),
        "day": sd.day.isoformat(),
        "start": sd.start.strftime("%H:%M"),
        "end": sd.end.strftime("%H:%M"),
        "place": "村委会",
        "services": sd.services,
        "staff": sd.staff,
        "notice_on": sd.notice_on.isoformat(),
        "late_notice_reason": "",
    }


def _edited_outcome(out: dict[str, Any], sd: Any) -> dict[str, Any]:
    from kaoping.web.planning.models import ServiceDay

    left = ServiceDay.objects.filter(pk=sd.pk).first()
    return {
        "out": out,
        "day": None if left is None else [left.place, left.invited, left.attended],
    }


def recorded_then_edited(plans: Any) -> dict[str, Any]:
    """The record holds the day's lock; the admin saves the plan meanwhile."""
    from kaoping.web.planning.forms import RecordForm

    sd = plans.days["V1"]
    recorder, editor = client(plans.world.users["reporter"]), client(plans.world.users["admin"])
    out = first_then_second(
        RecordForm,
        "apply",
        (
            "record",
            lambda: recorder.post(f"/planning/service-days/{sd.pk}/record/", RECORD).status_code,
        ),
        (
            "edit",
            lambda: (
                editor.post(f"/planning/service-days/{sd.pk}/edit/", _plan_edit(sd)).status_code
            ),
        ),
    )
    return _edited_outcome(out, sd)


def deleted_then_edited(plans: Any) -> dict[str, Any]:
    """The delete holds the day's lock; the admin saves the plan meanwhile."""
    from kaoping.web.planning import undo

    sd = plans.days["V1"]
    deleter, editor = client(plans.world.users["admin"]), client(plans.world.users["assessor"])
    seen = _seen(deleter, sd)
    out = first_then_second(
        undo,
        "service_day_blocker",
        (
            "delete",
            lambda: (
                deleter.post(
                    f"/planning/service-days/{sd.pk}/delete/", {"seen_recorded": seen, **ANSWER}
                ).status_code
            ),
        ),
        (
            "edit",
            lambda: said(
                editor.post(f"/planning/service-days/{sd.pk}/edit/", _plan_edit(sd), follow=True)
            ),
        ),
    )
    return _edited_outcome(out, sd)


def test_a_delete_racing_a_record_that_came_first_is_refused(race: Any) -> None:
    result = race("recorded_first")
    assert result["out"]["seen"] == ""
    assert result["out"]["delete_waited"] is True
    assert result["out"]["record"] == 302
    assert isinstance(result["out"]["delete"], list), result["out"]["delete"]
    status, said = result["out"]["delete"]
    assert status == 200
    assert (
        "东村2026-05-20的服务日在您打开页面之后登记了出勤情况，未删除；"
        "请先查看登记的情况，再决定是否删除。"
    ) in said
    assert result["figures"] == [40, 36]
    assert result["deleted"] == []


def test_a_record_racing_a_delete_that_came_first_finds_it_gone(race: Any) -> None:
    result = race("deleted_first")
    assert result["out"]["record_waited"] is True
    assert result["out"]["delete"] == 302
    assert isinstance(result["out"]["record"], list), result["out"]["record"]
    status, said = result["out"]["record"]
    assert status == 200
    assert "东村2026-05-20的服务日已被镇里删除，出勤情况未登记。" in said
    # The day did not come back, and the one deletion is of a day nobody recorded.
    assert result["figures"] is None
    assert result["deleted"] == [None]


def test_a_plan_saved_while_the_attendance_is_recorded_keeps_both(race: Any) -> None:
    result = race("recorded_then_edited")
    assert result["out"] == {"record": 302, "edit": 302, "edit_waited": True}
    assert result["day"] == ["村委会", 40, 36]


def test_a_plan_saved_after_its_day_was_deleted_does_not_bring_it_back(race: Any) -> None:
    result = race("deleted_then_edited")
    assert result["out"]["delete"] == 302
    assert isinstance(result["out"]["edit"], list), result["out"]["edit"]
    status, said = result["out"]["edit"]
    assert status == 200
    assert "东村2026-05-20的服务日已被删除，修改未保存。" in said
    assert result["day"] is None
