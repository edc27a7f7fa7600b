"""Whether the county has accepted a township's quarter (acceptance.py): asked by
whatever changes the quarter (a report's reopening, the assessment's correction)
under its own lock. Apart from acceptance.py, which reads the services, so that
the services can ask it without an import cycle."""

from __future__ import annotations

from kaoping.web.core.models import Unit

from .models import TownshipAcceptance
from .refusals import Refused


def is_locked(township: Unit | None, period: str) -> bool:
    if township is None:
        return False
    return TownshipAcceptance.objects.filter(
        township=township, period=period, status=TownshipAcceptance.Status.ACCEPTED
    ).exists()


def locked_message(township: Unit, period: str) -> str:
    return (
        f"{township.name}{period}的考评已经县级验收锁定，不能再解锁或更正；如需修改，请先由县里退回"
    )


def guard_quarter(township: Unit | None, period: str) -> None:
    """Refuse a change of a township's quarter the county has accepted. Called under
    the lock of what is changed (the report, the assessment), inside its transaction."""
    if township is not None and is_locked(township, period):
        raise Refused(locked_message(township, period))
