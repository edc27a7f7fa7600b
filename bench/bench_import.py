"""Benchmark: import a filled Excel template through the web app's upload path.

Run: ``uv run python bench/bench_import.py [--rows 100000] [--database-url URL]``

Not timed: a township with ``--rows`` villages, the data set of the shipped
rubric (35 elements), and the template of the web app filled with valid values
(one row per village). Timed, separately: reading the workbook (kaoping.io, the
same reader as the command line), the web app's own checks (units in scope,
not locked, the rubric's checks), and writing every figure with its audit row
and submitting every report in one transaction. Default database: SQLite in a
temporary folder; ``--database-url postgres://postgres@127.0.0.1:5432/postgres``
uses a fresh database ``kaoping_bench_import`` on that server.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--long",
        action="store_true",
        help="a long workbook (unit, period, element, value): --rows figures, --rows/35 villages",
    )
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kaoping-bench-import-"))
    try:
        run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    os.environ["KAOPING_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
    if args.database_url:
        import psycopg

        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS kaoping_bench_import WITH (FORCE)")
            conn.execute("CREATE DATABASE kaoping_bench_import")
        base = args.database_url.rsplit("/", 1)[0]
        os.environ["DATABASE_URL"] = f"{base}/kaoping_bench_import"
    else:
        os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from kaoping.engine import parse_rubric
    from kaoping.web.core.loading import dataset_from_rubric
    from kaoping.web.core.models import FigureChange, Membership, Report, Unit
    from kaoping.web.core.views.upload import _parse, import_rows

    call_command("migrate", interactive=False, verbosity=0)
    text = (Path(__file__).parent.parent / "src/kaoping/rubrics/default.yaml").read_text("utf-8")
    county = Unit.objects.create(code="C", name="县", level="county")
    township = Unit.objects.create(code="T", name="压测镇", level="township", parent=county)
    dataset = dataset_from_rubric(township, parse_rubric(text, "default.yaml"))
    # A long workbook has a row per figure: --rows figures make --rows / 35 villages.
    n_units = -(-args.rows // 35) if args.long else args.rows
    Unit.objects.bulk_create(
        [
            Unit(
                code=f"V{i:06d}", name=f"村{i}", level="village", parent=township, township=township
            )
            for i in range(n_units)
        ],
        batch_size=5000,
    )
    admin = get_user_model().objects.create_user("admin")
    Membership.objects.create(user=admin, role="admin", unit=township)
    units = list(Unit.objects.filter(level="village").order_by("code"))
    period = "2026Q3"

    t0 = time.perf_counter()
    elements = list(dataset.elements.all())
    rnd = random.Random(1)
    path = folder / "filled.xlsx"
    if args.long:
        _write_long(path, units, elements, period, args.rows, rnd)
    else:
        _write_wide(path, dataset, units, elements, period, rnd)
    shape = "long" if args.long else "wide"
    print(
        f"generated a {shape} workbook: {args.rows} rows, {len(units)} units x {len(elements)} "
        f"elements in {time.perf_counter() - t0:.1f} s ({path.stat().st_size / 1e6:.1f} MB)"
    )

    from kaoping.web.core.reading import read_upload

    t0 = time.perf_counter()
    upload = read_upload(path, "filled.xlsx", elements)
    t_read = time.perf_counter() - t0
    assert upload.frame is not None, upload.problems[:3]
    t0 = time.perf_counter()
    parsed = _parse(admin, dataset, period, path, "filled.xlsx")
    t_parse_total = time.perf_counter() - t0
    assert not parsed.problems, parsed.problems[:3]
    t0 = time.perf_counter()
    import_rows(admin, dataset, period, parsed, parsed.versions)
    t_write = time.perf_counter() - t0
    submitted = Report.objects.filter(period=period, status="submitted").count()
    audited = FigureChange.objects.count()
    print(f"database {connection.vendor}; units {len(units)}; figures {len(units) * len(elements)}")
    print(f"read (kaoping.io)            {t_read:7.2f} s")
    print(f"read + checks (preview)      {t_parse_total:7.2f} s")
    print(f"write + audit + submit       {t_write:7.2f} s")
    print(f"total preview + import       {t_parse_total + t_write:7.2f} s")
    print(f"reports submitted {submitted}, audit rows {audited}")
    assert submitted == len(units) and audited == len(units) * len(elements)


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
    return row


def _write_long(
    path: Path, units: list[Any], elements: list[Any], period: str, rows: int, rnd: random.Random
) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("填报")
    ws.append(["单位代码", "期间", "指标", "数值"])
    for unit in units:
        for code, value in _values(elements, rnd).items():
            ws.append([unit.code, period, code, value])
    wb.save(path)


def _write_wide(
    path: Path, dataset: Any, units: list[Any], elements: list[Any], period: str, rnd: random.Random
) -> None:
    import io

    import openpyxl

    from kaoping.web.core.template_xlsx import build_template

    wb = openpyxl.load_workbook(io.BytesIO(build_template(dataset, period, units)))
    ws = wb.active
    assert ws is not None
    for r, _unit in enumerate(units, start=3):
        row = _values(elements, rnd)
        for c, e in enumerate(elements, start=4):
            ws.cell(r, c, row[e.code])
    wb.save(path)


if __name__ == "__main__":
    main()
