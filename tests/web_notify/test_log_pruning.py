"""The delivery log is pruned by the job worker's schedule (entry notify_prune,
daily like the jobs' own pruning): sent and failed rows older than
KAOPING_NOTIFY_RETENTION_DAYS go; rows still queued or retrying stay whatever
their age, and so do younger ones."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kaoping.web.jobs import schedule
from kaoping.web.notify.models import Delivery
from kaoping.web.notify.services import prune_deliveries

from .conftest import World

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _row(world: World, state: str, age_days: int, subject: str) -> Delivery:
    d = Delivery.objects.create(
        township=world.t1,
        unit=world.v1,
        event="report_due",
        channel="email",
        shown_to="v1@example.cn",
        subject=subject,
        text="…",
        state=state,
    )
    # created_at is auto_now_add: the age is set afterwards.
    Delivery.objects.filter(pk=d.pk).update(created_at=NOW - timedelta(days=age_days))
    return d


def test_old_sent_and_failed_rows_go_pending_and_young_ones_stay(
    world: World, settings: Any
) -> None:
    settings.KAOPING_NOTIFY_RETENTION_DAYS = 30
    _row(world, "sent", 31, "old sent")
    _row(world, "failed", 40, "old failed")
    _row(world, "queued", 400, "old queued")
    _row(world, "retrying", 400, "old retrying")
    _row(world, "sent", 29, "young sent")
    _row(world, "failed", 1, "young failed")
    assert prune_deliveries(NOW) == "删除30天前的通知发送记录2条"
    left = sorted(Delivery.objects.values_list("subject", flat=True))
    assert left == ["old queued", "old retrying", "young failed", "young sent"]
    assert prune_deliveries(NOW) == "删除30天前的通知发送记录0条"


def test_the_schedule_prunes_the_log_daily_with_the_jobs(world: World, settings: Any) -> None:
    (entry,) = [e for e in schedule.entries() if e.name == "notify_prune"]
    assert entry.interval_setting == "KAOPING_PRUNE_INTERVAL"
    assert entry.interval == settings.KAOPING_PRUNE_INTERVAL == 24 * 3600
    settings.KAOPING_NOTIFY_RETENTION_DAYS = 30
    _row(world, "sent", 31, "old sent")
    run = schedule.run_entry(entry, NOW, worker="w1")
    assert run is not None and run.state == "succeeded", run and run.error
    assert run.message == "删除30天前的通知发送记录1条"
    assert not Delivery.objects.exists()
