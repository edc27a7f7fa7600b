"""Benchmark: the web import of a wide file next to the database's floor, at three sizes.

Run: ``uv run python bench/bench_import.py [--sizes 3000,10000,30000]
[--database-url postgres://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgresql]
[--pairs 2]``

For each database and size, in a fresh database (SQLite in a temporary folder;
on PostgreSQL a database ``<name>_bench_import`` next to the one in the URL):
a township of that many villages and the data set of the shipped rubric (35
elements), a CSV of one row per village (not timed). Timed:

- *preview*: reading and checking the file, as the upload page does
  (:func:`kaoping.web.core.imports.parse_upload`);
- *import*: writing every figure, the reports submitted, the audit and the
  import's event in one transaction (:func:`kaoping.web.core.services.import_frame`,
  what a confirmed upload runs after its re-read);
- *floor*: the same reports and figures from the same frame written into tables
  with the same columns and a primary key only (no other index, no foreign
  key), by COPY on PostgreSQL and one executemany on SQLite, in one transaction:
  what no import can beat.

Import and floor alternate, ``--pairs`` times (each import into a new period: new
reports; more pairs on a loaded machine), and the fastest of each is kept; the ratio is import / floor in CPU time
(this process and, on PostgreSQL, its server process, read from /proc: the
machine is shared, and wall time moves with its load), wall time beside it.
Goal: at most 1.5x, and the cost per figure flat across sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PERIODS = ("2026Q1", "2026Q2", "2026Q3", "2026Q4", "2027Q1", "2027Q2", "2027Q3", "2027Q4")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000,10000,30000")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--pairs", type=int, default=2, choices=range(1, len(PERIODS) + 1))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, int(args.sizes), args.database_url, args.pairs)))
        return
    results = []
    for vendor in ("sqlite", "postgresql"):
        if args.only and vendor != args.only:
            continue
        for size in [int(s) for s in args.sizes.split(",")]:
            # One process per run: Django is set up once per process, for one database.
            out = subprocess.run(
                [
                    *(sys.executable, __file__, "--child", vendor, "--sizes", str(size)),
                    *("--database-url", args.database_url, "--pairs", str(args.pairs)),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            row = json.loads(out.strip().splitlines()[-1])
            results.append(row)
            _print_row(row)
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _print_row(r: dict[str, Any]) -> None:
    print(
        f"{r['vendor']:<10} {r['units']:>6} villages {r['figures']:>9,} figures | "
        f"preview {r['preview']:6.2f} s | CPU: import {r['import_cpu']:6.2f} s "
        f"({1e6 * r['import_cpu'] / r['figures']:4.1f} µs/figure), floor {r['floor_cpu']:6.2f} s, "
        f"ratio {r['import_cpu'] / r['floor_cpu']:.2f}x | wall: import {r['import']:6.2f} s, "
        f"floor {r['floor']:6.2f} s, ratio {r['import'] / r['floor']:.2f}x",
        flush=True,
    )


def _cpu(connection: Any) -> float:
    """CPU seconds of this process and, on PostgreSQL, of its server process (on
    this machine), which does the writing: wall time moves with the load of the
    shared machine, CPU time much less."""
    spent = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        spent += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return spent


def measure(vendor: str, size: int, database_url: str, pairs: int = 2) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="kaoping-bench-import-"))
    try:
        return _measure(vendor, size, database_url, folder, PERIODS[:pairs])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(
    vendor: str, size: int, database_url: str, folder: Path, periods: tuple[str, ...]
) -> dict[str, Any]:
    os.environ["KAOPING_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
    os.environ["KAOPING_STATEMENT_TIMEOUT_MS"] = "0"
    if vendor == "postgresql":
        import psycopg

        base, name = database_url.rsplit("/", 1)
        bench = f"{name}_bench_import"
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {bench} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {bench}")
        os.environ["DATABASE_URL"] = f"{base}/{bench}"
    else:
        os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from kaoping.engine import parse_rubric
    from kaoping.web.core import partitions, services
    from kaoping.web.core.imports import parse_upload
    from kaoping.web.core.loading import dataset_from_rubric
    from kaoping.web.core.models import Figure, Membership, Report, Unit

    call_command("migrate", interactive=False, verbosity=0)
    text = (Path(__file__).parent.parent / "src/kaoping/rubrics/default.yaml").read_text("utf-8")
    county = Unit.objects.create(code="C", name="县", level="county")
    township = Unit.objects.create(code="T", name="压测镇", level="township", parent=county)
    dataset = dataset_from_rubric(township, parse_rubric(text, "default.yaml"))
    Unit.objects.bulk_create(
        [
            Unit(
                code=f"V{i:06d}", name=f"村{i}", level="village", parent=township, township=township
            )
            for i in range(size)
        ],
        batch_size=5000,
    )
    admin = get_user_model().objects.create_user("admin")
    Membership.objects.create(user=admin, role="admin", unit=township)
    units = list(Unit.objects.filter(level="village").order_by("code"))
    elements = list(dataset.elements.all())
    _floor_tables(connection, [Report._meta.db_table, Figure._meta.db_table])
    # On PostgreSQL each period's figures in a partition of their own, as
    # ``manage.py figure_partitions`` makes them before a quarter opens.
    partitions.ensure(periods)

    result: dict[str, Any] = {"vendor": vendor, "units": size, "figures": size * len(elements)}
    best: dict[str, float] = {}
    for i, period in enumerate(periods):
        path = folder / f"{period}.csv"
        _write_csv(path, units, elements, period, random.Random(i))
        t0 = time.perf_counter()
        parsed = parse_upload(admin, dataset, period, path, path.name)
        best["preview"] = min(best.get("preview", 1e9), time.perf_counter() - t0)
        assert parsed.frame is not None and not parsed.problems, parsed.problems[:3]

        wall, cpu = _floor(connection, dataset.pk, period, parsed.frame, parsed.units)
        best["floor"] = min(best.get("floor", 1e9), wall)
        best["floor_cpu"] = min(best.get("floor_cpu", 1e9), cpu)

        c0, t0 = _cpu(connection), time.perf_counter()
        services.import_frame(
            dataset,
            period,
            parsed.frame,
            parsed.units,
            user=admin,
            path="import",
            versions=parsed.versions,
            source=services.ImportSource(path.name, "0" * 64),
        )
        wall, cpu = time.perf_counter() - t0, _cpu(connection) - c0
        best["import"] = min(best.get("import", 1e9), wall)
        best["import_cpu"] = min(best.get("import_cpu", 1e9), cpu)
        assert Report.objects.filter(period=period, status="submitted").count() == size
        assert Figure.objects.filter(report__period=period).count() == size * len(elements)
    return result | best


def _floor_tables(connection: Any, tables: list[str]) -> None:
    """``floor_<table>``: the same columns as ``<table>`` and a surrogate ``id``
    as the primary key, no other index, no foreign key (the issue's anchor: the
    figures table keyed by (report, element) is written against it)."""
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING DEFAULTS"
                    " INCLUDING IDENTITY INCLUDING CONSTRAINTS)"
                )
                cursor.execute(f"ALTER TABLE floor_{table} DROP COLUMN IF EXISTS id")
                cursor.execute(
                    f"ALTER TABLE floor_{table}"
                    " ADD COLUMN id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                )
            else:
                cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
                (sql,) = cursor.fetchone()
                sql = re.sub(r" REFERENCES \S+ \(\S+\)( DEFERRABLE INITIALLY DEFERRED)?", "", sql)
                sql = re.sub(r'"id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, ', "", sql)
                # The table's key, wherever it stands (a column added later follows it).
                sql = re.sub(r", PRIMARY KEY \([^)]*\)", "", sql)
                sql = sql.replace(
                    f'"{table}" (',
                    f'"floor_{table}" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, ',
                    1,
                )
                cursor.execute(sql)


def _floor(
    connection: Any, dataset_id: int, period: str, frame: Any, units: dict[str, Any]
) -> tuple[float, float]:
    """The reports and figures of ``frame`` into the primary-key-only tables, in one
    transaction: COPY on PostgreSQL, one executemany per table on SQLite."""
    import polars as pl
    from django.db import transaction
    from django.utils import timezone

    from kaoping.web.core.reading import as_text

    codes = [c for c in frame.columns if c not in ("unit", "period")]
    c0, t0 = _cpu(connection), time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        at = connection.ops.adapt_datetimefield_value(timezone.now())
        at = at.isoformat() if hasattr(at, "isoformat") else at
        ids = {code: units[code].pk for code in frame["unit"].to_list()}
        reports = frame.select(
            pl.lit(dataset_id).alias("dataset_id"),
            pl.col("unit").replace_strict(ids, return_dtype=pl.Int64).alias("unit_id"),
            pl.lit(period).alias("period"),
            pl.lit("submitted").alias("status"),
            pl.lit(1).alias("version"),
            pl.lit(at).alias("first_submitted_at"),
            pl.lit(at).alias("submitted_at"),
            pl.lit("").alias("return_reason"),
            pl.lit(at).alias("updated_at"),
        )
        _write(connection, cursor, "floor_kaoping_report", reports)
        cursor.execute(
            "SELECT unit_id, id FROM floor_kaoping_report WHERE dataset_id = %s AND period = %s",
            [dataset_id, period],
        )
        report_of = dict(cursor.fetchall())
        figures = (
            frame.select(["unit", *codes])
            .with_columns([as_text(pl.col(c)).alias(c) for c in codes])
            .unpivot(index="unit", on=codes, variable_name="element", value_name="value")
            .filter(pl.col("value").is_not_null())
            .select(
                pl.col("unit")
                .replace_strict({c: report_of[i] for c, i in ids.items()}, return_dtype=pl.Int64)
                .alias("report_id"),
                "element",
                "value",
                pl.lit(period).alias("period"),
            )
        )
        _write(connection, cursor, "floor_kaoping_figure", figures)
    return time.perf_counter() - t0, _cpu(connection) - c0


def _write(connection: Any, cursor: Any, table: str, df: Any) -> None:
    columns = ", ".join(df.columns)
    if connection.vendor == "postgresql":
        data = df.write_csv(include_header=False, null_value="")
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(data)
        return
    marks = ", ".join(["%s"] * df.width)
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", df.iter_rows())


#: part <= whole, so that the rubric's checks pass
_PAIRS = {
    "sd_attended": "sd_invited",
    "births_reported_on_time": "births",
    "postpartum_visited": "postpartum_due",
    "screening_done": "screening_target",
}


def _values(elements: list[Any], rnd: random.Random) -> dict[str, object]:
    row: dict[str, object] = {}
    for e in elements:
        row[e.code] = (
            rnd.choice(["是", "否"])
            if e.type == "bool"
            else round(rnd.uniform(0.9, 1), 3)
            if e.type == "number"
            else rnd.randint(0, 60)
        )
    for part, whole in _PAIRS.items():
        whole_value = row[whole]
        assert isinstance(whole_value, int)
        row[part] = rnd.randint(0, whole_value)
    invited, attended = row["sd_invited"], row["sd_attended"]
    assert isinstance(invited, int) and isinstance(attended, int)
    row["sd_declined"] = rnd.randint(0, invited - attended)
    return row


def _write_csv(
    path: Path, units: list[Any], elements: list[Any], period: str, rnd: random.Random
) -> None:
    codes = [e.code for e in elements]
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(["单位代码", "期间", *codes]) + "\n")
        for unit in units:
            row = _values(elements, rnd)
            out.write(",".join([unit.code, period, *(str(row[c]) for c in codes)]) + "\n")


if __name__ == "__main__":
    main()
