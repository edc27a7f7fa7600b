"""Benchmark: computing a township's quarter in the web app, at three sizes, next to
the engine scoring the same figures in the same process.

Run: ``uv run python bench/bench_compute.py [--sizes 21,80,240] [--repeat 3]``

Each size runs in a process of its own on SQLite in a temporary folder: the demo
township (the shipped rubric, its people, four quarters of figures) grown to the
size asked for (village ``V01`` again as ``V01-01`` and so on, with its people, as
``bench_documents.py`` grows it), loaded as ``kaoping serve --demo`` loads it,
then a draft assessment of 2026Q3 created. Timed, the best of ``--repeat`` after
one warm call, in CPU seconds of the process (the database's work included,
SQLite being in it):

- *compute*: ``assessment.services.compute``, what the page's 计算 button runs in
  the job worker: figures read from the reports, the engine, the results, the
  snapshot and the ledger written in one transaction;
- *anchor*: ``kaoping.engine.assess`` of the same rows (the periods the compute
  read) with the same people, the scoring alone, as ``kaoping score`` does it.

Goal (issue 12): under 0.5 s for the demo township (4–7 s when the issue was
filed; the CLI scored the same in 0.6 s), cost per village flat across sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_documents import best, township


def grown(n: int) -> Any:
    """The demo township as ``bench_documents.township`` grows it, with its units grown
    the same way (``V01`` again as ``V01-01``), so that the web demo loader takes it."""
    import dataclasses

    demo, frame, people = township(n)
    copies = -(-n // len(demo.units))
    units = [
        dataclasses.replace(u, code=u.code + suffix, name=u.name + suffix)
        for suffix in ["" if k == 0 else f"-{k:02d}" for k in range(copies)]
        for u in demo.units
    ][:n]
    return dataclasses.replace(demo, units=units, frame=frame, people=people.persons)


def one_size(n: int, repeat: int) -> dict[str, Any]:
    folder = tempfile.mkdtemp(prefix="kaoping-bench-compute-")
    try:
        os.environ["KAOPING_DATA_DIR"] = folder
        os.environ["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
        os.environ.pop("DATABASE_URL", None)
        import django

        django.setup()
        import polars as pl
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        from kaoping.engine import People, assess, parse_rubric
        from kaoping.web.assessment import services
        from kaoping.web.core.loading import load_demo
        from kaoping.web.core.models import Unit

        call_command("migrate", interactive=False, verbosity=0)
        demo = grown(n)
        load_demo(demo)
        township = Unit.objects.get(code=demo.township[0], level=Unit.Level.TOWNSHIP)
        assessor = get_user_model().objects.get(username="assessor")
        rv = services.saved_rubric_versions(township)[-1]
        a = services.create_assessment(township, "2026Q3", rv, assessor)
        compute = best(lambda: services.compute(a.pk, assessor), repeat)

        a.refresh_from_db()
        periods = sorted({str(r["period"]) for r in a.snapshot["rows"]})
        rubric = parse_rubric(demo.rubric_text, "demo rubric")
        frame = demo.frame.filter(pl.col("period").cast(pl.String).is_in(periods))
        people = People(demo.people)
        anchor = best(lambda: assess(rubric, frame, people), repeat)
        return {"villages": n, "compute": compute, "anchor": anchor, "periods": periods}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="21,80,240")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.repeat)))
        return
    before = os.getloadavg()
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, str(Path(__file__)), "--one", str(n), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    after = os.getloadavg()
    print(
        f"web compute of a township quarter (2026Q3), CPU s, best of {args.repeat}; "
        f"load average {before[0]:.2f} before, {after[0]:.2f} after, {os.cpu_count()} cores"
    )
    print(f"{'villages':>8} {'compute':>8} {'engine':>8} {'ratio':>6} {'ms/village':>10}")
    for r in rows:
        print(
            f"{r['villages']:>8} {r['compute']:>8.3f} {r['anchor']:>8.3f} "
            f"{r['compute'] / r['anchor']:>5.2f}x {1000 * r['compute'] / r['villages']:>10.2f}"
        )
    print(f"periods read: {', '.join(rows[0]['periods'])}")


if __name__ == "__main__":
    main()
