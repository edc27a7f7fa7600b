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
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios

RECORD = {
    "invited": "40",
    "attended": "36",
    "declined": "1",
    "absent_moved_away": "1",
    "absent_ill": "1",
    "absent_unreachable": "1",
    "absent_other": "0",
}


def _ready() -> Any:
    from .conftest import build_plans, build_world

    return build_plans(build_world())


def _client(user: Any) -> Any:
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def _thread(name: str, target: Any, out: dict[str, Any]) -> threading.Thread:
    def body() -> None:
        try:
            out[name] = target()
        except Exception as exc:  # the test shows it
            out[name] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    t = threading.Thread(target=body, name=name)
    t.start()
    return t


def _said(response: Any) -> list[Any]:
    """The status and the page the person reads after the redirect."""
    return [response.status_code, response.content.decode()]


def _seen(client: Any, sd: Any) -> str:
    """What the admin's page sends back with the delete it asks to confirm."""
    page = client.get(f"/planning/service-days/{sd.pk}/").content.decode()
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
    users = plans.world.users
    recorder, deleter = _client(users["reporter"]), _client(users["admin"])
    seen = _seen(deleter, sd)
    entered, release = threading.Event(), threading.Event()
    real = RecordForm.apply

    def held(self: Any, day: Any) -> None:
        if threading.current_thread().name == "record":
            entered.set()
            assert release.wait(60), "never released"
        real(self, day)

    out: dict[str, Any] = {"seen": seen}
    RecordForm.apply = held  # type: ignore[method-assign,assignment]
    try:
        record = _thread(
            "record",
            lambda: recorder.post(f"/planning/service-days/{sd.pk}/record/", RECORD).status_code,
            out,
        )
        assert entered.wait(60)
        delete = _thread(
            "delete",
            lambda: _said(
                deleter.post(
                    f"/planning/service-days/{sd.pk}/delete/",
                    {"seen_recorded": seen},
                    follow=True,
                )
            ),
            out,
        )
        delete.join(1.0)
        out["delete_waited"] = delete.is_alive()
        release.set()
        record.join(60)
        delete.join(60)
    finally:
        RecordForm.apply = real  # type: ignore[method-assign]
    return _outcome(out, sd)


def deleted_first(plans: Any) -> dict[str, Any]:
    """The delete holds the day's lock; the record comes meanwhile."""
    from kaoping.web.planning import undo

    sd = plans.days["V1"]
    users = plans.world.users
    recorder, deleter = _client(users["reporter"]), _client(users["admin"])
    seen = _seen(deleter, sd)
    entered, release = threading.Event(), threading.Event()
    real = undo.service_day_blocker

    def held(day: Any, *, lock: bool = False) -> str:
        if threading.current_thread().name == "delete":
            entered.set()
            assert release.wait(60), "never released"
        return real(day, lock=lock)

    out: dict[str, Any] = {}
    undo.service_day_blocker = held  # type: ignore[assignment]
    try:
        delete = _thread(
            "delete",
            lambda: (
                deleter.post(
                    f"/planning/service-days/{sd.pk}/delete/", {"seen_recorded": seen}
                ).status_code
            ),
            out,
        )
        assert entered.wait(60)
        record = _thread(
            "record",
            lambda: _said(
                recorder.post(f"/planning/service-days/{sd.pk}/record/", RECORD, follow=True)
            ),
            out,
        )
        record.join(1.0)
        out["record_waited"] = record.is_alive()
        release.set()
        delete.join(60)
        record.join(60)
    finally:
        undo.service_day_blocker = real
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
    users = plans.world.users
    recorder, editor = _client(users["reporter"]), _client(users["admin"])
    entered, release = threading.Event(), threading.Event()
    real = RecordForm.apply

    def held(self: Any, day: Any) -> None:
        if threading.current_thread().name == "record":
            entered.set()
            assert release.wait(60), "never released"
        real(self, day)

    out: dict[str, Any] = {}
    RecordForm.apply = held  # type: ignore[method-assign,assignment]
    try:
        record = _thread(
            "record",
            lambda: recorder.post(f"/planning/service-days/{sd.pk}/record/", RECORD).status_code,
            out,
        )
        assert entered.wait(60)
        edit = _thread(
            "edit",
            lambda: (
                editor.post(f"/planning/service-days/{sd.pk}/edit/", _plan_edit(sd)).status_code
            ),
            out,
        )
        edit.join(1.0)
        release.set()
        record.join(60)
        edit.join(60)
    finally:
        RecordForm.apply = real  # type: ignore[method-assign]
    return _edited_outcome(out, sd)


def deleted_then_edited(plans: Any) -> dict[str, Any]:
    """The delete holds the day's lock; the admin saves the plan meanwhile."""
    from kaoping.web.planning import undo

    sd = plans.days["V1"]
    users = plans.world.users
    deleter, editor = _client(users["admin"]), _client(users["assessor"])
    seen = _seen(deleter, sd)
    entered, release = threading.Event(), threading.Event()
    real = undo.service_day_blocker

    def held(day: Any, *, lock: bool = False) -> str:
        if threading.current_thread().name == "delete":
            entered.set()
            assert release.wait(60), "never released"
        return real(day, lock=lock)

    out: dict[str, Any] = {}
    undo.service_day_blocker = held  # type: ignore[assignment]
    try:
        delete = _thread(
            "delete",
            lambda: (
                deleter.post(
                    f"/planning/service-days/{sd.pk}/delete/", {"seen_recorded": seen}
                ).status_code
            ),
            out,
        )
        assert entered.wait(60)
        edit = _thread(
            "edit",
            lambda: _said(
                editor.post(f"/planning/service-days/{sd.pk}/edit/", _plan_edit(sd), follow=True)
            ),
            out,
        )
        edit.join(1.0)
        release.set()
        delete.join(60)
        edit.join(60)
    finally:
        undo.service_day_blocker = real
    return _edited_outcome(out, sd)


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_planning.test_service_day_delete_races:_ready",
                f"tests.web_planning.test_service_day_delete_races:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


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
    assert result["out"] == {"record": 302, "edit": 302}
    assert result["day"] == ["村委会", 40, 36]


def test_a_plan_saved_after_its_day_was_deleted_does_not_bring_it_back(race: Any) -> None:
    result = race("deleted_then_edited")
    assert result["out"]["delete"] == 302
    assert isinstance(result["out"]["edit"], list), result["out"]["edit"]
    status, said = result["out"]["edit"]
    assert status == 200
    assert "东村2026-05-20的服务日已被删除，修改未保存。" in said
    assert result["day"] is None
