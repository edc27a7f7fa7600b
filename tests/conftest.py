"""What every suite shares: the PostgreSQL the web suites may be asked to run on,
the real browser their ``browser``-marked tests drive, and the web suites' common
fixtures (the small world of tests/web/conftest.py, ``login``, their settings); a
suite's own conftest builds on these and overrides ``world`` or ``login`` where its
world is bigger.

The web suites run on SQLite by default; with DATABASE_URL pointing at PostgreSQL
they run there. A PostgreSQL that cannot be reached skips the web tests locally
(with the reason) and fails the run in CI (CI=true), where it is required. The
same rule holds for Debian's Chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import World, build_world

_URL = os.environ.get("DATABASE_URL", "")
_IN_CI = os.environ.get("CI") == "true"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _postgres_problem() -> str | None:
    if not _URL.startswith(("postgres://", "postgresql://")):
        return None
    try:
        import psycopg

        # The server, not the database: the test database is created by pytest-django.
        psycopg.connect(_URL, dbname="postgres", connect_timeout=3).close()
    except Exception as exc:
        return f"PostgreSQL at {_URL} is unreachable: {exc}"
    return None


_PG_PROBLEM = _postgres_problem()


def _uses_the_database(item: Any) -> bool:
    # tests/web, tests/web_assessment, tests/web_planning: the suites on Django's database.
    return "tests/web" in str(item.fspath)


def _asks_the_database_itself(item: Any) -> bool:
    """A test whose answer can depend on the database engine: it commits (races
    between threads or processes, killed workers, locks), or it is marked
    ``both_databases`` (figures stored exactly, bulk writes, migrations, the
    server's own settings). CI runs these once more on PostgreSQL (.ci/run)."""
    if item.get_closest_marker("both_databases"):
        return True
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(tryfirst=True)  # before -m reads the marks
def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        if _uses_the_database(item) and _asks_the_database_itself(item):
            item.add_marker(pytest.mark.both_databases)
    if _PG_PROBLEM is None:
        return
    if _IN_CI:
        raise pytest.UsageError(_PG_PROBLEM + " (required in CI)")
    skip = pytest.mark.skip(reason=_PG_PROBLEM)
    for item in items:
        if _uses_the_database(item):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _jobs_run_in_the_request(request: Any) -> None:
    """Jobs run inside the request that starts them (the tasks framework's
    immediate backend), so the web tests stay synchronous;
    tests/web/test_job_worker.py runs real workers in child processes. Every test
    that reaches the web app, not only tests/web*: the new user's walk-through
    (tests/test_newuser_demo_and_cli.py) computes through the page too."""
    if "django_db" not in {m.name for m in request.node.iter_markers()} and not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        return
    settings = request.getfixturevalue("settings")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _web_test_settings(request: Any) -> None:
    """The web suites' settings (tests/web*): uploads in the test's own folder, and
    MD5 password hashing (real hashing costs a tenth of a second per user; these
    passwords guard nothing)."""
    if not _uses_the_database(request.node):
        return
    settings = request.getfixturevalue("settings")
    settings.KAOPING_UPLOAD_DIR = request.getfixturevalue("tmp_path") / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    """The web tests' small world (tests/web/conftest.py)."""
    return build_world()


@pytest.fixture
def login(client: Any, world: World) -> Any:
    """``login("admin")``: the test client signed in as a persona of ``world``."""

    def as_(persona: str) -> Any:
        client.force_login(world.users[persona])
        return client

    return as_


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language() -> Iterator[None]:
    """A request in English leaves English active in this thread (LocaleMiddleware
    activates, nothing deactivates): a later test that calls a translated
    function directly would read it. Each test starts and ends in zh-hans."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def module_db(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[None]:
    """For a module of many tests that each ask one thing of the same world (the
    permission matrices, the URL walks): the module builds its world once, inside a transaction
    rolled back after its last test, and each test's own ``db`` savepoint undoes
    what that test changes. Building the world for each of 700 tests was most of
    their time."""
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(
            KAOPING_UPLOAD_DIR=tmp_path_factory.mktemp("uploads"),
            MEDIA_ROOT=tmp_path_factory.mktemp("media"),  # a follow-up's attachment
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_demo(module_db: None, tmp_path_factory: Any) -> list[Any]:
    """The web demo (``serve --demo``: kaoping.demo's township loaded by
    kaoping.web.demo), loaded once for a module whose tests only read it or change
    it inside their own ``db`` savepoint; its logins. Loading it costs 2–5 s of CPU,
    which was most of each such test's time. A test that commits
    (transactional_db, live_server, the browser) loads its own."""
    from django.test import override_settings

    from kaoping.demo import build_demo
    from kaoping.web.demo import load_demo

    with override_settings(KAOPING_CACHE_DIR=tmp_path_factory.mktemp("cache")):
        return list(load_demo(build_demo()))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if _IN_CI:
            pytest.fail("chromium is required in CI (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls the tests make
    # around it are plain synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--headless",
                    "--disable-background-networking",
                    "--disable-gpu",
                ],
            )
            yield b
            b.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: Any, settings: Any) -> Iterator[Any]:
    """A Chinese-speaking browser tab pointed at the live server (``page.base``)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    # Generous: with the suite on two xdist workers, a page drawing its charts
    # shares the cores with another test's work.
    pg.set_default_timeout(45000)
    pg.base = live_server.url
    # Actions that ask first (data-confirm) are answered "yes" unless a test sets
    # ``page.dialog_answer = False``; every question asked is kept in ``page.dialogs``.
    pg.dialogs = []
    pg.dialog_answer = True

    def answer(dialog: Any) -> None:
        pg.dialogs.append(dialog.message)
        dialog.accept() if pg.dialog_answer else dialog.dismiss()

    pg.on("dialog", answer)
    # Every browser test also proves the Content Security Policy blocks nothing
    # the pages need (htmx, app.js, the stylesheet): Chromium reports each
    # refusal on the console.
    refused: list[str] = []
    pg.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield pg
    context.close()
    assert refused == []
