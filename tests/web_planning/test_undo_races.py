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

import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.web import race_scenarios


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


def _outcome(plans: Any, out: dict[str, Any], r: Any) -> dict[str, Any]:
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
    users = plans.world.users
    signer, deleter = _client(users["reporter"]), _client(users["admin"])
    entered, release = threading.Event(), threading.Event()
    real = views.transition

    def held(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "sign":
            entered.set()
            assert release.wait(60), "never released"
        return real(*args, **kwargs)

    out: dict[str, Any] = {}
    views.transition = held
    try:
        sign = _thread(
            "sign",
            lambda: signer.post(f"/planning/reminders/{r.pk}/acknowledge/").status_code,
            out,
        )
        assert entered.wait(60)
        delete = _thread(
            "delete",
            lambda: _said(deleter.post(f"/planning/reminders/{r.pk}/delete/", follow=True)),
            out,
        )
        delete.join(1.0)
        out["delete_waited"] = delete.is_alive()
        release.set()
        sign.join(60)
        delete.join(60)
    finally:
        views.transition = real
    return _outcome(plans, out, r)


def deleted_first(plans: Any) -> dict[str, Any]:
    """The delete holds the reminder's lock; the signature comes meanwhile."""
    from kaoping.web.planning import undo

    r = plans.reminders["V1"]
    users = plans.world.users
    signer, deleter = _client(users["reporter"]), _client(users["admin"])
    entered, release = threading.Event(), threading.Event()
    real = undo.reminder_blocker

    def held(reminder: Any) -> str:
        if threading.current_thread().name == "delete":
            entered.set()
            assert release.wait(60), "never released"
        return real(reminder)

    out: dict[str, Any] = {}
    undo.reminder_blocker = held  # type: ignore[assignment]
    try:
        delete = _thread(
            "delete",
            lambda: deleter.post(f"/planning/reminders/{r.pk}/delete/").status_code,
            out,
        )
        assert entered.wait(60)
        sign = _thread(
            "sign",
            lambda: _said(signer.post(f"/planning/reminders/{r.pk}/acknowledge/", follow=True)),
            out,
        )
        sign.join(1.0)
        out["sign_waited"] = sign.is_alive()
        release.set()
        delete.join(60)
        sign.join(60)
    finally:
        undo.reminder_blocker = real
    return _outcome(plans, out, r)


def _said(response: Any) -> list[Any]:
    """The status and the page the person reads after the redirect."""
    return [response.status_code, response.content.decode()]


@pytest.fixture
def race(transactional_db: Any, tmp_path: Path, settings: Any) -> Any:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def run(scenario: str) -> dict[str, Any]:
        if connection.vendor == "sqlite":
            return race_scenarios.run_in_child(
                tmp_path,
                "tests.web_planning.test_undo_races:_ready",
                f"tests.web_planning.test_undo_races:{scenario}",
            )
        result: dict[str, Any] = globals()[scenario](_ready())
        return result

    return run


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
