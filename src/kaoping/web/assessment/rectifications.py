"""Follow-ups an approved assessment asks for (整改, 表态发言, 分析会; RUBRIC.md
§5.1), from opening to the township's verification.

They open when the joint meeting approves the assessment, in the approval's
transaction: approval is when the results freeze and the consequences become
binding (publication only announces them, and a village already sees its own
page once approved). Every later step re-checks the state in the UPDATE that
writes it, so a double click or two staff at once move an item once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from kaoping.engine import role_label
from kaoping.web.core import followup_sources
from kaoping.web.core.models import Unit
from kaoping.web.core.overdue import overdue_q

from .models import Assessment, Rectification, RectificationEvent
from .refusals import Refused

St = Rectification.State
Ev = RectificationEvent.Action

# action: (states it may start from, state it ends in)
MOVES: dict[str, tuple[tuple[str, ...], str]] = {
    "report": ((St.OPEN,), St.REPORTED),
    "verify": ((St.REPORTED,), St.VERIFIED),
    "reopen": ((St.REPORTED,), St.OPEN),
}

_REFUSED = {
    "report": "只有待整改的事项可以报告完成",
    "verify": "只有已报告完成的事项可以验收",
    "reopen": "只有已报告完成的事项可以退回重新整改",
}


# Sent in the approval's transaction once its follow-ups are open (args: assessment,
# user); a receiver that raises rolls the approval back. The meetings app dates the
# follow-ups due at the next quarter's first 例会 (meetings/apps.py): a signal, not an
# import, because the meetings app reads assessments and follow-ups.
follow_ups_opened = Signal()


def _refused(message: str) -> Exception:
    return Refused(message)


def _key(unit_pk: int, kind: str, to: str, person: str) -> tuple[int, str, str, str]:
    return (unit_pk, kind, to, person)


def asked_for(a: Assessment) -> dict[tuple[int, str, str, str], dict[str, Any]]:
    """The follow-up items the computed assessment ``a`` asks for, by unit, kind,
    target and person: what approving it opens (:func:`open_for`) and what the
    question before approving counts."""
    units = {u.code: u for u in Unit.objects.filter(township=a.township)}
    wanted: dict[tuple[int, str, str, str], dict[str, Any]] = {}
    for u in a.results.get("units", []):
        unit = units.get(u["unit"])
        if unit is None:
            continue
        for act in u.get("actions", []):
            if act.get("effect") not in Rectification.EFFECTS or not act.get("due"):
                continue
            person = act.get("person") or ""
            wanted[_key(unit.pk, act["kind"], act["to"], person)] = {
                "unit": unit,
                "area": u.get("area") or "",
                "effect": act["effect"],
                "due": date.fromisoformat(act["due"]),
            }
    return wanted


def open_for(a: Assessment, user: Any) -> None:
    """Open (or carry onto this version) one item per follow-up action of the
    approved assessment ``a``. Called inside the approval's transaction.

    Items of the quarter asked again by this version move onto it (due date
    and version updated, state kept); items this version no longer asks for
    and not yet verified are withdrawn (superseded), with the reason recorded.
    """
    wanted = asked_for(a)
    existing = {
        _key(r.unit_id, r.kind, r.to, r.person): r
        # A campaign's assessment asks for its own items; the quarterly one's and
        # an inspection's are not its to carry or withdraw.
        for r in Rectification.objects.select_for_update().filter(
            township=a.township, period=a.period, campaign=a.campaign, inspection=None
        )
    }
    for key, w in wanted.items():
        item = existing.get(key)
        if item is None:
            item = Rectification.objects.create(
                township=a.township,
                period=a.period,
                assessment=a,
                campaign_id=a.campaign_id,
                version=a.version,
                unit=w["unit"],
                area=w["area"],
                effect=w["effect"],
                kind=key[1],
                to=key[2],
                person=key[3],
                due=w["due"],
            )
            RectificationEvent.objects.create(
                rectification=item, action=Ev.OPEN, user=user, note=f"第{a.version}版审定"
            )
            continue
        if item.assessment_id == a.pk:
            continue
        note = f"第{item.version}版 → 第{a.version}版"
        if item.due != w["due"]:
            note += f"，期限 {item.due.isoformat()} → {w['due'].isoformat()}"
        if item.state == St.SUPERSEDED:
            item.state = St.OPEN
        item.assessment, item.version, item.due = a, a.version, w["due"]
        item.area, item.effect = w["area"], w["effect"]
        item.save(update_fields=["assessment", "version", "due", "area", "effect", "state"])
        RectificationEvent.objects.create(rectification=item, action=Ev.CARRY, user=user, note=note)
    for key, item in existing.items():
        if key in wanted or item.state not in (St.OPEN, St.REPORTED):
            continue
        item.state = St.SUPERSEDED
        item.save(update_fields=["state"])
        RectificationEvent.objects.create(
            rectification=item,
            action=Ev.SUPERSEDE,
            user=user,
            note=f"第{a.version}版不再要求此项",
        )
    # Due dates that wait for the next quarter's first 例会 (RUBRIC.md §5.1 ``at``):
    # the meetings app's, which answers in this transaction (meetings/apps.py).
    follow_ups_opened.send(sender=Assessment, assessment=a, user=user)


def _written(action: str) -> None:
    """Called after a move's conditional UPDATE, before its transaction ends
    (a test holds a thread here to force two moves to interleave)."""


def move(
    pk: int, action: str, user: Any, note: str = "", attachment: UploadedFile | None = None
) -> Rectification:
    """Move item ``pk`` by ``action`` if it is still in a state that allows it."""
    sources, target = MOVES[action]
    note = note.strip()
    if action == "reopen" and not note:
        raise _refused("退回重新整改时请写明原因")
    if action == "report" and not note:
        raise _refused("报告完成时请写明整改落实情况")
    saved: str | None = None
    try:
        with transaction.atomic():
            fields: dict[str, Any] = {"state": target}
            if action == "report":
                fields["note"] = note
            changed = Rectification.objects.filter(pk=pk, state__in=sources).update(**fields)
            item = Rectification.objects.select_related("unit").get(pk=pk)
            if not changed:
                raise _refused(f"{_REFUSED[action]}（当前状态：{item.get_state_display()}）")
            _written(action)
            event_note = note
            if action == "report" and attachment is not None:
                saved = default_storage.save(
                    f"rectifications/{timezone.now():%Y}/{attachment.name}", attachment
                )
                item.attachment.name = saved
                item.save(update_fields=["attachment"])
                event_note += f"（附件：{attachment.name}）"
            RectificationEvent.objects.create(
                rectification=item, action=action, user=user, note=event_note
            )
    except Exception:
        # Nothing half-saved: a file stored for a move that did not happen goes too.
        if saved is not None:
            default_storage.delete(saved)
        raise
    return item


def overdue_filter(today: date) -> Q:
    """Overdue is derived, never stored: due date passed and not yet verified."""
    return overdue_q(today, Rectification.OPEN_STATES)


def quarter_counts(
    township: Unit, periods: list[str], today: date, year: int | None = None
) -> dict[str, dict[str, int]]:
    """Per quarter: items opened (withdrawn ones too, as the list shows them),
    reported, verified, still open (待整改) and overdue, counted by the database.

    Other apps' follow-ups (core.followup_sources: the dispatch's 限期赶上) count in
    the quarter they were given in (the dispatch meeting's day), as the list files
    them under its filters: 待整改 while open, 已验收 once closed, overdue by the
    one rule. With ``year``, a quarter of that year that holds only such items
    (no approved assessment yet) is counted too."""
    rows = (
        # The quarterly assessment's own items: a campaign's and an inspection's
        # follow-ups are listed with them, not counted as the quarter's.
        Rectification.objects.filter(
            township=township, period__in=periods, campaign=None, inspection=None
        )
        .values("period")
        .annotate(
            opened=Count("id"),
            reported=Count("id", filter=Q(state=St.REPORTED)),
            verified=Count("id", filter=Q(state=St.VERIFIED)),
            open=Count("id", filter=Q(state=St.OPEN)),
            overdue=Count("id", filter=overdue_filter(today)),
        )
    )
    zero = {"opened": 0, "reported": 0, "verified": 0, "open": 0, "overdue": 0}
    found: dict[str, dict[str, int]] = {}
    for r in rows:
        row: dict[str, Any] = dict(r)
        found[row["period"]] = {k: row[k] for k in zero}
    others = followup_sources.for_township(township, today)
    quarters = set(periods)
    if year is not None:
        quarters |= {o.period for o in others if o.period.startswith(f"{year}Q")}
    out = {p: found.get(p, dict(zero)) for p in sorted(quarters)}
    for o in others:
        counts = out.get(o.period)
        if counts is None:
            continue
        counts["opened"] += 1
        counts["verified" if o.closed else "open"] += 1
        counts["overdue"] += int(o.overdue)
    return out


def who_answers(items: list[Rectification], *, page: bool = False) -> list[str]:
    """Who answers for each item, as the list and the bulletin say it: the unit,
    the work area, or the role and the person (空缺 when nobody held it).
    ``page``: the role in the page's language; a document keeps it Chinese."""
    from kaoping.web.core.labels import role_text

    area_names = dict(
        Unit.objects.filter(
            code__in={i.area for i in items if i.to == "area"}, level=Unit.Level.AREA
        ).values_list("code", "name")
    )
    out = []
    for item in items:
        who = role_text(item.to) if page else role_label(item.to)
        if item.to == "unit":
            who = item.unit.name
        elif item.to == "area":
            # The work area itself answers (RUBRIC.md §5.1, ``to: area``).
            who = area_names.get(item.area) or item.area or str(_("片区"))
        elif item.person:
            who = f"{who} {item.person}"
        else:
            who = f"{who}（{_('空缺')}）"
        out.append(who)
    return out
