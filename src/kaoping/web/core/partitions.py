"""The figures table's partitions on PostgreSQL: one per period, and a default one.

Migration 0011 partitions ``kaoping_figure`` by ``period`` (``PARTITION BY LIST``)
with a partition for every period the reports held then and a DEFAULT partition
for any other. A figure of a period with no partition of its own is written to
the default one, correctly but without the pruning; :func:`ensure` (``manage.py
figure_partitions``, run before a quarter opens, or by cron) makes the missing
partitions and moves their rows out of the default one. SQLite has no partitions:
there the table is one table with a ``period`` column, and this module does nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction

from kaoping.engine import Period

TABLE = "kaoping_figure"
DEFAULT = f"{TABLE}_default"
# The period texts that get a partition of their own (2026Q3, 2026-07, 2026H2,
# 2026); anything else is written to the default partition.
PERIOD = re.compile(r"^[0-9]{4}(?:Q[1-4]|H[12]|-[0-9]{2})?$")


def partition_name(period: str) -> str:
    """``kaoping_figure_p2026q3``, ``kaoping_figure_p2026_07``, ``kaoping_figure_p2026``."""
    return f"{TABLE}_p{period.lower().replace('-', '_')}"


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return bool(row and row[0] == "p")


def partitions() -> dict[str, str]:
    """Period -> its partition's name, for every partition but the default one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
            " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        found: dict[str, str] = {}
        for name, bound in cursor.fetchall():
            m = re.fullmatch(r"FOR VALUES IN \('(.*)'\)", bound)
            if m:
                found[m.group(1)] = name
        return found


def table_of(period: str) -> str:
    """The table a period's new figures are written to: on PostgreSQL its own
    partition when it has one (one catalogue lookup), else the figures table."""
    if connection.vendor != "postgresql" or not PERIOD.match(period):
        return TABLE
    name = partition_name(period)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s) AND inhparent = %s::regclass",
            [name, TABLE],
        )
        return name if cursor.fetchone() else TABLE


def coming(today: date, quarters: int = 1) -> list[str]:
    """The periods of today's quarter and of the ``quarters`` after it: each
    quarter, its months, its half-year and its year."""
    q = Period.quarter(today.year, (today.month - 1) // 3 + 1)
    wanted: list[str] = []
    for _ in range(quarters + 1):
        for p in (q.enclosing("Y"), q.enclosing("H"), q, *q.parts("M")):
            if str(p) not in wanted:
                wanted.append(str(p))
        q = q.next()
    return wanted


@dataclass
class Ensured:
    created: list[str] = field(default_factory=list)  # the new partitions' periods
    moved: int = 0  # figures moved out of the default partition


def ensure(periods: Iterable[str] = ()) -> Ensured:
    """A partition for each of ``periods``, for every period the reports hold and
    for every period with figures in the default partition, each made in its own
    transaction with its figures moved out of the default partition."""
    done = Ensured()
    if not is_partitioned():
        return done
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT period FROM kaoping_report UNION SELECT DISTINCT period FROM {DEFAULT}"
        )
        wanted = {p for (p,) in cursor.fetchall()} | set(periods)
    have = partitions()
    for period in sorted(p for p in wanted if PERIOD.match(p) and p not in have):
        with transaction.atomic(), connection.cursor() as cursor:
            # No figure of this period may reach the default partition between
            # the move and the new partition (reads go on).
            cursor.execute(f"LOCK TABLE {DEFAULT} IN EXCLUSIVE MODE")
            cursor.execute(f"CREATE TEMPORARY TABLE {TABLE}_moving (LIKE {TABLE})")
            cursor.execute(
                f"WITH d AS (DELETE FROM {DEFAULT} WHERE period = %s RETURNING *)"
                f" INSERT INTO {TABLE}_moving SELECT * FROM d",
                [period],
            )
            # The period is one of PERIOD's texts: no quote can be in it.
            cursor.execute(
                f"CREATE TABLE {partition_name(period)} PARTITION OF {TABLE}"
                f" FOR VALUES IN ('{period}')"
            )
            cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_moving")
            done.moved += cursor.rowcount
            # Dropped now, not at COMMIT: inside a caller's transaction the next
            # period makes it again.
            cursor.execute(f"DROP TABLE {TABLE}_moving")
        done.created.append(period)
    return done
