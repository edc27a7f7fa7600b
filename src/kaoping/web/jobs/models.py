"""A job: long work the pages hand to the worker, with what a person may read of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    ACTIVE = (State.QUEUED, State.RUNNING)

    kind = models.CharField(max_length=60)
    # Who may see the job: whoever may read this unit (core/access.py), as for
    # the page that started it.
    unit = models.ForeignKey("kaoping.Unit", on_delete=models.CASCADE, related_name="+")
    # One active job per key: a second click on 计算 finds the first job.
    key = models.CharField(max_length=120, blank=True, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)  # the outcome, shown as it is
    problems = models.JSONField(default=list, blank=True)  # rows of a refusal, shown as a table
    result_url = models.CharField(max_length=300, blank=True)
    cancel_requested = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # The worker running the current attempt ("host:pid") and when it last said so:
    # a job whose worker died is retried or failed by the next worker (queue.recover).
    worker = models.CharField(max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)  # for the log and the admin, never shown on a page
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=["state", "heartbeat_at"]),)

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def percent(self) -> int:
        if self.state == self.State.SUCCEEDED:
            return 100
        return 0 if not self.total else min(100, self.done * 100 // self.total)


class ScheduledRun(models.Model):
    """One run of a periodic entry (kaoping.web.jobs.schedule) for one slot of its
    interval. The unique (name, slot) is what makes it run once with many workers."""

    class State(models.TextChoices):
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    name = models.CharField(max_length=40)
    slot = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    worker = models.CharField(max_length=120, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)  # the outcome in a line, shown on the jobs page
    error = models.TextField(blank=True)  # for the log and the admin, never shown on a page

    class Meta:
        ordering = ("-slot", "name")
        constraints = (
            models.UniqueConstraint(fields=["name", "slot"], name="scheduled_run_once_per_slot"),
        )

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M} ({self.state})"
