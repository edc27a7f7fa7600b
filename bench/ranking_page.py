"""Benchmark: the ranking page (an assessment's page and its two charts) next to a
trivial view, in the same run.

Run: ``uv run python bench/ranking_page.py [--n 200] [--cold]``

On a fresh SQLite database in a temporary folder with the demo township (21
villages, a year of approved quarters), the township's leader requests, through
Django's test client and the whole middleware stack, alternately:

- *page*: ``/assessment/<pk>/`` of the latest approved quarter (the ranking table);
- *page+charts*: the page, then ``charts/ranking.png`` and ``charts/heatmap.png``,
  what a browser loads to show it;
- *trivial*: a view answering ``ok`` behind the same middleware and login.

The charts are drawn once per computation and kept (kaoping.web.assessment.chart_files);
the first request draws them, and ``--cold`` empties the cache before every
request to show what each view cost before. Printed: p50 and p95 wall time of each,
and the ratio of each p95 to the trivial view's p95, with the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _p95(xs: list[float]) -> float:
    return sorted(xs)[max(0, round(0.95 * len(xs)) - 1)]


def trivial(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("ok")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--cold", action="store_true", help="Empty the chart cache each time.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kaoping-bench-ranking-"))
    try:
        measure(folder, args.n, args.cold)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(folder: Path, n: int, cold: bool) -> None:
    os.environ["KAOPING_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
    os.environ["KAOPING_JOBS_IMMEDIATE"] = "1"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import clear_url_caches, path

    from kaoping.demo import build_demo  # type: ignore[import-not-found,unused-ignore]
    from kaoping.web import urls as web_urls
    from kaoping.web.assessment.models import Assessment
    from kaoping.web.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    load_demo(build_demo())
    loaded = time.perf_counter() - started
    module = type(sys)("bench_ranking_urls")
    module.urlpatterns = [path("bench-trivial/", trivial), *web_urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_ranking_urls"] = module
    settings.ROOT_URLCONF = "bench_ranking_urls"
    clear_url_caches()

    a = Assessment.objects.filter(status__in=["approved", "published"], campaign=None).latest(
        "period"
    )
    leader = get_user_model().objects.get(username="leader")
    client = Client()
    client.force_login(leader)
    page = f"/assessment/{a.pk}/"
    charts = [f"{page}charts/ranking.png", f"{page}charts/heatmap.png"]
    cache = Path(settings.KAOPING_CACHE_DIR) / "charts"

    def get(url: str) -> None:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)

    for url in [page, *charts, "/bench-trivial/"]:  # warm: imports, the first drawing
        get(url)
    spent: dict[str, list[float]] = {"page": [], "page+charts": [], "trivial": []}
    for _ in range(n):
        for kind in spent:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            t = time.perf_counter()
            if kind == "trivial":
                get("/bench-trivial/")
            else:
                get(page)
                if kind == "page+charts":
                    for c in charts:
                        get(c)
            spent[kind].append(time.perf_counter() - t)
    base = _p95(spent["trivial"])
    print(
        f"demo loaded in {loaded:.1f} s; {a.period} of {a.township.name}, "
        f"{len(a.results.get('units', []))} units; n={n}; charts "
        f"{'drawn every time (--cold)' if cold else 'from the cache'}"
    )
    for kind, xs in spent.items():
        p95 = _p95(xs)
        print(
            f"{kind:<12} p50 {1e3 * statistics.median(xs):8.2f} ms  p95 {1e3 * p95:8.2f} ms  "
            f"ratio to trivial p95 {p95 / base:6.1f}x"
        )
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
