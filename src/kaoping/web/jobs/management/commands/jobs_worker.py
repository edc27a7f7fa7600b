"""``manage.py jobs_worker``: the worker that runs jobs (``kaoping serve`` starts one).

django-tasks-db's worker loop takes tasks off the queue; beside it a thread takes
over the jobs of dead workers (kaoping.web.jobs.queue.recover) and, when started
by ``serve``, stops this worker if ``serve`` itself went away, and another runs
the periodic entries (kaoping.web.jobs.schedule) whose slot is due.
"""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connections
from django.utils.crypto import get_random_string

from kaoping.web.jobs import queue, schedule


class Command(BaseCommand):
    help = "Run the worker for kaoping's jobs"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=0.5)
        parser.add_argument("--parent-pid", type=int, default=0)
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument(
            "--no-schedule", action="store_true", help="Do not run the periodic entries."
        )

    def handle(
        self,
        *args: Any,
        interval: float,
        parent_pid: int,
        batch: bool,
        no_schedule: bool,
        **options: Any,
    ) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        queue.IN_WORKER = True
        stop = threading.Event()
        _sweep()
        if not batch:
            threading.Thread(
                target=_watch, args=(stop, parent_pid), daemon=True, name="job-recovery"
            ).start()
            if not no_schedule:
                threading.Thread(
                    target=_tick, args=(stop,), daemon=True, name="job-schedule"
                ).start()
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()


def _sweep() -> None:
    try:
        queue.recover()
    except DatabaseError:
        pass  # the database is busy; the next sweep tries again
    finally:
        connections.close_all()


def _watch(stop: threading.Event, parent_pid: int) -> None:
    every = max(settings.KAOPING_JOB_LEASE_SECONDS / 2, 1)
    while not stop.wait(every):
        if parent_pid and os.getppid() != parent_pid:
            # serve was killed without stopping us: finish the current task, then exit.
            os.kill(os.getpid(), signal.SIGTERM)
            return
        _sweep()


def _tick(stop: threading.Event) -> None:
    me = queue.worker_id()
    every = max(settings.KAOPING_SCHEDULE_TICK_SECONDS, 1)
    while True:
        try:
            schedule.tick(worker=me)
        except Exception:  # a bad entry must not stop the schedule; it is logged
            schedule.log.exception("schedule tick failed")
        finally:
            connections.close_all()
        if stop.wait(every):
            return
