"""When a follow-up or a reminder is overdue, and to whom it goes up while it stays so.

One rule for both (issue 11): an item is overdue when its due date has passed and
it is still open. An overdue item climbs a fixed ladder, one level at a time, as
the days overdue reach each level's threshold: the village itself, its 包村干部,
the 片长 of its work area, then the township's leader. A level nobody holds on
the day is skipped, and the step says so, so that an item never waits on an
empty desk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from ._people import ROLES

__all__ = [
    "DEFAULT_ESCALATION_DAYS",
    "LADDER",
    "LADDER_LABELS_ZH",
    "EscalationError",
    "EscalationStep",
    "days_overdue",
    "escalation_level",
    "escalation_steps",
    "is_overdue",
    "parse_escalation_days",
]

#: The levels, lowest first. Level 0 is where every item starts; the roles are
#: the engine's fixed vocabulary (RUBRIC.md §5.1), ``leader`` the township's 领导.
LADDER: tuple[str, ...] = ("unit", "liaison_cadre", "area_chief", "leader")
LADDER_LABELS_ZH = {
    "unit": "村（居）",
    "liaison_cadre": ROLES["liaison_cadre"],
    "area_chief": ROLES["area_chief"],
    "leader": "镇领导",
}

#: Days overdue at which an item reaches levels 1, 2 and 3.
DEFAULT_ESCALATION_DAYS = (7, 14, 21)


class EscalationError(ValueError):
    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


def is_overdue(due: date | None, is_open: bool, today: date) -> bool:
    """The one overdue rule: a due date, passed before ``today``, on an open item.
    (The web app's database filter, ``kaoping.web.core.overdue``, says the same.)"""
    return due is not None and is_open and due < today


def days_overdue(due: date, today: date) -> int:
    return max(0, (today - due).days)


def parse_escalation_days(values: Sequence[str | int]) -> tuple[int, ...]:
    """The schedule: one whole number of days overdue per level above the village,
    each larger than the one before. Raises EscalationError naming the value."""
    want = len(LADDER) - 1
    if len(values) != want:
        raise EscalationError(
            f"the escalation schedule needs {want} numbers of days, got {len(values)}",
            f"升级期限应为{want}个天数（逗号分隔），实为{len(values)}个",
        )
    out: list[int] = []
    for raw in values:
        text = str(raw).strip()
        if not text.isdigit() or int(text) < 1 or int(text) > 3650:
            raise EscalationError(
                f"escalation days {text!r} is not a whole number from 1 to 3650",
                f"升级期限“{text}”不是1至3650之间的整数天数",
            )
        day = int(text)
        if out and day <= out[-1]:
            raise EscalationError(
                f"escalation days must increase: {day} follows {out[-1]}",
                f"升级期限应逐级增大：{day}天排在{out[-1]}天之后",
            )
        out.append(day)
    return tuple(out)


def escalation_level(due: date, today: date, schedule: Sequence[int]) -> int:
    """The level an open item should have reached by ``today``: how many of the
    schedule's thresholds its days overdue have reached (0 when not overdue)."""
    if due >= today:
        return 0
    late = days_overdue(due, today)
    return sum(1 for days in schedule if late >= days)


@dataclass(frozen=True)
class EscalationStep:
    level: int  # 1..len(LADDER)-1
    role: str  # LADDER[level]
    names: tuple[str, ...]  # who holds it on the day; empty only at the top level
    skipped: tuple[str, ...]  # lower levels passed over because nobody held them
    days_overdue: int
    reason_zh: str
    threshold: int = 0  # the days overdue that took this step (the schedule's entry)


def _reason_zh(
    due: date, late: int, threshold: int, role: str, names: Sequence[str], skipped: Sequence[str]
) -> str:
    # Whole sentences, one per fact: the web app says the same from the step's
    # stored facts in its reader's language (kaoping.web.assessment.models.Escalation).
    text = f"期限{due.isoformat()}，已逾期{late}天，满{threshold}天升级至{LADDER_LABELS_ZH[role]}。"
    for s in skipped:
        text += f"{LADDER_LABELS_ZH[s]}空缺，顺延。"
    if not names:
        text += f"{LADDER_LABELS_ZH[role]}无人在任，待明确责任人。"
    return text


def escalation_steps(
    level: int,
    due: date,
    today: date,
    schedule: Sequence[int],
    holders: Callable[[str], Sequence[str]],
) -> list[EscalationStep]:
    """The steps that take an open item from ``level`` to where the schedule puts
    it on ``today``, one level each; ``holders(role)`` names who holds a level's
    role on ``today``. A vacant level is skipped (the next level takes the step,
    which lists it); the top level takes it even when vacant, saying so."""
    target = escalation_level(due, today, schedule)
    late = days_overdue(due, today)
    steps: list[EscalationStep] = []
    top = len(LADDER) - 1
    while level < target:
        threshold = schedule[level]
        skipped: list[str] = []
        nxt = level + 1
        names = tuple(holders(LADDER[nxt]))
        while not names and nxt < top:
            skipped.append(LADDER[nxt])
            nxt += 1
            names = tuple(holders(LADDER[nxt]))
        role = LADDER[nxt]
        steps.append(
            EscalationStep(
                nxt,
                role,
                names,
                tuple(skipped),
                late,
                _reason_zh(due, late, threshold, role, names, skipped),
                threshold,
            )
        )
        level = nxt
    return steps
