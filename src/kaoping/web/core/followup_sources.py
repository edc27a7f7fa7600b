"""Follow-ups other apps keep, listed with the assessment's on the township's
follow-up list (整改落实).

The dispatch's 限期赶上 (``dispatch.CatchUp``) is one: addressed to a lagging work
area, due a few days after the dispatch meeting, closed on the dispatch board
(已赶上). The list shows it with its due date and marks it overdue by the one rule
(``kaoping.engine.is_overdue``), and the follow-ups' escalation
(assessment.escalations) takes it up the same ladder (a :class:`Ladder`), the
daily pass of notices (notify.services.send_due_notices) tells who answers for it
when it is due soon or overdue (a :class:`DueNotice` source) and the year view
counts it in its quarter. The app that keeps such items registers them in its
``AppConfig.ready``, so the assessment and the notices ask without importing it
(as ``area_leaders`` does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class OtherFollowUp:
    key: str  # unique on the page, e.g. "catch-up-12"
    period: str  # the quarter of the day it was given, 2026Q1
    area: str  # the work area's code (the list's 片区 filter)
    unit: str  # the name of who it is addressed to
    who: str  # who answers for it (the work group's 组长), or ""
    kind: str
    origin: str  # where it was given (the campaign and the meeting's day)
    due: date
    closed: bool
    state: str  # the state's words
    note: str
    url: str  # where it is closed
    overdue: bool
    escalations: tuple[Any, ...] = ()  # assessment.Escalation rows, lowest level first


# (township unit, today) -> that township's items
Source = Callable[[Any, date], list[OtherFollowUp]]

_SOURCES: list[Source] = []


def register(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


@dataclass(frozen=True)
class Ladder:
    """An app's items that climb the follow-ups' ladder while overdue: each has a
    ``due`` date and a ``level``; ``link`` is assessment.Escalation's field naming
    the item; ``place`` says, for one item, its township and the unit and area
    codes whose holders the steps go to."""

    link: str
    items: Callable[[], Any]  # a QuerySet of every item
    state_field: str
    open_states: tuple[str, ...]
    place: Callable[[Any], tuple[Any, str, str | None]]


_LADDERS: list[Ladder] = []


def register_ladder(ladder: Ladder) -> None:
    if all(x.link != ladder.link for x in _LADDERS):
        _LADDERS.append(ladder)


def ladders() -> list[Ladder]:
    return list(_LADDERS)


def for_township(township: Any, today: date) -> list[OtherFollowUp]:
    out: list[OtherFollowUp] = []
    for source in _SOURCES:
        out.extend(source(township, today))
    return sorted(out, key=lambda o: (o.due, o.area, o.key))


@dataclass(frozen=True)
class DueNotice:
    """One open item due on one of the days the daily pass tells about."""

    key: str  # unique among every source's items, e.g. "catch-up-12"
    unit: Any  # the Unit it is addressed to, the notice logged on it (the work area)
    users: tuple[int, ...]  # the accounts told: who answers for it (the 组长's)
    kind: str  # in the language active when the source is called
    origin: str
    due: date
    path: str  # the page where it is handled
    # The family of notify's event kinds the item is told under (notify.models.
    # Delivery.Event: "<family>_issued", "_due", "_overdue"), so that a person can
    # turn this kind of item off without turning off the assessment's follow-ups.
    family: str = "rectification"
    reason: str = ""  # why it was given, told when it is issued


# (due dates) -> every township's open items due on one of those dates. Called
# inside the notices' Chinese; a fixed number of statements, however many items.
NoticeSource = Callable[[list[date]], list[DueNotice]]

_NOTICES: list[NoticeSource] = []


def register_notices(source: NoticeSource) -> None:
    if source not in _NOTICES:
        _NOTICES.append(source)


# A new item, told once it is given (notify.services.followup_issued listens):
# the app that keeps the items calls :func:`issued` inside the transaction that
# wrote the item, so a rolled-back write tells nobody.
_ISSUED: list[Callable[[DueNotice], None]] = []


def listen_issued(listener: Callable[[DueNotice], None]) -> None:
    if listener not in _ISSUED:
        _ISSUED.append(listener)


def issued(notice: DueNotice) -> None:
    for listener in _ISSUED:
        listener(notice)


def due_notices(days: list[date]) -> list[DueNotice]:
    out: list[DueNotice] = []
    for source in _NOTICES:
        out.extend(source(days))
    return sorted(out, key=lambda n: (n.due, n.key))
