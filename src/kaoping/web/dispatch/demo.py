"""The demo township's spring campaign (春季服务专项活动, 40 days) with a work group
in each of its four work areas and 40 days of dispatch: each area's daily report
(one area often late, one falling behind), a numbered bulletin and a dispatch
meeting every day, and the 限期赶上 follow-ups the meetings opened.

Written with bulk_create from figures computed in memory (the pace module), so
that loading stays fast. Loaded by :func:`kaoping.web.demo.load_demo`; idempotent.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from kaoping.engine import role_label
from kaoping.web.core.models import Person, Unit
from kaoping.web.meetings.models import Attendee, Meeting, MeetingEvent
from kaoping.web.planning.models import Campaign, CampaignEntry, CampaignTarget
from kaoping.web.planning.services import compute_allocation, save_allocation

from .models import (
    CATCH_UP_REASON,
    AreaReport,
    Bulletin,
    CatchUp,
    DispatchSettings,
    WorkGroup,
    WorkGroupMember,
)
from .pace import area_progress
from .services import area_code, one, pct, villages_of

TITLE = "春季服务专项活动"
START = date(2026, 3, 1)
DAYS = 40
TOTAL = 2000
NOTES = (
    "入户宣传政策，预约两癌筛查",
    "集中服务日，现场登记预约",
    "电话回访未联系上的对象",
    "工作组进村督导，核对台账",
    "利用赶集日设点宣传",
)


def _spread(code: str, low: int, high: int) -> int:
    h = int(hashlib.sha256(code.encode()).hexdigest()[:8], 16)
    return low + h % (high - low + 1)


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _plan(allocated: dict[str, int], area_of: dict[str, str], slow: str) -> list[dict[str, int]]:
    """Each day's count per village: most villages near the pace, some ahead, the
    villages of the ``slow`` area at 60 % of it for 15 days and then catching up."""
    done: dict[str, int] = {}
    days = []
    for d in range(DAYS):
        counts = {}
        for code, n in allocated.items():
            speed = Fraction(_spread(code, 90, 125), 100)
            if area_of[code] == slow:
                speed = Fraction(6, 10) if d < 15 else Fraction(13, 10)
            due = min(n, int(n * speed * (d + 1) / DAYS))
            count = max(0, due - done.get(code, 0))
            done[code] = done.get(code, 0) + count
            if count:
                counts[code] = count
        days.append(counts)
    return days


def _areas(township: Unit) -> list[Unit]:
    return list(Unit.objects.filter(township=township, level=Unit.Level.AREA).order_by("code"))


@transaction.atomic
def load_spring_campaign(township: Unit) -> bool:
    """The spring campaign, its allocation and its 40 days of village counts;
    False when it is there already. Loaded before the demos that look for it."""
    if Campaign.objects.filter(township=township, title=TITLE).exists():
        return False
    villages = villages_of(township)
    areas = _areas(township)
    if not villages or len(areas) < 2:
        return False
    from kaoping.engine import Period

    weights = {"population": Decimal(1)}
    result = compute_allocation(township, TOTAL, weights, 20)
    alloc = save_allocation(
        township, Period.parse("2026Q1"), "春季两癌筛查预约任务", result, weights, None
    )
    c = Campaign.objects.create(
        township=township, title=TITLE, task="两癌筛查预约", start=START,
        end=START + timedelta(days=DAYS - 1), allocation=alloc,
    )  # fmt: skip
    CampaignTarget.objects.create(campaign=c, kind="total", total=TOTAL)
    allocated = {s.unit.code: s.allocated for s in alloc.shares.select_related("unit")}
    by_code = {v.code: v for v in villages}
    # 西片 (the second area) starts slowly and catches up after its follow-ups.
    plan = _plan(allocated, {v.code: area_code(v) for v in villages}, areas[1].code)
    CampaignEntry.objects.bulk_create(
        CampaignEntry(campaign=c, unit=by_code[code], day=START + timedelta(days=d), count=n)
        for d, counts in enumerate(plan)
        for code, n in counts.items()
    )
    return True


@transaction.atomic
def load_dispatch_demo(township: Unit) -> bool:
    """The spring campaign's work groups and 40 days of dispatch; False when they
    are there already (or there is no spring campaign)."""
    c = Campaign.objects.filter(township=township, title=TITLE).first()
    if c is None or WorkGroup.objects.filter(campaign=c).exists():
        return False
    villages = villages_of(township)
    areas = _areas(township)
    end = c.end
    settings = DispatchSettings.objects.create(campaign=c)

    # A work group per area: the area's 片长 leads, two resident cadres of its villages serve.
    people = list(Person.objects.filter(unit__township=township).select_related("unit"))
    members = []
    for a in areas:
        g = WorkGroup.objects.create(campaign=c, area=a, name=f"{a.name}工作组")
        chief = next((p for p in people if p.unit_id == a.pk and p.role == "area_chief"), None)
        cadres = [p for p in people if p.role == "resident_cadre" and p.unit.parent_id == a.pk][:2]
        if chief is not None:
            members.append(WorkGroupMember(group=g, person=chief, is_leader=True))
        members += [WorkGroupMember(group=g, person=p) for p in cadres]
    WorkGroupMember.objects.bulk_create(members)

    allocated = {s.unit.code: s.allocated for s in c.allocation.shares.select_related("unit")}
    area_of = {v.code: area_code(v) for v in villages}
    counts_on: dict[date, dict[str, int]] = {}
    for code, day, n in c.entries.values_list("unit__code", "day", "count"):
        counts_on.setdefault(day, {})[code] = n
    late_area = areas[-1].code
    done: dict[str, int] = {}
    reports: list[AreaReport] = []
    bulletins: list[Bulletin] = []
    catch_ups: list[CatchUp] = []
    meetings: list[Meeting] = []
    for d in range(DAYS):
        day = START + timedelta(days=d)
        per_area: dict[str, int] = {}
        for code, count in counts_on.get(day, {}).items():
            done[code] = done.get(code, 0) + count
            per_area[area_of[code]] = per_area.get(area_of[code], 0) + count
        _town, rows = area_progress(
            allocated, done, area_of, c.start, end, day, Fraction(settings.lag_points)
        )
        m = Meeting(
            township=township, kind=Meeting.Kind.DISPATCH, date=day,
            period=f"{day.year}Q{(day.month - 1) // 3 + 1}",
            title=f"{TITLE}调度会（第{d + 1}期）", place="镇政府二楼会议室", chair="陈志华",
            recorder="李明", roles="area_chief", revision=1,
        )  # fmt: skip
        agenda = [f"通报{TITLE}第{d + 1}期调度情况"]
        decisions = []
        for r in rows:
            if not r.code:
                continue
            area = next(a for a in areas if a.code == r.code)
            minute = 70 if r.code == late_area and d % 4 == 1 else 30 + d % 20
            note = NOTES[(d + areas.index(area)) % len(NOTES)]
            reports.append(
                AreaReport(
                    campaign=c,
                    area=area,
                    day=day,
                    note=note,
                    done=per_area.get(r.code, 0),
                    reported_at=_at(day, 16, 0) + timedelta(minutes=minute),
                    updated_at=_at(day, 16, 0) + timedelta(minutes=minute),
                    late=minute > 60,
                )
            )
            agenda.append(
                f"{area.name}：当日完成{per_area.get(r.code, 0)}个，累计{r.progress.done}个，"
                f"完成率{pct(r.progress.rate)}，{note}"
            )
            if r.lagging:
                due_day = day + timedelta(days=settings.catch_up_days)
                decisions.append(
                    f"{area.name}落后进度{one(r.shortfall_points)}个百分点，"
                    f"限{due_day:%m月%d日}前赶上进度"
                )
                catch_ups.append(
                    CatchUp(
                        campaign=c, area=area, day=day, due=due_day,
                        reason=CATCH_UP_REASON % {
                            "rate": pct(r.progress.rate), "pace": pct(r.pace),
                            "points": one(r.shortfall_points),
                        },
                        state=CatchUp.State.DONE if day + timedelta(days=3) < end else CatchUp.State.OPEN,
                        closed_note="已按期赶上进度" if day + timedelta(days=3) < end else "",
                    )
                )  # fmt: skip
        m.agenda, m.decisions = "\n".join(agenda), "\n".join(decisions)
        meetings.append(m)
    # SQLite and PostgreSQL both hand back the new rows' ids from bulk_create.
    meetings = Meeting.objects.bulk_create(meetings)
    by_day = {m.date: m for m in meetings}
    for report in reports:
        report.meeting = by_day[report.day]
    for item in catch_ups:
        item.meeting = by_day[item.day]
    AreaReport.objects.bulk_create(reports)
    CatchUp.objects.bulk_create(catch_ups)
    for d in range(DAYS):
        day = START + timedelta(days=d)
        bulletins.append(
            Bulletin(
                campaign=c, day=day, number=d + 1, meeting=by_day[day], issued_at=_at(day, 18, 0)
            )
        )
    Bulletin.objects.bulk_create(bulletins)
    chiefs = [p for p in people if p.role == "area_chief"]
    Attendee.objects.bulk_create(
        Attendee(
            meeting=m,
            person=p,
            unit=p.unit,
            name=p.name,
            role_label=f"{p.unit.name}{role_label(p.role)}",
            position=i,
        )
        for m in meetings
        for i, p in enumerate(sorted(chiefs, key=lambda p: p.unit.code))
    )
    MeetingEvent.objects.bulk_create(
        MeetingEvent(meeting=m, action=MeetingEvent.Action.CREATE, note=str(m)) for m in meetings
    )
    return True
