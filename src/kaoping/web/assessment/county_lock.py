"""Whether an approved assessment one level or more above the township (a county's
of its townships, a city's or a province's of its counties: county.py) read a
village's report: asked by the report's reopening under the report's lock, and by
its page before it asks. Apart from county.py, so that the reopening's receivers
(apps.py) read it without the scoring.

Only the newest version of each assessor's period counts: while a correction of
it (建立更正版本, county.correct) is an open draft, the reports its approved
version read may be reopened, and the correction's approval locks them again on
the townships' approvals. Otherwise the reopening is refused and says the way
out: ask the assessor to start a correction.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kaoping.engine import Period
from kaoping.web.core.models import Unit
from kaoping.web.core.permissions import regions_above

from .models import CountyAssessment

S = CountyAssessment.Status


def _periods_reading(period: str) -> list[str]:
    # A month's report is read by its quarter's assessment too (services.report_periods).
    try:
        p = Period.parse(period)
    except ValueError:
        return [period]
    return [period, str(p.enclosing("Q"))] if p.is_month else [period]


def approved_above(report: Any) -> list[CountyAssessment]:
    """The approved or published assessments of the report's county, city and
    province that read ``report`` (their computation's snapshot holds it)."""
    town = report.unit.township
    if town is None or town.parent_id is None:
        return []
    county = Unit.objects.select_related("parent").filter(pk=town.parent_id).first()
    if county is None:
        return []
    found = list(
        CountyAssessment.objects.filter(
            county_id__in={county.pk, *regions_above(county)},
            period__in=_periods_reading(report.period),
            status__in=[S.APPROVED, S.PUBLISHED],
        )
        .select_related("county")
        .only("pk", "period", "version", "status", "snapshot", "county__name", "county__level")
        .order_by("pk")
    )
    if not found:
        return []
    # The newest version of each period: a newer draft (a correction open) lifts
    # the lock, a newer approved one holds it by its own reading.
    newest: dict[tuple[int, str], int] = {}
    for county_id, period, version in CountyAssessment.objects.filter(
        county_id__in={a.county_id for a in found}, period__in={a.period for a in found}
    ).values_list("county_id", "period", "version"):
        key = (county_id, period)
        newest[key] = max(newest.get(key, 0), version)
    return [
        a
        for a in found
        if newest.get((a.county_id, a.period)) == a.version
        and any(int(pk) == report.pk for pk, _v in a.snapshot.get("reports", []))
    ]


def refusal(report: Any) -> str:
    """Why the report may not be reopened now ("" when nothing above forbids it)."""
    above = approved_above(report)
    if not above:
        return ""
    a = above[0]
    # Published or only approved: frozen either way until a correction is started.
    return _(
        "%(assessor)s%(period)s的考评已审定，读取了%(unit)s %(report_period)s的报表，"
        "不能再解锁更正；如确需修改，请联系%(assessor)s建立该考评的更正版本，"
        "更正版本建立后即可解锁更正"
    ) % {
        "assessor": a.county.name,
        "period": a.period,
        "unit": report.unit.name,
        "report_period": report.period,
    }
