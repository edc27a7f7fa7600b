"""Long work off the request: jobs with progress, all-or-nothing, retried.

The public API (docs/web.md, "Jobs"): :func:`enqueue`, :func:`cancel`,
:func:`job_kind`, :class:`Outcome`, :class:`JobRefused`, :class:`JobContext`.
Names are looked up lazily so that importing this package needs no set-up Django.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .queue import JobContext, JobRefused, Outcome, cancel, enqueue, job_kind

__all__ = ["JobContext", "JobRefused", "Outcome", "cancel", "enqueue", "job_kind"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import queue

        return getattr(queue, name)
    raise AttributeError(name)
