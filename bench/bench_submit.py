"""Benchmark: the web submit of a report's 35 figures next to a view writing the same rows.

Run: ``uv run python bench/bench_submit.py [--n 100]
[--database-url postgres://postgres@127.0.0.1:5432/postgres] [--only sqlite|postgresql]``

In one process per database (SQLite in a temporary folder; on PostgreSQL a
database ``<name>_bench_submit`` next to the one in the URL): a township, the
data set of the shipped rubric and ``--n`` villages; the township admin posts,
through Django's test client and the whole middleware stack, alternately:

- *submit*: the report form's POST with every figure and ``action=submit``
  (validation, the guard, figures, audit, report, step);
- *anchor*: a view that reads the same POST and writes the same rows (the
  report, 35 figures, 35 audit rows, the step) in one transaction, with one
  ORM statement per table and no checks at all.

Each request is a new village's report. Printed: the median CPU per request
(this process and, on PostgreSQL, its server process, read from /proc), the
ratio submit / anchor (goal: at most 1.5x) and the SQL statements of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_import import _cpu, _values

PERIOD = "2026Q3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.n, args.database_url)))
        return
    for vendor in ("sqlite", "postgresql"):
        if args.only and vendor != args.only:
            continue
        out = subprocess.run(
            [
                *(sys.executable, __file__, "--child", vendor, "--n", str(args.n)),
                *("--database-url", args.database_url),
            ],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{vendor:<10} n={r['n']:<4} CPU per request: submit {1e3 * r['submit']:6.2f} ms "
            f"({r['submit_queries']} statements), anchor {1e3 * r['anchor']:6.2f} ms "
            f"({r['anchor_queries']} statements), ratio {r['submit'] / r['anchor']:.2f}x | "
            f"wall: submit {1e3 * r['submit_wall']:6.2f} ms, anchor {1e3 * r['anchor_wall']:6.2f} ms",
            flush=True,
        )
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def anchor(request: Any, unit_code: str) -> Any:
    """The same rows as a submit, written in one transaction with one statement per
    table and nothing else: no validation, no lock, no version."""
    from django.db import transaction
    from django.http import HttpResponse
    from django.utils import timezone

    from kaoping.engine import ElementType, parse_value
    from kaoping.web.core.models import (
        DataSet,
        Figure,
        FigureChange,
        Report,
        ReportEvent,
        Unit,
    )

    dataset = DataSet.objects.get()
    unit = Unit.objects.get(code=unit_code)
    elements = list(dataset.elements.all())
    values = {e.code: parse_value(request.POST.get(e.code), ElementType(e.type)) for e in elements}
    now = timezone.now()
    with transaction.atomic():
        report = Report.objects.create(
            dataset=dataset,
            unit=unit,
            period=PERIOD,
            status="submitted",
            version=1,
            first_submitted_at=now,
            submitted_at=now,
        )
        Figure.objects.bulk_create(
            Figure(report=report, element=c, value=v) for c, v in values.items()
        )
        FigureChange.objects.bulk_create(
            FigureChange(
                report=report,
                element=c,
                new_value=v,
                user=request.user,
                at=now,
                path="form",
                version=1,
            )
            for c, v in values.items()
        )
        ReportEvent.objects.create(report=report, action="submit", user=request.user, at=now)
    return HttpResponse(status=302, headers={"Location": "/"})


def measure(vendor: str, n: int, database_url: str) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="kaoping-bench-submit-"))
    try:
        return _measure(vendor, n, database_url, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(vendor: str, n: int, database_url: str, folder: Path) -> dict[str, Any]:
    import random

    os.environ["KAOPING_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
    if vendor == "postgresql":
        import psycopg

        base, name = database_url.rsplit("/", 1)
        bench = f"{name}_bench_submit"
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {bench} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {bench}")
        os.environ["DATABASE_URL"] = f"{base}/{bench}"
    else:
        os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import clear_url_caches, path

    from kaoping.engine import parse_rubric
    from kaoping.web import urls as web_urls
    from kaoping.web.core.loading import dataset_from_rubric
    from kaoping.web.core.models import Figure, Membership, Report, Unit

    call_command("migrate", interactive=False, verbosity=0)
    text = (Path(__file__).parent.parent / "src/kaoping/rubrics/default.yaml").read_text("utf-8")
    county = Unit.objects.create(code="C", name="县", level="county")
    township = Unit.objects.create(code="T", name="压测镇", level="township", parent=county)
    dataset = dataset_from_rubric(township, parse_rubric(text, "default.yaml"))
    for i in range(2 * n + 2):
        Unit.objects.create(code=f"V{i:04d}", name=f"村{i}", level="village", parent=township)
    admin = get_user_model().objects.create_user("admin")
    Membership.objects.create(user=admin, role="admin", unit=township)
    elements = list(dataset.elements.all())

    module = type(sys)("bench_submit_urls")
    module.urlpatterns = [path("anchor/<str:unit_code>/", anchor), *web_urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_submit_urls"] = module
    settings.ROOT_URLCONF = "bench_submit_urls"
    clear_url_caches()

    client = Client()
    client.force_login(admin)
    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
    rnd = random.Random(1)
    spent: dict[str, list[float]] = {
        "submit": [],
        "anchor": [],
        "submit_wall": [],
        "anchor_wall": [],
    }
    queries: dict[str, int] = {}
    for i in range(n + 1):
        for kind in ("anchor", "submit"):
            code = f"V{2 * i + (kind == 'submit'):04d}"
            form = {c: str(v) for c, v in _values(elements, rnd).items()}
            form = {c: "1" if v == "是" else "0" if v == "否" else v for c, v in form.items()}
            url = (
                f"/anchor/{code}/" if kind == "anchor" else f"/report/{dataset.pk}/{code}/{PERIOD}/"
            )
            data = {**form, "version": "0", "action": "submit"}
            with CaptureQueriesContext(connection) as captured:
                c0, t0 = _cpu(connection), time.perf_counter()
                if profile is not None and kind == "submit":
                    profile.enable()
                r = client.post(url, data)
                if profile is not None:
                    profile.disable()
                wall, cpu = time.perf_counter() - t0, _cpu(connection) - c0
            assert r.status_code == 302, (kind, r.status_code, r.content[:2000])
            if i == 0:
                # less the two reads of the server's process id
                queries[f"{kind}_queries"] = len(captured) - 2 * (vendor == "postgresql")
                continue  # the first of each warms caches
            spent[kind].append(cpu)
            spent[f"{kind}_wall"].append(wall)
    if profile is not None:
        profile.dump_stats(os.environ["BENCH_PROFILE"])
    assert Report.objects.filter(status="submitted").count() == 2 * (n + 1)
    assert Figure.objects.count() == 2 * (n + 1) * len(elements)
    return {"n": n, **{k: statistics.median(v) for k, v in spent.items()}, **queries}


if __name__ == "__main__":
    main()
