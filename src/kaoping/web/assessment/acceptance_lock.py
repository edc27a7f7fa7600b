"""Whether the county has accepted a township's quarter or month (acceptance.py):
asked by whatever changes it (a report's reopening, the assessment's correction)
under its own lock. Apart from acceptance.py, which reads the services, so that
the services can ask it without an import cycle."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kaoping.engine import Period, PeriodError
from kaoping.web.core.labels import period_label
from kaoping.web.core.models import Unit

from .models import TownshipAcceptance
from .refusals import Refused


def is_locked(township: Unit | None, period: str) -> bool:
    if township is None:
        return False
    return TownshipAcceptance.objects.filter(
        township=township, period=period, status=TownshipAcceptance.Status.ACCEPTED
    ).exists()


def covering(period: str) -> list[str]:
    """The assessed periods a report of ``period`` counts in: a quarter's report its
    quarter; a month's its month (assessed monthly) and its quarter (whose figures
    are formed from its months, services.report_periods)."""
    try:
        p = Period.parse(period)
    except PeriodError:
        return [period]
    if p.is_month:
        return [str(p), str(p.enclosing("Q"))]
    return [str(p)]


def accepted_covering(township: Unit | None, period: str) -> str | None:
    """The accepted period (a month before its quarter) that locks a report of
    ``period`` of ``township``; None when none does."""
    if township is None:
        return None
    wanted = covering(period)
    found = set(
        TownshipAcceptance.objects.filter(
            township=township, period__in=wanted, status=TownshipAcceptance.Status.ACCEPTED
        ).values_list("period", flat=True)
    )
    return next((p for p in wanted if p in found), None)


def shown(period: str) -> str:
    """A period in the words people use (2026年3月, 2026年第一季度); a text that is
    not a period as it came, cut short."""
    try:
        return period_label(period)
    except PeriodError:
        return period[:20]


def locked_message(township: Unit, period: str) -> str:
    return _(
        "%(township)s%(period)s的考评已经县级验收锁定，不能再解锁或更正；如需修改，请先由县里退回"
    ) % {"township": township.name, "period": shown(period)}


def guard_quarter(township: Unit | None, period: str) -> None:
    """Refuse a change of a township's quarter or month the county has accepted.
    Called under the lock of what is changed (the report, the assessment), inside
    its transaction."""
    if township is not None and is_locked(township, period):
        raise Refused(locked_message(township, period))
