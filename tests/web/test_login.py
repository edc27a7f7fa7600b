"""Logging in: Django's password hashing, a limit on failed attempts, CSRF on forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F
from django.test import Client

from tests import migrated

from .conftest import PASSWORD


def attempt(client: Any, password: str, username: str = "reporter") -> Any:
    return client.post("/login/", {"username": username, "password": password})


def test_the_right_password_logs_in(client: Any, world: Any) -> None:
    r = attempt(client, PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/"


def test_a_wrong_password_says_so_in_chinese(client: Any, world: Any) -> None:
    r = attempt(client, "wrong")
    assert r.status_code == 200
    assert "用户名或密码不正确" in r.content.decode()


def test_passwords_are_stored_hashed(world: Any) -> None:
    user = world.users["reporter"]
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_five_failures_lock_the_name_even_against_the_right_password(
    client: Any, world: Any
) -> None:
    for _ in range(5):
        assert attempt(client, "wrong").status_code == 200
    r = attempt(client, PASSWORD)
    assert r.status_code == 429
    assert "登录失败次数过多" in r.content.decode()
    # another user from the same address is not locked out
    assert attempt(client, PASSWORD, username="admin").status_code == 302


def test_a_success_clears_earlier_failures(client: Any, world: Any) -> None:
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302


def test_forms_refuse_a_post_without_the_csrf_token(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reporter"])
    r = client.post(f"/report/{world.ds.pk}/V1/2026Q3/", {"version": "0", "invited": "1"})
    assert r.status_code == 403


def test_pages_need_a_login(client: Any, world: Any) -> None:
    r = client.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")


def test_pages_are_chinese_first_and_english_on_request(client: Any, world: Any) -> None:
    assert "用户名" in client.get("/login/").content.decode()
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "User name" in page and "用户名" not in page
    client.force_login(world.users["reporter"])
    page = client.get(
        f"/report/{world.ds.pk}/V1/2026Q3/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Save draft" in page and "Submit" in page
    r = client.post(
        f"/report/{world.ds.pk}/V1/2026Q3/",
        {"version": "0", "action": "save", "invited": "abc"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "'abc' is not a number" in r.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    "spelling",
    [" reporter", "reporter ", "Reporter", "REPORTER", "ｒｅｐｏｒｔｅｒ", "\u3000reporter"],
)
def test_spelling_variants_of_a_name_share_one_failure_count(
    client: Any, world: Any, spelling: str
) -> None:
    for _ in range(5):
        assert attempt(client, "wrong", username=spelling).status_code == 200
    assert attempt(client, PASSWORD, username="reporter").status_code == 429


@pytest.mark.parametrize("spelling", [" reporter ", "Reporter", "ｒｅｐｏｒｔｅｒ"])
def test_a_spelling_variant_of_the_name_logs_in_to_the_same_account(
    client: Any, world: Any, spelling: str
) -> None:
    assert attempt(client, PASSWORD, username=spelling).status_code == 302
    assert client.get("/").context["user"].pk == world.users["reporter"].pk


@pytest.mark.parametrize(
    ("typed", "stored"), [(" Li.Ming ", "li.ming"), ("ＺＨＡＮＧ", "zhang"), ("Straße", "strasse")]
)
def test_a_new_user_name_is_stored_normalised(world: Any, typed: str, stored: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=typed, password=PASSWORD)
    user.refresh_from_db()
    assert user.username == stored


def test_the_admin_login_counts_against_the_same_limit(client: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password=PASSWORD)
    for _ in range(3):
        attempt(client, "wrong", username="root")
    for _ in range(2):
        r = client.post("/admin/login/", {"username": "ROOT", "password": "wrong"})
        assert r.status_code == 200
    r = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert r.status_code == 429
    assert attempt(client, PASSWORD, username="root").status_code == 429


def test_the_admin_login_still_logs_in(client: Any, world: Any) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", password=PASSWORD)
    r = client.post("/admin/login/?next=/admin/", {"username": "Root", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/admin/"


@pytest.mark.parametrize(
    ("header", "count", "meta", "expected"),
    [
        ("REMOTE_ADDR", 1, {"HTTP_X_FORWARDED_FOR": "9.9.9.9"}, "10.0.0.1"),
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "203.0.113.7"),
        # the client wrote the left entry; the one proxy appended the right one
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}, "203.0.113.7"),
        (
            "X-Forwarded-For",
            2,
            {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7, 10.0.0.2"},
            "203.0.113.7",
        ),
        ("X-Forwarded-For", 2, {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}, "10.0.0.1"),
        ("X-Forwarded-For", 1, {"HTTP_X_FORWARDED_FOR": "not-an-address"}, "10.0.0.1"),
        ("X-Forwarded-For", 1, {}, "10.0.0.1"),
        ("X-Real-IP", 1, {"HTTP_X_REAL_IP": "2001:db8::1"}, "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_the_configured_proxy_header_only(
    settings: Any, header: str, count: int, meta: dict[str, str], expected: str
) -> None:
    from django.test import RequestFactory

    from kaoping.web.core.accounts import client_address

    settings.KAOPING_TRUSTED_PROXY_HEADER = header
    settings.KAOPING_TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)  # type: ignore[arg-type]  # META headers
    assert client_address(request) == expected


def test_behind_the_proxy_one_guesser_does_not_lock_out_another_address(
    client: Any, world: Any, settings: Any
) -> None:
    settings.KAOPING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    for _ in range(5):
        client.post(
            "/login/",
            {"username": "reporter", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    r = client.post(
        "/login/",
        {"username": "reporter", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.10",
    )
    assert r.status_code == 302


def test_a_failure_window_that_has_passed_starts_the_count_again(client: Any, world: Any) -> None:
    from datetime import timedelta

    from kaoping.web.core.models import LoginThrottle

    for _ in range(5):
        attempt(client, "wrong")
    LoginThrottle.objects.update(window_start=F("window_start") - timedelta(hours=1))
    assert attempt(client, PASSWORD).status_code == 302


# Parallel wrong passwords: each thread's password check is slowed down so that
# all twenty are in flight together; a limit counted after the check lets them
# all through, one taken before the check lets at most five be checked.
PARALLEL = r"""
import os, sys, threading, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.web.settings")
import django
django.setup()
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client

def run(n=20):
    checked = []
    real = MD5PasswordHasher.verify
    def slow_verify(self, password, encoded):
        checked.append(1)
        time.sleep(0.3)
        return real(self, password, encoded)
    MD5PasswordHasher.verify = slow_verify
    try:
        return _run(n, checked)
    finally:
        MD5PasswordHasher.verify = real

def _run(n, checked):
    start = threading.Barrier(n)
    codes = []
    def one():
        try:
            start.wait()
            r = Client().post("/login/", {"username": "target", "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
            codes.append(r.status_code)
        finally:
            connection.close()
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(checked), sorted(codes)
"""

SQLITE_MAIN = r"""
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
get_user_model().objects.create_user("target", password="right-password-1")
n, codes = run()
print("checked", n, "codes", codes.count(200), codes.count(429))
"""


def test_parallel_wrong_passwords_on_the_file_database_check_at_most_the_limit(
    tmp_path: Any,
) -> None:
    import subprocess
    import sys

    migrated.into(tmp_path)
    r = subprocess.run(
        [sys.executable, "-c", PARALLEL + SQLITE_MAIN],
        capture_output=True,
        text=True,
        env=migrated.child_env(tmp_path),
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["checked", "5", "codes", "5", "15"]


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_on_postgresql_check_at_most_the_limit(settings: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the SQLite case runs on the file database in the test above")
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("target", password="right-password-1")
    scope: dict[str, Any] = {}
    exec(PARALLEL, scope)
    n, codes = scope["run"]()
    assert (n, codes.count(200), codes.count(429)) == (5, 5, 15)


def test_a_login_session_lasts_twelve_hours_not_two_weeks(client: Any, world: Any) -> None:
    attempt(client, PASSWORD)
    assert client.cookies["sessionid"]["max-age"] == 12 * 3600


def test_every_page_carries_a_content_security_policy_without_inline_script(
    client: Any, world: Any
) -> None:
    policy = client.get("/login/")["Content-Security-Policy"]
    directives = dict((d.split()[0], d.split()[1:]) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy


def test_no_page_template_holds_inline_script_or_style() -> None:
    import re
    from pathlib import Path

    import kaoping.web

    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\son[a-z]+=|\sstyle=", re.I)
    found = [
        str(path)
        for path in Path(kaoping.web.__file__).parent.rglob("*.html")
        if inline.search(re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8")))
    ]
    assert found == []
