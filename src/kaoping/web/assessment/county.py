"""A county assesses its townships (县考核乡镇, docs/county.md), and a province or
a city its counties (省、市考核县, docs/province.md) with the same model, engine and
rubric format: the *assessor* (``CountyAssessment.county``, a county, city or
province) ranks the units one level below it (:func:`assessed`).

The townships' figures are their villages' stored figures rolled up by the engine
(``kaoping.engine.roll_up``: sums for counts, rates from the summed parts), beside
what county staff enter for a township (figures with ``rollup: none``, manual
deductions); the same engine scores, ranks and applies the rubric's consequences
to the townships' own roles. Draft → approved (four eyes) → published; an approved
or published one is corrected by a new version (建立更正版本, :func:`correct`); every
change and its audit row in one transaction, the status checked under the row's lock.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaoping.engine import (
    AssessmentError,
    Figures,
    Period,
    PeriodError,
    Rubric,
    UnitTree,
    as_decimals,
    assess,
    check_data,
    format_exact,
    parse_rubric,
    roll_up,
    rolled_rubric,
    rollup_rule,
)
from kaoping.engine import Unit as TreeUnit
from kaoping.web.core.models import Figure, Membership, Person, Report, Unit
from kaoping.web.core.permissions import (
    PERMISSIONS,
    REGION_LEVELS,
    Scope,
    allows,
    counties_under,
    grants,
    memberships,
    regions_above,
)
from kaoping.web.core.services import worded

from . import notes as N
from . import services
from .models import CountyAssessment, CountyAssessmentEvent, CountyEntry, RubricVersion
from .refusals import Problem, Refused

S = CountyAssessment.Status
E = CountyAssessmentEvent.Action
K = CountyEntry.Kind
R = Membership.Role
VILLAGE_LEVELS = (Unit.Level.VILLAGE, Unit.Level.COMMUNITY)
#: A figure or a deduction a person types is never near this.
MAX_ENTRY = Decimal("1000000000")


# --- who may do what -------------------------------------------------------------


@dataclass(frozen=True)
class CountyRights:
    read_all: bool = False  # every township's row, every status
    prepare: bool = False  # rubrics, create, enter, compute, publish
    approve: bool = False  # approve a computed draft
    own_townships: frozenset[int] = frozenset()  # township staff: their own row, once frozen

    @property
    def any(self) -> bool:
        return self.read_all or bool(self.own_townships)


def county_rights(user: Any, county: Unit) -> CountyRights:
    """County admins and assessors prepare, county leaders approve, both read all;
    the staff and leaders of one of its townships read that township's row (the
    permission table, ``core.permissions``: county.read, .prepare, .approve, .own)."""
    if not user.is_authenticated:
        return CountyRights()
    on_county = grants(user, county)
    own = frozenset(
        t.pk
        for t in Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent=county)
        if user.is_superuser or allows("county.own", grants(user, t))
    )
    if user.is_superuser:
        return CountyRights(True, True, True, own)
    return CountyRights(
        allows("county.read", on_county),
        allows("county.prepare", on_county),
        allows("county.approve", on_county),
        own,
    )


def counties_for(user: Any, read_all: bool = False) -> list[Unit]:
    """The counties whose assessment pages the user may open (``read_all``: in full):
    those :func:`county_rights` allows, in statements that do not grow with the
    counties a province or city reaches."""
    if not user.is_authenticated:
        return []
    counties = Unit.objects.filter(level=Unit.Level.COUNTY)
    if user.is_superuser:
        return list(counties)
    # Only a role on a county, on a city or province above it, or (for its own
    # rows) on one of its townships reaches a county: ask about those counties
    # alone, not every county of the country once each.
    roles = memberships(user)
    near = {m.unit_id for m in roles if m.unit.level == Unit.Level.COUNTY}
    # county.own is held on a township (its own row): the user's townships, by county.
    own: set[int] = set()
    if not read_all:
        for m in roles:
            t = m.unit
            if t.level == Unit.Level.TOWNSHIP and t.parent_id is not None:
                near.add(t.parent_id)
                if allows("county.own", grants(user, t)):
                    own.add(t.parent_id)
    regions = [m.unit_id for m in roles if m.unit.level in REGION_LEVELS]
    if regions:
        near.update(c.pk for c in counties_under(regions))
    found = []
    for c in counties.filter(pk__in=near).select_related("parent"):
        if allows("county.read", grants(user, c, regions=regions_above(c))) or (
            not read_all and c.pk in own
        ):
            found.append(c)
    return found


def get_county(user: Any, code: str) -> tuple[Unit, CountyRights]:
    county = Unit.objects.filter(code=code, level=Unit.Level.COUNTY).first()
    if county is None:
        raise Http404
    r = county_rights(user, county)
    if not r.any:
        raise Http404
    return county, r


def region_rights(user: Any, region: Unit) -> CountyRights:
    """A province's or city's assessment of its counties: its admin prepares, its
    leader approves, each on the assessing unit itself only (a province's people do
    not prepare or approve a city's); whoever reads its dashboard reads all of it
    (``region.read``, a province's people a city's too); the staff and leaders of one
    of its counties read that county's row once frozen (``region.own``, held on the
    county). ``own_townships`` holds those counties."""
    if not user.is_authenticated:
        return CountyRights()
    roles = memberships(user)
    own_roles = PERMISSIONS["region.own"].county
    mine = {m.unit_id for m in roles if m.unit.level == Unit.Level.COUNTY and m.role in own_roles}
    units = assessed(region)
    if user.is_superuser:
        return CountyRights(True, True, True, frozenset(c.pk for c in units))
    here = frozenset((Scope.REGION, m.role) for m in roles if m.unit_id == region.pk)
    return CountyRights(
        allows("region.read", grants(user, region)),
        allows("region.prepare", here),
        allows("region.approve", here),
        frozenset(c.pk for c in units if c.pk in mine),
    )


def get_region_assessor(user: Any, code: str) -> tuple[Unit, CountyRights]:
    """The province or city ``code`` as an assessor of its counties; else 404."""
    unit = Unit.objects.filter(code=code, level__in=REGION_LEVELS).first()
    if unit is None:
        raise Http404
    r = region_rights(user, unit)
    if not r.any:
        raise Http404
    return unit, r


def get_assessment(user: Any, pk: int) -> tuple[CountyAssessment, CountyRights]:
    """A county's assessment of its townships (a province's or city's is not one:
    :func:`get_region_assessment`)."""
    a = (
        CountyAssessment.objects.filter(pk=pk, county__level=Unit.Level.COUNTY)
        .select_related("county", "rubric")
        .first()
    )
    if a is None:
        raise Http404
    r = county_rights(user, a.county)
    if not (r.read_all or (r.own_townships and a.frozen)):
        raise Http404
    return a, r


def get_region_assessment(user: Any, pk: int) -> tuple[CountyAssessment, CountyRights]:
    """A province's or city's assessment of its counties, for whoever may read it."""
    a = (
        CountyAssessment.objects.filter(pk=pk, county__level__in=REGION_LEVELS)
        .select_related("county", "rubric")
        .first()
    )
    if a is None:
        raise Http404
    r = region_rights(user, a.county)
    if not (r.read_all or (r.own_townships and a.frozen)):
        raise Http404
    return a, r


def rows_above(user: Any, county_unit: Unit) -> list[dict[str, Any]]:
    """The county's rows in the approved or published assessments of the city and
    province above it that the user may read (a county's people: their own row),
    newest first: assessor, period, the assessment, rank and total."""
    above = regions_above(county_unit)
    if not above:
        return []
    found = []
    rights: dict[int, CountyRights] = {}
    for a in newest_versions(
        list(
            CountyAssessment.objects.filter(
                county_id__in=above, status__in=[S.APPROVED, S.PUBLISHED]
            ).select_related("county")
        )
    ):
        if a.county_id not in rights:
            rights[a.county_id] = region_rights(user, a.county)
        r = rights[a.county_id]
        if not (r.read_all or county_unit.pk in r.own_townships):
            continue
        row = next((u for u in a.results.get("units", []) if u["unit"] == county_unit.code), None)
        if row is not None:
            found.append({"a": a, "rank": row["rank"], "total": row["total"]})
    return sorted(found, key=lambda f: (f["a"].period, f["a"].county.code), reverse=True)


def visible_units(r: CountyRights, a: CountyAssessment, units: list[dict[str, Any]]) -> list[Any]:
    """The result rows the user may read: all of them, or their own township's once frozen."""
    if r.read_all:
        return units
    if not a.frozen:
        return []
    codes = set(Unit.objects.filter(pk__in=r.own_townships).values_list("code", flat=True))
    return [u for u in units if u["unit"] in codes]


# --- rubrics ---------------------------------------------------------------------


def rubric_versions(county: Unit) -> list[RubricVersion]:
    return list(RubricVersion.objects.filter(township=county))


def upload_rubric(
    county: Unit, text: str, filename: str, user: Any, note: str = ""
) -> RubricVersion:
    """Parse, then keep as the county's next version. Raises ``RubricError``."""
    rubric = parse_rubric(text, filename)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=county.pk).first()
        last = RubricVersion.objects.filter(township=county).order_by("-number").first()
        return RubricVersion.objects.create(
            township=county,
            number=(last.number if last else 0) + 1,
            name=rubric.name,
            text=text,
            note=note[:200],
            author=user,
        )


# --- the units and their figures ---------------------------------------------------


def townships(county: Unit) -> list[Unit]:
    return list(Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent=county).order_by("code"))


def is_region(assessor: Unit) -> bool:
    return assessor.level in REGION_LEVELS


def assessed(assessor: Unit) -> list[Unit]:
    """The units an assessor ranks, by code: a county's townships; a city's
    counties, a province's (its own and its cities')."""
    return counties_under([assessor.pk]) if is_region(assessor) else townships(assessor)


def assessed_level(assessor: Unit) -> str:
    """The engine's level the assessor's figures are rolled up to."""
    return "county" if is_region(assessor) else "township"


def _villages(assessor: Unit, units: list[Unit]) -> tuple[list[Unit], dict[int, str]]:
    """The villages and communities under the assessed ``units``, by code, and the
    code of the assessed unit each lies in."""
    code_of = {u.pk: u.code for u in units}
    if is_region(assessor):
        found = list(
            Unit.objects.filter(township__parent__in=units, level__in=VILLAGE_LEVELS)
            .select_related("township")
            .order_by("code")
        )
        return found, {v.pk: code_of[v.township.parent_id or 0] for v in found if v.township}
    found = list(Unit.objects.filter(township__in=units, level__in=VILLAGE_LEVELS).order_by("code"))
    return found, {v.pk: code_of[v.township_id or 0] for v in found}


def _tree(assessor: Unit, assessed_units: list[Unit]) -> UnitTree:
    """The assessor over the assessed units, over everything below them (a
    province's cities left out: its counties are what it ranks)."""
    level = assessed_level(assessor)
    units = {assessor.code: TreeUnit(assessor.code, None, assessor.level, assessor.name)}
    for u in assessed_units:
        units[u.code] = TreeUnit(u.code, assessor.code, level, u.name)
    towns = assessed_units
    if is_region(assessor):
        code_of_county = {c.pk: c.code for c in assessed_units}
        towns = list(Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent__in=assessed_units))
        for t in towns:
            units[t.code] = TreeUnit(t.code, code_of_county[t.parent_id or 0], "township", t.name)
    below = list(
        Unit.objects.filter(township__in=towns)
        .exclude(level=Unit.Level.TOWNSHIP)
        .values_list("pk", "code", "parent_id", "level", "name")
    )
    code_of = {t.pk: t.code for t in towns} | {pk: code for pk, code, *_rest in below}
    for _pk, code, parent_id, kind_of, name in below:
        kind = "area" if kind_of == Unit.Level.AREA else "village"
        units[code] = TreeUnit(code, code_of.get(parent_id), kind, name)
    return UnitTree(units)


def _entries(a: CountyAssessment) -> list[CountyEntry]:
    return list(a.entries.select_related("township"))


def _period_of(text: str) -> str:
    try:
        return str(Period.parse(text))
    except (PeriodError, ValueError):
        raise Refused(
            _("期间“%(text)s”无法识别，请写作 2026Q3、2026年第三季度 等") % {"text": text[:20]}
        ) from None


@dataclass
class Gathered:
    rubric: Rubric  # as it reads rolled-up figures
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]  # one per township
    villages: dict[str, list[dict[str, Any]]]  # township code -> its villages' rows
    problems: list[Problem]
    reports: list[list[int]]  # [pk, version] of every report read


def gather(a: CountyAssessment) -> Gathered:
    """The townships' (or a region's counties') figures for the period: their
    villages' rolled up, their own entries; every problem (a village's figure
    missing, a check failed, a township figure not entered) named, nothing scored
    while there is one."""
    rubric = services.parsed(a.rubric)
    elements = rubric.data_elements()
    region = is_region(a.county)
    towns = assessed(a.county)
    villages, owner = _villages(a.county, towns)
    # A data set reported monthly: its elements' quarter formed from the months
    # (services._quarters_from_months), a month not reported named, no default.
    unformed: dict[tuple[str, str], dict[str, str]] = {}
    live = services._live_figures(villages, [a.period], rubric, unformed)
    unreported = services._months_unreported(villages, rubric, a.period)
    rules = {code: rollup_rule(el) for code, el in elements.items()}
    own_codes = [c for c, rule in rules.items() if rule == "none"]
    problems: list[Problem] = []
    by_town: dict[str, list[dict[str, Any]]] = {t.code: [] for t in towns}
    village_rows = []
    for v in villages:
        figures = live.get((v.code, a.period), {})
        why = unformed.get((v.code, a.period), {})
        told = {**unreported.get((v.code, a.period), {}), **why}
        row: dict[str, Any] = {"unit": v.code, "period": a.period, "name": v.name, "area": None}
        for code, el in elements.items():
            value = figures.get(code)
            if value is None and code not in why:
                value = el.default
            if value is None and rules[code] != "none":
                problems.append(
                    Problem(v.code, v.name, code, el.label or code, told.get(code, _("未填报")))
                )
            row[code] = value
        village_rows.append(row)
        by_town[owner[v.pk]].append(row)
    complete = [
        r for r in village_rows if all(r[c] is not None for c in elements if rules[c] != "none")
    ]
    # The checks hold for what each village reports (attended above invited in one
    # village is an error whatever the township's total); a check that reads a figure
    # villages do not report (rollup: none) is the township's, and is left to scoring.
    village_checks = tuple(
        c for c in rubric.checks if all(rules.get(n) not in (None, "none") for n in c.rule.names())
    )
    if complete and village_checks:
        try:
            violations = check_data(
                dataclasses.replace(rubric, checks=village_checks),
                Figures(("unit", "period", "name", "area", *elements), tuple(complete)),
            )
        except (KeyError, AssessmentError):
            violations = []
        names = {v.code: v.name for v in villages}
        for viol in violations:
            shown = "，".join(
                f"{k}={'—' if x is None else format_exact(x)}" for k, x in viol.values.items()
            )
            problems.append(
                Problem(viol.unit, names.get(viol.unit, viol.unit), ", ".join(viol.values),
                        shown, viol.message)
            )  # fmt: skip
    entries = _entries(a)
    own: dict[str, dict[str, Any]] = {
        t.code: {"unit": t.code, "period": a.period, "name": t.name, "area": None} for t in towns
    }
    for e in entries:
        col = e.key if e.kind == K.FIGURE else f"{e.key}.manual"
        own[e.township.code][col] = e.value
    for t in towns:
        if not by_town[t.code]:
            empty = (
                _("该县下没有村（社区），无数据可汇总")
                if region
                else _("该乡镇下没有村（社区），无数据可汇总")
            )
            problems.append(Problem(t.code, t.name, "", "", empty))
        for code in own_codes:
            if own[t.code].get(code) is None and elements[code].default is None:
                label = elements[code].label or code
                needed = _("需由省（市）级录入该县数据") if region else _("需由县级录入乡镇数据")
                problems.append(Problem(t.code, t.name, code, label, needed))
    columns = ("unit", "period", "name", "area", *elements, *rubric.manual_columns)
    rolled_rows: list[dict[str, Any]] = []
    if not problems:
        done = roll_up(elements, [*village_rows, *own.values()], columns, _tree(a.county, towns),
                       assessed_level(a.county))  # fmt: skip
        problems.extend(
            Problem(p.unit, p.unit, "", "", worded(p.message, p.message_zh)) for p in done.problems
        )
        columns, rolled_rows = done.columns, list(done.rows)
        as_decimals(rolled_rows)
    reports = sorted(
        [pk, ver]
        for pk, ver in Report.objects.filter(
            unit__in=villages, period__in=services.report_periods(a.period), figures__isnull=False
        )
        .distinct()
        .values_list("pk", "version")
    )
    return Gathered(rolled_rubric(rubric), columns, rolled_rows, by_town, problems, reports)


def _people(towns: list[Unit]) -> list[dict[str, Any]]:
    return [
        {
            "unit": p.unit.code,
            "role": p.role,
            "name": p.name,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
        }
        for p in Person.objects.filter(unit__in=towns).select_related("unit")
    ]


def _reasons(entries: list[CountyEntry], period: str) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    for e in entries:
        if e.kind == K.DEDUCTION:
            out.setdefault((e.township.code, period), {})[e.key] = e.reason
    return out


def explained_all(
    a: CountyAssessment, units: list[dict[str, Any]], lang: str
) -> list[list[dict[str, str]]]:
    """Each township's deductions, in order, as its results keep them (Chinese), or
    worded again in ``lang`` by the engine from the same figures, rubric and the
    county's reasons, as the township's pages do (``services.explained``): the same
    lines, paths and points. The rubric is rolled up once and the lines are made for
    all at once (``explain_units``): a line shared by townships that lost the same
    points on the same figures is made once."""
    if lang == "zh":
        return [list(u["deductions"]) for u in units]
    from fractions import Fraction

    from kaoping.engine import explain_units

    reasons: dict[str, dict[str, str]] = {}
    for town, kind, key, _value, reason in a.snapshot.get("entries", []):
        if kind == K.DEDUCTION:
            reasons.setdefault(town, {})[key] = reason
    # Scored with the rubric as rolled up (a village's yes/no is a township's share).
    rubric = rolled_rubric(services.parsed(a.rubric))
    made = explain_units(
        rubric,
        [
            ({k: Fraction(v) for k, v in u.get("values", {}).items()}, reasons.get(u["unit"], {}))
            for u in units
        ],
        lang,
    )
    return [
        [{"path": d.path, "points": str(d.points), "text": d.text} for d in deductions]
        for deductions, _bonuses in made
    ]


def _plain(v: Any) -> Any:
    """A figure as JSON keeps it exactly: text for a Decimal, ``1/3`` for a Fraction."""
    if v is None or isinstance(v, str | int):
        return v
    return str(v)


# --- changes -----------------------------------------------------------------------


def _locked(pk: int) -> CountyAssessment:
    return (
        CountyAssessment.objects.select_for_update(of=("self",))
        .select_related("county", "rubric")
        .get(pk=pk)
    )


def create(county: Unit, period_text: str, rv: RubricVersion, user: Any) -> CountyAssessment:
    period = _period_of(period_text)
    if rv.township_id != county.pk:
        raise Refused(
            _("该考评细则不是%(unit)s的") % {"unit": county.name}
            if is_region(county)
            else _("该考评细则不是本县的")
        )
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=county.pk).first()
        if CountyAssessment.objects.filter(county=county, period=period).exists():
            raise Refused(
                _("%(period)s已有%(unit)s对各县的考评，请在其上继续")
                % {"period": period, "unit": county.name}
                if is_region(county)
                else _("%(period)s已有本县对乡镇的考评，请在其上继续") % {"period": period}
            )
        a = CountyAssessment.objects.create(
            county=county, period=period, rubric=rv, created_by=user
        )
        CountyAssessmentEvent.objects.create(
            assessment=a,
            action=E.CREATE,
            user=user,
            note=N.RUBRIC_USED % {"name": rv.name, "number": rv.number},
        )
    return a


# --- corrections ------------------------------------------------------------------

#: A correction's reason is written in a sentence or two, kept whole in the record.
MAX_CORRECTION_REASON = 500


def versions(a: CountyAssessment) -> list[CountyAssessment]:
    """Every version of ``a``'s assessor and period, newest first."""
    return list(
        CountyAssessment.objects.filter(county_id=a.county_id, period=a.period)
        .select_related("county")
        .order_by("-version")
    )


def newest_versions(assessments: list[CountyAssessment]) -> list[CountyAssessment]:
    """Of approved or published assessments, the one that counts for each assessor
    and period: its newest version (a correction, once approved, supersedes)."""
    best: dict[tuple[int, str], CountyAssessment] = {}
    for a in assessments:
        key = (a.county_id, a.period)
        if a.frozen and (key not in best or a.version > best[key].version):
            best[key] = a
    return [a for a in assessments if best.get((a.county_id, a.period)) is a]


def refuse_correction(a: CountyAssessment, reason: str) -> None:
    """Raise :class:`Refused` if ``a`` may not be corrected now: checked by the page
    before it asks, and again by :func:`correct` under the assessment's lock."""
    if not a.frozen:
        raise Refused(_("只有已审定或已公布的考评可以更正；草稿可直接修改"))
    newer = next((v for v in versions(a) if v.version > a.version), None)
    if newer is not None and not newer.frozen:
        raise Refused(
            _("该考评已有进行中的更正版本（第%(version)s版），请在其上继续")
            % {"version": newer.version}
        )
    if newer is not None:
        raise Refused(
            _("第%(old)s版已被第%(version)s版取代，请更正第%(version)s版")
            % {"old": a.version, "version": newer.version}
        )
    text = reason.strip()
    if not text:
        raise Refused(_("请写明更正原因"))
    if len(text) > MAX_CORRECTION_REASON:
        raise Refused(
            _("更正原因最多%(max)s字，现有%(n)s字，请精简")
            % {"max": MAX_CORRECTION_REASON, "n": len(text)}
        )


def correction_version(a: CountyAssessment) -> int:
    """The version a correction of ``a`` takes: the next of its versions."""
    return max(v.version for v in versions(a)) + 1


@transaction.atomic
def correct(pk: int, reason: str, user: Any) -> CountyAssessment:
    """A new draft version of an approved or published assessment, with its
    entries; the old one stays as it was and counts until the new one is approved.
    While the draft is open the villages' reports the old one read may be reopened
    (:mod:`.county_lock` asks the newest version only). Under the old one's lock,
    which its publishing and every correction take too."""
    old = _locked(pk)
    refuse_correction(old, reason)
    text = reason.strip()
    new = CountyAssessment.objects.create(
        county=old.county,
        period=old.period,
        rubric=old.rubric,
        version=correction_version(old),
        corrects=old,
        correction_reason=text,
        created_by=user,
    )
    CountyEntry.objects.bulk_create(
        CountyEntry(
            assessment=new,
            township=e.township,
            kind=e.kind,
            key=e.key,
            value=e.value,
            reason=e.reason,
            author=e.author,
            at=e.at,
        )
        for e in old.entries.all()
    )
    for target in (old, new):
        CountyAssessmentEvent.objects.create(
            assessment=target,
            action=E.CORRECT,
            user=user,
            note=N.CORRECTED % {"old": old.version, "new": new.version, "reason": text},
        )
    return new


def _bounded(text: str, field: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise Refused(
            _("%(field)s应为数字，收到“%(text)s”") % {"field": field, "text": str(text)[:20]}
        ) from None
    if not value.is_finite() or abs(value) >= MAX_ENTRY:
        raise Refused(
            _("%(field)s超出范围，收到“%(text)s”") % {"field": field, "text": str(text)[:20]}
        )
    return value


@transaction.atomic
def enter(
    pk: int, township_code: str, kind: str, key: str, text: str, reason: str, user: Any
) -> CountyAssessment:
    """Enter (or, with an empty value, clear) a township's figure or deduction."""
    a = _locked(pk)
    if a.status != S.DRAFT:
        raise Refused(_("该考评%(status)s，不能再录入") % {"status": a.get_status_display()})
    if is_region(a.county):
        town = next((c for c in assessed(a.county) if c.code == township_code), None)
        if town is None:
            raise Refused(
                _("县“%(code)s”不在%(unit)s考核之列")
                % {"code": township_code[:32], "unit": a.county.name}
            )
    else:
        town = Unit.objects.filter(
            code=township_code, level=Unit.Level.TOWNSHIP, parent=a.county
        ).first()
        if town is None:
            raise Refused(_("乡镇“%(code)s”不属于本县") % {"code": township_code[:32]})
    rubric = services.parsed(a.rubric)
    reason = reason.strip()[:1000]
    if kind == K.FIGURE:
        el = rubric.data_elements().get(key)
        if el is None or rollup_rule(el) != "none":
            raise Refused(
                _("指标“%(key)s”由各村数据汇总，不由省（市）级录入") % {"key": key[:64]}
                if is_region(a.county)
                else _("指标“%(key)s”由各村数据汇总，不由县级录入") % {"key": key[:64]}
            )
        field = el.label or key
    elif kind == K.DEDUCTION:
        try:
            node = rubric.node(key)
        except KeyError:
            raise Refused(_("考评项目“%(key)s”不是人工扣分项") % {"key": key[:64]}) from None
        if not node.has_manual:
            raise Refused(_("考评项目“%(key)s”不是人工扣分项") % {"key": node.title})
        field = node.title
    else:
        raise Refused(_("录入类型无法识别"))
    existing = CountyEntry.objects.filter(assessment=a, township=town, kind=kind, key=key)
    if not text.strip():
        existing.delete()
        note = N.ENTRY_CLEARED % {"township": town.name, "field": field}
    else:
        value = _bounded(text, field)
        if kind == K.FIGURE:
            assert el is not None
            if el.type == "bool" and value not in (0, 1):
                raise Refused(
                    _("%(field)s应为 1（是）或 0（否），收到“%(text)s”")
                    % {"field": field, "text": text.strip()[:20]}
                )
            if el.type == "count" and (value < 0 or value != value.to_integral_value()):
                raise Refused(
                    _("%(field)s应为非负整数，收到“%(text)s”")
                    % {"field": field, "text": text.strip()[:20]}
                )
        else:
            if value <= 0 or value > node.max:
                raise Refused(
                    _("%(field)s的扣分应大于0且不超过该项满分%(max)s分，收到“%(text)s”")
                    % {"field": field, "max": format_exact(node.max), "text": text.strip()[:20]}
                )
            if not reason:
                raise Refused(_("请写明%(field)s的扣分理由") % {"field": field})
        CountyEntry.objects.update_or_create(
            assessment=a,
            township=town,
            kind=kind,
            key=key,
            defaults={"value": value, "reason": reason, "author": user, "at": timezone.now()},
        )
        entry = {"township": town.name, "field": field, "value": format_exact(value)}
        if reason:
            note = N.ENTRY_WITH_REASON % {**entry, "reason": reason}
        else:
            note = N.ENTRY % entry
    CountyAssessmentEvent.objects.create(assessment=a, action=E.ENTRY, user=user, note=note)
    # The stored results no longer match the entries: compute again.
    a.results = {}
    a.revision += 1
    a.save(update_fields=["results", "revision"])
    return a


@transaction.atomic
def compute(pk: int, user: Any) -> CountyAssessment:
    a = _locked(pk)
    if a.status != S.DRAFT:
        raise Refused(_("该考评%(status)s，不能重新计算") % {"status": a.get_status_display()})
    g = gather(a)
    if g.problems:
        raise Refused(_("以下数据缺失或未通过校验，暂不能计算"), g.problems)
    towns = assessed(a.county)
    people = _people(towns)
    entries = _entries(a)
    try:
        result = assess(
            g.rubric,
            Figures(g.columns, tuple(g.rows)),
            services.engine_people(people),
            manual_reasons=_reasons(entries, a.period),
            vectorised=False,  # a county's few townships, and shares like 1/3 kept exact
        )
    except AssessmentError as err:
        raise Refused(
            _("数据无法计分：%(problems)s")
            % {
                "problems": pgettext("sentence separator", "；").join(
                    str(v) for v in err.violations[:10]
                )
            }
        ) from None
    units = services._unit_results(result, a.period, g.rubric)
    before = (
        CountyAssessment.objects.filter(
            county=a.county,
            period=str(Period.parse(a.period).previous()),
            status__in=[S.APPROVED, S.PUBLISHED],
        )
        .values_list("results", flat=True)
        .first()
    )
    ranks = {u["unit"]: u["rank"] for u in (before or {}).get("units", [])}
    for u in units:
        u["previous_rank"] = ranks.get(u["unit"])
    a.snapshot = {
        "rows": [{k: _plain(v) for k, v in r.items()} for r in g.rows],
        "villages": {
            t: [{k: _plain(v) for k, v in r.items()} for r in rows]
            for t, rows in g.villages.items()
        },
        "people": people,
        "entries": [[e.township.code, e.kind, e.key, str(e.value), e.reason] for e in entries],
        "reports": g.reports,
    }
    reported = result.period(a.period)
    a.results = {
        "units": units,
        "warnings": reported.warnings_zh,
        "computed_at": timezone.now().isoformat(),
    }
    a.computed_at = timezone.now()
    a.revision += 1
    a.save(update_fields=["snapshot", "results", "computed_at", "revision"])
    CountyAssessmentEvent.objects.create(
        assessment=a,
        action=E.COMPUTE,
        user=user,
        note=(N.COUNTIES_COMPUTED if is_region(a.county) else N.TOWNSHIPS_COMPUTED)
        % {"n": len(units)},
    )
    return a


def preparers(a: CountyAssessment) -> set[int]:
    users = set(
        a.events.filter(action__in=[E.CREATE, E.ENTRY, E.COMPUTE], user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    users |= set(a.entries.filter(author__isnull=False).values_list("author_id", flat=True))
    return users


def _reports_read(a: CountyAssessment) -> dict[int, int]:
    """Report pk -> version of every report the computation read (with figures)."""
    return {int(pk): int(ver) for pk, ver in a.snapshot.get("reports", [])}


def _reports_now(a: CountyAssessment, *, lock: bool) -> dict[int, int]:
    """Report pk -> version of the villages' reports of the period holding figures
    now, as :func:`gather` records them; ``lock``: every report of the villages
    for the period and its months is locked first (without DISTINCT, which
    PostgreSQL refuses with FOR UPDATE), so that none gains figures meanwhile."""
    villages, _owner = _villages(a.county, assessed(a.county))
    periods = services.report_periods(a.period)
    found = Report.objects.filter(unit__in=villages, period__in=periods)
    if lock:
        found = found.select_for_update(of=("self",))
    every = dict(found.values_list("pk", "version"))
    with_figures = set(
        Figure.objects.filter(period__in=periods, report_id__in=list(every)).values_list(
            "report_id", flat=True
        )
    )
    return {pk: ver for pk, ver in every.items() if pk in with_figures}


#: How many reports a refusal names; the rest are counted.
NAMED_REPORTS = 10


def _reports_refusal(read: dict[int, int], now: dict[int, int], seen: list[Report]) -> str:
    """Why the reports forbid the approval ("" when they do not): any of ``seen``
    the townships have not approved (报表未经乡镇审核锁定), and any report whose
    figures changed or appeared since the computation (``read`` against ``now``)."""
    why = []
    open_ = sorted(
        (r for r in seen if r.status != Report.Status.APPROVED),
        key=lambda r: (r.unit.code, r.period, r.pk),
    )
    if open_:
        items = pgettext("list separator", "、").join(
            _("%(township)s%(unit)s %(period)s（%(status)s）")
            % {
                "township": r.unit.township.name if r.unit.township else "",
                "unit": r.unit.name,
                "period": r.period,
                "status": r.get_status_display(),
            }
            for r in open_[:NAMED_REPORTS]
        )
        words = {"n": len(open_), "shown": NAMED_REPORTS, "reports": items}
        why.append(
            _(
                "以下%(n)s份村（社区）报表尚未经乡镇审核锁定，不能审定：%(reports)s。"
                "请乡镇先审核锁定，再审定本考评"
            )
            % words
            if len(open_) <= NAMED_REPORTS
            else _(
                "%(n)s份村（社区）报表尚未经乡镇审核锁定，不能审定，其中前%(shown)s份："
                "%(reports)s。请乡镇先审核锁定，再审定本考评"
            )
            % words
        )
    changed = sorted(pk for pk in set(read) | set(now) if read.get(pk) != now.get(pk))
    if changed:
        names = pgettext("list separator", "、").join(
            sorted(
                {r.unit.name for r in Report.objects.filter(pk__in=changed).select_related("unit")}
            )
        )
        why.append(
            _("计算之后以下村（社区）的数据有变动，请重新计算后再审定：%(names)s")
            % {"names": names}
        )
    return pgettext("sentence separator", "；").join(why)


def refuse_reports(a: CountyAssessment) -> None:
    """Raise :class:`Refused` as the approval would refuse on the villages' reports,
    read without their lock: checked by the page before it asks; decided again by
    :func:`transition` through the reports' one gate."""
    read = _reports_read(a)
    now = _reports_now(a, lock=False)
    seen = list(
        Report.objects.filter(pk__in=set(read) | set(now)).select_related("unit", "unit__township")
    )
    why = _reports_refusal(read, now, seen)
    if why:
        raise Refused(why)


_STEPS = {"approve": (S.DRAFT, S.APPROVED), "publish": (S.APPROVED, S.PUBLISHED)}


@transaction.atomic
def transition(pk: int, action: str, user: Any, revision: int | None = None) -> CountyAssessment:
    """Take the step; an approval passes the villages' reports it read through the
    reports' one gate (``core.services.guarded``) in the transaction that writes it:
    each one approved by its township and as the computation read it, locked until
    this commits. A township's reopening of one of them waits there and then finds
    this approved (:mod:`.county_lock`); a reopening first makes this refuse."""
    from kaoping.web.core import services as core

    a = _locked(pk)
    refuse_step(a, action, user, revision)
    if action != "approve":
        return _step_taken(a, action, user)
    read = _reports_read(a)
    now = _reports_now(a, lock=True)
    try:
        with core.guarded(set(read) | set(now), "lock_approved", None, read) as locked:
            why = _reports_refusal(read, now, locked)
            if why:
                raise Refused(why)
            return _step_taken(a, action, user)
    except core.Refused as refused:
        seen = [r for r, _why in refused.refusals]
        raise Refused(_reports_refusal(read, now, seen) or refused.message) from None


def _step_taken(a: CountyAssessment, action: str, user: Any) -> CountyAssessment:
    a.status = _STEPS[action][1]
    a.revision += 1
    a.save(update_fields=["status", "revision"])
    CountyAssessmentEvent.objects.create(assessment=a, action=action, user=user)
    return a


def refuse_step(a: CountyAssessment, action: str, user: Any, revision: int | None) -> None:
    """Raise :class:`Refused` if ``user`` may not take the step on ``a`` as it is:
    its status, its computation, the revision shown and the four eyes. Checked
    again under the lock by :func:`transition`, and first by the page before it
    asks (a preparer is refused, not asked)."""
    if action not in _STEPS:
        raise Refused(_("操作无法识别"))
    source, _target = _STEPS[action]
    if a.status != source:
        wrong = (
            _("只有已计算的草稿可以审定（当前状态：%(status)s）")
            if action == "approve"
            else _("只有已审定的考评可以公布（当前状态：%(status)s）")
        )
        raise Refused(wrong % {"status": a.get_status_display()})
    if action == "approve" and not a.computed:
        raise Refused(_("请先计算，再审定"))
    if revision is not None and revision != a.revision:
        raise Refused(_("您查看之后，该考评已被重新计算或修改，请刷新页面核对后再操作"))
    if action == "publish":
        # Under the lock that a correction takes too: a version being corrected or
        # corrected already is not what is made official.
        newer = next((v for v in versions(a) if v.version > a.version), None)
        if newer is not None:
            raise Refused(
                _("第%(old)s版已有更正版本（第%(version)s版），不能再公布第%(old)s版")
                % {"old": a.version, "version": newer.version}
            )
    if action == "approve":
        from kaoping.web.core.services import four_eyes

        who = four_eyes(user, preparers(a))
        if who:
            raise Refused(
                _("%(who)s参与编制了本考评（创建、录入或计算），不能由其审定") % {"who": who}
            )


# --- the dashboard -----------------------------------------------------------------


def villages_of(towns: list[Unit]) -> dict[int, int]:
    """The townships' villages and communities: pk -> their township's pk."""
    return {
        pk: town_id or 0
        for pk, town_id in Unit.objects.filter(township__in=towns, level__in=VILLAGE_LEVELS)
        .order_by()
        .values_list("pk", "township_id")
    }


# The county's reports are found from its own villages' keys (the reports' unit
# index), never by the period or through a join the planner may answer by reading
# every report of the province: the page's cost stays that of one county.


def latest_period(villages: dict[int, int]) -> str | None:
    """The latest period any of ``villages`` (:func:`villages_of`) has a report of."""
    parsed = []
    for p in set(
        Report.objects.filter(unit_id__in=list(villages))
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    ):
        try:
            # A month of a data set reported monthly stands for its quarter.
            parsed.append(Period.parse(services._quarter_of(p) or p))
        except ValueError:
            continue
    return str(max(parsed)) if parsed else None


def completeness(
    period: str, towns: list[Unit], villages: dict[int, int]
) -> dict[str, dict[str, int]]:
    """Per township: villages, how many reported figures for the period (a
    quarter's own reports or its months', ``services.report_periods``), how many
    of those are approved (审核锁定). ``villages``: :func:`villages_of` the county's
    townships (those not in ``towns`` are left out)."""
    out = {t.code: {"villages": 0, "reported": 0, "approved": 0} for t in towns}
    code_of = {t.pk: t.code for t in towns}
    mine = {pk: code_of[t] for pk, t in villages.items() if t in code_of}
    for code in mine.values():
        out[code]["villages"] += 1
    # A report counts if it holds a figure: asked per report, not by joining its
    # figures and folding them back with DISTINCT.
    seen: dict[int, set[str]] = {}
    for uid, status in (
        Report.objects.filter(unit_id__in=list(mine), period__in=services.report_periods(period))
        .filter(Exists(Figure.objects.filter(report_id=OuterRef("pk"), period=OuterRef("period"))))
        .values_list("unit_id", "status")
    ):
        seen.setdefault(uid, set()).add(status)
    for uid, statuses in seen.items():
        cell = out[mine[uid]]
        cell["reported"] += 1
        if statuses == {Report.Status.APPROVED}:
            cell["approved"] += 1
    return out


def heat_class(score: Decimal, most: Decimal) -> str:
    """The cell's colour by the share of points kept: five steps, red to green."""
    if most <= 0:
        return "heat-na"
    share = score / most
    for bound, name in ((Decimal("0.6"), "heat-0"), (Decimal("0.75"), "heat-1"),
                        (Decimal("0.9"), "heat-2"), (Decimal("1"), "heat-3")):  # fmt: skip
        if share < bound:
            return name
    return "heat-4"
