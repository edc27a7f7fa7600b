"""Benchmark: 200 village reporters submit their forms within a minute.

Run: ``uv run python bench/bench_load.py [--reporters 200] [--spread 60]
[--database kaoping_bench] [--port 0] [--workers 2] [--threads 8]``

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth, as on our
machines and in CI). The benchmark

1. creates a fresh database ``kaoping_bench``, migrates it and fills it (not
   timed): one township, ``--reporters`` villages with one reporter each, the
   data set of the shipped rubric (35 elements);
2. starts ``kaoping serve`` on it, on a free loopback port;
3. lets every reporter arrive at a random moment within ``--spread`` seconds
   (0: all at once, the deadline rush) and do what a person does: open the form
   (GET), then submit it (POST with the CSRF token and the version), each
   reporter with values of their own;
4. reads the database afterwards: every report must be submitted with exactly
   the values sent (no lost figure) and audited.

Bounded: one form per reporter, a 30-second timeout per request and a hard stop
after ``--spread`` + 120 seconds. Only 127.0.0.1 is contacted. Prints p50, p95,
p99 and max latency per request kind, errors, and the lost-figure count.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

DB = "kaoping_bench"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
HOST = "127.0.0.1"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def fresh_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def populate(reporters: int) -> tuple[int, list[tuple[str, str, dict[str, str]]]]:
    """Units, users, the data set; returns its id and (unit, session key, values) per reporter."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from kaoping.engine import parse_rubric
    from kaoping.web.core.loading import dataset_from_rubric
    from kaoping.web.core.models import Membership, Unit

    call_command("migrate", interactive=False, verbosity=0)
    text = (Path(__file__).parent.parent / "src/kaoping/rubrics/default.yaml").read_text("utf-8")
    county = Unit.objects.create(code="C", name="县", level="county")
    township = Unit.objects.create(code="T", name="压测镇", level="township", parent=county)
    dataset = dataset_from_rubric(township, parse_rubric(text, "default.yaml"))
    elements = list(dataset.elements.all())
    User = get_user_model()
    rnd = random.Random(20261129)
    plan = []
    for i in range(reporters):
        unit = Unit.objects.create(
            code=f"V{i:04d}", name=f"村{i}", level="village", parent=township
        )
        user = User.objects.create(username=f"r{i:04d}")
        user.set_unusable_password()  # sessions are made here: no password hashing in the way
        user.save()
        Membership.objects.create(user=user, role="reporter", unit=unit)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        plan.append((unit.code, session.session_key or "", values(elements, rnd)))
    from django.db import connections

    connections.close_all()
    return dataset.pk, plan


def values(elements: list[Any], rnd: random.Random) -> dict[str, str]:
    """Values of every type that pass the rubric's checks (a part never above its whole)."""
    out: dict[str, str] = {}
    for e in elements:
        if e.type == "bool":
            out[e.code] = rnd.choice(["0", "1"])
        elif e.type == "number":
            out[e.code] = str(Decimal(rnd.randint(900, 1000)) / 1000)
        else:
            out[e.code] = str(rnd.randint(0, 60))
    for part, whole in [
        ("sd_attended", "sd_invited"),
        ("births_reported_on_time", "births"),
        ("postpartum_visited", "postpartum_due"),
        ("screening_done", "screening_target"),
    ]:
        if part in out and whole in out:
            out[part] = str(rnd.randint(0, int(out[whole])))
    if {"sd_invited", "sd_attended", "sd_declined"} <= out.keys():
        left = int(out["sd_invited"]) - int(out["sd_attended"])
        out["sd_declined"] = str(rnd.randint(0, left))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start_server(
    port: int, data_dir: str, url: str, workers: int, threads: int
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": url, "KAOPING_DATA_DIR": data_dir}
    command = ["-c", "from kaoping.cli import main; main()", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--threads", str(threads)]
    return wait_until_up(subprocess.Popen([sys.executable, *command], env=env, **QUIET), port)


def start_trivial_site(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    """The anchor: a trivial Django view under the same gunicorn settings (trivial_site.py)."""
    site = str(Path(__file__).with_name("trivial_site.py"))
    command = [sys.executable, site, str(port), str(workers), str(threads)]
    return wait_until_up(subprocess.Popen(command, **QUIET), port)


QUIET: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}


def wait_until_up(proc: subprocess.Popen[bytes], port: int) -> subprocess.Popen[bytes]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit(f"the server on port {port} did not start within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def warm_up(port: int, dataset: int, period: str, first: tuple[str, str, dict[str, str]]) -> None:
    """Open the first reporter's form from 32 threads twice, not measured: every worker
    and thread has imported its code, compiled its templates and opened its database
    connection before the clock starts, as on a server that has been up a while."""
    unit, session, _vals = first
    path = f"/report/{dataset}/{unit}/{period}/"

    def get() -> None:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
            conn.getresponse().read()
            conn.close()
        except OSError:
            pass

    for _round in range(2):
        threads = [threading.Thread(target=get) for _ in range(32)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)


def run_load(
    port: int,
    dataset: int,
    period: str,
    plan: list[tuple[str, str, dict[str, str]]],
    spread: float,
) -> tuple[Stats, float]:
    """Every reporter at the same moments in every run (one seed): (stats, wall seconds)."""
    warm_up(port, dataset, period, plan[0])
    stats = Stats()
    rnd = random.Random(7)
    started = time.monotonic()
    stop_at = started + spread + 120
    threads = [
        threading.Thread(
            target=reporter,
            args=(
                port,
                dataset,
                period,
                unit,
                session,
                vals,
                rnd.uniform(0, spread),
                stats,
                stop_at,
            ),
            daemon=True,
        )
        for unit, session, vals in plan
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, stop_at - time.monotonic()))
    return stats, time.monotonic() - started


def reporter(
    port: int,
    dataset: int,
    period: str,
    unit: str,
    session: str,
    vals: dict[str, str],
    delay: float,
    stats: Stats,
    stop_at: float,
) -> None:
    time.sleep(delay)
    if time.monotonic() > stop_at:
        stats.error(f"{unit}: not started before the hard stop")
        return
    path = f"/report/{dataset}/{unit}/{period}/"
    cookies = {"sessionid": session}
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": _cookie(cookies)})
        r = conn.getresponse()
        page = r.read().decode()
        stats.add("GET form", time.perf_counter() - t0)
        if r.status != 200:
            stats.error(f"{unit}: GET {r.status} {r.headers.get('Location', '')}")
            return
        for header in r.headers.get_all("Set-Cookie") or []:
            for k, morsel in SimpleCookie(header).items():
                cookies[k] = morsel.value
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        version = re.search(r'name="version" value="(\d+)"', page)
        if token is None or version is None:
            stats.error(f"{unit}: no CSRF token or version in the form")
            return
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token[1], "version": version[1], "action": "submit", **vals}
        )
        t0 = time.perf_counter()
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": _cookie(cookies),
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{port}{path}",
            },
        )
        r = conn.getresponse()
        r.read()
        stats.add("POST submit", time.perf_counter() - t0)
        if r.status != 302:
            stats.error(f"{unit}: POST {r.status}")
        conn.close()
    except OSError as exc:
        stats.error(f"{unit}: {exc}")


def _cookie(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def lost_figures(
    dataset: int, period: str, plan: list[tuple[str, str, dict[str, str]]]
) -> tuple[int, int, int]:
    from kaoping.web.core.models import FigureChange, Report

    reports = {
        r.unit.code: r
        for r in Report.objects.filter(dataset_id=dataset, period=period)
        .select_related("unit")
        .prefetch_related("figures")
    }
    lost = 0
    not_submitted = 0
    for unit, _session, vals in plan:
        r = reports.get(unit)
        if r is None or r.status != "submitted":
            not_submitted += 1
        saved = {f.element: f.value for f in r.figures.all()} if r else {}
        lost += sum(1 for code, v in vals.items() if saved.get(code) != Decimal(v))
    audited = FigureChange.objects.filter(report__dataset_id=dataset, report__period=period).count()
    return lost, not_submitted, audited


def pct(data: list[float], q: float) -> float:
    ordered = sorted(data)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reporters", type=int, default=200)
    parser.add_argument(
        "--spread", type=float, default=60.0, help="arrivals within this many seconds"
    )
    parser.add_argument("--period", default="2026Q3")
    parser.add_argument("--database", default=DB, help="dropped and made afresh")
    parser.add_argument("--port", type=int, default=0, help="0: a free one")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    url = URL.rsplit("/", 1)[0] + "/" + args.database

    data_dir = tempfile.mkdtemp(prefix="kaoping-bench-")
    # The sessions are signed here and read by the server: one key for both
    # (serve would otherwise make its own in the data folder).
    os.environ.setdefault("KAOPING_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update({"DATABASE_URL": url, "KAOPING_DATA_DIR": data_dir})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
    fresh_database(args.database)
    dataset, plan = populate(args.reporters)
    port = args.port or free_port()
    server = start_server(port, data_dir, url, args.workers, args.threads)
    stats, elapsed = run_load(port, dataset, args.period, plan, args.spread)
    stop(server)
    shutil.rmtree(data_dir, ignore_errors=True)
    # The anchor in the same run: the same reporters at the same moments, against
    # a trivial view under the same gunicorn settings.
    anchor_port = free_port()
    anchor = start_trivial_site(anchor_port, args.workers, args.threads)
    anchor_stats, anchor_elapsed = run_load(anchor_port, dataset, args.period, plan, args.spread)
    stop(anchor)

    lost, not_submitted, audited = lost_figures(dataset, args.period, plan)
    figures = sum(len(v) for _u, _s, v in plan)
    print(
        f"kaoping serve (gunicorn, {args.workers} workers x {args.threads} threads) on "
        f"PostgreSQL, loopback; {args.reporters} reporters arriving within {args.spread:.0f} s;"
        f" wall {elapsed:.1f} s; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"{'request':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'mean ms':>8} {'p95 / anchor':>13}"
    )
    for kind, data in stats.latencies.items():
        ms = [x * 1000 for x in data]
        floor = [x * 1000 for x in anchor_stats.latencies.get(kind, [])]
        ratio = f"{pct(ms, 0.95) / pct(floor, 0.95):.2f}x" if floor else "-"
        print(
            f"{kind:<12} {len(ms):>5} {pct(ms, 0.5):>8.1f} {pct(ms, 0.95):>8.1f} {pct(ms, 0.99):>8.1f} "
            f"{max(ms):>8.1f} {statistics.mean(ms):>8.1f} {ratio:>13}"
        )
    print(f"anchor: a trivial Django view, the same gunicorn settings; wall {anchor_elapsed:.1f} s")
    for kind, data in anchor_stats.latencies.items():
        ms = [x * 1000 for x in data]
        print(
            f"{kind:<12} {len(ms):>5} {pct(ms, 0.5):>8.1f} {pct(ms, 0.95):>8.1f} {pct(ms, 0.99):>8.1f} "
            f"{max(ms):>8.1f} {statistics.mean(ms):>8.1f}"
        )
    if anchor_stats.errors:
        print(f"anchor errors: {len(anchor_stats.errors)} (first: {anchor_stats.errors[:3]})")
    print(
        f"errors: {len(stats.errors)}" + (f" (first: {stats.errors[:3]})" if stats.errors else "")
    )
    print(
        f"figures sent {figures}, lost {lost}; reports not submitted {not_submitted}; "
        f"audit rows {audited}"
    )
    if stats.errors or lost or not_submitted:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
