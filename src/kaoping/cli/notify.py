"""``kaoping notify-due``: the web app's daily pass of due and overdue notices run
from the command line (cron), on the database of a data folder, as ``kaoping
serve`` uses it (:func:`kaoping.web.serving.notify_due`). The same pass as
``python -m django notify_due`` and the job worker's schedule; safe to run again
the same day, it tells nobody twice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from .errors import fail, guarded, require_extra, say
from .options import web_data_dir


@click.command("notify-due")
@click.option(
    "--now",
    default=None,
    help="Run the pass as of this time (ISO 8601, e.g. 2026-10-02T08:00) [default: now].",
)
@web_data_dir
@guarded
def notify_due(now: str | None, data_dir: Path | None) -> None:
    """Queue the day's due and overdue notices (safe to run again the same day)."""
    require_extra("web", "notify-due")
    at = None
    if now is not None:
        try:
            at = datetime.fromisoformat(now.strip())
        except ValueError:
            fail(
                [
                    say(
                        f"--now {now!r} is not a time like 2026-10-02T08:00",
                        f"--now “{now}”不是时间，应写作 2026-10-02T08:00",
                    )
                ]
            )
    from ..web import serving

    try:
        n = serving.notify_due(data_dir, at)
    except serving.NotReady as err:
        fail([str(err)])
    click.echo(say(f"{n} notice(s) queued", f"已排队发送{n}条到期或逾期通知"), err=True)
