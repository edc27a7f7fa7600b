"""Who is logging in, from where, and how often they may try.

- User names are compared in one form: NFKC (full-width letters become ASCII),
  trimmed, case-folded. The same form is stored when a user is created, used by
  the login (``NormalisedNameBackend``) and keyed by the failure limit, so that
  `` Reporter`` and ``ｒｅｐｏｒｔｅｒ`` are one account and one counter.
- The client address is ``REMOTE_ADDR`` unless a trusted proxy header is
  configured (``KAOPING_TRUSTED_PROXY_HEADER``, ``KAOPING_TRUSTED_PROXY_COUNT``).
- An attempt takes a slot *before* its password is checked, by one conditional
  UPDATE; when no slot is left the password is not checked at all. Parallel
  attempts therefore cannot exceed the limit, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from .models import LoginThrottle

USERNAME_MAX = 150


def normalise_username(name: object) -> str:
    return unicodedata.normalize("NFKC", str(name or "")).strip().casefold()[:USERNAME_MAX]


class NormalisedNameBackend(ModelBackend):
    """Django's model backend, looking the user up by the normalised name."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            from django.contrib.auth import get_user_model

            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        return super().authenticate(
            request, username=normalise_username(username), password=password, **kwargs
        )


def client_address(request: Any) -> str:
    """The address the limit is kept for.

    Behind a reverse proxy every request comes from the proxy; the proxy's header
    names the client. Only the configured header is read, and in a list such as
    X-Forwarded-For only the entry the last trusted proxy appended (counting
    ``KAOPING_TRUSTED_PROXY_COUNT`` from the right): entries further left were
    written by the client and prove nothing."""
    meta = getattr(request, "META", {})
    remote = str(meta.get("REMOTE_ADDR", ""))
    header = settings.KAOPING_TRUSTED_PROXY_HEADER
    if header and header != "REMOTE_ADDR":
        key = "HTTP_" + header.upper().replace("-", "_")
        hops = [h.strip() for h in str(meta.get(key, "")).split(",") if h.strip()]
        count = max(1, settings.KAOPING_TRUSTED_PROXY_COUNT)
        if len(hops) >= count:
            candidate = hops[-count]
            try:
                return str(ipaddress.ip_address(candidate))[:64]
            except ValueError:
                pass
    return remote[:64]


def take_attempt(username: str, address: str) -> bool:
    """Reserve one login attempt for the pair; False when none is left in the window."""
    now = timezone.now()
    since = now - timedelta(seconds=settings.KAOPING_LOGIN_WINDOW_SECONDS)
    limit = settings.KAOPING_LOGIN_MAX_FAILURES
    rows = LoginThrottle.objects.filter(username=username, address=address)
    for _try in range(3):
        # A window that has passed starts again with this attempt.
        if rows.filter(window_start__lt=since).update(attempts=1, window_start=now):
            return True
        if rows.filter(attempts__lt=limit).update(attempts=F("attempts") + 1):
            return True
        if rows.exists():
            return False
        try:
            with transaction.atomic():
                LoginThrottle.objects.create(
                    username=username, address=address, attempts=1, window_start=now
                )
            return True
        except IntegrityError:
            continue  # another attempt created the row first: count against it
    return False


def forget_attempts(username: str, address: str) -> None:
    """A successful login clears the pair's count."""
    LoginThrottle.objects.filter(username=username, address=address).delete()
