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
from pathlib import Path
from typing import Any

_LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}


def setup(data_dir: Path | None, host: str) -> None:
    if data_dir is not None:
        os.environ["KAOPING_DATA_DIR"] = str(data_dir)
    root = Path(os.environ.get("KAOPING_DATA_DIR", "kaoping-data")).resolve()
    root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
    if host not in _LOCAL and "KAOPING_ALLOWED_HOSTS" not in os.environ:
        # Serving on an outside address locally: accept the names it is reached by.
        os.environ["KAOPING_ALLOWED_HOSTS"] = (
            "*" if host in ("0.0.0.0", "::") else host + ",localhost,127.0.0.1"
        )
    import django

    django.setup()


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
        for login in logins:
            echo(f"  {login.username:<10} {login.password:<16} {login.description}")
        return
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if admin is None or reset_admin:
        password = secrets.token_urlsafe(9)
        if admin is None:
            admin = User.objects.create_superuser("admin", password=password)
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


def run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from kaoping.web.wsgi import application

    class _App(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            return application

    _App().run()
