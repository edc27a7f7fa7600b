"""What the dispatch pages compute and write: the day's board (who reported, the
township's and each area's progress against the pace), the areas' reports, the
numbered bulletin, the dispatch meeting and its catch-up follow-ups.

Every write re-reads what it depends on in its own transaction (the campaign row
is locked while a bulletin number is taken or the meeting recorded) and writes
its audit row (:class:`DispatchEvent`) there too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kaoping.documents import Addressee, Block, Heading1, Para, Signature, TableBlock, Title
from kaoping.engine import format_date_zh, format_fixed, format_percent
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core.models import Person, Unit
from kaoping.web.meetings.models import Meeting
from kaoping.web.meetings.services import MeetingData, save_meeting
from kaoping.web.planning.models import Campaign, CampaignEntry

from .models import (
    CATCH_UP_REASON,
    AreaReport,
    Bulletin,
    CatchUp,
    DispatchEvent,
    DispatchSettings,
    WorkGroup,
    WorkGroupMember,
)
from .pace import NO_AREA, AreaProgress, area_progress

Ev = DispatchEvent.Action


def settings_of(c: Campaign) -> DispatchSettings:
    """The campaign's settings, the defaults (unsaved) when none were set."""
    found = DispatchSettings.objects.filter(campaign=c).first()
    return found or DispatchSettings(campaign=c)


def areas_of(township: Unit) -> list[Unit]:
    return list(Unit.objects.filter(township=township, level=Unit.Level.AREA).order_by("code"))


def villages_of(township: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY])
        .select_related("parent")
        .order_by("code")
    )


def area_code(village: Unit) -> str:
    p = village.parent
    return p.code if p is not None and p.level == Unit.Level.AREA else NO_AREA


def pct(value: Fraction | None) -> str:
    return format_percent(value) if value is not None else "—"


def one(value: Fraction) -> str:
    return format_fixed(value, 1)


def deadline_of(c: Campaign, day: date, s: DispatchSettings | None = None) -> datetime:
    """The moment the day's reports are due, in the township's time zone."""
    s = s or settings_of(c)
    return timezone.make_aware(datetime.combine(day, s.report_by))


@dataclass
class AreaRow:
    area: Unit
    progress: AreaProgress
    report: AreaReport | None
    group: WorkGroup | None
    late_now: bool  # not reported and the deadline has passed

    @property
    def p(self) -> Any:
        return self.progress.progress

    @property
    def status_zh(self) -> str:
        # Chinese for the bulletin; marked so that the page translates it.
        if self.report is None:
            return gettext_noop("逾期未报") if self.late_now else gettext_noop("未报")
        return gettext_noop("逾期报送") if self.report.late else gettext_noop("按时报送")


@dataclass
class Board:
    campaign: Campaign
    day: date
    settings: DispatchSettings
    town: AreaProgress
    rows: list[AreaRow]
    outside: AreaProgress | None  # villages outside every area, summed
    bulletin: Bulletin | None
    day_done: int  # what the township did on the day itself
    catch_ups: list[CatchUp]

    @property
    def reported(self) -> list[AreaRow]:
        return [r for r in self.rows if r.report is not None]

    @property
    def missing(self) -> list[AreaRow]:
        return [r for r in self.rows if r.report is None]

    @property
    def late(self) -> list[AreaRow]:
        return [r for r in self.rows if r.late_now or (r.report is not None and r.report.late)]

    @property
    def laggards(self) -> list[AreaRow]:
        return [r for r in self.rows if r.progress.lagging]


def board(c: Campaign, day: date, now: datetime | None = None) -> Board:
    """The dispatch board of ``day``: figures up to the end of that day."""
    s = settings_of(c)
    now = now or timezone.now()
    villages = villages_of(c.township)
    area_of = {v.code: area_code(v) for v in villages}
    allocated = {s_.unit.code: s_.allocated for s_ in c.allocation.shares.select_related("unit")}
    done = {
        row["unit__code"]: int(row["n"])
        for row in c.entries.filter(day__lte=day).values("unit__code").annotate(n=Sum("count"))
    }
    town, progress = area_progress(
        allocated, done, area_of, c.start, c.end, day, Fraction(s.lag_points)
    )
    by_code = {p.code: p for p in progress}
    reports = {r.area_id: r for r in AreaReport.objects.filter(campaign=c, day=day)}
    groups = {
        g.area_id: g
        for g in WorkGroup.objects.filter(campaign=c).prefetch_related("members__person")
    }
    deadline = deadline_of(c, day, s)
    rows = []
    for area in areas_of(c.township):
        p = by_code.get(area.code)
        if p is None:
            continue  # an area with no village in the allocation has nothing to report
        rows.append(AreaRow(area, p, reports.get(area.pk), groups.get(area.pk), now > deadline))
    rows.sort(key=lambda r: r.progress.rank or 0)
    day_done = c.entries.filter(day=day).aggregate(n=Sum("count"))["n"] or 0
    return Board(
        c,
        day,
        s,
        town,
        rows,
        by_code.get(NO_AREA),
        Bulletin.objects.filter(campaign=c, day=day).first(),
        int(day_done),
        list(CatchUp.objects.filter(campaign=c, day=day).select_related("area")),
    )


def check_day(c: Campaign, day: date, today: date | None = None) -> None:
    today = today or timezone.localdate()
    if not (c.start <= day <= c.end):
        raise Refused(
            _("日期%(day)s不在活动期间（%(start)s至%(end)s）内")
            % {"day": f"{day:%Y-%m-%d}", "start": f"{c.start:%Y-%m-%d}", "end": f"{c.end:%Y-%m-%d}"}
        )
    if day > today:
        raise Refused(_("日期%(day)s在今天之后，当天才能报送") % {"day": f"{day:%Y-%m-%d}"})


def area_villages(c: Campaign, area: Unit) -> list[Unit]:
    """The area's villages that have a share of the campaign's allocation."""
    shared = set(c.allocation.shares.values_list("unit_id", flat=True))
    return [v for v in villages_of(c.township) if v.parent_id == area.pk and v.pk in shared]


@transaction.atomic
def save_report(
    c: Campaign,
    area: Unit,
    day: date,
    counts: Mapping[int, int],
    note: str,
    user: Any,
    now: datetime | None = None,
) -> AreaReport:
    """The area's figures of ``day`` (village id -> count) and its note. A second
    report of the same day corrects the first; lateness is the first one's."""
    check_day(c, day)
    now = now or timezone.now()
    # Two first reports of the same area and day at once: the second waits here and
    # then corrects the first's, instead of failing on the unique row.
    Campaign.objects.select_for_update().filter(pk=c.pk).first()
    allowed = {v.pk: v for v in area_villages(c, area)}
    stray = set(counts) - set(allowed)
    if stray:
        raise Refused(_("所报村（居）不属于本片区"))
    for pk, n in counts.items():
        CampaignEntry.objects.update_or_create(
            campaign=c, unit_id=pk, day=day, defaults={"count": n, "entered_by": user}
        )
    total = (
        CampaignEntry.objects.filter(campaign=c, day=day, unit_id__in=list(allowed)).aggregate(
            n=Sum("count")
        )["n"]
        or 0
    )
    report = AreaReport.objects.select_for_update().filter(campaign=c, area=area, day=day).first()
    if report is None:
        report = AreaReport.objects.create(
            campaign=c, area=area, day=day, note=note, done=total, reported_by=user,
            reported_at=now, updated_at=now, late=now > deadline_of(c, day),
        )  # fmt: skip
        what = "报送"
    else:
        report.note, report.done, report.updated_at = note, total, now
        report.save(update_fields=["note", "done", "updated_at"])
        what = "更正"
    figures = "，".join(f"{allowed[pk].name}{n}" for pk, n in sorted(counts.items()))
    DispatchEvent.objects.create(
        campaign=c,
        action=Ev.REPORT,
        user=user,
        at=now,
        note=f"{area.name}{what}{day:%Y-%m-%d}：当日完成{total}个（{figures}）"[:2000],
    )
    return report


@transaction.atomic
def save_settings(c: Campaign, data: Mapping[str, Any], user: Any) -> DispatchSettings:
    s, _created = DispatchSettings.objects.select_for_update().get_or_create(campaign=c)
    for k in ("report_by", "lag_points", "catch_up_days"):
        setattr(s, k, data[k])
    s.save()
    DispatchEvent.objects.create(
        campaign=c,
        action=Ev.SETTINGS,
        user=user,
        note=f"每日{s.report_by:%H:%M}前报送，落后进度{s.lag_points}个百分点限期{s.catch_up_days}天赶上",
    )
    return s


@transaction.atomic
def save_group(
    c: Campaign,
    area: Unit,
    name: str,
    leader: Person,
    members: Sequence[Person],
    accounts: Mapping[int, Any],
    user: Any,
) -> WorkGroup:
    """The area's work group: its name, leader and members (each a person of the
    township; ``accounts``: person id -> the user who reports with it)."""
    people = [leader, *[m for m in members if m.pk != leader.pk]]
    outside = [p for p in people if p.unit.township_id != c.township_id]
    if outside:
        raise Refused(
            _("%(name)s不是%(township)s的人员")
            % {"name": outside[0].name, "township": c.township.name}
        )
    group, _created = WorkGroup.objects.select_for_update().get_or_create(
        campaign=c, area=area, defaults={"name": name}
    )
    group.name = name
    group.save(update_fields=["name"])
    group.members.all().delete()
    WorkGroupMember.objects.bulk_create(
        WorkGroupMember(group=group, person=p, user=accounts.get(p.pk), is_leader=p.pk == leader.pk)
        for p in people
    )
    DispatchEvent.objects.create(
        campaign=c,
        action=Ev.GROUP,
        user=user,
        note=f"{area.name}{name}：组长{leader.name}，成员{'、'.join(p.name for p in people[1:]) or '无'}",
    )
    return group


def next_number(c: Campaign) -> int:
    """The number the campaign's next bulletin takes (taken under the campaign's
    lock by :func:`issue_bulletin`; shown before issuing)."""
    last = Bulletin.objects.filter(campaign=c).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def issue_bulletin(c: Campaign, day: date, user: Any) -> Bulletin:
    """The day's bulletin, numbered the next 第N期 of the campaign when first issued;
    issuing the same day again returns it unchanged."""
    check_day(c, day)
    # Two people issuing at once: the second waits here, then finds the first's.
    Campaign.objects.select_for_update().filter(pk=c.pk).first()
    found = Bulletin.objects.filter(campaign=c, day=day).first()
    if found is not None:
        return found
    b = Bulletin.objects.create(campaign=c, day=day, number=next_number(c), issued_by=user)
    DispatchEvent.objects.create(
        campaign=c, action=Ev.BULLETIN, user=user, note=f"{day:%Y-%m-%d}调度通报第{b.number}期"
    )
    return b


def bulletin_blocks(b: Board, number: int | None) -> list[Block]:
    """The day's dispatch bulletin (调度通报, 第N期) as the documents' blocks."""
    c = b.campaign
    no = f"（第{number}期）" if number else ""
    t = b.town.progress
    blocks: list[Block] = [
        Title(f"{c.title}每日调度通报{no}"),
        Addressee("各片区、各工作组，各村（居）："),
        Para(
            f"截至{format_date_zh(b.day)}（活动第{(b.day - c.start).days + 1}天，共"
            f"{(c.end - c.start).days + 1}天），全镇{c.task}任务{t.allocated}个，当日完成"
            f"{b.day_done}个，累计完成{t.done}个，完成率{pct(t.rate)}；按进度应完成"
            f"{one(t.expected)}个（进度{pct(b.town.pace)}），"
            + (
                f"超出{one(t.gap)}个。"
                if t.gap > 0
                else "符合进度。"
                if t.gap == 0
                else f"落后{one(-t.gap)}个。"
            )
        ),
    ]
    reported = [r.area.name for r in b.reported]
    missing = [r.area.name for r in b.missing]
    late = [r.area.name for r in b.rows if r.report is not None and r.report.late]
    line = f"当日应报片区{len(b.rows)}个，已报{len(reported)}个"
    if late:
        line += f"（逾期报送：{'、'.join(late)}）"
    line += f"，未报：{'、'.join(missing)}。" if missing else "。"
    blocks.append(Para(line))
    lag = b.laggards
    if lag:
        s = b.settings
        blocks.append(
            Para(
                f"落后进度{s.lag_points}个百分点以上的片区：{'、'.join(f'{r.area.name}（完成率{pct(r.p.rate)}，落后{one(r.progress.shortfall_points)}个百分点）' for r in lag)}，"
                f"限{s.catch_up_days}天内赶上进度。"
            )
        )
    else:
        blocks.append(Para("各片区均未落后进度阈值。"))
    notes = [r for r in b.reported if r.report is not None and r.report.note]
    if notes:
        blocks.append(Heading1("各片区当日情况"))
        blocks.extend(Para(f"{r.area.name}：{r.report.note}") for r in notes if r.report)
    blocks.append(Heading1("附：各片区进度排名"))
    rows = tuple(
        (
            str(r.progress.rank),
            r.area.name,
            str(r.p.allocated),
            str(r.report.done if r.report else "—"),
            str(r.p.done),
            pct(r.p.rate),
            one(r.p.expected),
            one(r.p.gap),
            r.status_zh,
        )
        for r in b.rows
    )
    blocks.append(
        TableBlock(
            ("排名", "片区", "任务数", "当日完成", "累计完成", "完成率", "应完成", "差额", "报送"),
            rows,
            (12, 24, 16, 16, 16, 18, 16, 16, 22),
            left_columns=(1,),
        )
    )
    blocks.append(Signature(c.township.name, b.day))
    return blocks


@transaction.atomic
def hold_meeting(c: Campaign, day: date, user: Any) -> Meeting:
    """The day's dispatch meeting (调度会): a meeting record with each area's report of
    the day attached, the bulletin issued, and a 限期赶上 follow-up opened for every
    lagging area, once per area and day. Holding it again adds what came in since
    (a late report, a new laggard) and opens nothing twice."""
    bulletin = issue_bulletin(c, day, user)
    Campaign.objects.select_for_update().filter(pk=c.pk).first()
    b = board(c, day)
    s = b.settings
    agenda = [f"通报{c.title}第{bulletin.number}期调度情况"]
    for r in b.rows:
        if r.report is None:
            agenda.append(f"{r.area.name}：未报送")
            continue
        note = f"，{r.report.note}" if r.report.note else ""
        agenda.append(
            f"{r.area.name}：当日完成{r.report.done}个，累计{r.p.done}个，完成率{pct(r.p.rate)}{note}"
        )
    decisions = [
        f"{r.area.name}落后进度{one(r.progress.shortfall_points)}个百分点，限{(day + timedelta(days=s.catch_up_days)):%m月%d日}前赶上进度"
        for r in b.laggards
    ]
    leaders = [
        f"{m.person.name} {r.area.name}工作组组长"
        for r in b.rows
        if r.group is not None
        for m in r.group.members.all()
        if m.is_leader
    ]
    existing = bulletin.meeting
    data = MeetingData(
        kind=Meeting.Kind.DISPATCH,
        date=day,
        title=f"{c.title}调度会（第{bulletin.number}期）"[:200],
        roles=["area_chief"],
        others="\n".join(leaders),
        agenda="\n".join(agenda),
        decisions="\n".join(decisions),
    )
    m = save_meeting(c.township, data, user, pk=existing.pk if existing else None, revision=None)
    if existing is None:
        bulletin.meeting = m
        bulletin.save(update_fields=["meeting"])
    AreaReport.objects.filter(campaign=c, day=day).update(meeting=m)
    opened = []
    for r in b.laggards:
        item, created = CatchUp.objects.get_or_create(
            campaign=c,
            area=r.area,
            day=day,
            defaults={
                "due": day + timedelta(days=s.catch_up_days),
                "reason": CATCH_UP_REASON
                % {
                    "rate": pct(r.p.rate),
                    "pace": pct(r.progress.pace),
                    "points": one(r.progress.shortfall_points),
                },
                "meeting": m,
            },
        )
        if created:
            opened.append(item.area.name)
    DispatchEvent.objects.create(
        campaign=c,
        action=Ev.MEETING,
        user=user,
        note=f"{day:%Y-%m-%d}调度会" + (f"，{'、'.join(opened)}限期赶上" if opened else ""),
    )
    return m


@transaction.atomic
def close_catch_up(c: Campaign, pk: int, note: str, user: Any) -> CatchUp:
    """Mark a catch-up done, once: the state is checked in the UPDATE that writes it."""
    if not note.strip():
        raise Refused(_("请填写完成情况"))
    changed = CatchUp.objects.filter(pk=pk, campaign=c, state=CatchUp.State.OPEN).update(
        state=CatchUp.State.DONE, closed_note=note.strip()
    )
    item = CatchUp.objects.filter(pk=pk, campaign=c).select_related("area").first()
    if item is None:
        raise Refused(_("限期赶上事项不存在"))
    if not changed:
        raise Refused(_("%(area)s的限期赶上事项已办结") % {"area": item.area.name})
    DispatchEvent.objects.create(
        campaign=c, action=Ev.CATCH_UP, user=user, note=f"{item.area.name}已赶上：{note.strip()}"
    )
    return item


def groups_of_person(person: Person) -> list[WorkGroupMember]:
    return list(
        WorkGroupMember.objects.filter(person=person).select_related(
            "group__campaign", "group__area"
        )
    )


def group_leaders(campaign_pk: int, areas: list[int]) -> dict[int, str]:
    """Area unit pk -> the name of the campaign's work group leader (组长) there."""
    from .models import WorkGroupMember

    return dict(
        WorkGroupMember.objects.filter(
            group__campaign_id=campaign_pk, group__area_id__in=areas, is_leader=True
        ).values_list("group__area_id", "person__name")
    )
