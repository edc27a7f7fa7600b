"""The queue's rules: the kinds of job, enqueueing, one attempt all-or-nothing,
retries with back-off, cancelling, and taking over the jobs of a dead worker.

Django's tasks framework (the ``django-tasks`` backport, database backend
``django-tasks-db``) carries "run job N" to a worker; everything a page reads
about the job is in :class:`~kaoping.web.jobs.models.Job`.

An attempt writes in one transaction: the kind's ``apply`` runs inside it, then
the job's row is locked *in the same transaction* and its cancel flag read; a
cancelled job raises and the transaction rolls back, otherwise the job is marked
succeeded and both commit together. A worker killed before that commit leaves
nothing applied (the database rolls the transaction back) and the job still
``running`` under a worker that no longer exists; :func:`recover` retries it or,
past its attempts, marks it failed.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone
from django_tasks import task

from .models import Job

log = logging.getLogger("kaoping.jobs")
S = Job.State

# Set by the worker command: progress and heartbeats then go through a second
# connection so that a page sees them while the attempt's transaction is open.
IN_WORKER = False
SIDE = "jobs"


class JobRefused(Exception):
    """The work is not allowed or not possible as asked: failed at once, no retry.
    ``message`` is shown to the person, in Chinese."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class _Cancelled(Exception):
    pass


class _Superseded(Exception):
    """The job was taken over (its lease ran out) while this attempt ran."""


@dataclass(frozen=True)
class Outcome:
    message: str
    url: str = ""


@dataclass
class JobContext:
    job: Job
    attempt: int
    total: int = 0
    done: int = 0
    in_write: bool = field(default=False, repr=False)

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    def progress(self, done: int, total: int | None = None) -> None:
        """Record how far the work is; best effort, never part of the work's
        transaction (a rolled-back attempt keeps its last progress)."""
        self.done = done
        if total is not None:
            self.total = total
        _side_update(self, done=self.done, total=self.total)

    def cancelled(self) -> bool:
        """Whether someone asked to cancel: a kind may stop early; the runner checks
        again under the row lock before it commits."""
        return bool(
            Job.objects.using(_side_alias(self))
            .filter(pk=self.job.pk, cancel_requested=True)
            .exists()
        )


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # a lazily translated name, e.g. 计算考评
    apply: Callable[[JobContext, Any], Outcome]
    prepare: Callable[[JobContext], Any] | None = None
    max_attempts: int = 3


KINDS: dict[str, Kind] = {}


def job_kind(
    name: str,
    label: Any,
    *,
    prepare: Callable[[JobContext], Any] | None = None,
    max_attempts: int = 3,
) -> Callable[[Callable[[JobContext, Any], Outcome]], Callable[[JobContext, Any], Outcome]]:
    """Register ``apply(ctx, prepared) -> Outcome`` as the kind ``name``.

    ``prepare(ctx)``, if given, runs first outside any transaction (reading,
    computing, drawing; progress is visible and cancelling is cheap) and its
    result is handed to ``apply``, which runs inside the attempt's transaction."""

    def register(
        apply: Callable[[JobContext, Any], Outcome],
    ) -> Callable[[JobContext, Any], Outcome]:
        KINDS[name] = Kind(name, label, apply, prepare, max_attempts)
        return apply

    return register


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(
    kind: str,
    *,
    unit: Any,
    user: Any = None,
    params: dict[str, Any] | None = None,
    key: str = "",
    total: int = 0,
    max_attempts: int | None = None,
) -> Job:
    """Queue ``kind`` for ``unit`` (whoever may read the unit may read the job).

    With a ``key``, a job of the same kind and key that is still queued or running
    is returned instead of a second one. Inside a transaction the job and its
    task row commit (or roll back) with the caller's writes. Params must be JSON."""
    if kind not in KINDS:
        raise KeyError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        if key:
            running = (
                Job.objects.select_for_update()
                .filter(kind=kind, key=key, state__in=Job.ACTIVE)
                .first()
            )
            if running is not None:
                return running
        job = Job.objects.create(
            kind=kind,
            unit=unit,
            key=key,
            started_by=user if getattr(user, "is_authenticated", False) else None,
            params=params or {},
            total=total,
            max_attempts=max_attempts or KINDS[kind].max_attempts,
        )
        _send(job)
    job.refresh_from_db()
    return job


def _send(job: Job) -> None:
    carrier = run_job
    if job.run_after is not None and carrier.get_backend().supports_defer:
        carrier = carrier.using(run_after=job.run_after)
    carrier.enqueue(job.pk)


def cancel(job: Job) -> bool:
    """Ask to cancel: a queued job is cancelled at once, a running one when its
    attempt reaches the commit. False when it has already finished."""
    with transaction.atomic():
        if Job.objects.filter(pk=job.pk, state=S.QUEUED).update(
            state=S.CANCELLED, cancel_requested=True, finished_at=timezone.now()
        ):
            return True
        return bool(Job.objects.filter(pk=job.pk, state=S.RUNNING).update(cancel_requested=True))


def backoff(attempt: int) -> timedelta:
    """The wait before attempt ``attempt + 1``: the base doubled each time, capped."""
    base = settings.KAOPING_JOB_RETRY_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 3600))


# --- one attempt ---------------------------------------------------------------


def run(job_id: int) -> None:
    """Run one attempt of job ``job_id`` (called by the worker through the task)."""
    me = worker_id()
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != S.QUEUED:
            return  # cancelled while queued, or a duplicate delivery
        job.state = S.RUNNING
        job.attempts += 1
        job.worker = me
        job.heartbeat_at = now
        job.started_at = job.started_at or now
        job.save(update_fields=["state", "attempts", "worker", "heartbeat_at", "started_at"])
    kind = KINDS.get(job.kind)
    ctx = JobContext(job=job, attempt=job.attempts, total=job.total)
    beat = _Heartbeat(ctx) if IN_WORKER else None
    try:
        if kind is None:
            raise JobRefused(f"未知的任务类型：{job.kind}")
        prepared = kind.prepare(ctx) if kind.prepare else None
        with transaction.atomic():
            ctx.in_write = True
            outcome = kind.apply(ctx, prepared)
            _commit_point(job.pk, ctx.attempt, me, outcome, ctx)
    except _Cancelled:
        _finish(job.pk, ctx.attempt, state=S.CANCELLED, message=str(_cancelled_message()))
    except _Superseded:
        log.warning("job %s attempt %s was taken over; rolled back", job.pk, ctx.attempt)
    except JobRefused as refused:
        _finish(
            job.pk, ctx.attempt, state=S.FAILED, message=refused.message, problems=refused.problems
        )
    except Exception as exc:
        log.exception("job %s (%s) attempt %s failed", job.pk, job.kind, ctx.attempt)
        _retry_or_fail(job.pk, ctx.attempt, "".join(traceback.format_exception(exc))[-4000:])
    finally:
        ctx.in_write = False
        if beat is not None:
            beat.stop()


@task()
def run_job(job_id: int) -> None:
    """The one task the tasks framework carries: run an attempt of a job. It lives
    beside :func:`run`, so that the queue and its task do not import each other."""
    run(job_id)


def _commit_point(job_id: int, attempt: int, me: str, outcome: Outcome, ctx: JobContext) -> None:
    """Inside the attempt's transaction, the last statement before its commit."""
    locked = Job.objects.select_for_update().get(pk=job_id)
    if locked.state != S.RUNNING or locked.attempts != attempt or locked.worker != me:
        raise _Superseded
    if locked.cancel_requested:
        raise _Cancelled
    locked.state = S.SUCCEEDED
    locked.message = outcome.message
    locked.result_url = outcome.url
    locked.done = locked.total = max(ctx.total, ctx.done, 1)
    locked.finished_at = timezone.now()
    locked.save(update_fields=["state", "message", "result_url", "done", "total", "finished_at"])


def _cancelled_message() -> str:
    from django.utils.translation import gettext

    return gettext("已取消，没有写入任何数据")


def _finish(job_id: int, attempt: int, **fields: Any) -> None:
    Job.objects.filter(pk=job_id, state=S.RUNNING, attempts=attempt).update(
        finished_at=timezone.now(), **fields
    )


def _retry_or_fail(job_id: int, attempt: int, error: str, *, lost: bool = False) -> None:
    from django.utils.translation import gettext

    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != S.RUNNING or job.attempts != attempt:
            return
        job.error = error
        if job.cancel_requested:
            job.state = S.CANCELLED
            job.message = _cancelled_message()
            job.finished_at = timezone.now()
        elif job.attempts < job.max_attempts:
            job.state = S.QUEUED
            job.run_after = timezone.now() + backoff(job.attempts)
            job.worker = ""
        else:
            job.state = S.FAILED
            job.message = (
                gettext("任务中断（处理进程退出），没有写入任何数据；请重试")
                if lost
                else gettext("任务失败（服务器内部错误），没有写入任何数据；请重试或联系管理员")
            )
            job.finished_at = timezone.now()
        job.save()
        if job.state == S.QUEUED:
            _send(job)


# --- progress and heartbeats through a second connection -----------------------


def _side_alias(ctx: JobContext) -> str:
    return SIDE if IN_WORKER and SIDE in connections.databases else "default"


def _side_update(ctx: JobContext, **fields: Any) -> None:
    alias = _side_alias(ctx)
    if alias == "default" and ctx.in_write:
        return  # would only be part of the attempt's own transaction
    if alias != "default" and ctx.in_write and connection.vendor == "sqlite":
        return  # the attempt holds SQLite's one write lock
    try:
        Job.objects.using(alias).filter(pk=ctx.job.pk, state=S.RUNNING).update(**fields)
    except DatabaseError:
        log.info("progress of job %s not recorded this time", ctx.job.pk)


class _Heartbeat:
    """Says every few seconds that the attempt's worker is alive."""

    def __init__(self, ctx: JobContext) -> None:
        self.ctx = ctx
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name="job-heartbeat")
        self.thread.start()

    def _beat(self) -> None:
        interval = max(settings.KAOPING_JOB_LEASE_SECONDS / 3, 0.5)
        try:
            while not self.stopped.wait(interval):
                _side_update(self.ctx, heartbeat_at=timezone.now())
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)


# --- a dead worker's jobs --------------------------------------------------------


def _alive(worker: str) -> bool | None:
    """Whether the worker ``host:pid`` runs; None when it is on another machine."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover() -> int:
    """Retry (or, past their attempts, fail) the running jobs whose worker is gone:
    a process on this machine that no longer exists, or a heartbeat older than the
    lease. Returns how many were taken over."""
    lease = timedelta(seconds=settings.KAOPING_JOB_LEASE_SECONDS)
    stale = timezone.now() - lease
    taken = 0
    for job in Job.objects.filter(state=S.RUNNING).only("pk", "worker", "heartbeat_at", "attempts"):
        alive = _alive(job.worker)
        if alive or (alive is None and job.heartbeat_at and job.heartbeat_at > stale):
            continue
        try:
            _retry_or_fail(job.pk, job.attempts, f"worker {job.worker} gone", lost=True)
        except DatabaseError:
            log.info("job %s: its worker's transaction still holds the database", job.pk)
            continue
        taken += 1
    return taken
