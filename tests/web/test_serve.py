"""`kaoping serve`'s preparation (migrate, first admin, demo) and the settings."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from kaoping.web.core.models import DataSet, Membership, Person, Report, Unit
from kaoping.web.serving import prepare


def test_the_first_start_creates_one_admin_and_prints_the_login(db: Any) -> None:
    lines: list[str] = []
    prepare(demo=False, echo=lines.append)
    admin = get_user_model().objects.get()
    assert admin.is_superuser
    password = lines[1].split("password: ")[1].strip()
    assert admin.check_password(password)
    lines.clear()
    prepare(demo=False, echo=lines.append)
    assert get_user_model().objects.count() == 1
    assert "admin" in lines[0]


def test_serving_without_the_demo_after_it_makes_a_superuser_beside_the_demos_admin(
    db: Any, demo: Any
) -> None:
    # `serve --demo` then `serve`: the demo's township admin is called "admin" and is
    # no superuser, so the first superuser takes the next free name (this crashed on
    # the unique user name).
    from unittest import mock

    with mock.patch("kaoping.web.serving._build_demo", return_value=demo):
        prepare(demo=True, echo=lambda line: None)
    lines: list[str] = []
    prepare(demo=False, echo=lines.append)
    superuser = get_user_model().objects.get(is_superuser=True)
    assert superuser.username == "admin2"
    assert superuser.check_password(lines[1].split("password: ")[1].strip())
    assert not get_user_model().objects.get(username="admin").is_superuser


@pytest.fixture(scope="module")
def demo() -> Any:
    from kaoping.demo import build_demo

    return build_demo()


def test_the_demo_loads_units_people_figures_and_a_login_per_role(db: Any, demo: Any) -> None:
    lines: list[str] = []
    from unittest import mock

    with mock.patch("kaoping.web.serving._build_demo", return_value=demo):
        prepare(demo=True, echo=lines.append)
    from kaoping.web.assessment.county_demo import NEIGHBOURS, TOWNSHIP_PEOPLE

    township = Unit.objects.get(code=demo.township[0])
    assert Unit.objects.filter(
        township=township, level__in=["village", "community"]
    ).count() == len(demo.units)
    assert Unit.objects.filter(level="area").count() == len(demo.areas)
    assert Person.objects.filter(unit__township=township).exclude(unit=township).count() == len(
        demo.people
    )
    dataset = DataSet.objects.get(township=township, frequency="Q")
    assert dataset.elements.count() > 10
    assert Report.objects.filter(dataset=dataset).count() == demo.frame.height
    # Beside it the monthly birth registrations: every village, every month of 2026.
    monthly = DataSet.objects.get(township=township, frequency="M")
    assert monthly.elements.count() == 3
    assert Report.objects.filter(dataset=monthly).count() == len(demo.units) * 12
    # The county above it: two townships of three villages, each quarter reported,
    # and the three townships' secretaries and directors.
    neighbours = Unit.objects.filter(code__in=[code for code, _name, _v in NEIGHBOURS])
    assert sorted(neighbours.values_list("parent__code", flat=True)) == [demo.county[0]] * 2
    assert Report.objects.exclude(dataset__township=township).filter(
        unit__township__parent__code=demo.county[0]
    ).count() == 2 * 3 * len(demo.quarters)
    assert Person.objects.filter(unit__level="township").count() == 2 * len(TOWNSHIP_PEOPLE)
    # The province and city above the county: 江南省 > 青山市 > 清河县.
    above = Unit.objects.filter(level__in=["province", "city"]).order_by("code")
    assert [(u.code, u.parent and u.parent.code) for u in above] == [("M01", "P01"), ("P01", None)]
    assert Unit.objects.get(code=demo.county[0]).parent == above[0]
    roles = set(Membership.objects.values_list("user__username", "role", "unit__code"))
    assert roles == {
        ("admin", "admin", "T01"),
        ("assessor", "assessor", "T01"),
        ("reporter", "reporter", "V01"),
        ("leader", "leader", "T01"),
        ("county_admin", "admin", "C01"),
        ("county_leader", "leader", "C01"),
        ("province_admin", "admin", "P01"),
        ("province_leader", "leader", "P01"),
    }
    # every printed password opens its account
    User = get_user_model()
    printed = set()
    for line in lines:
        parts = line.split()
        if parts and parts[0] in {u for u, _r, _c in roles}:
            assert User.objects.get(username=parts[0]).check_password(parts[1])
            printed.add(parts[0])
    assert printed == {u for u, _r, _c in roles}
    # the reporter's village has its latest quarter open as a draft
    reporter_unit = Membership.objects.get(role="reporter").unit
    latest = max(demo.frame["period"].to_list())
    assert Report.objects.get(unit=reporter_unit, period=latest).status == "draft"


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("KAOPING_")}
    full.pop("DATABASE_URL", None)
    full.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=120
    )


def test_the_command_line_help_does_not_load_django() -> None:
    r = _run("import sys; import kaoping.cli; print('django' in sys.modules)")
    assert r.stdout.strip() == "False", r.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Any) -> None:
    r = _run(
        "from kaoping.web.manage import main; import sys; "
        "sys.argv = ['manage', 'check', '--deploy', '--fail-level', 'WARNING']; main()",
        KAOPING_ENV="production",
        KAOPING_SECRET_KEY="k" * 10 + "x7#Qz!r9Lm2@Vb8$Nc4%Hd6^Jf1&Kg3*Pw5(Ys0)Ut",
        KAOPING_ALLOWED_HOSTS="kaoping.example.org",
        KAOPING_DATA_DIR=str(tmp_path),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "no issues" in r.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Any) -> None:
    r = _run(
        "import kaoping.web.settings",
        KAOPING_ENV="production",
        KAOPING_ALLOWED_HOSTS="kaoping.example.org",
        KAOPING_DATA_DIR=str(tmp_path),
    )
    assert r.returncode != 0
    assert "KAOPING_SECRET_KEY must be set" in r.stderr


def test_serve_starts_migrates_and_prints_the_address_and_login(tmp_path: Any) -> None:
    import http.client
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAOPING_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kaoping.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path / "data"),
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status = None
        # Migrating a new database takes a minute when the machine is busy.
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline and status is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/login/")
                status = conn.getresponse().status
            except OSError:
                time.sleep(0.3)
        assert status == 200
        assert (tmp_path / "data" / "kaoping.sqlite3").exists()
        workers = _job_workers_of(proc.pid)
        assert len(workers) == 1
    finally:
        proc.terminate()
        out, _err = proc.communicate(timeout=30)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)
    assert f"http://127.0.0.1:{port}/" in out
    assert "password: " in out and "admin" in out


def _job_workers_of(parent: int) -> list[int]:
    """The ``jobs_worker`` processes whose parent is ``parent`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmd:
                command = cmd.read()
        except OSError:
            continue
        if ppid == parent and b"jobs_worker" in command:
            found.append(int(entry))
    return found


def test_serve_keeps_a_random_secret_key_of_its_own_in_the_data_folder(tmp_path: Any) -> None:
    from kaoping.web.serving import serve_environment

    first = serve_environment("0.0.0.0", tmp_path, {})
    key = first["KAOPING_SECRET_KEY"]
    assert len(key) >= 50 and "development" not in key
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert serve_environment("0.0.0.0", tmp_path, {})["KAOPING_SECRET_KEY"] == key
    other = tmp_path / "other"
    other.mkdir()
    assert serve_environment("127.0.0.1", other, {})["KAOPING_SECRET_KEY"] != key
    # a key given in the environment wins
    assert "KAOPING_SECRET_KEY" not in serve_environment(
        "0.0.0.0", tmp_path, {"KAOPING_SECRET_KEY": "x"}
    )


@pytest.mark.parametrize(
    ("host", "present", "absent"),
    [
        ("0.0.0.0", ["localhost", "127.0.0.1"], ["*"]),
        ("192.0.2.10", ["192.0.2.10", "localhost"], ["*"]),
        ("2001:db8::5", ["[2001:db8::5]"], ["*"]),
    ],
)
def test_serve_on_an_outside_address_answers_only_to_its_own_names(
    tmp_path: Any, host: str, present: list[str], absent: list[str]
) -> None:
    from kaoping.web.serving import serve_environment

    hosts = serve_environment(host, tmp_path, {})["KAOPING_ALLOWED_HOSTS"].split(",")
    assert set(present) <= set(hosts)
    assert not set(absent) & set(hosts)
    given = serve_environment(host, tmp_path, {"KAOPING_ALLOWED_HOSTS": "kaoping.example.org"})
    assert "KAOPING_ALLOWED_HOSTS" not in given


def test_serve_recycles_workers_and_stops_a_stuck_one() -> None:
    from kaoping.web.serving import gunicorn_settings

    cfg = gunicorn_settings("127.0.0.1", 8000, 2, 8, 60)
    assert cfg["max_requests"] > 0 and cfg["max_requests_jitter"] > 0
    assert cfg["timeout"] == 60


@pytest.mark.both_databases
def test_postgresql_connections_carry_a_statement_timeout(tmp_path: Any) -> None:
    r = _run(
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.DATABASES['default']['OPTIONS']['options'])",
        DJANGO_SETTINGS_MODULE="kaoping.web.settings",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
        KAOPING_DATA_DIR=str(tmp_path),
    )
    assert r.stdout.strip() == "-c statement_timeout=30000", r.stderr
