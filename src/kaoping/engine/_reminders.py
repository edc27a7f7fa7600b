"""Reminders (提醒单): generated from what is outstanding, tracked to resolution.

The shells gather what is outstanding for a period (late reports, failed checks,
open differences between sources, missed targets, allocations behind schedule)
into the small input records below; :func:`generate_reminders` turns them into
one reminder per item, addressed to the roles that answer for it, with its text
in Chinese. A reminder moves ``issued -> acknowledged -> resolved`` and no other
way (:func:`transition`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from ._escalation import is_overdue
from ._format import format_date_zh, format_fixed, format_gap_zh, format_scaled_fixed
from ._indicators import exact
from ._people import role_label
from ._periods import Period

if TYPE_CHECKING:  # only a type here: importing _targets loads Polars
    from ._targets import TargetResult

__all__ = [
    "DEFAULT_SIGNATURE",
    "ROUTING",
    "BehindSchedule",
    "FailedCheck",
    "LateReport",
    "MissedTarget",
    "OpenDifference",
    "Outstanding",
    "Reminder",
    "ReminderError",
    "ReminderStatus",
    "generate_reminders",
    "missed_targets",
    "open_by_unit",
    "transition",
]

DEFAULT_SIGNATURE = "镇人口与家庭服务工作领导小组"

# Who answers for what: reporting and data are the service worker's desk, with
# the director answering for lateness; targets and progress are the unit's
# leadership and the township cadres who are responsible for it.
ROUTING: Mapping[str, tuple[str, ...]] = {
    "late_report": ("service_worker", "director"),
    "failed_check": ("service_worker",),
    "open_difference": ("service_worker",),
    "missed_target": ("secretary", "director", "service_worker"),
    "behind_schedule": ("director", "service_worker", "resident_cadre", "liaison_cadre"),
}
_KIND_ORDER = tuple(ROUTING)
_KIND_ZH = {
    "late_report": "报表逾期未报",
    "failed_check": "数据未通过校验",
    "open_difference": "数据来源不一致",
    "missed_target": "目标未达到",
    "behind_schedule": "任务进度落后",
}


def _num(value: Fraction | Decimal | int) -> str:
    f = exact(value)
    return str(f.numerator) if f.denominator == 1 else format_fixed(f, 2)


# --- what is outstanding -------------------------------------------------------------------


@dataclass(frozen=True)
class LateReport:
    """A data set the unit had not submitted by its deadline."""

    unit: str
    dataset: str  # its name, e.g. 季度服务日统计表
    deadline: date

    kind = "late_report"


@dataclass(frozen=True)
class FailedCheck:
    """A check the unit's figures fail (the rubric's or a data set's)."""

    unit: str
    message: str  # the check's own message, e.g. 服务日实到人数不能大于应到人数
    values: Mapping[str, Fraction | Decimal | int] = field(default_factory=dict)

    kind = "failed_check"


@dataclass(frozen=True)
class OpenDifference:
    """The same figure from several sources that do not agree, not yet resolved."""

    unit: str
    element: str  # its label, e.g. 出生数
    values: Mapping[str, Fraction | Decimal | int]  # source label -> value

    kind = "open_difference"


@dataclass(frozen=True)
class MissedTarget:
    """A target clause the unit falls short of."""

    unit: str
    target: str  # the target's title
    value: str  # the unit's figure as shown, e.g. 76.00%
    requirement: str  # e.g. 所有单位达80%以上
    gap: str  # e.g. 4.00个百分点

    kind = "missed_target"


@dataclass(frozen=True)
class BehindSchedule:
    """An allocation the unit is behind on, against a linear schedule."""

    unit: str
    task: str  # e.g. 两癌筛查预约
    done: int
    allocated: int
    expected: Fraction

    kind = "behind_schedule"


Outstanding = LateReport | FailedCheck | OpenDifference | MissedTarget | BehindSchedule


# --- reminders -----------------------------------------------------------------------------


class ReminderStatus(StrEnum):
    ISSUED = "issued"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"

    @property
    def label_zh(self) -> str:
        return {"issued": "已下发", "acknowledged": "已签收", "resolved": "已办结"}[self.value]


_NEXT = {
    ReminderStatus.ISSUED: ReminderStatus.ACKNOWLEDGED,
    ReminderStatus.ACKNOWLEDGED: ReminderStatus.RESOLVED,
}


class ReminderError(ValueError):
    """A transition the status model does not allow."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


@dataclass(frozen=True)
class Reminder:
    id: str  # <period>-<unit>-<nn>, stable for the same outstanding items
    period: Period
    unit: str
    unit_name: str | None
    kind: str  # one of ROUTING's keys
    to: tuple[str, ...]  # role codes
    subject_zh: str
    text_zh: str
    signed_by: str
    issued_on: date
    status: ReminderStatus = ReminderStatus.ISSUED
    acknowledged_on: date | None = None
    resolved_on: date | None = None
    notes: tuple[str, ...] = ()
    due: date | None = None  # to be resolved by; None: no deadline given

    def overdue_on(self, today: date) -> bool:
        return is_overdue(self.due, self.is_open, today)

    @property
    def to_zh(self) -> str:
        return "、".join(role_label(r) for r in self.to)

    @property
    def is_open(self) -> bool:
        return self.status is not ReminderStatus.RESOLVED


def _text_zh(item: Outstanding, who: str, period: Period, issued_on: date) -> str:
    p = period.label_zh()
    if isinstance(item, LateReport):
        return (
            f"{who}：{p}《{item.dataset}》应于{format_date_zh(item.deadline)}前报送，"
            f"截至{format_date_zh(issued_on)}仍未报送，请尽快报送。"
        )
    if isinstance(item, FailedCheck):
        shown = "，".join(f"{k}{_num(v)}" for k, v in item.values.items())
        return (
            f"{who}：{p}报送的数据未通过校验：{item.message}"
            f"{f'（{shown}）' if shown else ''}，请核实更正后重新报送。"
        )
    if isinstance(item, OpenDifference):
        shown = "，".join(f"{k}{_num(v)}" for k, v in item.values.items())
        return f"{who}：{p}{item.element}各来源数据不一致（{shown}），请核实并说明情况。"
    if isinstance(item, MissedTarget):
        return (
            f"{who}：{p}{item.target}为{item.value}，未达到“{item.requirement}”的要求"
            f"（差{item.gap}），请分析原因，落实整改措施。"
        )
    behind = item.expected - item.done
    return (
        f"{who}：{item.task}任务{item.allocated}个，已完成{item.done}个，"
        f"按进度应完成{format_fixed(item.expected, 1)}个，落后{format_fixed(behind, 1)}个，"
        "请加快进度。"
    )


def generate_reminders(
    period: Period | str,
    items: Iterable[Outstanding],
    issued_on: date,
    names: Mapping[str, str] | None = None,
    routing: Mapping[str, Sequence[str]] = ROUTING,
    signed_by: str = DEFAULT_SIGNATURE,
    due_days: int | None = None,
) -> list[Reminder]:
    """One reminder per outstanding item, ordered by unit code, then kind (in the
    order of ``ROUTING``), then the order given. Ids number each unit's reminders
    from 01 in that order. With ``due_days`` each is due that many calendar days
    after ``issued_on``."""
    p = Period.parse(period) if isinstance(period, str) else period
    names = names or {}
    indexed = list(enumerate(items))
    indexed.sort(key=lambda pair: (pair[1].unit, _KIND_ORDER.index(pair[1].kind), pair[0]))
    out: list[Reminder] = []
    seq: dict[str, int] = {}
    for _, item in indexed:
        seq[item.unit] = seq.get(item.unit, 0) + 1
        name = names.get(item.unit)
        out.append(
            Reminder(
                id=f"{p}-{item.unit}-{seq[item.unit]:02d}",
                period=p,
                unit=item.unit,
                unit_name=name,
                kind=item.kind,
                to=tuple(routing[item.kind]),
                subject_zh=f"关于{_KIND_ZH[item.kind]}的提醒",
                text_zh=_text_zh(item, name or item.unit, p, issued_on),
                signed_by=signed_by,
                issued_on=issued_on,
                due=None if due_days is None else issued_on + timedelta(days=due_days),
            )
        )
    return out


def transition(
    reminder: Reminder, to: ReminderStatus | str, on: date, note: str | None = None
) -> Reminder:
    """The reminder moved one step on: issued -> acknowledged -> resolved, dated
    ``on`` (not before the previous step). Anything else raises ReminderError."""
    target = ReminderStatus(to)
    current = reminder.status
    if _NEXT.get(current) is not target:
        allowed = _NEXT.get(current)
        hint = f"; next is {allowed.value}" if allowed else "; it is already resolved"
        hint_zh = f"，下一步应为“{allowed.label_zh}”" if allowed else "，该提醒单已办结"
        raise ReminderError(
            f"reminder {reminder.id} cannot go from {current.value} to {target.value}{hint}",
            f"提醒单{reminder.id}不能从“{current.label_zh}”变为“{target.label_zh}”{hint_zh}",
        )
    last = reminder.acknowledged_on or reminder.issued_on
    if on < last:
        raise ReminderError(
            f"reminder {reminder.id}: {target.value} on {on} is before {last}",
            f"提醒单{reminder.id}：{target.label_zh}日期{format_date_zh(on)}早于{format_date_zh(last)}",
        )
    notes = (*reminder.notes, note) if note else reminder.notes
    if target is ReminderStatus.ACKNOWLEDGED:
        return replace(reminder, status=target, acknowledged_on=on, notes=notes)
    return replace(reminder, status=target, resolved_on=on, notes=notes)


def open_by_unit(reminders: Iterable[Reminder]) -> dict[str, list[Reminder]]:
    """The reminders not yet resolved, per unit code (units in code order, each
    unit's reminders in id order)."""
    out: dict[str, list[Reminder]] = {}
    for r in sorted(reminders, key=lambda r: (r.unit, r.id)):
        if r.is_open:
            out.setdefault(r.unit, []).append(r)
    return out


def missed_targets(result: TargetResult) -> list[MissedTarget]:
    """The units short of each required clause that is not met; one item per
    unit and clause. A clause that is met (a share of units reached the value)
    reminds nobody, even though some units are below the value."""
    scale = result.target.scale
    out: list[MissedTarget] = []
    for clause in result.clauses:
        if not clause.required or clause.met is not False:
            continue
        requirement = clause.text_zh.split("：", 1)[0]
        for s in clause.short:
            out.append(
                MissedTarget(
                    s.unit,
                    result.target.title,
                    format_scaled_fixed(s.value, scale),
                    requirement,
                    format_gap_zh(s.gap_points, scale),
                )
            )
    return out
