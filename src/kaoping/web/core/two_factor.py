"""Two-factor login (TOTP and recovery codes, through django-otp) and the gate
every page of a logged-in person passes.

- The password is the first step (the app's login or the Django admin's, with
  the attempt limit of :mod:`.accounts`). A person with a confirmed
  authenticator is then logged in but *not verified* (django-otp's
  ``is_verified``); the gate lets them reach nothing but the second step and
  the logout until a code from the authenticator, or one recovery code, is
  given. django-otp slows repeated wrong codes per device (a wait that doubles
  with each failure).
- ``KAOPING_2FA_REQUIRED`` makes it compulsory for township staff, leaders,
  the county's and the province's accounts and superusers (every role but the
  village reporter's): until they have enrolled, the gate sends them to the
  enrolment page. A village reporter may enrol; nobody makes them.
- A temporary password an admin set must be changed before anything else.
- The gate covers the Django admin (``/admin/``) like every other page. The
  API is not behind it: a token is issued only on a page behind the gate and
  is its own credential (see ``docs/web.md``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import device_classes
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import AccountState, Membership, RoleChange, Unit
from .permissions import memberships

RECOVERY_CODES = 10

# Paths no step holds back: the login itself, files the browser fetches for any
# page, switching the language, and the token-authenticated API.
_OPEN_PREFIXES = (
    "/login/",
    "/admin/login/",
    "/i18n/",
    "/api/v1/",
    "/sw.js",
    "/manifest.webmanifest",
)


def required_for(user: Any) -> bool:
    """Whether the setting makes two-factor login compulsory for ``user``."""
    if not settings.KAOPING_2FA_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    # The roles the permission gate and the menu read too: one query per request.
    return any(m.role != Membership.Role.REPORTER for m in memberships(user))


@functools.cache
def _device_models() -> tuple[type[Device], ...]:
    # django-otp's own list of device models, so that a plugin installed later counts
    # too; its walk over every model of every app is done once, as the app registry
    # does not change once Django has started.
    return tuple(device_classes())


def has_authenticator(user: Any) -> bool:
    """Whether the user has a confirmed device of any installed kind (what django-otp's
    ``user_has_device(user, confirmed=True)`` answers)."""
    return bool(user.is_authenticated and _account(user, verified=False)[0])


def must_change_password(user: Any) -> bool:
    return AccountState.objects.filter(user=user, must_change_password=True).exists()


def _exists(model: Any, flag: str) -> str:
    """``EXISTS`` a row of ``model`` for the user (the first %s) with ``flag`` true (the
    second): a device's ``devices_for_user(user, confirmed=True)``, the temporary
    password's filter."""
    q = connection.ops.quote_name
    meta = model._meta
    user, flag_column = meta.get_field("user").column, meta.get_field(flag).column
    return (
        f"EXISTS (SELECT 1 FROM {q(meta.db_table)} WHERE {q(user)} = %s AND {q(flag_column)} = %s)"
    )


@functools.cache
def _account_sql(vendor: str, verified: bool) -> tuple[str, int]:
    # Written once per database and kind: the ORM took longer to build these EXISTS
    # than the database to answer them, on every page (bench/bench_signed_in_page.py).
    del vendor  # the cache's key: each database quotes its own names
    parts = [_exists(AccountState, "must_change_password")]
    if not verified:
        parts += [_exists(model, "confirmed") for model in _device_models()]
    return "SELECT " + ", ".join(parts), len(parts)


def _account(user: Any, verified: bool) -> tuple[bool, bool]:
    """Whether the user has an authenticator and must change a temporary password,
    in one statement: the gate asks both on every page.

    A verified user has one (django-otp's middleware verified them by a confirmed
    device of theirs, read this request), so only the password is asked then."""
    sql, n = _account_sql(connection.vendor, verified)
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, True] * n)
        row = cursor.fetchone()
    return verified or any(row[1:]), bool(row[0])


def pending_step(request: HttpRequest) -> str | None:
    """The URL name of the step the person must take before any other page."""
    user = request.user
    if not user.is_authenticated:
        return None
    verified = bool(user.is_verified())  # type: ignore[attr-defined]
    enrolled, temporary = _account(user, verified)
    if enrolled and not verified:
        return "two_factor_verify"
    if temporary:
        return "password_change"
    if required_for(user) and not enrolled:
        return "two_factor_setup"
    return None


# The pages each step allows besides itself.
_ALSO_ALLOWED = {
    "two_factor_verify": ("logout",),
    "password_change": ("password_change_done", "logout"),
    "two_factor_setup": ("logout", "password_change", "password_change_done"),
}


class AccountGate:
    """Sends a logged-in person to the step they still owe (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(_OPEN_PREFIXES) or path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        step = pending_step(request)
        if step is not None:
            allowed = {reverse(name) for name in (step, *_ALSO_ALLOWED[step])}
            if path not in allowed:
                target = reverse(step)
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
        return self.get_response(request)


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes; the new ones are returned to be shown once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="recovery", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (one per person, kept across visits
    so that the QR code scanned a minute ago still matches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_authenticator(user: Any, device: TOTPDevice) -> list[str]:
    """The code matched: the device becomes the person's authenticator, any older
    one is dropped, and fresh recovery codes are made."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user)


def remove_devices(user: Any) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def reset_by_admin(actor: Any, user: Any, unit: Unit) -> None:
    """An admin clears a person's authenticator and recovery codes (a lost phone);
    the person enrols again at their next login. Audited in the same transaction."""
    with transaction.atomic():
        remove_devices(user)
        roles.record(RoleChange.Action.RESET_2FA, actor, user, "", unit)
