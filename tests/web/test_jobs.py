"""Jobs in the web process: who may see and cancel one, retries and back-off,
refusals, cancelling a queued job, and taking over the job of a dead worker.

The worker itself, killed and cancelled mid-transaction: test_job_worker.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from kaoping.web.core.models import Unit
from kaoping.web.jobs import cancel, enqueue
from kaoping.web.jobs import queue as jobs_queue
from kaoping.web.jobs.models import Job

from . import job_kinds_for_tests  # noqa: F401  (registers the test kinds)
from .conftest import World

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _held(world: World, user: str = "assessor", **params: Any) -> Job:
    """A job that stays queued: the database backend, and no worker in the test."""
    return enqueue(
        "test.write_villages",
        unit=world.t1,
        user=world.users[user],
        params={"n": 3, **params},
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("assessor", 200),  # started it
        ("admin", 200),
        ("leader", 200),
        ("reporter", 404),
        ("outsider", 404),
    ],
)
def test_a_job_is_seen_by_its_starter_and_the_township_only(
    world: World, login: Any, settings: Any, persona: str, status: int
) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    response = login(persona).get(f"/jobs/{job.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "写入测试村" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(world: World, settings: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    response = Client().get(f"/jobs/{job.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "status", "state"),
    [
        ("assessor", 200, "cancelled"),  # started it
        ("admin", 200, "cancelled"),
        ("leader", 403, "queued"),  # reads the township, did not start it
        ("reporter", 404, "queued"),
        ("outsider", 404, "queued"),
    ],
)
def test_a_job_is_cancelled_by_its_starter_or_the_township_admin(
    world: World, login: Any, settings: Any, persona: str, status: int, state: str
) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    response = login(persona).post(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == status
    job.refresh_from_db()
    assert job.state == state


def test_cancelling_needs_the_csrf_token(world: World, settings: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["assessor"])
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 403
    job.refresh_from_db()
    assert job.state == "queued"


def test_a_cancelled_queued_job_never_runs(world: World, settings: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    assert cancel(job) is True
    jobs_queue.run(job.pk)  # the worker takes its task off the queue anyway
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("cancelled", 0)
    assert not Unit.objects.filter(code__startswith=f"K{job.pk}-").exists()
    assert cancel(job) is False  # already over


def test_a_finished_job_cannot_be_cancelled_and_says_so(world: World, login: Any) -> None:
    job = _held(world)  # the immediate backend: done before enqueue returns
    assert job.state == "succeeded"
    response = login("assessor").post(f"/jobs/{job.pk}/cancel/", HTTP_HX_REQUEST="true")
    assert "任务已经结束，无法取消" in response.content.decode()


def test_a_successful_job_commits_its_writes_with_its_outcome(world: World) -> None:
    job = _held(world)
    assert (job.state, job.attempts, job.message, job.percent) == ("succeeded", 1, "写入3个村", 100)
    assert Unit.objects.filter(code__startswith=f"K{job.pk}-").count() == 3


def test_a_failing_job_is_retried_and_then_failed_with_nothing_written(world: World) -> None:
    job = enqueue("test.fails", unit=world.t1, user=world.users["admin"])
    assert (job.state, job.attempts) == ("failed", 3)
    assert "服务器内部错误" in job.message and "disk on fire" not in job.message
    assert "disk on fire" in job.error  # for the log and the admin
    assert not Unit.objects.filter(code__startswith="F").exists()


@pytest.mark.parametrize(
    ("attempt", "seconds"),
    [(1, 10), (2, 20), (3, 40), (4, 80), (12, 3600)],  # base 10 s, doubled, capped at an hour
)
def test_retries_back_off_by_doubling(settings: Any, attempt: int, seconds: int) -> None:
    settings.KAOPING_JOB_RETRY_SECONDS = 10
    assert jobs_queue.backoff(attempt) == timedelta(seconds=seconds)


def test_a_retry_waits_its_back_off_before_a_worker_takes_it(world: World, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    settings.KAOPING_JOB_RETRY_SECONDS = 10
    job = enqueue("test.fails", unit=world.t1)
    jobs_queue.run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("queued", 1)
    assert job.run_after is not None
    waiting = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert waiting is not None and waiting.run_after == job.run_after
    assert not DBTaskResult.objects.ready().filter(pk=waiting.pk).exists()


def test_one_active_job_per_key(world: World, settings: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    first = enqueue("test.write_villages", unit=world.t1, params={"n": 1}, key="k")
    again = enqueue("test.write_villages", unit=world.t1, params={"n": 1}, key="k")
    other = enqueue("test.write_villages", unit=world.t1, params={"n": 1}, key="k2")
    assert first.pk == again.pk != other.pk


def test_an_unknown_kind_is_refused_at_once(world: World) -> None:
    with pytest.raises(KeyError, match=r"no\.such"):
        enqueue("no.such", unit=world.t1)


@pytest.mark.parametrize(
    ("attempts", "max_attempts", "state"),
    [(1, 3, "queued"), (3, 3, "failed")],
)
def test_the_job_of_a_dead_worker_is_retried_or_failed(
    world: World, settings: Any, attempts: int, max_attempts: int, state: str
) -> None:
    import socket

    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    # A process id far above the kernel's limit: no such process on this machine.
    Job.objects.filter(pk=job.pk).update(
        state="running",
        attempts=attempts,
        max_attempts=max_attempts,
        worker=f"{socket.gethostname()}:99999999",
    )
    assert jobs_queue.recover() == 1
    job.refresh_from_db()
    assert job.state == state
    if state == "failed":
        assert "任务中断" in job.message


def test_a_running_job_of_a_live_worker_is_left_alone(world: World, settings: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, worker=jobs_queue.worker_id())
    assert jobs_queue.recover() == 0


def test_a_job_on_another_machine_is_taken_over_once_its_lease_ran_out(
    world: World, settings: Any
) -> None:
    from django.utils import timezone

    settings.TASKS = DATABASE_BACKEND
    job = _held(world)
    fresh = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state="running", attempts=1, worker="elsewhere:12", heartbeat_at=fresh
    )
    assert jobs_queue.recover() == 0
    Job.objects.filter(pk=job.pk).update(heartbeat_at=fresh - timedelta(seconds=61))
    assert jobs_queue.recover() == 1
