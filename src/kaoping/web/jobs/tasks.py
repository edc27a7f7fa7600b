"""The one task the tasks framework carries: run an attempt of a job."""

from __future__ import annotations

from django_tasks import task

from . import queue


@task()
def run_job(job_id: int) -> None:
    queue.run(job_id)
