"""A job kind for the worker tests (test_job_worker.py): writes villages one by one
in the attempt's transaction and, when asked, stops in the middle and says so in a
file, so that the test can kill or cancel it at a known point."""

from __future__ import annotations

import os
import time
from pathlib import Path

from kaoping.web.core.models import Unit
from kaoping.web.jobs import JobContext, Outcome, job_kind


def _hold(ctx: JobContext, where: str) -> None:
    if ctx.params.get("hold_in") != where or ctx.attempt > ctx.params.get("hold_attempts", 0):
        return
    Path(ctx.params["held"]).write_text(str(os.getpid()))
    go = Path(ctx.params["go"])
    deadline = time.monotonic() + 120
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _prepare(ctx: JobContext) -> int:
    _hold(ctx, "prepare")
    return int(ctx.params["n"])


@job_kind("test.write_villages", "写入测试村", prepare=_prepare)
def write_villages(ctx: JobContext, n: int) -> Outcome:
    township = Unit.objects.get(pk=ctx.job.unit_id)
    for i in range(n):
        Unit.objects.create(
            code=f"K{ctx.job.pk}-{i}", name=f"测试村{i}", level=Unit.Level.VILLAGE, parent=township
        )
        ctx.progress(i + 1, n)
        if i == n // 2:
            _hold(ctx, "apply")
    return Outcome(f"写入{n}个村", "")


@job_kind("test.fails", "总是失败", max_attempts=3)
def fails(ctx: JobContext, prepared: None) -> Outcome:
    township = Unit.objects.get(pk=ctx.job.unit_id)
    Unit.objects.create(
        code=f"F{ctx.attempt}", name="半截", level=Unit.Level.VILLAGE, parent=township
    )
    raise RuntimeError("disk on fire")
