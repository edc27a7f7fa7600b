"""月通报: the month's birth-registration figures of every village, addressed to
the people who answer for them.

Counts per village only (registered births, reported on time, missed reports):
nothing about any resident. Each village gets a table of this month against the
previous one, headed by who held its responsible roles in the month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from ..engine import Period, PeriodError, format_percent, role_label
from ._blocks import Addressee, Block, Heading1, Heading2, Para, Signature, TableBlock, Title
from ._figures import UNIT_WORD
from ._format import join_zh, round_pct
from ._summary import _num

__all__ = [
    "MONTHLY_ELEMENTS",
    "MONTHLY_ROLES",
    "BirthMonth",
    "MonthlyDataError",
    "MonthlyVillage",
    "birth_months",
    "monthly_blocks",
    "monthly_villages",
    "village_rows",
]

#: The figures the bulletin reads, as the shipped rubric names them:
#: (registered births, reported on time, missed reports).
MONTHLY_ELEMENTS = ("births", "births_reported_on_time", "births_unreported")

#: Who a village's table is addressed to: the roles that answer for birth
#: registration in the village (RUBRIC.md §5.1), in the order of ROLES.
MONTHLY_ROLES = ("secretary", "service_worker", "resident_cadre", "liaison_cadre")


@dataclass(frozen=True)
class BirthMonth:
    """One village's counts for one month."""

    registered: int
    on_time: int
    missing: int

    @property
    def rate(self) -> Fraction | None:
        """Reported on time over registered; None when nobody was registered."""
        return Fraction(self.on_time, self.registered) if self.registered else None

    def __add__(self, other: BirthMonth) -> BirthMonth:
        return BirthMonth(
            self.registered + other.registered,
            self.on_time + other.on_time,
            self.missing + other.missing,
        )


@dataclass(frozen=True)
class MonthlyVillage:
    unit: str
    name: str
    now: BirthMonth | None
    before: BirthMonth | None
    # (role label, names) for each responsible role somebody held in the month.
    responsible: tuple[tuple[str, tuple[str, ...]], ...] = ()


class MonthlyDataError(ValueError):
    """Figures the bulletin cannot read, each named with unit, month and element."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = list(problems)


def _count(value: object, unit: str, month: Period, code: str) -> int:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        d = Decimal("NaN")
    if not d.is_finite() or d < 0 or d != d.to_integral_value():
        raise MonthlyDataError([f"{unit}，{month.label_zh()}，{code}：{value!r}不是非负整数"])
    return int(d)


def birth_months(rows: Iterable[Mapping[str, object]]) -> dict[tuple[str, Period], BirthMonth]:
    """Every (unit, month) row's counts; rows of quarters and longer are left out.

    A missing ``births_unreported`` counts 0, as the rubric's default says; a row
    without ``births`` or ``births_reported_on_time`` is not a month of reporting."""
    out: dict[tuple[str, Period], BirthMonth] = {}
    problems: list[str] = []
    for r in rows:
        try:
            period = Period.parse(str(r.get("period")))
        except PeriodError:
            continue
        if not period.is_month:
            continue
        unit = str(r.get("unit"))
        registered, on_time = r.get(MONTHLY_ELEMENTS[0]), r.get(MONTHLY_ELEMENTS[1])
        if registered is None or on_time is None:
            continue
        missing = r.get(MONTHLY_ELEMENTS[2])
        try:
            out[(unit, period)] = BirthMonth(
                _count(registered, unit, period, MONTHLY_ELEMENTS[0]),
                _count(on_time, unit, period, MONTHLY_ELEMENTS[1]),
                _count(0 if missing is None else missing, unit, period, MONTHLY_ELEMENTS[2]),
            )
        except MonthlyDataError as err:
            problems += err.problems
    if problems:
        raise MonthlyDataError(problems)
    return out


def monthly_villages(
    rows: Iterable[Mapping[str, object]],
    month: Period,
    people: object | None = None,
) -> list[MonthlyVillage]:
    """The villages that reported ``month`` or the month before, in unit-code order,
    each with its responsible people from ``people`` (a kaoping.engine.People)."""
    rows = list(rows)
    figures = birth_months(rows)
    names: dict[str, str] = {}
    areas: dict[str, str | None] = {}
    for r in rows:
        unit = str(r.get("unit"))
        if r.get("name"):
            names[unit] = str(r["name"])
        if r.get("area"):
            areas[unit] = str(r["area"])
    before = month.previous()
    units = sorted({u for (u, p) in figures if p in (month, before)})
    out = []
    for unit in units:
        responsible: list[tuple[str, tuple[str, ...]]] = []
        if people is not None:
            roles = people.roles_of(unit, areas.get(unit), month)  # type: ignore[attr-defined]
            for role in MONTHLY_ROLES:
                if role in roles:
                    responsible.append((role_label(role), tuple(roles[role])))
        out.append(
            MonthlyVillage(
                unit,
                names.get(unit, unit),
                figures.get((unit, month)),
                figures.get((unit, before)),
                tuple(responsible),
            )
        )
    return out


def _rate(m: BirthMonth | None) -> str:
    if m is None:
        return "—"
    r = m.rate
    return "—" if r is None else format_percent(r)


def _delta(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return "—"
    d = now - before
    return f"+{d}" if d > 0 else str(d)


def _rate_delta(now: BirthMonth | None, before: BirthMonth | None) -> str:
    a = now.rate if now is not None else None
    b = before.rate if before is not None else None
    if a is None or b is None:
        return "—"
    # Between the rounded rates the reader sees, as in the work summary.
    d = round_pct(a) - round_pct(b)
    return (f"+{d}" if d > 0 else str(d)) + "个百分点"


def village_rows(v: MonthlyVillage) -> tuple[tuple[str, ...], ...]:
    """The village's table: 项目, 本月, 上月, 增减 (the rate's in percentage points)."""

    def n(m: BirthMonth | None, field: str) -> int | None:
        return None if m is None else int(getattr(m, field))

    def shown(x: int | None) -> str:
        return "—" if x is None else str(x)

    lines = []
    for label, field in (
        ("出生登记数（人）", "registered"),
        ("按时报告数（人）", "on_time"),
        ("漏报数（例）", "missing"),
    ):
        a, b = n(v.now, field), n(v.before, field)
        lines.append((label, shown(a), shown(b), _delta(a, b)))
    lines.append(("按时报告率", _rate(v.now), _rate(v.before), _rate_delta(v.now, v.before)))
    return tuple(lines)


def _change(now: int, before: int, word: str, measure: str) -> str:
    if now > before:
        return f"{word}增加{now - before}{measure}"
    if now < before:
        return f"{word}减少{before - now}{measure}"
    return f"{word}持平"


def comparison_sentence(month: Period, now: BirthMonth, before: BirthMonth | None) -> str:
    """The month against the previous one, for the whole township."""
    prev = month.previous().label_zh()
    if before is None:
        return f"上月（{prev}）没有报送数据，本月不作比较。"
    parts = [
        _change(now.registered, before.registered, "出生登记数", "人"),
        _change(now.on_time, before.on_time, "按时报告数", "人"),
        _change(now.missing, before.missing, "漏报数", "例"),
    ]
    a, b = now.rate, before.rate
    if a is not None and b is not None:
        d = round_pct(a) - round_pct(b)
        if d > 0:
            parts.append(f"按时报告率提高{d}个百分点")
        elif d < 0:
            parts.append(f"按时报告率下降{-d}个百分点")
        else:
            parts.append("按时报告率持平")
    return f"与上月（{prev}）相比，{'，'.join(parts)}。"


def _totals(villages: Sequence[MonthlyVillage], which: str) -> BirthMonth | None:
    months = [m for v in villages if (m := getattr(v, which)) is not None]
    if not months:
        return None
    total = BirthMonth(0, 0, 0)
    for m in months:
        total = total + m
    return total


def _overview(month: Period, reported: int, total: BirthMonth) -> str:
    text = (
        f"{month.label_zh()}，全镇{reported}个{UNIT_WORD}报送了出生登记情况，"
        f"共登记出生{total.registered}人，其中按时报告{total.on_time}人"
    )
    rate = total.rate
    if rate is not None:
        text += f"，按时报告率{format_percent(rate)}"
    return text + (f"；漏报{total.missing}例。" if total.missing else "；无漏报。")


def monthly_blocks(
    month: Period | str,
    villages: Sequence[MonthlyVillage],
    township: str | None = None,
    when: date | None = None,
) -> list[Block]:
    """The bulletin's blocks: the township's figures and the comparison with the
    previous month, then a table per village under its responsible people."""
    p = Period.parse(month) if isinstance(month, str) else month
    if not p.is_month:
        raise PeriodError(f"月通报 is for a month, not {p}")
    label = p.label_zh()
    roles = join_zh(role_label(r) for r in MONTHLY_ROLES)
    blocks: list[Block] = [
        Title(f"关于{label}出生登记情况的通报"),
        Addressee(f"各{UNIT_WORD}{roles}："),
    ]
    reported = [v for v in villages if v.now is not None]
    now = _totals(villages, "now")
    if now is None:
        blocks.append(Para(f"{label}各{UNIT_WORD}没有报送出生登记数据，本月不作通报。"))
        blocks.append(Signature(township, when or date.today()))
        return blocks
    blocks.append(Para(f"现将{label}全镇出生登记情况通报如下。"))
    blocks.append(Heading1("一、全镇总体情况"))
    # The comparison is like for like: the villages that reported both months.
    both = [v for v in reported if v.before is not None]
    before = _totals(both, "before")
    same_now = _totals(both, "now") if both else None
    text = _overview(p, len(reported), now)
    if before is None or same_now is None:
        text += comparison_sentence(p, now, None)
    else:
        if len(both) < len(reported):
            text += f"两个月均报送的{len(both)}个{UNIT_WORD}中，"
        text += comparison_sentence(p, same_now, before)
    lacking = [v.name for v in villages if v.now is None]
    if lacking:
        text += f"{join_zh(lacking)}本月未报送。"
    blocks.append(Para(text))

    blocks.append(Heading1(f"二、各{UNIT_WORD}情况"))
    for i, v in enumerate(villages):
        if v.responsible:
            who = "；".join(f"{label}{join_zh(names)}" for label, names in v.responsible)
        else:
            who = "未登记责任人"
        blocks.append(Heading2(f"（{_num(i)}）{v.name}。", f"责任人：{who}。"))
        blocks.append(
            TableBlock(("项目", "本月", "上月", "增减"), village_rows(v), (56, 32, 32, 32), (0,))
        )
    blocks.append(Heading1("三、工作要求"))
    blocks.append(
        Para(
            f"请各{UNIT_WORD}责任人对照本通报核实本村（居）出生登记情况，"
            "对漏报的及时补报，协助家庭按时办理出生登记和相关服务。"
        )
    )
    blocks.append(Signature(township, when or date.today()))
    return blocks
