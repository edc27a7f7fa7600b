"""Periodic work the job worker runs on a schedule: escalating overdue items, the
reminders' due/overdue scan, pruning finished job rows and (once it is installed)
the notification scan.

Time is cut into slots of each entry's interval (``KAOPING_*_INTERVAL`` seconds,
counted from the epoch), and an entry runs once per slot however many workers
tick: the run's row, unique per (name, slot), is inserted and committed before the
work starts, so a second worker's insert fails and it moves on. The work itself is
idempotent (the escalation's steps are conditional updates), so a run cut short by
a dead worker does no harm when the next slot runs it again. A failed run is
recorded with its error and the next slot simply tries again.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .models import Job, ScheduledRun

log = logging.getLogger("kaoping.jobs.schedule")
R = ScheduledRun.State


@dataclass(frozen=True)
class Periodic:
    name: str
    label: Any  # lazily translated
    interval_setting: str
    target: str  # dotted path of ``f(now: datetime) -> str`` (the outcome said in a line)
    # When the target's module may be absent (an app another change brings), its
    # entry waits, shown as not installed, instead of failing every slot.
    optional: bool = False

    @property
    def interval(self) -> int:
        return max(int(getattr(settings, self.interval_setting)), 1)

    def function(self) -> Callable[[datetime], Any] | None:
        try:
            found: Callable[[datetime], Any] = import_string(self.target)
        except ImportError:
            if self.optional:
                return None
            raise
        return found


def _entries() -> tuple[Periodic, ...]:
    return (
        Periodic(
            "escalation",
            _("逾期事项逐级升级"),
            "KAOPING_ESCALATION_INTERVAL",
            "kaoping.web.assessment.escalations.scheduled_escalation",
        ),
        Periodic(
            "reminder_scan",
            _("提醒单和整改期限检查"),
            "KAOPING_REMINDER_SCAN_INTERVAL",
            "kaoping.web.assessment.due_scan.scan_due",
        ),
        Periodic(
            "prune",
            _("清理已结束的任务记录"),
            "KAOPING_PRUNE_INTERVAL",
            "kaoping.web.jobs.schedule.prune_finished",
        ),
        Periodic(
            "notify_prune",
            _("清理通知发送记录"),
            "KAOPING_PRUNE_INTERVAL",
            "kaoping.web.notify.services.prune_deliveries",
        ),
        Periodic(
            "notices",
            _("发送到期和逾期通知"),
            "KAOPING_NOTICE_INTERVAL",
            settings.KAOPING_NOTICE_SCAN,
            optional=True,
        ),
    )


def entries() -> tuple[Periodic, ...]:
    """The schedule; tests may add to it through ``KAOPING_EXTRA_SCHEDULE``
    ((name, interval setting, dotted path) triples)."""
    extra = tuple(
        Periodic(name, name, setting, target)
        for name, setting, target in getattr(settings, "KAOPING_EXTRA_SCHEDULE", ())
    )
    return _entries() + extra


def every(seconds: int) -> str:
    """The interval said as a clerk would: 每1小时, not 3600."""
    from django.utils.translation import gettext

    for size, text in ((86400, gettext("每%(n)s天")), (3600, gettext("每%(n)s小时"))):
        if seconds % size == 0:
            return text % {"n": seconds // size}
    if seconds % 60 == 0:
        return gettext("每%(n)s分钟") % {"n": seconds // 60}
    return gettext("每%(n)s秒") % {"n": seconds}


def slot_of(now: datetime, interval: int) -> datetime:
    """The start of the slot ``now`` falls in (aware, UTC)."""
    seconds = int(now.timestamp())
    return datetime.fromtimestamp(seconds - seconds % interval, tz=UTC)


def _claimed(entry: Periodic, slot: datetime, worker: str) -> ScheduledRun | None:
    """This worker's run of ``entry`` for ``slot``, or None when another has it."""
    if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
        return None  # the usual case, without provoking an integrity error
    _claiming(entry.name)
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(
                name=entry.name, slot=slot, worker=worker, started_at=timezone.now()
            )
    except IntegrityError:
        return None


def _claiming(name: str) -> None:
    """Called between looking for the slot's row and inserting it (a test holds two
    workers here so that both insert)."""


def _before_run(name: str) -> None:
    """Called once a slot is claimed, before its work (a test holds a worker here)."""


def run_entry(entry: Periodic, now: datetime, worker: str = "") -> ScheduledRun | None:
    """Run ``entry`` for the slot of ``now`` unless some worker already has; the
    run's row, or None when it was not this worker's to run."""
    if entry.optional and entry.function() is None:
        return None
    run = _claimed(entry, slot_of(now, entry.interval), worker)
    if run is None:
        return None
    _before_run(entry.name)
    try:
        function = entry.function()
        assert function is not None
        outcome = function(now)
    except Exception as exc:
        log.exception("scheduled %s (slot %s) failed", entry.name, run.slot)
        run.state = R.FAILED
        run.error = "".join(traceback.format_exception(exc))[-4000:]
        run.message = str(_("运行失败，下一时段将重试"))
    else:
        run.state = R.SUCCEEDED
        run.message = str(outcome or "")[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "error", "message", "finished_at"])
    return run


def tick(now: datetime | None = None, worker: str = "") -> list[ScheduledRun]:
    """Run every entry whose current slot nobody has run yet (the worker calls it
    every few seconds); the runs this call made."""
    now = now or timezone.now()
    made = []
    for entry in entries():
        try:
            run = run_entry(entry, now, worker)
        except DatabaseError:
            # The database is busy (SQLite's one writer); the next tick tries again.
            log.info("scheduled %s not claimed this time", entry.name)
            continue
        if run is not None:
            made.append(run)
    return made


def overview(now: datetime | None = None) -> list[dict[str, Any]]:
    """Each entry with its interval, its last run and when its next slot starts."""
    now = now or timezone.now()
    rows = []
    for entry in entries():
        last = ScheduledRun.objects.filter(name=entry.name).order_by("-slot").first()
        last_ok = (
            ScheduledRun.objects.filter(name=entry.name, state=R.SUCCEEDED)
            .order_by("-slot")
            .first()
        )
        installed = entry.function() is not None if entry.optional else True
        rows.append(
            {
                "name": entry.name,
                "label": entry.label,
                "interval": entry.interval,
                "every": every(entry.interval),
                "installed": installed,
                "last": last,
                "last_ok": last_ok,
                "next": slot_of(now, entry.interval) + timedelta(seconds=entry.interval),
            }
        )
    return rows


def prune_finished(now: datetime) -> str:
    """Delete finished jobs, their django-tasks rows and scheduled runs older than
    ``KAOPING_JOB_RETENTION_DAYS``; queued and running ones are never touched."""
    from django_tasks_db.models import DBTaskResult

    before = now - timedelta(days=settings.KAOPING_JOB_RETENTION_DAYS)
    with transaction.atomic():
        jobs, _by = (
            Job.objects.exclude(state__in=Job.ACTIVE).filter(finished_at__lt=before).delete()
        )
        tasks, _by = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
        # A run still marked running that long after its slot lost its worker.
        runs, _by = ScheduledRun.objects.filter(slot__lt=before).delete()
    files = _prune_files(Path(settings.KAOPING_CACHE_DIR) / "charts", before)
    return str(
        _(
            "删除%(days)s天前结束的任务%(jobs)s个、队列记录%(tasks)s条、定时运行记录%(runs)s条、"
            "缓存图表%(files)s个"
        )
    ) % {
        "days": settings.KAOPING_JOB_RETENTION_DAYS,
        "jobs": jobs,
        "tasks": tasks,
        "runs": runs,
        "files": files,
    }


def _prune_files(folder: Path, before: datetime) -> int:
    """Cached charts drawn before ``before``: those of old computations are never read
    again, and a current one is simply drawn anew when next asked for."""
    gone = 0
    for f in folder.glob("*.png") if folder.is_dir() else []:
        try:
            if f.stat().st_mtime < before.timestamp():
                f.unlink()
                gone += 1
        except FileNotFoundError:
            pass  # another worker's prune took it
    return gone
