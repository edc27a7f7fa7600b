"""``django-admin escalate_overdue [--date YYYY-MM-DD]``: the same as ``kaoping
escalate``, for a deployment that runs Django's commands (cron, a task queue)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...escalations import escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue follow-ups and reminders one level up the ladder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="as of this day, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date “{options['date']}”不是日期，应写作 2026-11-20"
                ) from None
        steps = escalate_overdue(day)
        self.stdout.write(f"共升级{len(steps)}项次")
