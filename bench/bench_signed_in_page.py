"""Benchmark: what a signed-in page costs before its view runs (the account gate, the
permission gate and the menu), next to a trivial view.

Run: ``uv run python bench/bench_signed_in_page.py [--n 2000]``

On SQLite in a temporary folder (in this process, so the CPU figure includes the
database's): a county, a township and its admin, requested through Django's test
client and the whole middleware stack, alternately:

- *page*: the API's description (``/api/``) as the township's admin, a page whose
  view reads nothing, so every statement is the gates' and the menu's;
- *signed-in trivial*: a view answering a fixed short page, as the same admin
  (the gates without the menu and the template);
- *anchor*: the same trivial view, signed out: the floor of a Django request here.

Twice: with two-factor login optional (the admin has no authenticator) and
required (the admin enrolled and verified, as after django-otp's second step).
Printed: the median CPU and wall time per request, the SQL statements of one
request of each kind, and each kind's ratio to the anchor; the load average
before and after.
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


def trivial(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kaoping-bench-page-"))
    try:
        measure(args.n, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(n: int, folder: Path) -> None:
    os.environ["KAOPING_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kaoping.web.settings"
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
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kaoping.web import urls as web_urls
    from kaoping.web.core.models import Membership, Unit

    call_command("migrate", interactive=False, verbosity=0)
    county = Unit.objects.create(code="C", name="县", level="county")
    township = Unit.objects.create(code="T", name="压测镇", level="township", parent=county)
    admin = get_user_model().objects.create_user("admin")
    Membership.objects.create(user=admin, role="admin", unit=township)

    module = type(sys)("bench_page_urls")
    module.urlpatterns = [path("trivial/", trivial), *web_urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_page_urls"] = module
    settings.ROOT_URLCONF = "bench_page_urls"
    clear_url_caches()

    print(load(), flush=True)
    for required in (False, True):
        settings.KAOPING_2FA_REQUIRED = required
        client = Client()
        client.force_login(admin)
        if required:
            device = TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True)
            StaticDevice.objects.create(user=admin, name="recovery", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        kinds = {
            "page": (client, "/api/"),
            "signed-in trivial": (client, "/trivial/"),
            "anchor": (Client(), "/trivial/"),
        }
        cpu: dict[str, list[float]] = {k: [] for k in kinds}
        wall: dict[str, list[float]] = {k: [] for k in kinds}
        queries: dict[str, int] = {}
        for name, (c, url) in kinds.items():
            with CaptureQueriesContext(connection) as q:
                r = c.get(url)
            if r.status_code != 200:
                raise SystemExit(f"{name} {url}: {r.status_code}")
            queries[name] = len(q)
        for i in range(n + 20):
            for name, (c, url) in kinds.items():
                c0, w0 = time.process_time(), time.perf_counter()
                c.get(url)
                w1, c1 = time.perf_counter(), time.process_time()
                if i >= 20:  # warm-ups
                    cpu[name].append(c1 - c0)
                    wall[name].append(w1 - w0)
        floor = statistics.median(cpu["anchor"])
        label = "2FA required, verified" if required else "2FA optional, no authenticator"
        print(f"\n{label}, n={n}")
        print(f"{'':<18} {'CPU ms':>7} {'wall ms':>8} {'SQL':>4} {'ratio':>6}")
        for name in kinds:
            m = statistics.median(cpu[name])
            print(
                f"{name:<18} {1e3 * m:>7.3f} {1e3 * statistics.median(wall[name]):>8.3f} "
                f"{queries[name]:>4} {m / floor:>5.2f}x",
                flush=True,
            )
        if required:
            TOTPDevice.objects.filter(user=admin).delete()
            StaticDevice.objects.filter(user=admin).delete()
    print(f"\n{load()}")


if __name__ == "__main__":
    main()
