"""Quarterly service days (季度服务日定时定点): the rules on plans and records.

Pure rules: the web app and the CLI store and show; this module decides what is
late, what overlaps and what does not add up. Records hold counts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "NOTICE_DAYS",
    "SERVICE_DAY_ELEMENTS",
    "AbsenceReason",
    "AttendanceRecord",
    "NoticeWarning",
    "Overlap",
    "RecordProblem",
    "ServiceDayPlan",
    "attendance_from_figures",
    "attendance_rate",
    "attendance_rates",
    "check_record",
    "find_overlaps",
    "notice_warning",
]

# A notice slip must reach people at least this many days before the service day.
NOTICE_DAYS = 3

# The data elements a service day's record stands for in a data set, in targets and
# in the shipped rubric: invited, attended, informed declines.
SERVICE_DAY_ELEMENTS = ("sd_invited", "sd_attended", "sd_declined")


class AbsenceReason(StrEnum):
    """Why someone invited did not come. An informed decline is not among them: it is
    its own count (``AttendanceRecord.declined``), a person's "no", not an absence."""

    MOVED_AWAY = "moved_away"
    ILL = "ill"
    UNREACHABLE = "unreachable"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _REASON_ZH[self]

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


_REASON_ZH = {
    AbsenceReason.MOVED_AWAY: "迁居外地",
    AbsenceReason.ILL: "生病",
    AbsenceReason.UNREACHABLE: "联系不上",
    AbsenceReason.OTHER: "其他",
}


@dataclass(frozen=True)
class ServiceDayPlan:
    """One planned service day: a unit, a date, a time span, a place, the services
    offered and the staff going there. ``start`` is inclusive, ``end`` exclusive."""

    unit: str
    day: date
    start: time
    end: time
    place: str
    services: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    id: str = ""

    @property
    def label(self) -> str:
        return self.id or f"{self.unit} {self.day.isoformat()} {self.start:%H:%M}"


# --- notices -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeWarning:
    """A notice that reaches people fewer than NOTICE_DAYS days before the day.
    The web app asks for a reason before it lets the notice go out."""

    days_ahead: int  # may be 0 (the same day) or negative (after the day)
    message: str
    message_zh: str


def notice_warning(service_day: date, notice_reaches: date) -> NoticeWarning | None:
    """``None`` when the notice reaches people at least three days ahead (a notice
    on the 1st for a service day on the 4th is in time), else the warning."""
    days = (service_day - notice_reaches).days
    if days >= NOTICE_DAYS:
        return None
    if days < 0:
        return NoticeWarning(
            days,
            f"the notice reaches people {-days} day(s) after the service day ({service_day})",
            f"通知单在服务日（{service_day}）之后{-days}天才送达",
        )
    return NoticeWarning(
        days,
        f"the notice reaches people {days} day(s) before the service day ({service_day}), "
        f"fewer than {NOTICE_DAYS}; give a reason",
        f"通知单在服务日（{service_day}）前{days}天送达，不足{NOTICE_DAYS}天，请说明原因",
    )


# --- overlaps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Overlap:
    """Two plans at overlapping times for the same unit, or with the same person."""

    first: ServiceDayPlan
    second: ServiceDayPlan
    unit: bool  # True: the same unit
    staff: tuple[str, ...]  # people on both plans
    message: str
    message_zh: str


def _overlaps(a: ServiceDayPlan, b: ServiceDayPlan) -> bool:
    return a.day == b.day and a.start < b.end and b.start < a.end


def find_overlaps(plans: Iterable[ServiceDayPlan]) -> list[Overlap]:
    """Every pair of plans that overlap in time on the same day and share the unit
    or a member of staff, in the order of the plans."""
    ps = list(plans)
    out: list[Overlap] = []
    for i, a in enumerate(ps):
        for b in ps[i + 1 :]:
            if not _overlaps(a, b):
                continue
            same_unit = a.unit == b.unit
            shared = tuple(s for s in a.staff if s in b.staff)
            if not same_unit and not shared:
                continue
            when = f"{a.day} {a.start:%H:%M}-{a.end:%H:%M} / {b.start:%H:%M}-{b.end:%H:%M}"
            parts, parts_zh = [], []
            if same_unit:
                parts.append(f"unit {a.unit} has two service days at the same time")
                parts_zh.append(f"{a.unit}同一时间安排了两场服务日")
            if shared:
                parts.append(f"{', '.join(shared)} would be in two places at once")
                parts_zh.append(f"{'、'.join(shared)}同一时间被安排在两处")
            out.append(
                Overlap(
                    a,
                    b,
                    same_unit,
                    shared,
                    f"{a.label} and {b.label} overlap ({when}): {'; '.join(parts)}",
                    f"{a.label}与{b.label}时间重叠（{when}）：{'；'.join(parts_zh)}",
                )
            )
    return out


# --- records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRecord:
    """What a service day counted: invited, attended, absent by reason, and those who
    were told what was offered and chose not to take part (知情后自愿不参加).

    ``invited = attended + declined + absences``. Declines are never in a rate's
    denominator and never an absence to follow up: a person's "no" costs nobody."""

    unit: str
    invited: int
    attended: int
    absent: Mapping[AbsenceReason, int] = field(default_factory=dict)
    declined: int = 0

    @property
    def expected(self) -> int:
        """Those the office still meant to serve: invited less informed declines."""
        return self.invited - self.declined

    @property
    def absent_total(self) -> int:
        return sum(self.absent.values())


@dataclass(frozen=True)
class RecordProblem:
    field: str  # invited, attended, declined, absent.<reason> or absent
    message: str
    message_zh: str


def check_record(record: AttendanceRecord) -> list[RecordProblem]:
    """Every problem with a record; an empty list when it adds up."""
    out: list[RecordProblem] = []
    u = record.unit
    for name, label_zh, value in (
        ("invited", "应到人数", record.invited),
        ("attended", "实到人数", record.attended),
        ("declined", "知情后自愿不参加人数", record.declined),
    ):
        if value < 0:
            out.append(
                RecordProblem(
                    name, f"{u}: {name} = {value} is negative", f"{u}：{label_zh}{value}为负数"
                )
            )
    for reason, value in record.absent.items():
        r = AbsenceReason(reason)
        if value < 0:
            out.append(
                RecordProblem(
                    f"absent.{r.value}",
                    f"{u}: absent ({r.label}) = {value} is negative",
                    f"{u}：缺席（{r.label_zh}）人数{value}为负数",
                )
            )
    if out:
        return out
    if record.attended > record.invited:
        out.append(
            RecordProblem(
                "attended",
                f"{u}: attended ({record.attended}) is more than invited ({record.invited})",
                f"{u}：实到人数（{record.attended}）大于应到人数（{record.invited}）",
            )
        )
    elif record.attended + record.declined > record.invited:
        out.append(
            RecordProblem(
                "declined",
                f"{u}: attended ({record.attended}) + declined ({record.declined}) is more "
                f"than invited ({record.invited})",
                f"{u}：实到（{record.attended}）与知情后自愿不参加（{record.declined}）之和"
                f"大于应到人数（{record.invited}）",
            )
        )
    elif record.attended + record.declined + record.absent_total != record.invited:
        detail = " + ".join(f"{AbsenceReason(r).label} {n}" for r, n in record.absent.items())
        detail_zh = "+".join(f"{AbsenceReason(r).label_zh}{n}" for r, n in record.absent.items())
        declined = f" + declined {record.declined}" if record.declined else ""
        declined_zh = f"+知情后自愿不参加{record.declined}人" if record.declined else ""
        counted = record.attended + record.declined + record.absent_total
        out.append(
            RecordProblem(
                "absent",
                f"{u}: attended {record.attended}{declined} + absent {record.absent_total}"
                f"{f' ({detail})' if detail else ''} = {counted}, but invited is {record.invited}",
                f"{u}：实到{record.attended}人{declined_zh}+缺席{record.absent_total}人"
                f"{f'（{detail_zh}）' if detail_zh else ''}={counted}人，与应到{record.invited}人不符",
            )
        )
    return out


def attendance_rate(record: AttendanceRecord) -> Fraction | None:
    """attended / (invited − declined), exactly; ``None`` when nobody is left to
    serve (nobody invited, or everyone declined)."""
    if record.expected <= 0:
        return None
    return Fraction(record.attended, record.expected)


def attendance_rates(records: Sequence[AttendanceRecord]) -> dict[str, Fraction | None]:
    """The rate per unit; a unit with several records counts them together."""
    expected: dict[str, int] = {}
    attended: dict[str, int] = {}
    for r in records:
        expected[r.unit] = expected.get(r.unit, 0) + r.expected
        attended[r.unit] = attended.get(r.unit, 0) + r.attended
    return {u: (Fraction(attended[u], expected[u]) if expected[u] > 0 else None) for u in expected}


def attendance_from_figures(
    rows: Iterable[tuple[str, Mapping[str, object]]],
) -> list[AttendanceRecord]:
    """Attendance records from reported figures (unit, {element: value}), for a caller
    that has the figures but not the service days' records (the command line): a unit
    that reported ``sd_invited`` and ``sd_attended`` gives a record, with its informed
    declines, and no reasons for its absences, which figures do not carry."""
    invited_code, attended_code, declined_code = SERVICE_DAY_ELEMENTS
    out: list[AttendanceRecord] = []
    for unit, values in rows:
        invited, attended = values.get(invited_code), values.get(attended_code)
        if invited is None or attended is None:
            continue
        declined = values.get(declined_code)
        out.append(
            AttendanceRecord(unit, _whole(invited), _whole(attended), {}, _whole(declined or 0))
        )
    return out


def _whole(value: object) -> int:
    # Counts are whole numbers by the element's type (checked when reading); the
    # frame may hold them as Decimal or float.
    return value if isinstance(value, int) else int(Decimal(str(value)))
