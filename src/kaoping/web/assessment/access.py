"""Who may do what with assessments (see docs/assessment.md, "Who may do what").

- township admin and assessor (镇办管理员, 镇办工作人员): upload rubrics, create,
  compute, enter manual deductions, submit to the joint meeting, publish an
  approved assessment, start a correction, import other sources;
- township leader (领导): read everything, approve or send back a submitted one;
- county leader: read everything of the county's townships;
- village reporter: nothing before approval; after approval their own village's
  page; after publication also the published ranking;
- a superuser: everything.

Anything a user may not read answers 404, as in the core app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from kaoping.web.core.access import unit_with_rights
from kaoping.web.core.models import Unit
from kaoping.web.core.permissions import (
    allows,
    grants,
    own_units,
    regions_above,
    townships_reached,
)

from .models import Assessment


@dataclass(frozen=True)
class Rights:
    read_all: bool = False  # every page of the township, every status
    prepare: bool = False  # rubrics, create, compute, manual, submit, sources
    approve: bool = False  # approve or return a submitted assessment
    publish: bool = False  # publish an approved one, start a correction
    own_units: frozenset[int] = frozenset()  # a reporter's villages

    @property
    def any(self) -> bool:
        return self.read_all or bool(self.own_units)


def rights(user: Any, township: Unit, regions: frozenset[int] | None = None) -> Rights:
    """The user's rights on a township's assessments, from the permission table
    (``regions``: as :func:`grants` takes them)."""
    if not user.is_authenticated:
        return Rights()
    if user.is_superuser:
        return Rights(True, True, True, True)
    granted = grants(user, township, regions=regions)
    return Rights(
        read_all=allows("assessment.read", granted),
        prepare=allows("assessment.prepare", granted),
        approve=allows("assessment.approve", granted),
        publish=allows("assessment.publish", granted),
        own_units=own_units(user, "assessment.own", township),
    )


def townships_for(user: Any) -> list[Unit]:
    """The townships whose assessments the user may open in some way."""
    townships = Unit.objects.filter(level=Unit.Level.TOWNSHIP).select_related("parent__parent")
    if user.is_authenticated and user.is_superuser:
        return list(townships)
    return [
        t
        for t in townships.filter(pk__in=townships_reached(user))
        if rights(user, t, regions=regions_above(t.parent)).any
    ]


def get_township_for_user(user: Any, code: str) -> tuple[Unit, Rights]:
    return unit_with_rights(code, Unit.Level.TOWNSHIP, lambda t: rights(user, t))


def may_see_ranking(r: Rights, assessment: Assessment) -> bool:
    return r.read_all or assessment.status == Assessment.Status.PUBLISHED


def may_see_unit(r: Rights, assessment: Assessment, unit: Unit) -> bool:
    if r.read_all:
        return True
    return unit.pk in r.own_units and assessment.frozen


def get_assessment_for_user(user: Any, pk: int) -> tuple[Assessment, Rights]:
    """The assessment and the user's rights on it; 404 when the user may see
    neither its ranking nor any of its units."""
    assessment = Assessment.objects.filter(pk=pk).select_related("township", "rubric").first()
    if assessment is None:
        raise Http404
    r = rights(user, assessment.township)
    if not (r.read_all or (r.own_units and assessment.frozen)):
        raise Http404
    return assessment, r
