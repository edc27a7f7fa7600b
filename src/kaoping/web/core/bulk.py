"""Approve or return a page of reports at once (批量审核、批量退回).

Each report goes through the very step a single report's page uses
(:func:`~kaoping.web.core.services.approve`,
:func:`~kaoping.web.core.services.return_for_correction`), in a transaction of
its own: one report refused (approved meanwhile by someone else, entered by
this approver, changed since the page was shown) never holds back the others,
and every decision is taken under that report's lock with its audit row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import services
from .models import Report


@dataclass
class Outcome:
    """Which reports the step went through for, and which it refused and why."""

    done: list[Report] = field(default_factory=list)
    refused: list[tuple[Report, str]] = field(default_factory=list)


def approve_each(reports: Sequence[Report], user: Any, versions: Mapping[int, int]) -> Outcome:
    """Approve each report at the version the approver was shown (``versions``)."""
    out = Outcome()
    for report in sorted(reports, key=lambda r: r.pk):
        try:
            services.approve(report, user, version=versions[report.pk])
        except services.Refused as refused:
            out.refused.append((report, refused.message))
        else:
            out.done.append(report)
    return out


def return_each(reports: Sequence[Report], user: Any, reason: str) -> Outcome:
    """Return each report for correction with the one written ``reason``."""
    out = Outcome()
    for report in sorted(reports, key=lambda r: r.pk):
        try:
            services.return_for_correction(report, user, reason)
        except services.Refused as refused:
            out.refused.append((report, refused.message))
        else:
            out.done.append(report)
    return out
