"""A province's or a city's dashboard (docs/province.md): its counties side by side.

Each county's row: its townships and villages, how many villages reported the
period's figures and how many of those are approved (审核锁定), and the county's
own assessment of its townships (县考核乡镇) once approved: the townships' mean
total as a share of the rubric's total, so that counties with rubrics of different
totals compare. Counties rank by that share (or by the approved share of their
villages' reports); a county without an approved assessment of the period ranks
after those with one. The trend is the share of the county's last four approved
assessments. Only the counties under the region are read: the units in four
statements (counties, cities, townships, villages), the reports in two (their
periods, the period's), the county assessments in one, the region's own in one.

Once the region has approved (or published) its own assessment of its counties
for the period (省、市考核各县, ``views/region_assessment.py``), the counties rank
by it (``order=region``, then the default) and the page shows its item heat map;
the period is then, unless asked, that of its newest such assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404

from kaoping.engine import Period, format_number
from kaoping.web.core.models import Unit
from kaoping.web.core.permissions import REGION_LEVELS, counties_under, holds, memberships

from . import county as county_app
from . import services
from .models import CountyAssessment

S = CountyAssessment.Status
TREND = 4
ORDERS = ("region", "score", "done")
FROZEN = (S.APPROVED, S.PUBLISHED)


def get_region(user: Any, code: str) -> Unit:
    """The city or province named ``code`` whose dashboard the user reads; else 404."""
    unit = Unit.objects.filter(code=code, level__in=REGION_LEVELS).first()
    if unit is None or not holds(user, "region.read", unit):
        raise Http404
    return unit


def regions_for(user: Any) -> list[Unit]:
    """The cities and provinces whose dashboard the user may open, provinces first."""
    if not user.is_authenticated:
        return []
    units = Unit.objects.filter(level__in=REGION_LEVELS)
    if not user.is_superuser:
        # Only a role on the region or on a province above it reaches a region.
        mine = [m.unit_id for m in memberships(user) if m.unit.level in REGION_LEVELS]
        units = units.filter(Q(pk__in=mine) | Q(parent_id__in=mine))
    return sorted(
        (u for u in units if holds(user, "region.read", u)),
        key=lambda u: (u.level != Unit.Level.PROVINCE, u.code),
    )


def mean_share(a: CountyAssessment) -> Decimal | None:
    """The townships' mean total over the rubric's total (0..1); None without results."""
    totals = [Decimal(u["total"]) for u in a.results.get("units", [])]
    most = services.parsed(a.rubric).total
    if not totals or most <= 0:
        return None
    return sum(totals, Decimal(0)) / len(totals) / most


def percent(share: Decimal | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


@dataclass
class CountyRow:
    county: Unit
    city: Unit | None
    townships: int = 0
    villages: int = 0
    reported: int = 0
    approved: int = 0
    assessment: CountyAssessment | None = None
    share: Decimal | None = None
    trend: list[tuple[str, str]] = field(default_factory=list)
    rank: int | None = None
    # The county's row in the region's own frozen assessment of the period.
    region_rank: int | None = None
    region_total: Decimal | None = None

    @property
    def share_shown(self) -> str:
        return percent(self.share)

    @property
    def region_total_shown(self) -> str:
        return "—" if self.region_total is None else format_number(self.region_total)

    @property
    def done(self) -> Decimal | None:
        return Decimal(self.approved) / self.villages if self.villages else None

    @property
    def reported_pct(self) -> str:
        return percent(Decimal(self.reported) / self.villages if self.villages else None)

    @property
    def approved_pct(self) -> str:
        return percent(self.done)


def _sort_key(p: str) -> Any:
    try:
        return (0, Period.parse(p))
    except ValueError:
        return (1, p)


def dashboard(region: Unit, wanted: str = "", order: str = "") -> dict[str, Any]:
    """The region's counties ranked, for the period ``wanted`` (else that of the
    region's newest frozen assessment of its counties, else the latest period any
    of their villages reported). ``order``: "region" (the region's assessment),
    "score" (the counties' own), "done"; by default the first the period has.
    ``own`` is the region's frozen assessment of the period, if any."""
    counties = counties_under([region.pk])
    cities = {
        c.pk: c for c in Unit.objects.filter(pk__in={c.parent_id for c in counties}, level="city")
    }
    towns = list(Unit.objects.filter(level=Unit.Level.TOWNSHIP, parent__in=counties))
    county_of_town = {t.pk: t.parent_id for t in towns}
    villages = county_app.villages_of(towns)
    # A corrected period counts by its newest approved version.
    frozen = county_app.newest_versions(
        list(
            CountyAssessment.objects.filter(
                county__in=counties, status__in=[S.APPROVED, S.PUBLISHED]
            )
            .select_related("rubric")
            .order_by()
        )
    )
    mine = list(
        CountyAssessment.objects.filter(county=region, status__in=FROZEN)
        .select_related("rubric")
        .order_by()
    )
    periods = sorted({a.period for a in [*frozen, *mine]}, key=_sort_key, reverse=True)
    period = wanted if wanted in periods else None
    if period is None and wanted:
        try:
            period = str(Period.parse(wanted))
        except ValueError:
            period = None
    if period is None and mine:
        period = max((a.period for a in mine), key=_sort_key)
    if period is None:
        period = county_app.latest_period(villages) or (periods[0] if periods else None)
    rows = {c.pk: CountyRow(c, cities.get(c.parent_id or 0)) for c in counties}
    for t in towns:
        rows[t.parent_id or 0].townships += 1
    if period:
        done = county_app.completeness(period, towns, villages)
        code_county = {t.code: county_of_town[t.pk] for t in towns}
        for code, cell in done.items():
            row = rows[code_county[code] or 0]
            row.villages += cell["villages"]
            row.reported += cell["reported"]
            row.approved += cell["approved"]
    history: dict[int, list[CountyAssessment]] = {}
    for a in frozen:
        history.setdefault(a.county_id, []).append(a)
    for county_id, found in history.items():
        found.sort(key=lambda a: _sort_key(a.period))
        row = rows[county_id]
        row.trend = [(a.period, percent(mean_share(a))) for a in found[-TREND:]]
        for a in found:
            if a.period == period:
                row.assessment, row.share = a, mean_share(a)
    own = next((a for a in mine if a.period == period), None)
    if own is not None:
        by_code = {r.county.code: r for r in rows.values()}
        for u in own.results.get("units", []):
            ranked_row = by_code.get(u["unit"])
            if ranked_row is not None:
                ranked_row.region_rank = u["rank"]
                ranked_row.region_total = Decimal(u["total"])
    if order not in ORDERS or (order == "region" and own is None):
        order = "region" if own is not None else "score"
    ranked = rank(list(rows.values()), order)
    return {"period": period, "periods": periods, "rows": ranked, "order": order, "own": own}


def rank(rows: list[CountyRow], order: str) -> list[CountyRow]:
    """Ranked by the assessment share (or the approved share), highest first, equal
    values sharing a rank (1, 1, 3); rows without the value come last, unranked.
    ``region``: the ranks the region's own assessment gave (the engine's ties)."""
    if order == "region":
        for r in rows:
            r.rank = r.region_rank
        return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.county.code))

    def value(r: CountyRow) -> Decimal | None:
        return r.share if order == "score" else r.done

    with_value = sorted(
        (r for r in rows if value(r) is not None),
        key=lambda r: (-(value(r) or 0), r.county.code),
    )
    previous: Decimal | None = None
    for i, r in enumerate(with_value, start=1):
        r.rank = i if value(r) != previous else with_value[i - 2].rank
        previous = value(r)
    rest = sorted((r for r in rows if value(r) is None), key=lambda r: r.county.code)
    return [*with_value, *rest]
