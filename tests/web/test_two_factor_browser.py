"""The two-factor pages in Chromium, on a desktop (1280×800) and a phone (390×844):
a leader enrols by the code their authenticator would show for the page's
secret, keeps the recovery codes, logs in again with one; nothing overflows the
screen and the CSP refuses nothing (the QR code is a data: image). Screenshots
go to $KAOPING_SCREENSHOTS."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django_otp.oath import TOTP

from .conftest import PASSWORD
from .test_browser import _shots
from .test_phone import fit_problems

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _log_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("size", SIZES)
def test_a_leader_enrols_keeps_the_codes_and_logs_in_with_one(
    page: Any, world: Any, settings: Any, size: str
) -> None:
    settings.KAOPING_2FA_REQUIRED = True
    page.set_viewport_size(SIZES[size])
    shots = _shots()
    problems: list[str] = []

    _log_in(page, "leader")
    page.wait_for_url(re.compile(r".*/account/two-factor/\?next=.*"))
    assert page.locator("img.qr").evaluate("img => img.naturalWidth") > 100
    problems += fit_problems(page, "enrol")
    page.screenshot(path=str(shots / f"2fa-enrol-{size}.png"), full_page=True)

    secret = page.inner_text("#totp-secret").replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", str(TOTP(key).token()).zfill(6))
    page.click("main form.stacked button[type=submit]")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    problems += fit_problems(page, "codes")
    page.screenshot(path=str(shots / f"2fa-codes-{size}.png"), full_page=True)

    page.context.clear_cookies()  # logged out (on a phone the button is in the folded menu)
    _log_in(page, "leader")
    page.wait_for_url(re.compile(r".*/account/two-factor/verify/.*"))
    problems += fit_problems(page, "verify")
    page.screenshot(path=str(shots / f"2fa-verify-{size}.png"), full_page=True)
    page.fill("#id_code", codes[0])
    page.click("main form.stacked button[type=submit]")
    page.wait_for_url(page.base + "/")
    assert "还剩9个" in page.inner_text(".messages")

    page.goto(page.base + "/account/two-factor/")
    problems += fit_problems(page, "enrolled")
    page.screenshot(path=str(shots / f"2fa-enrolled-{size}.png"), full_page=True)
    assert problems == []


@pytest.mark.parametrize("size", SIZES)
def test_the_users_page_and_the_forced_password_change_fit_the_screen(
    page: Any, world: Any, size: str
) -> None:
    from kaoping.web.core.models import AccountState

    page.set_viewport_size(SIZES[size])
    shots = _shots()
    _log_in(page, "admin")
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/users/")
    problems = fit_problems(page, "users")
    page.screenshot(path=str(shots / f"users-{size}.png"), full_page=True)
    page.context.clear_cookies()  # logged out (on a phone the button is in the folded menu)

    AccountState.objects.create(user=world.users["reporter"], must_change_password=True)
    _log_in(page, "reporter")
    page.wait_for_url(re.compile(r".*/account/password/\?next=.*"))
    assert "临时密码" in page.inner_text("main")
    problems += fit_problems(page, "forced-password")
    page.screenshot(path=str(shots / f"forced-password-{size}.png"), full_page=True)
    assert problems == []


@pytest.mark.parametrize("size", SIZES)
def test_the_county_accounts_page_and_the_no_role_page_fit_the_screen(
    page: Any, world: Any, size: str
) -> None:
    from django.contrib.auth import get_user_model

    from kaoping.web.core.models import Membership

    page.set_viewport_size(SIZES[size])
    shots = _shots()
    user = get_user_model().objects.create_user("county_admin", password=PASSWORD)
    Membership.objects.create(user=user, role="admin", unit=world.county)
    _log_in(page, "county_admin")
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/users/county/")
    problems = fit_problems(page, "county-users")
    page.screenshot(path=str(shots / f"county-users-{size}.png"), full_page=True)
    page.context.clear_cookies()

    Membership.objects.filter(user=world.users["reporter"]).delete()
    _log_in(page, "reporter")
    page.wait_for_url(page.base + "/")
    assert "没有任何角色" in page.inner_text("main")
    problems += fit_problems(page, "no-role")
    page.screenshot(path=str(shots / f"no-role-{size}.png"), full_page=True)
    assert problems == []
