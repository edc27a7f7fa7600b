"""A province on PostgreSQL: its county pages through Django's test client, and the
roll-up and scoring of all its townships and counties from the figures it holds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_scale \\
        uv run python bench/bench_county_pages.py [--sizes 3000,10000,30000] [--requests 30]

For each size: the database is emptied and loaded with that many villages, 20 to a
township and 15 townships to a county, each village with a submitted report of
every quarter of 2026 and the shipped rubric's figures (bench_levels.province):
units and data sets through the ORM, reports and figures with COPY (30,000
villages × 4 quarters × 38 elements is 4.6 million figures). Then:

- ``county page``: ``/assessment/county/<code>/`` as the county's leader, in the
  same process as the test client (no network, no browser), ``--requests`` times
  after two warm-ups, interleaved with the anchor; wall p50/p95 and the process's
  CPU per request (the PostgreSQL server's own CPU is not in it).
- ``anchor``: the login page, a view that reads nothing: the floor of a Django
  request on this machine, so that a county page's figure can be read as a ratio
  when the load moves the seconds.
- ``roll-up + scoring``: the figures of the four quarters read from PostgreSQL with
  one COPY … TO (pivoted to one row per unit and quarter), then ``kaoping score
  --units … --level township`` and ``--level county`` as whole processes
  (bench_levels.run: CPU, wall and peak memory of the child).

The figures table is partitioned by period (migration 0011): the four quarters'
partitions are made before the load, as ``manage.py figure_partitions`` makes them
before a quarter opens, so the COPY lands in them; ``partitions`` prints which
tables PostgreSQL scans for one quarter's figures of the county's villages (its
plan, not run). The machine's load average is printed before and after each size.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from bench_levels import KAOPING, province, run
from bench_score import load

VILLAGES_PER_TOWNSHIP = 20
TOWNSHIPS_PER_COUNTY = 15


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL=postgres://… (this bench is for PostgreSQL)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    with connection.cursor() as cur:
        # The deployment's statement timeout is for requests; loading a province
        # with COPY is one long statement.
        cur.execute("SET statement_timeout = 0")


def empty() -> None:
    from django.db import connection

    from kaoping.web.core import partitions
    from kaoping.web.core.models import Figure, Unit

    with connection.cursor() as cur:
        # Figures have no database constraint to their report: emptied by name.
        cur.execute(f"TRUNCATE {Figure._meta.db_table}")
        cur.execute(f"TRUNCATE {Unit._meta.db_table} CASCADE")
    partitions.ensure(f"2026Q{q}" for q in range(1, 5))


def scanned(period: str) -> list[str]:
    """The tables PostgreSQL's plan reads for one period's figures of the county's
    villages (the county page's read, by report and period)."""
    from django.db import connection

    from kaoping.web.core.models import Figure, Report

    reports = list(
        Report.objects.filter(unit__township__parent__code="C0000", period=period).values_list(
            "pk", flat=True
        )
    )
    sql = (
        f"EXPLAIN (FORMAT JSON) SELECT element, value FROM {Figure._meta.db_table}"
        " WHERE period = %s AND report_id = ANY(%s)"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [period, reports])
        plan = cur.fetchone()[0]
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        if "Relation Name" in node and node["Relation Name"] not in found:
            found.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def _copy(table: str, columns: list[str], lines: io.StringIO) -> None:
    from django.db import connection

    lines.seek(0)
    with connection.cursor() as cur:
        raw = cur.cursor  # psycopg's own cursor: COPY … FROM STDIN
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            while chunk := lines.read(1 << 20):
                copy.write(chunk)


def _defaults(model: Any, given: dict[str, str]) -> tuple[list[str], list[str]]:
    """Every concrete column but an automatic key, with the value COPY writes: the
    ``given`` ones, else the field's default as text (``\\N`` for none)."""
    from django.db import models

    columns, values = [], []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.AutoField | models.BigAutoField):
            continue
        columns.append(f.column)
        if f.column in given:
            values.append(given[f.column])
            continue
        d = f.get_default()
        if d is None or (d == "" and f.null):
            values.append("\\N" if f.null else "")
        elif hasattr(d, "isoformat"):
            values.append(d.isoformat())
        elif isinstance(d, bool):
            values.append("t" if d else "f")
        else:
            values.append(str(d))
    return columns, values


def fill(villages: int, data: Path) -> tuple[int, float]:
    """The province in the database; returns (figures, seconds)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from kaoping.web.core.models import DataSet, Figure, Membership, Report, Unit

    start = time.perf_counter()
    frame = pl.read_csv(data, infer_schema_length=0)
    codes = [c for c in frame.columns if c not in ("unit", "period")]
    frame = frame.filter(pl.col("unit").str.starts_with("V"))
    townships = max(1, villages // VILLAGES_PER_TOWNSHIP)
    counties = max(1, townships // TOWNSHIPS_PER_COUNTY)
    L = Unit.Level
    with transaction.atomic():
        county_units = Unit.objects.bulk_create(
            Unit(code=f"C{c:04d}", name=f"县{c}", level=L.COUNTY) for c in range(counties)
        )
        towns = Unit.objects.bulk_create(
            Unit(
                code=f"T{t:05d}", name=f"镇{t}", level=L.TOWNSHIP, parent=county_units[t % counties]
            )
            for t in range(townships)
        )
        Unit.objects.filter(level=L.TOWNSHIP).update(township=models_f("id"))
        sets = DataSet.objects.bulk_create(
            DataSet(township=t, code="q", name="季度报表") for t in towns
        )
        village_units = Unit.objects.bulk_create(
            (
                Unit(
                    code=f"V{v:06d}",
                    name=f"村{v}",
                    level=L.VILLAGE,
                    parent=towns[v % townships],
                    township=towns[v % townships],
                )
                for v in range(villages)
            ),
            batch_size=5000,
        )
        now = timezone.now().isoformat()
        columns, template = _defaults(
            Report,
            {"dataset_id": "0", "unit_id": "0", "period": "", "status": "submitted",
             "version": "1", "submitted_at": now, "first_submitted_at": now,
             "updated_at": now},
        )  # fmt: skip
        at = {c: i for i, c in enumerate(columns)}
        lines = io.StringIO()
        for q in range(1, 5):
            for v, unit in enumerate(village_units):
                row = list(template)
                row[at["dataset_id"]] = str(sets[v % townships].pk)
                row[at["unit_id"]] = str(unit.pk)
                row[at["period"]] = f"2026Q{q}"
                lines.write("\t".join(row) + "\n")
        _copy(Report._meta.db_table, columns, lines)
        report_of = {
            (u, p): pk for pk, u, p in Report.objects.values_list("pk", "unit__code", "period")
        }
        fcolumns, ftemplate = _defaults(
            Figure, {"report_id": "0", "element": "", "value": "", "period": ""}
        )
        fat = {c: i for i, c in enumerate(fcolumns)}
        lines = io.StringIO()
        n = 0
        for rec in frame.iter_rows(named=True):
            report = str(report_of[(rec["unit"], rec["period"])])
            for c in codes:
                row = list(ftemplate)
                row[fat["report_id"]] = report
                row[fat["element"]] = c
                row[fat["period"]] = rec["period"]
                row[fat["value"]] = rec[c] if rec[c] not in (None, "") else "\\N"
                lines.write("\t".join(row) + "\n")
                n += 1
        _copy(Figure._meta.db_table, fcolumns, lines)
        user, _ = get_user_model().objects.get_or_create(username="bench-county-leader")
        Membership.objects.create(user=user, role=Membership.Role.LEADER, unit=county_units[0])
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return n, time.perf_counter() - start


def models_f(name: str) -> Any:
    from django.db.models import F

    return F(name)


def pages(requests: int) -> dict[str, tuple[float, float, float]]:
    """(p50 ms, p95 ms, CPU ms per request) of the county page and the anchor."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-county-leader"))
    urls = {"county page": "/assessment/county/C0000/", "anchor": "/login/"}
    anonymous = Client()
    walls: dict[str, list[float]] = {k: [] for k in urls}
    cpus: dict[str, list[float]] = {k: [] for k in urls}
    for i in range(requests + 2):
        for name, url in urls.items():
            c = anonymous if name == "anchor" else client
            cpu, wall = time.process_time(), time.perf_counter()
            response = c.get(url)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if response.status_code != 200:
                raise SystemExit(f"{url}: {response.status_code}")
            if i >= 2:  # two warm-ups
                walls[name].append(wall * 1000)
                cpus[name].append(cpu * 1000)
    out = {}
    for name in urls:
        w = sorted(walls[name])
        p95 = w[min(len(w) - 1, round(0.95 * (len(w) - 1)))]
        out[name] = (statistics.median(w), p95, statistics.mean(cpus[name]))
    return out


def scoring(folder: Path, rubric: Path, units: Path, data: Path) -> list[str]:
    """The four quarters read back from PostgreSQL, then rolled up and scored."""
    from django.db import connection

    from kaoping.web.core.models import Figure, Report, Unit

    start_cpu, start = time.process_time(), time.perf_counter()
    sql = (
        f"COPY (SELECT u.code, r.period, f.element, f.value FROM {Figure._meta.db_table} f "
        f"JOIN {Report._meta.db_table} r ON r.id = f.report_id "
        f"JOIN {Unit._meta.db_table} u ON u.id = r.unit_id) TO STDOUT"
    )
    buf = io.BytesIO()
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for chunk in copy:
            buf.write(chunk)
    buf.seek(0)
    long = pl.read_csv(
        buf, separator="\t", has_header=False, new_columns=["unit", "period", "e", "v"],
        null_values="\\N", infer_schema_length=0,
    )  # fmt: skip
    wide = long.pivot(on="e", index=["unit", "period"], values="v")
    # Each township's and county's own row (what does not add up) from the bench file.
    own = pl.read_csv(data, infer_schema_length=0).filter(~pl.col("unit").str.starts_with("V"))
    pl.concat([wide.select(own.columns), own]).write_csv(folder / "from_pg.csv")
    read = (time.process_time() - start_cpu, time.perf_counter() - start)
    lines = [
        f"{'read from PostgreSQL':<22} {read[0]:>7.2f} {read[1]:>7.2f} {'':>9} {long.height:>8} figures"
    ]
    for level in ("township", "county"):
        out = folder / f"{level}.csv"
        cmd = [KAOPING, "score", str(rubric), str(folder / "from_pg.csv"), "--units",
               str(units), "--level", level, "--format", "csv", "-o", str(out)]  # fmt: skip
        cpu, wall, peak = run(cmd)
        scored = len(out.read_text(encoding="utf-8").splitlines()) - 1
        lines.append(
            f"{'score ' + level:<22} {cpu:>7.2f} {wall:>7.2f} {peak:>9.0f} {scored:>8} rows"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="3000,10000,30000")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    setup_django()
    for villages in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            print(f"\n{villages} villages × 4 quarters; {load()}", flush=True)
            rubric, data, units = province(folder, villages)
            empty()
            n, seconds = fill(villages, data)
            print(f"loaded {n} figures in {seconds:.1f} s (wall)", flush=True)
            print(f"partitions scanned for 2026Q4 of C0000: {', '.join(scanned('2026Q4'))}")
            print(f"{'page':<12} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>8}")
            for name, (p50, p95, cpu) in pages(args.requests).items():
                print(f"{name:<12} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f}", flush=True)
            print(f"{'step':<22} {'CPU s':>7} {'wall s':>7} {'peak MiB':>9} {'count':>8}")
            for line in scoring(folder, rubric, units, data):
                print(line, flush=True)
            print(load(), flush=True)


if __name__ == "__main__":
    main()
