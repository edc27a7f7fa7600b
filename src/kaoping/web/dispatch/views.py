"""The dispatch pages: a campaign's board of the day, an area's page (its report
form, its work group, its villages), the work-group form, a person's groups, and
the bulletin as Word."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from kaoping.documents import Heading1, TableBlock, Title, text_of
from kaoping.documents import render as render_docx
from kaoping.web.assessment.refusals import Refused
from kaoping.web.core.asking import ask_first, confirmed
from kaoping.web.core.models import Person, Unit
from kaoping.web.meetings.access import meeting_rights
from kaoping.web.planning.models import Campaign

from . import services as sv
from .access import area_for, campaign_for, is_staff_of, manages
from .forms import GroupForm, ReportForm, SettingsForm
from .models import AreaReport, CatchUp, DispatchEvent, WorkGroup

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BadDay(Exception):
    pass


def _day(request: HttpRequest, c: Campaign, name: str = "day") -> date:
    """``?day=`` (or the posted one), else today kept within the campaign's dates."""
    raw = (request.POST.get(name) or request.GET.get(name) or "").strip()[:20]
    if not raw:
        return min(max(timezone.localdate(), c.start), c.end)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadDay(
            _("日期“%(v)s”格式不正确，应为2026-05-01这样的年-月-日") % {"v": raw}
        ) from None


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "dispatch/refused.html", {"message": message}, status=400)


def _board_url(c: Campaign, day: date) -> str:
    return f"{reverse('dispatch:board', args=[c.pk])}?day={day:%Y-%m-%d}"


@login_required
def dispatch_board(request: HttpRequest, pk: int) -> HttpResponse:
    c = campaign_for(request.user, pk)
    try:
        day = _day(request, c)
    except BadDay as e:
        return _refused(request, str(e))
    b = sv.board(c, day)
    blocks = sv.bulletin_blocks(b, b.bulletin.number if b.bulletin else None)
    can = manages(request.user, c.township)
    can_meet = can and meeting_rights(request.user, c.township).write
    return render(
        request,
        "dispatch/board.html",
        {
            "c": c,
            "township": c.township,
            "b": b,
            "day": day,
            "rows": [_area_row(r) for r in b.rows],
            "town_expected": sv.one(b.town.progress.expected),
            "outside": _figures(b.outside.progress) if b.outside else None,
            "bulletin": _parts(blocks),
            "issue_question": issue_question(b) if can and b.bulletin is None else "",
            "can_edit": can,
            "can_meet": can_meet,
            "meeting_question": meeting_question(b) if can_meet else "",
            "settings_form": SettingsForm(instance=b.settings) if can else None,
            "catch_ups": CatchUp.objects.filter(campaign=c)
            .select_related("area")
            .prefetch_related("escalations")[:200],
            "today": timezone.localdate(),
            "events": DispatchEvent.objects.filter(campaign=c).select_related("user")[:20],
            "bulletins": c.bulletins.all()[:60],
        },
    )


@login_required
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    c = campaign_for(request.user, pk)
    try:
        day = _day(request, c)
    except BadDay as e:
        return _refused(request, str(e))
    b = sv.board(c, day)
    number = b.bulletin.number if b.bulletin else None
    data = render_docx(sv.bulletin_blocks(b, number)).to_bytes()
    response = HttpResponse(data, content_type=DOCX)
    issue = f"第{number}期" if number else "未印发"
    name = quote(f"调度通报-{c.title}-{issue}-{day:%Y-%m-%d}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
@require_POST
def dispatch_settings(request: HttpRequest, pk: int) -> HttpResponse:
    c = campaign_for(request.user, pk, write=True)
    form = SettingsForm(request.POST, instance=sv.settings_of(c))
    if not form.is_valid():
        problems = [
            _("%(field)s：%(error)s") % {"field": form.fields[f].label, "error": e}
            for f, errs in form.errors.items()
            for e in errs
        ]
        return _refused(request, pgettext("sentence separator", "；").join(problems))
    sv.save_settings(c, form.cleaned_data, request.user)
    messages.success(request, _("已保存调度设置"))
    return redirect("dispatch:board", pk=c.pk)


def issue_question(b: sv.Board) -> str:
    """What issuing the day's bulletin publishes, to whom, and with which areas
    named: asked by the board's dialog and, without scripts, by the server's page
    alike. (Issuing a day already issued changes nothing and is not asked.)"""
    late = [r for r in b.rows if r.report is not None and r.report.late]
    return _(
        "印发后，%(campaign)s%(day)s的调度通报编为第%(n)s期，发给各片区、各工作组和各村（居）："
        "通报%(areas)s个片区的进度，其中未报%(missing)s个、逾期报送%(late)s个、"
        "落后进度限期赶上%(lagging)s个。期号印发后不能收回，确定印发吗？"
    ) % {
        "campaign": b.campaign.title,
        "day": f"{b.day:%Y-%m-%d}",
        "n": sv.next_number(b.campaign),
        "areas": len(b.rows),
        "missing": len(b.missing),
        "late": len(late),
        "lagging": len(b.laggards),
    }


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    c = campaign_for(request.user, pk, write=True)
    try:
        day = _day(request, c)
        if not confirmed(request):
            sv.check_day(c, day)  # refused before being asked
            board = sv.board(c, day)
            if board.bulletin is None:
                return ask_first(
                    request,
                    title=_("确定印发"),
                    question=issue_question(board),
                    button=_("确定印发"),
                    back=_board_url(c, day),
                )
        b = sv.issue_bulletin(c, day, request.user)
    except (BadDay, Refused) as e:
        return _refused(request, getattr(e, "message", str(e)))
    messages.success(request, _("已印发第%(n)s期调度通报") % {"n": b.number})
    return redirect(_board_url(c, day))


def meeting_question(b: sv.Board) -> str:
    """What recording the day's dispatch meeting does (sv.hold_meeting): the bulletin
    it issues with its number (or the one issued), the meeting record it makes or
    writes again, the reports it attaches and the 限期赶上 items it opens, by name and
    due day. Asked by the board's dialog and, without scripts, by the server's page."""
    reported = sum(1 for r in b.rows if r.report is not None)
    figures = {
        "campaign": b.campaign.title,
        "day": f"{b.day:%Y-%m-%d}",
        "reported": reported,
        "areas": len(b.rows),
    }
    if b.bulletin is None:
        record = _(
            "登记后，%(campaign)s%(day)s的调度通报印发为第%(n)s期（期号印发后不能收回），"
            "并建立当日调度会记录，附上%(reported)s个片区（共%(areas)s个）的当日报送。"
        ) % {**figures, "n": sv.next_number(b.campaign)}
    elif b.bulletin.meeting_id is None:
        record = _(
            "登记后，建立%(campaign)s%(day)s的调度会记录（第%(n)s期调度通报），"
            "附上%(reported)s个片区（共%(areas)s个）的当日报送。"
        ) % {**figures, "n": b.bulletin.number}
    else:
        record = _(
            "再次登记后，%(campaign)s%(day)s的调度会记录（第%(n)s期调度通报）按各片区现在的报送"
            "重写议题和决定，附上%(reported)s个片区（共%(areas)s个）的当日报送。"
        ) % {**figures, "n": b.bulletin.number}
    opened = set(
        CatchUp.objects.filter(campaign=b.campaign, day=b.day).values_list("area_id", flat=True)
    )
    new = [r.area.name for r in b.laggards if r.area.pk not in opened]
    if new:
        due = b.day + timedelta(days=b.settings.catch_up_days)
        catch_up = _(
            "落后进度的%(count)s个片区（%(names)s）各开一项限期赶上事项，限%(due)s前赶上。"
        ) % {
            "count": len(new),
            "names": pgettext("list separator", "、").join(new),
            "due": f"{due:%Y-%m-%d}",
        }
    else:
        catch_up = _("不新开限期赶上事项。")
    return _("%(record)s%(catch_up)s确定登记吗？") % {"record": record, "catch_up": catch_up}


@login_required
@require_POST
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    c = campaign_for(request.user, pk, write=True)
    # A meeting record is the township admin's to write (docs/meetings.md).
    if not meeting_rights(request.user, c.township).write:
        raise PermissionDenied  # refused before being asked
    try:
        day = _day(request, c)
        if not confirmed(request):
            sv.check_day(c, day)  # refused before being asked
            return ask_first(
                request,
                title=_("确定登记"),
                question=meeting_question(sv.board(c, day)),
                button=_("确定登记"),
                back=_board_url(c, day),
            )
        m = sv.hold_meeting(c, day, request.user)
    except (BadDay, Refused) as e:
        return _refused(request, getattr(e, "message", str(e)))
    messages.success(request, _("已登记调度会，各片区当日报送已附会议记录"))
    return redirect("meetings:detail", pk=m.pk)


@login_required
@require_POST
def catch_up_done(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    c = campaign_for(request.user, pk, write=True)
    note = request.POST.get("note", "")[:200]
    try:
        done = sv.close_catch_up(c, item, note, request.user)
    except Refused as e:
        return _refused(request, e.message)
    messages.success(request, _("%(a)s已赶上进度") % {"a": done.area.name})
    return redirect(_board_url(c, done.day))


@login_required
@require_http_methods(["GET", "POST"])
def area_page(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """An area's page of the campaign: progress, work group, villages and, for its
    reporters, the day's report form."""
    c, area, may_report = area_for(request.user, pk, code, write=request.method == "POST")
    try:
        day = _day(request, c)
    except BadDay as e:
        return _refused(request, str(e))
    villages = sv.area_villages(c, area)
    form = None
    if may_report:
        form = ReportForm(
            request.POST or None,
            campaign=c,
            villages=villages,
            initial=_initial(c, area, day, villages),
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            sv.save_report(
                c, area, form.cleaned_data["day"], form.counts(), form.cleaned_data["note"],
                request.user,
            )  # fmt: skip
        except Refused as e:
            form.add_error("day", e.message)
        else:
            messages.success(request, _("已报送%(a)s当日情况") % {"a": area.name})
            url = reverse("dispatch:area", args=[c.pk, area.code])
            return redirect(f"{url}?day={form.cleaned_data['day']:%Y-%m-%d}")
    b = sv.board(c, day)
    row = next((r for r in b.rows if r.area.pk == area.pk), None)
    village_rows = _village_rows(c, day, villages)
    return render(
        request,
        "dispatch/area.html",
        {
            "c": c,
            "area": area,
            "day": day,
            "b": b,
            "row": row,
            "rate": sv.pct(row.p.rate) if row else "",
            "expected": sv.one(row.p.expected) if row else "",
            "form": form,
            "villages": village_rows,
            "group": WorkGroup.objects.filter(campaign=c, area=area)
            .prefetch_related("members__person__unit")
            .first(),
            "reports": AreaReport.objects.filter(campaign=c, area=area).order_by("-day")[:60],
            "catch_ups": CatchUp.objects.filter(campaign=c, area=area).prefetch_related(
                "escalations"
            )[:60],
            "today": timezone.localdate(),
            "staff": is_staff_of(request.user, c.township),
            "can_edit": manages(request.user, c.township),
            **_area_consequences(c, area),
        },
        status=400 if request.method == "POST" else 200,
    )


def _area_consequences(c: Campaign, area: Unit) -> dict[str, Any]:
    """The consequences the campaign's assessment (its version that counts) gives
    the area itself or its chiefs (to: area, area_chief, area_deputy)."""
    from kaoping.web.assessment.models import Assessment, LedgerEntry
    from kaoping.web.assessment.services import target_label

    a = (
        Assessment.objects.filter(campaign=c, status__in=["approved", "published"])
        .order_by("-version")
        .first()
    )
    if a is None:
        return {}
    entries = list(LedgerEntry.objects.filter(assessment=a, area=area).select_related("unit"))
    for e in entries:
        e.to_label = target_label(e.to)  # type: ignore[attr-defined]
    return {"assessment": a, "area_ledger": entries}


def _parts(blocks: list[Any]) -> list[dict[str, Any]]:
    """The bulletin's blocks as the page shows them: the same sentences as the
    Word file, its annexed table as a table."""
    out: list[dict[str, Any]] = []
    for blk in blocks:
        if isinstance(blk, TableBlock):
            out.append({"kind": "table", "headers": blk.headers, "rows": blk.rows})
        elif isinstance(blk, Title | Heading1):
            out.append({"kind": "heading", "text": blk.text})
        else:
            out.extend({"kind": "para", "text": t} for t in text_of([blk]))
    return out


def _figures(p: Any) -> dict[str, Any]:
    return {
        "allocated": p.allocated,
        "done": p.done,
        "rate": sv.pct(p.rate),
        "expected": sv.one(p.expected),
        "gap": sv.one(p.gap),
    }


def _area_row(r: sv.AreaRow) -> dict[str, Any]:
    leader = ""
    if r.group is not None:
        leader = next((m.person.name for m in r.group.members.all() if m.is_leader), "")
    status = "missing" if r.report is None else "late" if r.report.late else "on-time"
    return {
        **_figures(r.p),
        "area": r.area,
        "rank": r.progress.rank,
        "today": r.report.done if r.report else "—",
        "status": status,
        "status_zh": r.status_zh,
        "lagging": r.progress.lagging,
        "leader": leader,
    }


def _initial(c: Campaign, area: Any, day: date, villages: list[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {"day": day}
    entries = {e.unit_id: e.count for e in c.entries.filter(day=day, unit__in=villages)}
    for v in villages:
        if v.pk in entries:
            initial[f"u_{v.code}"] = entries[v.pk]
    report = AreaReport.objects.filter(campaign=c, area=area, day=day).first()
    if report is not None:
        initial["note"] = report.note
    return initial


def _village_rows(c: Campaign, day: date, villages: list[Any]) -> list[dict[str, Any]]:
    from kaoping.engine import allocation_progress, rank_progress

    shares = {s.unit_id: s.allocated for s in c.allocation.shares.filter(unit__in=villages)}
    done: dict[str, int] = {}
    today: dict[int, int] = {}
    for e in c.entries.filter(day__lte=day, unit__in=villages).select_related("unit"):
        done[e.unit.code] = done.get(e.unit.code, 0) + e.count
        if e.day == day:
            today[e.unit_id] = e.count
    by_code = {v.code: v for v in villages}
    progress = rank_progress(
        allocation_progress(
            {v.code: shares.get(v.pk, 0) for v in villages}, done, c.start, c.end, day
        )
    )
    return [
        {
            "unit": by_code[p.unit],
            "p": p,
            "rate": sv.pct(p.rate),
            "expected": sv.one(p.expected),
            "gap": sv.one(p.gap),
            "today": today.get(by_code[p.unit].pk, "—"),
        }
        for p in progress
    ]


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    c = campaign_for(request.user, pk, write=True)
    c, area, _may = area_for(request.user, pk, code, write=True)
    group = WorkGroup.objects.filter(campaign=c, area=area).prefetch_related("members").first()
    initial: dict[str, Any] = {"name": f"{area.name}工作组"}
    if group is not None:
        members = list(group.members.select_related("person", "user"))
        leader = next((m for m in members if m.is_leader), None)
        initial = {
            "name": group.name,
            "leader": leader.person_id if leader else None,
            "members": [m.person_id for m in members if not m.is_leader],
            "accounts": "\n".join(
                f"{m.person.name} {m.user.get_username()}" for m in members if m.user
            ),
        }
    form = GroupForm(request.POST or None, campaign=c, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            sv.save_group(
                c, area, d["name"], d["leader"], list(d["members"]), d["account_map"], request.user
            )
        except Refused as e:
            form.add_error("leader", e.message)
        else:
            messages.success(request, _("已保存%(a)s工作组") % {"a": area.name})
            return redirect("dispatch:area", pk=c.pk, code=area.code)
    return render(
        request,
        "dispatch/group_form.html",
        {"c": c, "area": area, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The work groups a person of the township serves in, campaign by campaign."""
    person = Person.objects.filter(pk=pk).select_related("unit").first()
    if person is None or person.unit.township is None:
        raise Http404
    if not is_staff_of(request.user, person.unit.township):
        raise Http404
    return render(
        request,
        "dispatch/person.html",
        {"person": person, "memberships": sv.groups_of_person(person)},
    )
