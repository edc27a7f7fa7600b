"""``manage.py figure_partitions``: on PostgreSQL, the figures table's partitions
for the coming periods and for every period that has figures in the default
partition, whose figures are moved into their own (core/partitions.py). Safe to
run again; on SQLite it has nothing to do."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone


class Command(BaseCommand):
    help = "为数值表建好本季度及其后各季度（含月、半年、年）的分区，并把默认分区里有了自己分区的数值移过去（仅 PostgreSQL）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quarters", type=int, default=1, help="本季度之后再建几个季度的分区（默认 1）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from kaoping.web.core import partitions

        if not partitions.is_partitioned():
            self.stdout.write("数值表未分区（SQLite），无需处理")
            return
        done = partitions.ensure(partitions.coming(timezone.localdate(), options["quarters"]))
        made = "、".join(done.created) or "无"
        self.stdout.write(
            f"新建分区{len(done.created)}个（{made}），从默认分区移入{done.moved}个数值"
        )
