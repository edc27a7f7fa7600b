"""Serving the web app: Django set up from the environment, the database
migrated, the first admin (or the demo) made, and gunicorn run.

``kaoping serve`` (:mod:`kaoping.cli.serve`) drives these; Django is imported
inside them so that importing this module stays cheap.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

_LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def setup(data_dir: Path | None, host: str) -> None:
    if data_dir is not None:
        os.environ["KAOPING_DATA_DIR"] = str(data_dir)
    root = Path(os.environ.get("KAOPING_DATA_DIR", "kaoping-data")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
    for name, value in serve_environment(host, root, os.environ).items():
        os.environ.setdefault(name, value)
    import django

    django.setup()


def serve_environment(host: str, root: Path, environ: Any) -> dict[str, str]:
    """What ``serve`` sets unless the environment already does: a secret key of
    this installation, and the host names it answers to."""
    extra: dict[str, str] = {}
    if "KAOPING_SECRET_KEY" not in environ:
        extra["KAOPING_SECRET_KEY"] = installation_key(root)
    if host not in _LOCAL and "KAOPING_ALLOWED_HOSTS" not in environ:
        extra["KAOPING_ALLOWED_HOSTS"] = ",".join(_served_names(host))
    return extra


def installation_key(root: Path) -> str:
    """A random secret key made on the first start and kept in the data folder
    (readable by its owner only), so sessions survive a restart and no two
    installations share the development key."""
    path = root / "secret_key"
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 50:
            return key
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key


def _served_names(host: str) -> list[str]:
    """The names and addresses a request may carry in its Host header.

    For one address that address; for all addresses (0.0.0.0, ::) this machine's
    name and the addresses it resolves to. Never ``*``: a Host header the office
    did not choose must not build its links or password-reset mails."""
    import socket

    names = {"localhost", "127.0.0.1", "[::1]"}
    if host in ("0.0.0.0", "::", ""):
        hostname = socket.gethostname()
        names.update({hostname, socket.getfqdn()})
        try:
            for info in socket.getaddrinfo(hostname, None):
                address = str(info[4][0])
                names.add(f"[{address}]" if ":" in address else address)
        except OSError:
            pass
        # The address of the interface with the default route (the one a LAN
        # reaches): connecting a UDP socket only picks the route, sends nothing.
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.0.2.1", 9))
                names.add(str(probe.getsockname()[0]))
        except OSError:
            pass
    else:
        names.add(f"[{host}]" if ":" in host else host)
    return sorted(n for n in names if n)


def is_local(host: str) -> bool:
    return host in _LOCAL


def gunicorn_settings(
    host: str, port: int, workers: int, threads: int, timeout: int = 60
) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": None,
        "loglevel": "warning",
        "timeout": timeout,
        # A worker is replaced after a thousand requests (give or take a hundred,
        # so that they are not all replaced at once): whatever memory a large
        # upload left behind goes back to the system.
        "max_requests": 1000,
        "max_requests_jitter": 100,
    }


def prepare(*, demo: bool, reset_admin: bool = False, echo: Callable[[str], None] = print) -> None:
    """Migrate, create the first admin (or the demo), and print the logins."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django.conf import settings

    if settings.PRODUCTION:
        # Production serves collected, hashed static files (whitenoise's manifest).
        call_command("collectstatic", interactive=False, verbosity=0)
    User = get_user_model()
    if demo:
        from .core.models import Unit
        from .demo import load_demo, reload_demo

        demo_obj = _build_demo()
        if Unit.objects.filter(code=demo_obj.township[0]).exists():
            echo("演示数据已存在，已重置演示账号的密码 / demo already loaded; passwords reset")
            logins = reload_demo(demo_obj)
        else:
            logins = load_demo(demo_obj)
            echo(f"已载入演示乡镇 / demo township loaded: {demo_obj.township[1]}")
        echo("登录账号 / logins:")
        width = max([10, *(len(login.username) for login in logins)])
        for login in logins:
            echo(f"  {login.username:<{width}} {login.password:<16} {login.description}")
        return
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None or reset_admin:
        password = secrets.token_urlsafe(9)
        if admin is None:
            # The demo has a township admin called "admin" (not a superuser): the
            # first superuser then takes the first free name instead of failing.
            name, n = "admin", 1
            while User.objects.filter(username=name).exists():
                n += 1
                name = f"admin{n}"
            admin = User.objects.create_superuser(name, password=password)
            echo("已创建管理员 / first admin created:")
        else:
            admin.set_password(password)
            admin.save()
            echo("已重置管理员密码 / admin password reset:")
        echo(f"  用户名 / user: {admin.username}   密码 / password: {password}")
    else:
        echo(
            f"管理员 / admin: {admin.username} "
            "(密码见首次启动时的输出；忘记可用 --reset-admin / password as printed on first start)"
        )


def prepare_in_child(data_dir: Path | None, host: str, demo: bool, reset_admin: bool) -> None:
    setup(data_dir, host)
    prepare(demo=demo, reset_admin=reset_admin)
    sys.stdout.flush()


def _build_demo() -> Any:
    from kaoping.demo import build_demo  # type: ignore[import-not-found,unused-ignore]

    return build_demo()


class JobWorkers:
    """The job workers beside gunicorn (``manage.py jobs_worker`` in child
    processes): started before it, started again when one dies, stopped after it."""

    def __init__(self, count: int) -> None:
        import subprocess
        import threading

        self.count = count
        self.procs: list[subprocess.Popen[bytes]] = []
        self.stopping = threading.Event()
        self.restarts = 0
        self._watch = threading.Thread(target=self._supervise, daemon=True, name="job-workers")

    def _start_one(self) -> Any:
        import subprocess

        command = [sys.executable, "-m", "kaoping.web.manage", "jobs_worker"]
        return subprocess.Popen([*command, "--parent-pid", str(os.getpid())], env=dict(os.environ))

    def start(self) -> None:
        self.procs = [self._start_one() for _ in range(self.count)]
        self._watch.start()

    def _supervise(self) -> None:
        # A worker that died (killed, out of memory) is replaced; the job it held is
        # retried or failed by the next worker (kaoping.web.jobs.queue.recover).
        while not self.stopping.wait(1):
            for i, proc in enumerate(self.procs):
                if proc.poll() is not None and not self.stopping.is_set():
                    self.restarts += 1
                    self.procs[i] = self._start_one()

    def stop(self, grace: float = 20) -> None:
        import subprocess

        self.stopping.set()
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()  # the worker finishes its current attempt, then exits
        for proc in self.procs:
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                # Its transaction is rolled back; the next start retries the job.
                proc.kill()
                proc.wait()


def run_gunicorn(host: str, port: int, workers: int, threads: int, timeout: int = 60) -> None:
    from gunicorn.app.base import BaseApplication

    from kaoping.web.wsgi import application

    class _App(BaseApplication):
        def load_config(self) -> None:
            for name, value in gunicorn_settings(host, port, workers, threads, timeout).items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return application

    _App().run()


class NotReady(Exception):
    """The database or the settings do not allow escalating; the message says why."""


def escalate(data_dir: Path | None, on: date | None) -> list[str]:
    """``kaoping escalate``: one line per step taken (unit, item, level, whom)."""
    setup(data_dir, "127.0.0.1")
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    from .assessment.escalations import escalate_overdue

    try:
        steps = escalate_overdue(on)
    except ImproperlyConfigured as err:
        raise NotReady(str(err)) from err
    except DatabaseError as err:
        raise NotReady(f"数据库不可用或未迁移（先运行 kaoping serve）：{err}") from err
    return [step_line(s) for s in steps]


def step_line(s: Any) -> str:
    """One escalation step as ``kaoping escalate`` prints it: unit, item, level, whom."""
    if s.catch_up is not None:
        # A dispatch's 限期赶上 is addressed to the work area itself.
        unit, what = s.catch_up.area, "限期赶上"
    else:
        item: Any = s.rectification or s.reminder
        unit = item.unit
        what = getattr(item, "kind", "") if s.rectification else getattr(item, "subject", "")
    return f"{unit.code}\t{unit.name}\t{what}\t{s.level}\t{s.role}\t{s.names or '—'}"


def notify_due(data_dir: Path | None, now: datetime | None) -> int:
    """``kaoping notify-due``: the daily pass of due and overdue notices
    (:func:`kaoping.web.notify.send_due_notices`); how many deliveries it queued.
    The job worker of ``kaoping serve`` sends them."""
    setup(data_dir, "127.0.0.1")
    from django.db import DatabaseError
    from django.utils import timezone

    from .notify import send_due_notices

    if now is not None and timezone.is_naive(now):
        now = timezone.make_aware(now)
    try:
        return send_due_notices(now)
    except DatabaseError as err:
        raise NotReady(f"数据库不可用或未迁移（先运行 kaoping serve）：{err}") from err
