"""Notifications: e-mail, 企业微信 and 钉钉 group robots, SMS (docs/notifications.md).

Each channel is one small transport (transports.py); an event writes its
deliveries in the transaction that records it and hands them to the jobs queue
when that transaction commits (services.py). :func:`send_due_notices` is the
daily pass over what is due or overdue, safe to run as often as one likes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .services import send_due_notices

__all__ = ["send_due_notices"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import services

        return getattr(services, name)
    raise AttributeError(name)
