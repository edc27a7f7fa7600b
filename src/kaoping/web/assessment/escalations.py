"""Overdue follow-ups (整改落实), reminders (提醒单) and the dispatch's 限期赶上
(registered as a core.followup_sources.Ladder) go up the ladder
(``kaoping.engine.LADDER``: 村 → 包村干部 → 片长 → 镇领导) on the schedule of
``KAOPING_ESCALATION_DAYS``.

:func:`escalate_overdue` is what a scheduler (or ``kaoping escalate``) calls. It
is idempotent, and two runs at once escalate each item once: every step is a
conditional UPDATE of the item's level (``… WHERE level = <the level read>`` and
still open and overdue), and the step's record is written in the same
transaction; a run that finds the level already moved stops there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from kaoping.engine import (
    LADDER,
    EscalationError,
    People,
    escalation_steps,
    parse_escalation_days,
)
from kaoping.engine import Person as EnginePerson
from kaoping.web.core import followup_sources
from kaoping.web.core.models import Membership, Person, Unit
from kaoping.web.core.overdue import overdue_q
from kaoping.web.planning.models import Reminder

from .models import Escalation, Rectification

TOP = len(LADDER) - 1


def schedule() -> tuple[int, ...]:
    """The days overdue at which an item reaches each level above the village."""
    try:
        return parse_escalation_days(list(settings.KAOPING_ESCALATION_DAYS))
    except EscalationError as e:
        raise ImproperlyConfigured(f"KAOPING_ESCALATION_DAYS: {e.message_zh}") from e


def _local_day(now: datetime | date | None) -> date:
    if now is None:
        return timezone.localdate()
    if isinstance(now, datetime):
        return timezone.localdate(now) if timezone.is_aware(now) else now.date()
    return now


class _Township:
    """Who holds what in one township, read once per run."""

    def __init__(self, township: Unit) -> None:
        self.people = People(
            EnginePerson(p.unit.code, p.role, p.name, p.start, p.end)
            for p in Person.objects.filter(unit__township=township).select_related("unit")
        )
        self.leaders = sorted(
            {
                m.user.get_full_name() or m.user.get_username()
                for m in Membership.objects.filter(
                    unit=township, role=Membership.Role.LEADER, user__is_active=True
                ).select_related("user")
            }
        )

    def holders(self, unit: str, area: str | None, today: date) -> Callable[[str], Sequence[str]]:
        def holders(role: str) -> Sequence[str]:
            if role == "leader":
                return self.leaders
            return self.people.holders_on(unit, area, role, today)

        return holders


def _written(kind: str) -> None:
    """Called after a step's conditional UPDATE, before its transaction ends
    (a test holds a thread here to force two runs to interleave)."""


def _climb(
    model: type[models.Model],
    item: Any,
    state_field: str,
    open_states: Sequence[str],
    today: date,
    days: Sequence[int],
    holders: Callable[[str], Sequence[str]],
    link: str,
) -> list[Escalation]:
    made: list[Escalation] = []
    level = item.level
    for step in escalation_steps(level, item.due, today, days, holders):
        try:
            with transaction.atomic():
                moved = (
                    model._default_manager.filter(pk=item.pk, level=level)
                    .filter(overdue_q(today, open_states, state_field))
                    .update(level=step.level)
                )
                if not moved:
                    # Another run took this step first, or the item was closed meanwhile.
                    return made
                _written(link)
                made.append(
                    Escalation.objects.create(
                        **{link: item},
                        level=step.level,
                        role=step.role,
                        names="、".join(step.names),
                        skipped=",".join(step.skipped),
                        on=today,
                        days_overdue=step.days_overdue,
                        due=item.due,
                        threshold=step.threshold,
                        reason=step.reason_zh,
                    )
                )
        except IntegrityError:
            return made
        level = step.level
    return made


def escalate_overdue(now: datetime | date | None = None) -> list[Escalation]:
    """Escalate every overdue follow-up and reminder, of every township, as far as
    the schedule puts it on ``now``'s day (today by default); the steps taken,
    each recorded. Running it again on the same day takes none."""
    today = _local_day(now)
    days = schedule()
    # Nothing reaches level 1 before the first threshold: the rest is not read.
    latest_due = today - timedelta(days=days[0])
    towns: dict[int, _Township] = {}
    made: list[Escalation] = []

    def town(t: Unit) -> _Township:
        if t.pk not in towns:
            towns[t.pk] = _Township(t)
        return towns[t.pk]

    rectifications = (
        Rectification.objects.filter(overdue_q(today, Rectification.OPEN_STATES))
        .filter(due__lte=latest_due, level__lt=TOP)
        .select_related("unit", "unit__parent", "township")
        .order_by("id")
    )
    for r in rectifications:
        area = r.area or (r.unit.area.code if r.unit.area else None)
        holders = town(r.township).holders(r.unit.code, area, today)
        made += _climb(
            Rectification,
            r,
            "state",
            Rectification.OPEN_STATES,
            today,
            days,
            holders,
            "rectification",
        )
    reminders = (
        Reminder.objects.filter(overdue_q(today, Reminder.OPEN_STATES, "status"))
        .filter(due__lte=latest_due, level__lt=TOP)
        .select_related("unit", "unit__parent", "township")
        .order_by("id")
    )
    for m in reminders:
        area = m.unit.area.code if m.unit.area else None
        holders = town(m.township).holders(m.unit.code, area, today)
        made += _climb(
            Reminder, m, "status", Reminder.OPEN_STATES, today, days, holders, "reminder"
        )
    # Other apps' items on the same ladder (the dispatch's 限期赶上).
    for ladder in followup_sources.ladders():
        items = (
            ladder.items()
            .filter(overdue_q(today, ladder.open_states, ladder.state_field))
            .filter(due__lte=latest_due, level__lt=TOP)
            .order_by("id")
        )
        for item in items:
            township, unit, area = ladder.place(item)
            holders = town(township).holders(unit, area, today)
            made += _climb(
                items.model,
                item,
                ladder.state_field,
                ladder.open_states,
                today,
                days,
                holders,
                ladder.link,
            )
    return made


def scheduled_escalation(now: datetime) -> str:
    """The job worker's periodic entry (kaoping.web.jobs.schedule): one run, said in a line."""
    from django.utils.translation import gettext

    made = escalate_overdue(now)
    items = {(e.rectification_id, e.reminder_id, e.catch_up_id) for e in made}
    return gettext("升级%(steps)s步（%(items)s项逾期事项）") % {
        "steps": len(made),
        "items": len(items),
    }
