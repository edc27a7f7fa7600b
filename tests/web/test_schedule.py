"""The job worker's schedule (kaoping.web.jobs.schedule): slots, one run per slot
with two workers racing, a failure recorded and retried in the next slot, pruning
finished jobs, and the jobs page that shows it to a township admin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from kaoping.web.jobs import schedule
from kaoping.web.jobs.models import Job, ScheduledRun

from . import race_scenarios, schedule_scenarios
from .conftest import World

T0 = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _chinese() -> Any:
    """The worker words its outcomes in the site's language; an English page
    requested by an earlier test must not leave English active here."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(
    ("now", "interval", "slot"),
    [
        (T0, 3600, T0),
        (T0 + timedelta(minutes=59, seconds=59), 3600, T0),
        (T0 + timedelta(hours=1), 3600, T0 + timedelta(hours=1)),
        (T0 + timedelta(minutes=7, seconds=3), 300, T0 + timedelta(minutes=5)),
        # A day's slot starts at midnight UTC, whatever the hour.
        (T0 + timedelta(hours=5), 86400, datetime(2026, 12, 1, tzinfo=UTC)),
    ],
)
def test_a_moment_falls_in_the_slot_of_its_interval(
    now: datetime, interval: int, slot: datetime
) -> None:
    assert schedule.slot_of(now, interval) == slot


@pytest.fixture
def only(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The schedule reduced to one test entry of ``interval`` seconds."""

    def use(target: str, interval: int = 60) -> None:
        settings.KAOPING_TEST_INTERVAL = interval
        settings.KAOPING_EXTRA_SCHEDULE = [("test", "KAOPING_TEST_INTERVAL", target)]
        real = schedule._entries
        monkeypatch.setattr(schedule, "_entries", lambda: tuple(e for e in real() if False))

    return use


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ticks", "calls"),
    [
        # seconds after T0 at which the worker ticks -> runs made, slots of 60 s
        ([0], 1),
        ([0, 10, 59], 1),
        ([0, 60], 2),
        ([59, 61, 119, 120, 300], 4),  # slots 0, 1, 1, 2, 5
    ],
)
def test_an_entry_runs_once_per_slot_however_often_the_worker_ticks(
    only: Any, ticks: list[int], calls: int
) -> None:
    only("tests.web.schedule_scenarios.counted")
    schedule_scenarios.CALLS.clear()
    for s in ticks:
        schedule.tick(T0 + timedelta(seconds=s), worker="w1")
    assert len(schedule_scenarios.CALLS) == calls
    assert ScheduledRun.objects.filter(name="test", state="succeeded").count() == calls


@pytest.mark.django_db
def test_a_failing_run_is_recorded_and_retried_in_the_next_slot(only: Any) -> None:
    only("tests.web.schedule_scenarios.flaky")
    schedule_scenarios.FAIL_FIRST["flaky"] = True
    steps = [
        (T0, ["failed"]),
        (T0 + timedelta(seconds=30), ["failed"]),  # the same slot is not run again
        (T0 + timedelta(seconds=60), ["failed", "succeeded"]),
    ]
    for now, states in steps:
        schedule.tick(now, worker="w1")
        assert [r.state for r in ScheduledRun.objects.order_by("slot")] == states
    failed, ok = ScheduledRun.objects.order_by("slot")
    assert "RuntimeError: database gone away" in failed.error
    assert failed.message == "运行失败，下一时段将重试"
    assert ok.message == "补上了" and ok.slot == T0 + timedelta(seconds=60)


@pytest.mark.django_db
def test_the_notice_scan_waits_until_its_module_is_installed(settings: Any) -> None:
    settings.KAOPING_NOTICE_SCAN = "kaoping.web.notify_not_here.send_due_notices"
    rows = {e["name"]: e for e in schedule.overview(T0)}
    assert rows["notices"]["installed"] is False
    assert rows["escalation"]["installed"] is True
    settings.KAOPING_EXTRA_SCHEDULE = []
    made = schedule.tick(T0, worker="w1")
    assert "notices" not in {r.name for r in made}
    settings.KAOPING_NOTICE_SCAN = "tests.web.schedule_scenarios.counted"
    made = schedule.tick(T0, worker="w1")
    assert [r.name for r in made] == ["notices"]


@pytest.mark.django_db
def test_every_shipped_entry_runs_on_an_empty_database(settings: Any) -> None:
    settings.KAOPING_NOTICE_SCAN = "tests.web.schedule_scenarios.counted"
    made = {r.name: r for r in schedule.tick(T0, worker="w1")}
    assert sorted(made) == ["escalation", "notices", "notify_prune", "prune", "reminder_scan"]
    assert {r.state for r in made.values()} == {"succeeded"}, [r.error for r in made.values()]
    assert made["escalation"].message == "升级0步（0项逾期事项）"
    assert made["reminder_scan"].message == (
        "提醒单逾期0份、3天内到期0份；整改事项逾期0项、3天内到期0项"
    )


# --- two workers at once -------------------------------------------------------------


def _empty() -> None:
    return None


def test_two_workers_racing_for_the_same_slot_run_it_once(
    transactional_db: Any, tmp_path: Path
) -> None:
    if connection.vendor == "sqlite":
        result = race_scenarios.run_in_child(
            tmp_path,
            "tests.web.schedule_scenarios:nothing",
            "tests.web.schedule_scenarios:two_workers_race",
        )
    else:
        result = schedule_scenarios.two_workers_race(None)
    assert result["errors"] == []
    # Three slots, two workers each: three runs, one per slot.
    assert result["calls"] == 3 and result["made"] == 3
    assert result["rows"] == [
        ["counted", f"2026-12-01T09:0{i}:00+00:00", "succeeded"] for i in range(3)
    ]


# --- pruning ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_pruning_deletes_only_finished_jobs_older_than_the_retention(
    world: World, settings: Any
) -> None:
    settings.KAOPING_JOB_RETENTION_DAYS = 30
    now = T0
    rows = [
        # (state, finished days ago or None) -> kept?
        ("succeeded", 31, False),
        ("failed", 45, False),
        ("cancelled", 31, False),
        ("succeeded", 29, True),
        ("failed", 1, True),
        ("queued", None, True),
        ("running", None, True),
    ]
    made = []
    for state, days, _kept in rows:
        made.append(
            Job.objects.create(
                kind="test.write_villages",
                unit=world.t1,
                state=state,
                finished_at=None if days is None else now - timedelta(days=days),
            )
        )
    ScheduledRun.objects.create(
        name="old", slot=now - timedelta(days=40), started_at=now - timedelta(days=40)
    )
    ScheduledRun.objects.create(name="new", slot=now, started_at=now)
    message = schedule.prune_finished(now)
    kept = set(Job.objects.values_list("pk", flat=True))
    assert [j.pk in kept for j in made] == [k for _s, _d, k in rows]
    assert list(ScheduledRun.objects.values_list("name", flat=True)) == ["new"]
    assert message == "删除30天前结束的任务3个、队列记录0条、定时运行记录1条、缓存图表0个"


@pytest.mark.django_db
def test_pruning_deletes_cached_charts_drawn_before_the_retention(
    settings: Any, tmp_path: Path
) -> None:
    import os

    settings.KAOPING_CACHE_DIR = tmp_path
    settings.KAOPING_JOB_RETENTION_DAYS = 30
    charts = tmp_path / "charts"
    charts.mkdir()
    for name, days in [("old.png", 31), ("new.png", 29), ("keep.txt", 99)]:
        f = charts / name
        f.write_bytes(b"x")
        t = (T0 - timedelta(days=days)).timestamp()
        os.utime(f, (t, t))
    assert schedule.prune_finished(T0).endswith("缓存图表1个")
    assert sorted(p.name for p in charts.iterdir()) == ["keep.txt", "new.png"]


@pytest.mark.django_db(transaction=True)
def test_pruning_deletes_the_task_rows_of_old_finished_tasks(world: World, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from kaoping.web.jobs import enqueue

    from . import job_kinds_for_tests  # noqa: F401

    for _ in range(3):
        enqueue("test.write_villages", unit=world.t1, params={"n": 1})
    old, recent, waiting = DBTaskResult.objects.order_by("enqueued_at")
    DBTaskResult.objects.filter(pk=old.pk).update(
        status="SUCCESSFUL", finished_at=T0 - timedelta(days=31)
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status="FAILED", finished_at=T0 - timedelta(days=2)
    )
    schedule.prune_finished(T0)
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


# --- the jobs page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("outsider", 200),  # T2's admin: the schedule, and T2's jobs only
        ("assessor", 403),
        ("leader", 403),
        ("reporter", 403),
    ],
)
def test_the_jobs_page_is_for_township_admins(
    world: World, login: Any, persona: str, status: int
) -> None:
    assert login(persona).get("/jobs/").status_code == status


def test_an_anonymous_visitor_is_sent_to_log_in(world: World) -> None:
    response = Client().get("/jobs/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_jobs_page_shows_each_entrys_last_run_and_only_the_admins_jobs(
    world: World, login: Any, settings: Any
) -> None:
    settings.KAOPING_NOTICE_SCAN = "kaoping.web.notify_not_here.send_due_notices"
    ScheduledRun.objects.create(
        name="escalation",
        slot=T0,
        started_at=T0,
        finished_at=T0,
        state="failed",
        message="运行失败，下一时段将重试",
        error="Traceback: secret detail",
    )
    Job.objects.create(kind="assessment.compute", unit=world.t1, state="succeeded")
    Job.objects.create(kind="assessment.compute", unit=world.t2, state="failed")
    page = login("admin").get("/jobs/").content.decode()
    assert "逾期事项逐级升级" in page and "失败：运行失败，下一时段将重试" in page
    assert "secret detail" not in page
    assert "尚未接入" in page  # the notice scan
    assert "东风镇" in page and "红旗镇" not in page


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(20, "每20秒"), (900, "每15分钟"), (3600, "每1小时"), (5400, "每90分钟"), (86400, "每1天")],
)
def test_an_interval_is_said_in_the_largest_whole_unit(seconds: int, said: str) -> None:
    assert schedule.every(seconds) == said


def test_the_jobs_page_reads_in_english_for_an_english_browser(world: World, login: Any) -> None:
    html = login("admin").get("/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in ("Background jobs", "Scheduled work", "Escalate overdue items", "every 1 hour(s)"):
        assert words in html
    assert "定时任务" not in html
