"""What the planning races share (test_undo_races.py, test_service_day_delete_races.py,
test_allocation_delete_races.py): the world, signed-in clients, and one way to force
an order. The first action is stopped inside its transaction, in a function it calls
after it has locked its row, while the second starts and must wait for it.

Run in the test process on PostgreSQL and in a child process on a file SQLite
database (the ``race`` fixture of conftest.py; tests/web/race_scenarios.py says why).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def ready() -> Any:
    from .conftest import build_plans, build_world

    return build_plans(build_world())


def client(user: Any) -> Any:
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def said(response: Any) -> list[Any]:
    """The status and the page the person reads (after the redirect, if followed)."""
    return [response.status_code, response.content.decode()]


def _thread(name: str, target: Callable[[], Any], out: dict[str, Any]) -> threading.Thread:
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


def first_then_second(
    owner: Any,
    attribute: str,
    first: tuple[str, Callable[[], Any]],
    second: tuple[str, Callable[[], Any]],
) -> dict[str, Any]:
    """Run ``first`` and hold it in ``owner.attribute`` until ``second`` has had a
    second to arrive; then let both finish. Returns what each answered by name, and
    ``<second>_waited``: whether the second was still waiting when the first let go."""
    (first_name, first_call), (second_name, second_call) = first, second
    entered, release = threading.Event(), threading.Event()
    real = getattr(owner, attribute)

    def held(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == first_name:
            entered.set()
            assert release.wait(60), "never released"
        return real(*args, **kwargs)

    out: dict[str, Any] = {}
    setattr(owner, attribute, held)
    try:
        one = _thread(first_name, first_call, out)
        assert entered.wait(60)
        two = _thread(second_name, second_call, out)
        two.join(1.0)
        out[f"{second_name}_waited"] = two.is_alive()
        release.set()
        one.join(60)
        two.join(60)
    finally:
        setattr(owner, attribute, real)
    return out
