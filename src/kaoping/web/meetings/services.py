"""Recording meetings: attendees resolved from the roles held on the meeting's day,
the follow-ups a meeting handled, the due dates that wait for the next quarter's
first 镇级例会, the agenda drafted from a quarter's consequences, and the joint
meeting's approval of an assessment.

Every write re-reads what it depends on in its own transaction (the meeting's
revision, the follow-up's township) and writes its audit rows there too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaoping.engine import Period, default_due
from kaoping.web.assessment import services as assessment_services
from kaoping.web.assessment.models import Assessment, Rectification, RectificationEvent
from kaoping.web.assessment.services import Refused, target_label
from kaoping.web.core.models import Person, Unit

from .models import MAX_LINES, Attendee, HandledFollowUp, Meeting, MeetingApproval, MeetingEvent

K = Meeting.Kind
St = Rectification.State
Ev = MeetingEvent.Action

VILLAGE_ROLES = ("secretary", "director", "service_worker", "resident_cadre", "liaison_cadre")
AREA_ROLES = ("area_chief", "area_deputy")
ROLE_ORDER = VILLAGE_ROLES + AREA_ROLES
#: The due rule of RUBRIC.md §5.1 that waits for a meeting.
AT_FIRST_MEETING = "next_quarter_first_meeting"


def quarter_of(day: date) -> str:
    return str(Period.quarter(day.year, (day.month - 1) // 3 + 1))


def villages_of(township: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            township=township, level__in=[Unit.Level.VILLAGE, Unit.Level.COMMUNITY]
        ).order_by("code")
    )


@dataclass(frozen=True)
class Expected:
    """Someone expected at a meeting, before it is saved."""

    name: str
    role_label: str
    person: Person | None = None
    unit: Unit | None = None


def resolve_attendees(
    township: Unit, day: date, roles: Sequence[str], units: Sequence[Unit]
) -> list[Expected]:
    """Whoever held one of ``roles`` on ``day`` for ``units`` (every village of the
    township when none is named), and for 片长/副片长 for the units' work areas."""
    targets = list(units) or villages_of(township)
    area_ids = {u.parent_id for u in targets if u.parent and u.parent.level == Unit.Level.AREA}
    wanted_units = {u.pk for u in targets if any(r in VILLAGE_ROLES for r in roles)}
    if any(r in AREA_ROLES for r in roles):
        wanted_units |= {pk for pk in area_ids if pk is not None}
    held = (
        Person.objects.filter(unit_id__in=wanted_units, role__in=list(roles))
        .filter(Q(start__isnull=True) | Q(start__lte=day))
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("unit")
    )
    people = [p for p in held if (p.role in AREA_ROLES) == (p.unit.level == Unit.Level.AREA)]
    # The work areas' chiefs first, then each village's people in the vocabulary's order.
    people.sort(
        key=lambda p: (p.role not in AREA_ROLES, p.unit.code, ROLE_ORDER.index(p.role), p.name)
    )
    return [Expected(p.name, f"{p.unit.name}{target_label(p.role)}", p, p.unit) for p in people]


def parse_others(text: str) -> list[Expected]:
    """``姓名 职务`` per line (a space, a comma or 、 between them)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sep in (" ", "\u3000", "，", ",", "、"):
            if sep in line:
                name, role = line.split(sep, 1)
                break
        else:
            name, role = line, ""
        out.append(Expected(name.strip()[:50], role.strip()[:50]))
    return out


@dataclass
class MeetingData:
    """What the meeting form gives, already checked and bounded."""

    kind: str
    date: date
    title: str = ""
    place: str = ""
    chair: str = ""
    recorder: str = ""
    units: list[Unit] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    others: str = ""
    agenda: str = ""
    decisions: str = ""
    handled: list[int] = field(default_factory=list)


def _attendees_of(m: Meeting) -> list[Expected]:
    return resolve_attendees(m.township, m.date, m.role_codes, list(m.units.all())) + parse_others(
        m.others
    )


def _write_attendees(m: Meeting) -> None:
    """The list of expected people for the meeting's day, keeping who was marked
    absent (and why) for everyone still on it."""
    kept = {(a.person_id, a.name, a.role_label): (a.present, a.reason) for a in m.attendees.all()}
    m.attendees.all().delete()
    rows = []
    for i, e in enumerate(_attendees_of(m)[: MAX_LINES * 10]):
        present, reason = kept.get(
            (e.person.pk if e.person else None, e.name, e.role_label), (True, "")
        )
        rows.append(
            Attendee(
                meeting=m, person=e.person, unit=e.unit, name=e.name, role_label=e.role_label,
                present=present, reason=reason, position=i,
            )
        )  # fmt: skip
    Attendee.objects.bulk_create(rows)


def _handled(m: Meeting, wanted: Iterable[int], user: Any) -> str:
    """Link the follow-ups the meeting handled; each one's audit says so. Returns
    the audit note for the meeting (empty when nothing changed)."""
    wanted = set(wanted)
    items = {
        r.pk: r
        for r in Rectification.objects.filter(township=m.township, pk__in=wanted).exclude(
            state=St.SUPERSEDED
        )
    }
    missing = wanted - set(items)
    if missing:
        raise Refused(
            _("整改事项不属于本乡镇或已撤销：%(items)s")
            % {"items": pgettext("list separator", "、").join(str(i) for i in sorted(missing))}
        )
    have = {h.rectification_id: h for h in m.handled.all()}
    added = [items[pk] for pk in sorted(set(items) - set(have))]
    removed = [pk for pk in have if pk not in items]
    for item in added:
        HandledFollowUp.objects.create(meeting=m, rectification=item)
        RectificationEvent.objects.create(
            rectification=item,
            action=RectificationEvent.Action.MEETING,
            user=user,
            note=f"列入{m.date:%Y-%m-%d}{m.get_kind_display()}研究",
        )
    for pk in removed:
        have[pk].delete()
        RectificationEvent.objects.create(
            rectification_id=pk,
            action=RectificationEvent.Action.MEETING,
            user=user,
            note=f"不再列为{m.date:%Y-%m-%d}{m.get_kind_display()}处理事项",
        )
    if not added and not removed:
        return ""
    return f"处理整改事项：新增{len(added)}项，取消{len(removed)}项"


_FIELDS = ("kind", "date", "title", "place", "chair", "recorder", "others", "agenda", "decisions")


@transaction.atomic
def save_meeting(
    township: Unit,
    data: MeetingData,
    user: Any,
    pk: int | None = None,
    revision: int | None = None,
) -> Meeting:
    """Create (``pk`` None) or change a meeting. A change names the ``revision`` its
    author saw; a meeting changed since is refused, nothing written."""
    if data.kind not in K.values:
        raise Refused(_("会议类型“%(kind)s”不存在") % {"kind": data.kind})
    bad_roles = [r for r in data.roles if r not in ROLE_ORDER]
    if bad_roles:
        raise Refused(_("参会职务“%(role)s”不存在") % {"role": bad_roles[0]})
    outside = [u for u in data.units if u.township_id != township.pk]
    if outside:
        raise Refused(
            _("%(unit)s不属于%(township)s") % {"unit": outside[0].name, "township": township.name}
        )
    before: dict[str, Any] = {}
    if pk is None:
        m = Meeting(township=township, created_by=user)
    else:
        m = Meeting.objects.select_for_update().get(pk=pk, township=township)
        if revision is not None and revision != m.revision:
            raise Refused(_("您打开之后，该会议记录已被他人修改，请刷新页面核对后再保存"))
        before = {f: getattr(m, f) for f in _FIELDS}
        before["units"] = sorted(u.pk for u in m.units.all())
        before["roles"] = m.role_codes
    old_quarter = m.period if pk is not None else None
    for f in _FIELDS:
        setattr(m, f, getattr(data, f))
    m.roles = ",".join(r for r in ROLE_ORDER if r in data.roles)
    m.period = quarter_of(data.date)
    m.revision += 1
    m.save()
    m.units.set(data.units)
    after = {f: getattr(m, f) for f in _FIELDS}
    after["units"] = sorted(u.pk for u in data.units)
    after["roles"] = m.role_codes
    changed = [f for f in after if before.get(f) != after[f]] if pk is not None else []
    if pk is None or {"date", "units", "roles", "others"} & set(changed):
        _write_attendees(m)
    followups = _handled(m, data.handled, user)
    # The record is kept in Chinese whoever registered the meeting (a page shows it
    # in the reader's language: notes.note_shown).
    with translation.override(settings.LANGUAGE_CODE):
        if pk is None:
            MeetingEvent.objects.create(meeting=m, action=Ev.CREATE, user=user, note=str(m))
        elif changed:
            labels = [str(getattr(Meeting._meta.get_field(f), "verbose_name", f)) for f in changed]
            note = pgettext("list separator", "、").join(labels)
            MeetingEvent.objects.create(meeting=m, action=Ev.EDIT, user=user, note=note)
    if followups:
        MeetingEvent.objects.create(meeting=m, action=Ev.FOLLOWUPS, user=user, note=followups)
    for quarter in {old_quarter, m.period} - {None}:
        settle_dues(township, str(quarter), user)
    return m


@transaction.atomic
def set_attendance(
    pk: int, township: Unit, revision: int, marks: dict[int, tuple[bool, str]], user: Any
) -> Meeting:
    """Who came: ``marks`` maps attendee ids to (present, reason). Absent needs a reason."""
    m = Meeting.objects.select_for_update().get(pk=pk, township=township)
    if revision != m.revision:
        raise Refused(_("您打开之后，该会议记录已被他人修改，请刷新页面核对后再保存"))
    attendees = {a.pk: a for a in m.attendees.all()}
    unknown = set(marks) - set(attendees)
    if unknown:
        raise Refused(_("出席名单已变化，请刷新页面后再登记"))
    for a_pk, (present, reason) in marks.items():
        if not present and not reason.strip():
            raise Refused(_("%(name)s缺席，请写明缺席原因") % {"name": attendees[a_pk].name})
    changes = []
    for a_pk, (present, reason) in marks.items():
        a = attendees[a_pk]
        reason = "" if present else reason.strip()[:100]
        if (a.present, a.reason) != (present, reason):
            a.present, a.reason = present, reason
            a.save(update_fields=["present", "reason"])
            changes.append(f"{a.name}{'出席' if present else '缺席（' + reason + '）'}")
    if changes:
        m.revision += 1
        m.save(update_fields=["revision"])
        MeetingEvent.objects.create(
            meeting=m, action=Ev.ATTENDANCE, user=user, note="；".join(changes)[:2000]
        )
    return m


# -- due dates that wait for the next quarter's first 例会 ---------------------


def first_regular_meeting(township: Unit, quarter: str) -> Meeting | None:
    return (
        Meeting.objects.filter(township=township, kind=K.REGULAR, period=quarter)
        .order_by("date", "id")
        .first()
    )


def settle_dues(township: Unit, quarter: str, user: Any) -> None:
    """Follow-ups of the quarter before ``quarter`` due ``at: next_quarter_first_meeting``
    take the day of ``quarter``'s first 镇级例会, or, while none is recorded, the
    provisional date of RUBRIC.md §5.1 (the last day of ``quarter``'s first month).
    Verified and withdrawn items keep theirs."""
    try:
        before = Period.parse(quarter).previous()
    except ValueError:
        return
    first = first_regular_meeting(township, quarter)
    due, rule = (first.date, "met") if first else (default_due(before), "meeting")
    waiting = Rectification.objects.filter(
        township=township,
        period=str(before),
        due_rule__in=["meeting", "met"],
        state__in=[St.OPEN, St.REPORTED],
    )
    # The assessments first, then their follow-ups: the order approval locks them in,
    # so that an approval and a meeting saved at once never wait on each other.
    held = list(
        Assessment.objects.select_for_update()
        .filter(pk__in=waiting.values("assessment_id"))
        .order_by("pk")
    )
    items = list(waiting.select_for_update())
    _redate_results(held, items, due, rule)
    for item in items:
        if (item.due, item.due_rule) == (due, rule):
            continue
        if first is not None:
            note = f"{first.date:%Y-%m-%d}召开{quarter}第一次镇级例会，期限定为该日"
        else:
            note = f"{quarter}尚无镇级例会记录，期限暂按{due:%Y-%m-%d}"
        note = f"{note}（原期限{item.due:%Y-%m-%d}）"
        item.due, item.due_rule = due, rule
        item.save(update_fields=["due", "due_rule"])
        RectificationEvent.objects.create(
            rectification=item, action=RectificationEvent.Action.DUE, user=user, note=note
        )


def _redate_results(
    held: Sequence[Assessment], items: Sequence[Rectification], due: date, rule: str
) -> None:
    """The approved results say the same due date as the follow-ups: an action due
    ``at: next_quarter_first_meeting`` takes the meeting's day (``due_rule`` "met"),
    or keeps the provisional date marked as such ("meeting"), in the follow-ups'
    transaction. The scores are not touched; each follow-up's event says the change."""
    codes = dict(Unit.objects.filter(pk__in={i.unit_id for i in items}).values_list("pk", "code"))
    wanted: dict[int, set[tuple[str, str, str, str]]] = {}
    for i in items:
        if i.assessment_id is None:
            continue  # an inspection's follow-up: no approved results to say it
        wanted.setdefault(i.assessment_id, set()).add((codes[i.unit_id], i.kind, i.to, i.person))
    for a in held:
        if a.pk not in wanted:
            continue
        changed = False
        for u in a.results.get("units", []):
            for act in u.get("actions", []):
                key = (u["unit"], act["kind"], act["to"], act.get("person") or "")
                if key not in wanted[a.pk]:
                    continue
                if (act.get("due"), act.get("due_rule")) != (due.isoformat(), rule):
                    act["due"], act["due_rule"] = due.isoformat(), rule
                    changed = True
        if changed:
            a.save(update_fields=["results"])


def _first_meeting_targets(a: Assessment) -> set[tuple[str, str, str]]:
    """(kind, effect, target) of the rubric's actions due at the next first meeting."""
    rubric = assessment_services.parsed(a.rubric)
    return {
        (spec.kind, spec.effect, to)
        for rule in rubric.consequences
        for spec in rule.actions
        if spec.at == AT_FIRST_MEETING
        for to in spec.to
    }


def after_approval(a: Assessment, user: Any) -> None:
    """Called in the approval's transaction, once its follow-ups are open: those due
    at the next quarter's first 例会 are marked so, and dated by it if it is recorded."""
    targets = _first_meeting_targets(a)
    if not targets:
        return
    for item in Rectification.objects.filter(assessment=a, due_rule=""):
        if (item.kind, item.effect, item.to) in targets:
            item.due_rule = "meeting"
            item.save(update_fields=["due_rule"])
    settle_dues(a.township, str(Period.parse(a.period).next()), user)


# -- the agenda of the next quarter's first 例会 --------------------------------


@dataclass
class AgendaDraft:
    lines: list[str]
    follow_ups: list[Rectification]
    source: Assessment | None


def effective_assessment(township: Unit, period: str) -> Assessment | None:
    """The newest approved or published version of a quarter."""
    return (
        Assessment.objects.filter(
            township=township,
            period=period,
            campaign__isnull=True,  # the quarter's own, not a campaign's
            status__in=[Assessment.Status.APPROVED, Assessment.Status.PUBLISHED],
        )
        .order_by("-version")
        .first()
    )


def _who(item: Rectification, names: dict[str, str]) -> str:
    if item.to == "unit":
        return item.unit.name
    if item.to == "area":
        return names.get(item.area, item.area)
    role = target_label(item.to)
    return f"{item.unit.name}{role}{item.person or '（空缺）'}"


def draft_agenda(township: Unit, quarter: str) -> AgendaDraft:
    """The agenda of ``quarter``'s first 例会 from the quarter before: its results,
    who makes a 表态发言, whose 分析会 is due, and every follow-up still open."""
    before = str(Period.parse(quarter).previous())
    label = Period.parse(before).label_zh()
    a = effective_assessment(township, before)
    lines: list[str] = []
    if a is not None:
        units = a.results.get("units", [])
        top = [u["name"] for u in units if u.get("group") == "top"]
        bottom = [u["name"] for u in units if u.get("group") == "bottom"]
        line = f"通报{label}考评结果和讲评兑现情况"
        if top:
            line += f"，表扬{'、'.join(top)}"
        if bottom:
            line += f"，批评{'、'.join(bottom)}"
        lines.append(line)
    names = dict(
        Unit.objects.filter(township=township, level=Unit.Level.AREA).values_list("code", "name")
    )
    items = list(
        Rectification.objects.filter(township=township, period__lte=before)
        .exclude(state__in=[St.SUPERSEDED, St.VERIFIED])
        .select_related("unit")
        .order_by("period", "unit__code", "kind", "id")
    )
    of_quarter = [i for i in items if i.period == before]
    statements = [i for i in of_quarter if i.effect == "statement"]
    analyses = [i for i in of_quarter if i.effect == "analysis_meeting"]
    for s in statements:
        lines.append(f"{_who(s, names)}作表态发言")
    if analyses:
        due = max(i.due for i in analyses)
        lines.append(
            f"部署{'、'.join(i.unit.name for i in analyses)}召开分析会（{due:%Y-%m-%d}前）"
        )
    rest = [i for i in items if i not in statements and i not in analyses]
    for i in rest:
        lines.append(
            f"听取整改落实情况：{_who(i, names)}{i.kind}（{i.period}，期限{i.due:%Y-%m-%d}）"
        )
    return AgendaDraft(lines, statements + analyses + rest, a)


# -- the joint meeting's approval -----------------------------------------------


def _joint(pk: int, township: Unit) -> Meeting:
    m = Meeting.objects.select_for_update().filter(pk=pk, township=township).first()
    if m is None:
        raise Refused(_("会议记录不存在"))
    if m.kind != K.JOINT:
        raise Refused(_("只有党政联席会议可以审定考评"))
    return m


def _approvable(m: Meeting, township: Unit, assessment_pk: int) -> Assessment:
    if m.date > timezone.localdate():
        raise Refused(
            _("会议日期%(date)s在今天之后，会后才能登记审定") % {"date": f"{m.date:%Y-%m-%d}"}
        )
    a = Assessment.objects.filter(pk=assessment_pk, township=township).first()
    if a is None:
        raise Refused(_("考评不属于本乡镇"))
    return a


def _note(m: Meeting) -> str:
    return f"{m.date:%Y-%m-%d}党政联席会议审定"


def refuse_approval_at_meeting(
    m: Meeting, assessment_pk: int, user: Any, revision: int | None
) -> Assessment:
    """The assessment to approve at the joint meeting ``m``, or :class:`Refused` as
    :func:`approve_at_meeting` would refuse it (the meeting, its date, the township,
    then the assessment's own step: four eyes, status, revision): checked before the
    page asks, and again under the locks when it is answered."""
    if m.kind != K.JOINT:
        raise Refused(_("只有党政联席会议可以审定考评"))
    a = _approvable(m, m.township, assessment_pk)
    assessment_services.refuse_step(a, "approve", user, _note(m), revision)
    return a


@transaction.atomic
def approve_at_meeting(
    meeting_pk: int, township: Unit, assessment_pk: int, user: Any, revision: int | None
) -> MeetingApproval:
    """Approve a submitted assessment at a joint meeting: the assessment's own guarded
    approval (four eyes, revision, the reports it read) and the meeting's record of
    it, in one transaction: both or neither."""
    m = _joint(meeting_pk, township)
    a = _approvable(m, township, assessment_pk)
    a = assessment_services.transition(a.pk, "approve", user, _note(m), revision=revision)
    approval = MeetingApproval.objects.create(meeting=m, assessment=a, approved_by=user)
    MeetingEvent.objects.create(
        meeting=m, action=Ev.APPROVE, user=user, note=f"审定{a.period}考评第{a.version}版"
    )
    return approval


@transaction.atomic
def link_approval(
    meeting_pk: int, township: Unit, assessment_pk: int, user: Any
) -> MeetingApproval:
    """Record that an assessment approved with the plain button was approved at this
    joint meeting. Its approver is the one its audit names."""
    m = _joint(meeting_pk, township)
    a = Assessment.objects.select_for_update().filter(pk=assessment_pk, township=township).first()
    if a is None:
        raise Refused(_("考评不属于本乡镇"))
    if not a.frozen:
        raise Refused(
            _("%(period)s考评第%(version)s版尚未审定（当前状态：%(status)s）")
            % {"period": a.period, "version": a.version, "status": a.get_status_display()}
        )
    if MeetingApproval.objects.filter(assessment=a).exists():
        raise Refused(
            _("%(period)s考评第%(version)s版已关联审定会议")
            % {"period": a.period, "version": a.version}
        )
    event = a.events.filter(action="approve").order_by("-at", "-id").first()
    approval = MeetingApproval.objects.create(
        meeting=m, assessment=a, approved_by=event.user if event else None
    )
    MeetingEvent.objects.create(
        meeting=m, action=Ev.LINK, user=user, note=f"{a.period}考评第{a.version}版在本次会议审定"
    )
    return approval
