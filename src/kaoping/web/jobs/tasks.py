"""Where the task was before it moved beside the queue (queue.run_job): a job
enqueued by an older kaoping names ``kaoping.web.jobs.tasks.run_job`` in its row,
and the database backend imports the task by that name."""

from __future__ import annotations

from .queue import run_job

__all__ = ["run_job"]
