"""The dispatch's 限期赶上 on the township's follow-up list (整改落实), beside the
assessments' and inspections' items (core.followup_sources): addressed to the work
area, answered for by its work group's 组长, due ``catch_up_days`` after the
dispatch meeting, overdue by the one rule once the due date has passed and the
area has not caught up, and escalated by the follow-ups' ladder while it stays so
(the area itself, then its 片长, then the township's leader: an area has no
包村干部, so that level is skipped and the step says so). Closed on the dispatch
board (已赶上), not on the list. The daily pass of notices tells the 组长 (by the
account they report with) 3 and 1 days before the due date and 1 and 7 days
after it while not caught up (notify.services, a core.followup_sources notice
source), and once as it is opened (:func:`announce`), each under the catch-up's
own event kinds (限期赶上下达 / 即将到期 / 逾期)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kaoping.web.core import followup_sources
from kaoping.web.core.followup_sources import DueNotice, Ladder, OtherFollowUp

from .models import CatchUp, WorkGroupMember
from .services import group_leaders

#: A township's campaigns run a few dozen days with a few areas each.
MAX_ITEMS = 2000


def township_catch_ups(township: Any, today: date) -> list[OtherFollowUp]:
    items = list(
        CatchUp.objects.filter(campaign__township=township)
        .select_related("campaign", "area")
        .prefetch_related("escalations")
        .order_by("due", "area__code", "id")[:MAX_ITEMS]
    )
    leaders: dict[tuple[int, int], str] = {}
    for campaign in {i.campaign_id for i in items}:
        areas = [i.area_id for i in items if i.campaign_id == campaign]
        for area, name in group_leaders(campaign, areas).items():
            leaders[(campaign, area)] = name
    out = []
    for i in items:
        is_open = i.state == CatchUp.State.OPEN
        out.append(
            OtherFollowUp(
                key=f"catch-up-{i.pk}",
                period=f"{i.day.year}Q{(i.day.month - 1) // 3 + 1}",
                area=i.area.code,
                unit=i.area.name,
                who=leaders.get((i.campaign_id, i.area_id), ""),
                kind=_("限期赶上"),
                origin=_("%(campaign)s %(day)s 调度会")
                % {"campaign": i.campaign.title, "day": i.day.isoformat()},
                due=i.due,
                closed=not is_open,
                state=str(i.get_state_display()),
                note=i.closed_note or i.reason,
                url=_area_path(i),
                overdue=i.overdue_on(today),
                escalations=tuple(i.escalations.all()),
            )
        )
    return out


def _area_path(i: CatchUp) -> str:
    return reverse("dispatch:area", args=[i.campaign_id, i.area.code]) + f"?day={i.day.isoformat()}"


def due_catch_ups(days: list[date]) -> list[DueNotice]:
    """Every township's 限期赶上 not yet caught up and due on one of ``days``, told to
    its area's 组长 by the account they report with (none without one): two
    statements however many there are."""
    items = list(
        CatchUp.objects.filter(due__in=days, state__in=CatchUp.OPEN_STATES)
        .select_related("campaign", "area", "area__township")
        .order_by("id")[:MAX_ITEMS]
    )
    if not items:
        return []
    told: dict[tuple[int, int], list[int]] = {}
    for campaign, area, user in WorkGroupMember.objects.filter(
        group__campaign_id__in={i.campaign_id for i in items},
        group__area_id__in={i.area_id for i in items},
        is_leader=True,
        user__isnull=False,
    ).values_list("group__campaign_id", "group__area_id", "user_id"):
        told.setdefault((campaign, area), []).append(user)
    return [_notice(i, told.get((i.campaign_id, i.area_id), ())) for i in items]


def _notice(i: CatchUp, users: Any) -> DueNotice:
    return DueNotice(
        key=f"catch-up-{i.pk}",
        unit=i.area,
        users=tuple(users),
        kind=_("限期赶上"),
        origin=_("%(campaign)s %(day)s 调度会")
        % {"campaign": i.campaign.title, "day": i.day.isoformat()},
        due=i.due,
        path=_area_path(i),
        family="catch_up",
        reason=i.reason,
    )


def announce(sender: Any, instance: CatchUp, created: bool, raw: bool = False, **kw: Any) -> None:
    """A 限期赶上 just opened (a post_save receiver, inside the meeting's
    transaction) is told to its area's 组长 as it is given. Rows written with
    bulk_create (the demo's history) send no signal and tell nobody."""
    if not created or raw:
        return
    leaders = WorkGroupMember.objects.filter(
        group__campaign_id=instance.campaign_id,
        group__area_id=instance.area_id,
        is_leader=True,
        user__isnull=False,
    ).values_list("user_id", flat=True)
    # The notices' language whoever held the meeting (their sentences are Chinese).
    with translation.override(settings.LANGUAGE_CODE):
        notice = _notice(instance, sorted(leaders))
    followup_sources.issued(notice)


def _place(item: CatchUp) -> tuple[Any, str, str | None]:
    # The area is the item's unit and its own area: its 片长 is who it goes to.
    return item.campaign.township, item.area.code, item.area.code


LADDER = Ladder(
    link="catch_up",
    items=lambda: CatchUp.objects.select_related("campaign__township", "area"),
    state_field="state",
    open_states=tuple(CatchUp.OPEN_STATES),
    place=_place,
)
