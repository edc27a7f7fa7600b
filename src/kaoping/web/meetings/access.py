"""Who may see and do what with meetings (docs/meetings.md, "Who may do what").

- township admin (镇办管理员): records and edits the township's meetings, links an
  approval made with the plain button to its joint meeting;
- leader (领导): reads; approves a submitted assessment at a joint meeting;
- assessor and county leader: read;
- village reporter: only the 分析会 held for their own village (a township-wide
  meeting discusses every village and the leaders' decisions, so it stays staff's);
- anyone else: nothing (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from kaoping.web.assessment.access import rights
from kaoping.web.core.access import unit_with_rights
from kaoping.web.core.models import Unit
from kaoping.web.core.permissions import holds

from .models import Meeting


@dataclass(frozen=True)
class MeetingRights:
    read_all: bool = False
    write: bool = False
    approve: bool = False
    own_units: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return self.read_all or bool(self.own_units)


def meeting_rights(user: Any, township: Unit) -> MeetingRights:
    r = rights(user, township)
    write = user.is_authenticated and holds(user, "meeting.write", township)
    return MeetingRights(r.read_all, write, r.approve, r.own_units)


def visible(qs: QuerySet[Meeting], r: MeetingRights) -> QuerySet[Meeting]:
    if r.read_all:
        return qs
    return qs.filter(kind=Meeting.Kind.ANALYSIS, units__in=r.own_units).distinct()


def may_see(r: MeetingRights, m: Meeting) -> bool:
    if r.read_all:
        return True
    return m.kind == Meeting.Kind.ANALYSIS and m.units.filter(pk__in=r.own_units).exists()


def township_for(user: Any, code: str) -> tuple[Unit, MeetingRights]:
    return unit_with_rights(code, Unit.Level.TOWNSHIP, lambda t: meeting_rights(user, t))


def meeting_for(user: Any, pk: int) -> tuple[Meeting, MeetingRights]:
    m = Meeting.objects.filter(pk=pk).select_related("township").first()
    if m is None:
        raise Http404
    r = meeting_rights(user, m.township)
    if not may_see(r, m):
        raise Http404
    return m, r
