"""``manage.py notify_due``: the daily pass of due and overdue notices (cron or the
jobs scheduler); safe to run again the same day, it tells nobody twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = "发送报表、提醒单和整改事项的到期与逾期通知（同一事项同一天只发一次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="以此时刻为准（ISO 8601，例如 2026-10-03T08:00），用于补发"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from kaoping.web.notify import send_due_notices

        now = None
        if options.get("now"):
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(f"--now 的值“{options['now']}”不是有效的时间") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        n = send_due_notices(now)
        self.stdout.write(f"已排队发送{n}条到期或逾期通知")
