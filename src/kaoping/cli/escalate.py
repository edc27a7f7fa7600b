"""``kaoping escalate``: overdue follow-ups and reminders one level up, on the
web app's database (:func:`kaoping.web.serving.escalate`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from .errors import fail, guarded, require_extra, say
from .options import web_data_dir


@click.command("escalate")
@click.option(
    "--date",
    "on",
    default=None,
    help="Escalate as of this day (YYYY-MM-DD) [default: today].",
)
@web_data_dir
@guarded
def escalate(on: str | None, data_dir: Path | None) -> None:
    """Escalate overdue follow-ups and reminders (safe to run again, or twice at once)."""
    require_extra("web", "escalate")
    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on.strip())
        except ValueError:
            fail(
                [
                    say(
                        f"--date {on!r} is not a date like 2026-11-20",
                        f"--date “{on}”不是日期，应写作 2026-11-20",
                    )
                ]
            )
    from ..web import serving

    try:
        lines = serving.escalate(data_dir, day)
    except serving.NotReady as err:
        fail([str(err)])
    for line in lines:
        click.echo(line)
    click.echo(say(f"{len(lines)} step(s) taken", f"共升级{len(lines)}项次"), err=True)
