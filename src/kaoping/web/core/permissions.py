"""The one permission table of the web app: each action → which roles, at which scope.

A role is held on a unit (Membership). Whether it reaches the unit an action is
about depends on where it is held, the *scope*:

- ``UNIT``: on that very unit (a village reporter on their own village);
- ``TOWNSHIP``: on the township the unit belongs to (the township itself included);
- ``COUNTY``: on the county above that township, or on the county itself;
- ``REGION``: on a city (市) or province (省) above the unit's county, or on the
  city or province itself (a province's roles reach its cities' counties too).

A superuser holds every action. Every app's views ask through
:func:`holds` (or the thin helpers built on it: ``core.access``,
``assessment.access``, ``planning.access``, ``meetings.access``, ``jobs.access``),
and :data:`VIEWS` names, for every URL of the URLconf, the actions its view asks
for; ``tests/web/test_permission_table.py`` walks the URLconf and fails on a view
that is in neither :data:`VIEWS` nor :data:`OPEN`. The table is enforced at the
door too: the request gate (:mod:`.gate`) refuses, before the view runs, whoever
holds none of a view's actions nor its app's reading (:data:`APP_READS`) on any
unit (:func:`reach`).

Anything a user may not read answers 404 (its existence does not leak); readable
but not allowed answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.db.models import Q

from .models import Membership, Unit

R = Membership.Role


class Scope(Enum):
    UNIT = "unit"
    TOWNSHIP = "township"
    COUNTY = "county"
    REGION = "region"


@dataclass(frozen=True)
class Rule:
    """Who holds an action: the roles that reach it from each scope."""

    label: str
    unit: frozenset[str] = frozenset()
    township: frozenset[str] = frozenset()
    county: frozenset[str] = frozenset()
    region: frozenset[str] = frozenset()

    def roles(self, scope: Scope) -> frozenset[str]:
        return {
            Scope.UNIT: self.unit,
            Scope.TOWNSHIP: self.township,
            Scope.COUNTY: self.county,
            Scope.REGION: self.region,
        }[scope]


def _r(*roles: str) -> frozenset[str]:
    return frozenset(roles)


STAFF = _r(R.ADMIN, R.ASSESSOR, R.LEADER)
PREPARERS = _r(R.ADMIN, R.ASSESSOR)
COUNTY_READERS = _r(R.LEADER, R.ADMIN)
# A city's or a province's roles mirror the county's: its admin and its leader read
# everything under it (its admin manages accounts, its leader records inspections).
REGION_READERS = _r(R.LEADER, R.ADMIN)
#: The levels whose roles reach from the region scope.
REGION_LEVELS = (Unit.Level.CITY, Unit.Level.PROVINCE)

# The table. Labels are for people reading docs/web.md and the tests' messages.
PERMISSIONS: dict[str, Rule] = {
    # Core: units, reports, data sets, people.
    "unit.read": Rule(
        "read a unit, its figures and its reports",
        unit=_r(R.REPORTER),
        township=STAFF,
        county=COUNTY_READERS,
        region=REGION_READERS,
    ),
    "figures.enter": Rule(
        "enter or upload a unit's figures", unit=_r(R.REPORTER), township=PREPARERS
    ),
    "report.review": Rule("return a submitted report for correction", township=STAFF),
    "report.approve": Rule(
        "approve and lock a report, reopen an approved one", township=_r(R.ADMIN, R.LEADER)
    ),
    "township.manage": Rule(
        "manage units, people, data sets and accounts of a township", township=_r(R.ADMIN)
    ),
    "staff.pages": Rule(
        "open the staff pages: the unit list, API tokens, the API's description",
        township=STAFF,
        county=COUNTY_READERS,
        region=REGION_READERS,
    ),
    "county.accounts": Rule(
        "manage the staff accounts below: a county's and its townships', a province's"
        " or city's and its cities' and counties'",
        county=_r(R.ADMIN),
        region=_r(R.ADMIN),
    ),
    # Planning: service days, targets, allocations, campaigns, reminders.
    "planning.manage": Rule(
        "plan service days, targets, allocations and campaigns; resolve reminders",
        township=PREPARERS,
    ),
    # Dispatch (a campaign's daily dispatch by work area, docs/dispatch.md). A
    # work-group member of the campaign reports for its area too: that is the
    # campaign's data, not a role (dispatch/access.py).
    "dispatch.read": Rule(
        "read a campaign's dispatch board, bulletins, work groups and people",
        township=STAFF,
    ),
    "dispatch.report": Rule(
        "report a work area's figures in a campaign's dispatch",
        unit=_r(R.REPORTER),
        township=PREPARERS,
    ),
    # Assessment.
    "assessment.read": Rule(
        "read a township's assessments in every status",
        township=STAFF,
        county=COUNTY_READERS,
        region=REGION_READERS,
    ),
    "assessment.own": Rule(
        "read one's own village's results once approved (the ranking once published)",
        unit=_r(R.REPORTER),
    ),
    "assessment.prepare": Rule(
        "upload rubrics; create, compute, correct and submit assessments; import sources",
        township=PREPARERS,
    ),
    "assessment.approve": Rule(
        "approve or send back a submitted assessment", township=_r(R.LEADER)
    ),
    # Inspections from above (上级核查): the leaders of the township's county, and of
    # the city and province above it, sample a township's villages and record what
    # they found, at their own unit's level (assessment/inspections.py).
    "inspection.record": Rule(
        "record an inspection from above of a township and its findings",
        county=_r(R.LEADER),
        region=_r(R.LEADER),
    ),
    "assessment.publish": Rule(
        "publish an approved assessment, start a correction", township=PREPARERS
    ),
    # A county's assessment of its townships (docs/county.md).
    "county.read": Rule(
        "read a county's assessments of its townships in every status",
        county=_r(R.ADMIN, R.ASSESSOR, R.LEADER),
        region=REGION_READERS,
    ),
    "county.own": Rule(
        "read one's own township's row of the county's assessment once approved",
        township=STAFF,
    ),
    "county.prepare": Rule(
        "upload the county's rubrics; create, enter, compute and publish its assessments",
        county=PREPARERS,
    ),
    # A province's or a city's dashboard of its counties (docs/province.md).
    "region.read": Rule(
        "read a province's or a city's dashboard of its counties", region=REGION_READERS
    ),
    "county.approve": Rule("approve the county's assessment of its townships", county=_r(R.LEADER)),
    # A province's or a city's assessment of its counties (docs/province.md): held on
    # the assessing unit itself (assessment/county.py region_rights: a province's
    # people do not prepare or approve a city's), read by whoever reads its dashboard.
    "region.prepare": Rule(
        "upload a province's or city's rubrics; create, enter, compute and publish its"
        " assessments of its counties",
        region=_r(R.ADMIN),
    ),
    "region.approve": Rule(
        "approve a province's or city's assessment of its counties", region=_r(R.LEADER)
    ),
    "region.own": Rule(
        "read one's own county's row of the province's or city's assessment once approved",
        county=_r(R.ADMIN, R.ASSESSOR, R.LEADER),
    ),
    "county.accept": Rule(
        "accept a township's approved quarter (县级验收) or return it with a reason",
        county=STAFF,
    ),
    # Meetings.
    "meeting.write": Rule("record and edit a township's meetings", township=_r(R.ADMIN)),
    # Jobs: as for the job's unit, and always for whoever started it.
    "job.cancel": Rule("cancel someone else's job", township=_r(R.ADMIN)),
}


def memberships(user: Any) -> list[Membership]:
    """The user's roles, read once per request (cached on the user object)."""
    cached: list[Membership] | None = getattr(user, "_kaoping_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        user._kaoping_memberships = cached
    return cached


def _county_id(unit: Unit) -> int | None:
    """The county above the unit's township, or the unit's own id when it is a county."""
    if unit.level == Unit.Level.COUNTY:
        return unit.pk
    township = unit if unit.level == Unit.Level.TOWNSHIP else unit.township
    return township.parent_id if township is not None else None


def regions_of(unit: Unit) -> frozenset[int]:
    """The cities and provinces the unit lies in: the ids of those above its county
    (or above itself when it is a county, city or province), and its own when it is
    a city or a province. One statement (the unit's township, when not loaded yet,
    another)."""
    top = unit.pk if unit.level in REGION_LEVELS else _county_id(unit)
    if top is None:
        return frozenset()
    above = Unit.objects.filter(pk=top).values_list("parent_id", "parent__parent_id").first()
    found = {i for i in (above or ()) if i is not None}
    if unit.level in REGION_LEVELS:
        found.add(unit.pk)
    return frozenset(found)


def regions_above(county: Unit | None) -> frozenset[int]:
    """:func:`regions_of` a county, or of a township from its county, read from the
    county's parent already loaded (``select_related("parent")`` on the counties,
    ``"parent__parent"`` on the townships): no statement."""
    if county is None:
        return frozenset()
    city = county.parent
    return frozenset(i for i in (county.parent_id, city.parent_id if city else None) if i)


def grants(
    user: Any, unit: Unit, regions: frozenset[int] | None = None
) -> frozenset[tuple[Scope, str]]:
    """Every (scope, role) by which the user's roles reach ``unit``; ``regions``:
    :func:`regions_of` the unit when the caller has read it already (a list of
    units asks once for all of them, not once each)."""
    if not user.is_authenticated:
        return frozenset()
    found: set[tuple[Scope, str]] = set()
    county_id: int | None = None
    county_known = False
    for m in memberships(user):
        if m.unit_id == unit.pk:
            found.add((Scope.UNIT, m.role))
        if m.unit.level == Unit.Level.TOWNSHIP and unit.township_id == m.unit_id:
            found.add((Scope.TOWNSHIP, m.role))
        elif m.unit.level == Unit.Level.COUNTY:
            if not county_known:
                county_id, county_known = _county_id(unit), True
            if county_id == m.unit_id:
                found.add((Scope.COUNTY, m.role))
        elif m.unit.level in REGION_LEVELS:
            if regions is None:
                regions = regions_of(unit)
            if m.unit_id in regions:
                found.add((Scope.REGION, m.role))
    return frozenset(found)


def allows(action: str, granted: frozenset[tuple[Scope, str]]) -> bool:
    rule = PERMISSIONS[action]
    return any(role in rule.roles(scope) for scope, role in granted)


def holds(user: Any, action: str, unit: Unit) -> bool:
    """Whether ``user`` may do ``action`` on ``unit`` (see :data:`PERMISSIONS`)."""
    if user.is_authenticated and user.is_superuser:
        return action in PERMISSIONS
    return allows(action, grants(user, unit))


def reach(user: Any) -> frozenset[str]:
    """Every action the user holds on some unit: what :func:`holds` can answer yes to
    for them, whatever the unit (a superuser's: all). The request gate
    (:mod:`.gate`) refuses a view none of whose actions is in it."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return frozenset(PERMISSIONS)
    found: set[str] = set()
    for m in memberships(user):
        # A role reaches its own unit (the unit scope), the units of its township
        # when held on a township, the county's units when held on a county, and
        # everything under a city or a province when held there.
        scopes = [Scope.UNIT]
        if m.unit.level == Unit.Level.TOWNSHIP:
            scopes.append(Scope.TOWNSHIP)
        elif m.unit.level == Unit.Level.COUNTY:
            scopes.append(Scope.COUNTY)
        elif m.unit.level in REGION_LEVELS:
            scopes.append(Scope.REGION)
        found.update(
            action
            for action, rule in PERMISSIONS.items()
            if any(m.role in rule.roles(scope) for scope in scopes)
        )
    return frozenset(found)


def own_units(user: Any, action: str, township: Unit) -> frozenset[int]:
    """The units of ``township`` on which the user holds ``action`` from the unit
    scope (a reporter's villages)."""
    if not user.is_authenticated:
        return frozenset()
    roles = PERMISSIONS[action].unit
    return frozenset(
        m.unit_id
        for m in memberships(user)
        if m.role in roles and m.unit.township_id == township.pk
    )


def township_ids(user: Any, action: str) -> set[int]:
    """The townships on which the user holds ``action`` from the township, county or
    region scope (a superuser's are not listed: they hold everything)."""
    if not user.is_authenticated:
        return set()
    rule = PERMISSIONS[action]
    ids: set[int] = set()
    county_ids: list[int] = []
    region_ids: list[int] = []
    for m in memberships(user):
        if m.unit.level == Unit.Level.TOWNSHIP and m.role in rule.township:
            ids.add(m.unit_id)
        elif m.unit.level == Unit.Level.COUNTY and m.role in rule.county:
            county_ids.append(m.unit_id)
        elif m.unit.level in REGION_LEVELS and m.role in rule.region:
            region_ids.append(m.unit_id)
    if region_ids:
        county_ids.extend(c.pk for c in counties_under(region_ids))
    if county_ids:
        ids.update(
            Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent_id__in=county_ids).values_list(
                "id", flat=True
            )
        )
    return ids


def townships_reached(user: Any) -> set[int]:
    """The townships in which some role of the user reaches some unit, whatever the
    action: its own unit's township, a county's townships, a city's or a province's.
    Lists of townships ask :func:`grants` about these alone, not about every
    township of the country once each (two statements, whatever the country holds)."""
    if not user.is_authenticated:
        return set()
    ids: set[int] = set()
    county_ids: list[int] = []
    region_ids: list[int] = []
    for m in memberships(user):
        if m.unit.township_id is not None:
            ids.add(m.unit.township_id)
        elif m.unit.level == Unit.Level.COUNTY:
            county_ids.append(m.unit_id)
        elif m.unit.level in REGION_LEVELS:
            region_ids.append(m.unit_id)
    if region_ids:
        county_ids.extend(c.pk for c in counties_under(region_ids))
    if county_ids:
        ids.update(
            Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent_id__in=county_ids).values_list(
                "id", flat=True
            )
        )
    return ids


def counties_under(region_ids: list[int]) -> list[Unit]:
    """The counties under these cities or provinces (a province's: its own and its
    cities'), by code: one statement on the units' parent index."""
    return list(
        Unit.objects.filter(level=Unit.Level.COUNTY)
        .filter(Q(parent_id__in=region_ids) | Q(parent__parent_id__in=region_ids))
        .order_by("code")
    )


def regions(user: Any, action: str) -> list[Unit]:
    """The cities and provinces on which the user holds ``action`` from the region
    scope, provinces first, by code."""
    if not user.is_authenticated:
        return []
    roles = PERMISSIONS[action].region
    return sorted(
        (m.unit for m in memberships(user) if m.unit.level in REGION_LEVELS and m.role in roles),
        key=lambda u: (u.level != Unit.Level.PROVINCE, u.code),
    )


def counties(user: Any, action: str) -> list[Unit]:
    """The counties on which the user holds ``action`` from the county scope, by code."""
    if not user.is_authenticated:
        return []
    roles = PERMISSIONS[action].county
    return sorted(
        (
            m.unit
            for m in memberships(user)
            if m.unit.level == Unit.Level.COUNTY and m.role in roles
        ),
        key=lambda u: u.code,
    )


# Pages anyone may open (a login, a password reset, the web app's shell), and
# pages every signed-in user may open whose content is the user's own or is
# filtered by the actions above (the home page lists only readable units).
OPEN: dict[str, str] = {
    "login": "public",
    "logout": "public",
    "password_reset": "public",
    "password_reset_done": "public",
    "password_reset_confirm": "public",
    "password_reset_complete": "public",
    "service_worker": "public",
    "manifest": "public",
    "offline": "public",
    "set_language": "public",
    "home": "login: lists the units the user reads",
    "password_change": "login: one's own password",
    "password_change_done": "login: one's own password",
    "two_factor_setup": "login: one's own second factor",
    "two_factor_verify": "login: one's own second factor",
    "api_docs": "login",
    "openapi": "public: the API's description",
    "planning:home": "login: lists the townships and villages the user reads",
    "assessment:index": "login: lists the townships whose assessments the user reads",
    "notify:preferences": "login: one's own notification settings",
}

# The actions each view asks for, by URL name. A view may ask for several (a
# page read by ``unit.read`` whose buttons need ``report.approve``).
VIEWS: dict[str, tuple[str, ...]] = {
    # core
    "temporary_password": ("township.manage",),
    "two_factor_reset": ("township.manage",),
    "unit_list": ("staff.pages", "unit.read"),
    "unit_new": ("township.manage",),
    "unit_import": ("township.manage",),
    "dataset_new": ("township.manage",),
    "user_list": ("township.manage",),
    "membership_delete": ("township.manage",),
    "region_users": ("county.accounts",),
    "region_membership_delete": ("county.accounts",),
    "unit_detail": ("unit.read",),
    "unit_edit": ("township.manage",),
    "unit_history": ("unit.read",),
    "person_new": ("township.manage",),
    "person_edit": ("township.manage",),
    "report": ("unit.read", "figures.enter"),
    "report_check": ("figures.enter",),
    "report_return": ("report.review",),
    "report_approve": ("report.approve",),
    "report_reopen": ("report.approve",),
    "completeness": ("unit.read", "report.review"),
    "completeness_xlsx": ("unit.read",),
    "completeness_bulk": ("report.review", "report.approve"),
    "template_download": ("figures.enter",),
    "upload": ("figures.enter",),
    "upload_confirm": ("figures.enter",),
    "token_list": ("staff.pages",),
    "token_delete": ("staff.pages",),
    "api_units": ("unit.read",),
    "api_datasets": ("unit.read",),
    "api_report": ("unit.read", "figures.enter"),
    "api_report_approve": ("report.approve",),
    # planning
    "planning:village": ("unit.read",),
    "planning:service_days": ("unit.read",),
    "planning:service_day_new": ("planning.manage",),
    "planning:notice_check": ("unit.read",),
    "planning:notices": ("unit.read",),
    "planning:service_day": ("unit.read",),
    "planning:service_day_edit": ("planning.manage",),
    "planning:service_day_record": ("figures.enter",),
    "planning:notice": ("unit.read",),
    "planning:targets": ("unit.read", "planning.manage"),
    "planning:targets_upload": ("planning.manage",),
    "planning:base_figures": ("unit.read", "planning.manage"),
    "planning:base_upload": ("planning.manage",),
    "planning:allocations": ("unit.read",),
    "planning:allocation_new": ("planning.manage",),
    "planning:allocation": ("unit.read",),
    "planning:campaigns": ("unit.read",),
    "planning:campaign_new": ("planning.manage",),
    "planning:campaign": ("unit.read",),
    "planning:campaign_entries": ("figures.enter",),
    "planning:campaign_target_new": ("planning.manage",),
    "planning:campaign_target_delete": ("planning.manage",),
    "planning:bulletin": ("unit.read",),
    "planning:campaign_unit": ("unit.read", "figures.enter"),
    "planning:reminders": ("unit.read",),
    "planning:reminder_generate": ("planning.manage",),
    "planning:reminders_docx": ("unit.read",),
    "planning:unit_reminders": ("unit.read",),
    "planning:reminder": ("unit.read",),
    "planning:reminder_ack": ("figures.enter",),
    "planning:reminder_resolve": ("planning.manage",),
    "planning:reminder_docx": ("unit.read",),
    "planning:service_day_delete": ("planning.manage",),
    "planning:allocation_delete": ("planning.manage",),
    "planning:reminder_delete": ("planning.manage",),
    # assessment
    "assessment:township": ("assessment.read", "assessment.own"),
    "assessment:region": ("region.read",),
    "assessment:region_assess": ("region.read", "region.own"),
    "assessment:region_assess_rubric": ("region.read", "region.prepare"),
    "assessment:region_assess_create": ("region.read", "region.prepare"),
    "assessment:region_assess_detail": ("region.read", "region.own"),
    "assessment:region_assess_entry": ("region.read", "region.prepare"),
    "assessment:region_assess_compute": ("region.read", "region.prepare"),
    "assessment:region_assess_step": ("region.read", "region.approve", "region.prepare"),
    "assessment:region_assess_correct": ("region.read", "region.approve"),
    "assessment:region_bulletin": ("region.read",),
    "assessment:region_annex": ("region.read",),
    "assessment:region_summary": ("region.read",),
    "assessment:region_period_summary": ("region.read",),
    "assessment:county": ("county.read", "county.own"),
    "assessment:county_rubric": ("county.read", "county.prepare"),
    "assessment:county_create": ("county.read", "county.prepare"),
    "assessment:county_detail": ("county.read", "county.own"),
    "assessment:county_entry": ("county.read", "county.prepare"),
    "assessment:county_compute": ("county.read", "county.prepare"),
    "assessment:county_step": ("county.read", "county.approve", "county.prepare"),
    "assessment:county_correct": ("county.read", "county.approve"),
    "assessment:county_bulletin": ("county.read",),
    "assessment:county_annex": ("county.read",),
    "assessment:county_summary": ("county.read",),
    "assessment:county_period_summary": ("county.read",),
    "assessment:county_acceptance": ("county.read", "county.accept"),
    "assessment:county_targets": ("county.read", "county.prepare"),
    "assessment:county_targets_upload": ("county.prepare",),
    "assessment:create": ("assessment.prepare",),
    "assessment:rubrics": ("assessment.read", "assessment.prepare"),
    "assessment:rubric_diff": ("assessment.read",),
    "assessment:rubric_detail": ("assessment.read",),
    "assessment:ledger": ("assessment.read",),
    "assessment:ledger_xlsx": ("assessment.read",),
    "assessment:year": ("assessment.read", "assessment.own"),
    "assessment:sources": ("assessment.read", "assessment.prepare"),
    "assessment:resolve": ("assessment.prepare",),
    "assessment:followups": ("assessment.read", "assessment.prepare"),
    "assessment:followups_unit": ("assessment.read", "assessment.own"),
    "assessment:followup_attachment": ("assessment.read", "assessment.own"),
    "assessment:followup_step": ("assessment.prepare", "assessment.own"),
    "assessment:detail": ("assessment.read", "assessment.own"),
    "assessment:compute": ("assessment.prepare",),
    "assessment:correct": ("assessment.publish",),
    "assessment:bulletin": ("assessment.read", "assessment.own"),
    "assessment:annex": ("assessment.read", "assessment.own"),
    "assessment:summary": ("assessment.read",),
    "assessment:monthly": ("assessment.read",),
    "assessment:period_summary": ("assessment.read",),
    "assessment:ranking_chart": ("assessment.read", "assessment.own"),
    "assessment:heatmap_chart": ("assessment.read", "assessment.own"),
    "assessment:trend_chart": ("assessment.read", "assessment.own"),
    "assessment:unit": ("assessment.read", "assessment.own"),
    "assessment:manual": ("assessment.prepare",),
    "assessment:step": ("assessment.prepare", "assessment.approve", "assessment.publish"),
    "assessment:create_campaign": ("assessment.prepare",),
    "assessment:inspections": ("assessment.read", "inspection.record"),
    "assessment:inspection_new": ("inspection.record",),
    "assessment:inspection": ("assessment.read", "inspection.record"),
    "assessment:inspection_unit": ("inspection.record",),
    # dispatch
    "dispatch:board": ("dispatch.read", "planning.manage"),
    "dispatch:bulletin_docx": ("dispatch.read",),
    "dispatch:settings": ("planning.manage",),
    "dispatch:issue": ("planning.manage",),
    "dispatch:meeting": ("planning.manage",),
    "dispatch:catch_up_done": ("planning.manage",),
    "dispatch:area": ("dispatch.read", "dispatch.report"),
    "dispatch:group": ("planning.manage",),
    "dispatch:person": ("dispatch.read",),
    # letters (目标责任书): read as their unit, written by the township's preparers
    "letters:list": ("unit.read",),
    "letters:new": ("planning.manage",),
    "letters:from_allocation": ("planning.manage",),
    "letters:unit": ("unit.read",),
    "letters:detail": ("unit.read", "planning.manage"),
    "letters:clause_new": ("planning.manage",),
    "letters:edit": ("planning.manage",),
    "letters:delete": ("planning.manage",),
    "letters:correct": ("planning.manage",),
    "letters:clause_edit": ("planning.manage",),
    "letters:clause_delete": ("planning.manage",),
    "letters:sign": ("planning.manage",),
    "letters:scan": ("unit.read",),
    "letters:accept": ("planning.manage",),
    "letters:docx": ("unit.read",),
    # notifications
    "notify:robots": ("township.manage",),
    "notify:robot_delete": ("township.manage",),
    "notify:log": ("township.manage",),
    # meetings
    "meetings:list": ("assessment.read", "assessment.own"),
    "meetings:new": ("meeting.write",),
    "meetings:detail": ("assessment.read", "assessment.own"),
    "meetings:edit": ("meeting.write",),
    "meetings:attendance": ("meeting.write",),
    "meetings:approve": ("assessment.approve",),
    "meetings:link": ("meeting.write",),
    "meetings:minutes": ("assessment.read", "assessment.own"),
    # jobs
    "jobs:job": ("unit.read",),
    "jobs:cancel": ("job.cancel",),
    "jobs:list": ("township.manage",),
}

# What each app's views read before they ask for their action (the getters of its
# access.py: a unit, a township's assessments, a campaign's dispatch). Whoever holds
# none of a view's actions nor its app's reading on any unit can see nothing the view
# names: the request gate (core/gate.py) answers 404 before the view runs. The
# finer answers, per unit (404 for what the user may not read, 403 for what they
# read but may not do), stay the views'.
APP_READS: dict[str, tuple[str, ...]] = {
    "": ("unit.read",),
    "planning": ("unit.read",),
    "letters": ("unit.read",),
    "jobs": ("unit.read",),
    "notify": ("unit.read",),
    "assessment": ("assessment.read", "assessment.own"),
    "meetings": ("assessment.read", "assessment.own"),
    "dispatch": ("dispatch.read", "dispatch.report"),
}

# Views that refuse before they look anything up, whatever their URL names: the
# accounts pages and a token's deletion answer 403 to whoever is not a township's
# (or the county's) administrator, or staff; the gate answers as they do. A view
# whose URL names nothing (the unit list, the accounts page) is answered 403 too.
REFUSED_WITH_403: frozenset[str] = frozenset(
    {
        "membership_delete",
        "region_membership_delete",
        "temporary_password",
        "token_delete",
        "two_factor_reset",
    }
)
