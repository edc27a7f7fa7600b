"""The demo township in the web app, loaded by one explicit call: ``kaoping serve
--demo`` (:func:`kaoping.web.serving.prepare`) runs :func:`load_demo` on an empty
database and :func:`reload_demo` on one that holds the demo already.

It brings core's units, people, figures and logins
(:func:`kaoping.web.core.loading.load_demo`), planning's examples (service days,
the screening-slot allocation, a campaign), assessment's history (2026Q1–Q3
published, counts from other sources), the monthly birth registrations of 2026
(出生登记月报, for the monthly bulletin and check: assessment/monthly_demo.py), the year's meetings (the meetings
app) and the spring campaign's work groups and 40 days of dispatch (the
dispatch app), and the county above the township (清河县: two more small
townships, the county's logins, its rubric and its approved assessment of 2026Q3;
assessment/county_demo.py), and the province and city above the county (江南省 >
青山市, the province's logins; assessment/region_demo.py). Nothing else writes demo data: no signal, no page that is read. ``serve`` calls this in a freshly spawned process before
gunicorn forks its workers, so the scoring done here never starts Polars' thread
pool in the process that forks.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .assessment.county_demo import county_users, holds_the_county, load_county_demo
from .assessment.demo import ensure_history, load_assessment_demo
from .assessment.monthly_demo import load_month_assessments, load_monthly_demo
from .assessment.region_demo import (
    complete_region_demo,
    load_region_demo,
    province_of,
    region_users,
)
from .core.loading import Login, demo_users
from .core.loading import load_demo as load_core_demo
from .core.models import FigureChange, Membership, Unit
from .dispatch.demo import load_dispatch_demo, load_spring_campaign
from .letters.demo import load_letters_demo
from .meetings.demo import load_meetings_demo
from .planning.demo import load_planning_demo
from .planning.services import villages


def load_demo(demo: Any) -> list[Login]:
    """Load the whole demo township into an empty database, all or nothing.
    Returns the logins (with their passwords)."""
    with transaction.atomic():
        logins = load_core_demo(demo)
        township = Unit.objects.get(code=demo.township[0], level=Unit.Level.TOWNSHIP)
        load_planning_demo(township, demo)
        # Before the assessment and the letters: they take the spring campaign when
        # there is one. Its dispatch after the meetings, which load into none.
        load_spring_campaign(township)
        # The months before the quarters are assessed: an approval locks every
        # report its quarter's figures come from, the months' too.
        load_monthly_demo(township, demo)
        load_assessment_demo(township)
        load_meetings_demo(township)
        load_letters_demo(township)
        load_dispatch_demo(township)
        # The county above it: two more townships, the county's logins and its
        # approved assessment of the three (docs/county.md).
        logins += load_county_demo(township, demo)
        # Its months assessed once the county can accept one (monthly_demo.py).
        load_month_assessments(township)
        # The province and city above the county (docs/province.md).
        assert township.parent is not None
        logins += load_region_demo(township.parent)
    return logins


def reload_demo(demo: Any) -> list[Login]:
    """New passwords for the demo logins of a database that holds the demo already,
    and whichever examples it lacks (a database loaded by an older kaoping)."""
    township = Unit.objects.get(code=demo.township[0])
    reporter = Membership.objects.filter(user__username="reporter", role="reporter").first()
    village = (
        reporter.unit
        if reporter
        else Unit.objects.filter(township=township, level__in=["village", "community"]).first()
    )
    assert village is not None
    logins = demo_users(township, village)
    held = _holds_the_demo(township, demo)
    if held:
        load_planning_demo(township, demo)
        load_spring_campaign(township)
        ensure_history(township)
        load_monthly_demo(township, demo)
        load_month_assessments(township)
        load_meetings_demo(township)
        load_letters_demo(township)
        load_dispatch_demo(township)
        county = township.parent
        if county is not None and not holds_the_county(county):
            logins += load_county_demo(township, demo)
            load_month_assessments(township)
            return logins + load_region_demo(county)
    county = township.parent
    if county is not None and holds_the_county(county):
        logins += county_users(county)
        province = province_of(county)
        if province is not None:
            logins += region_users(province)
            if held:  # a demo province loaded before it had more than one county
                complete_region_demo(province)
        elif held:  # a demo loaded before there was a province
            logins += load_region_demo(county)
    return logins


def _holds_the_demo(township: Unit, demo: Any) -> bool:
    # Only a township filled by the demo loader: its figures are audited as demo
    # data. A real township that happens to share the demo's code is left alone.
    return (
        township.level == Unit.Level.TOWNSHIP
        and len(villages(township)) == len(demo.units)
        and FigureChange.objects.filter(
            report__unit__township=township, path=FigureChange.Path.DEMO
        ).exists()
    )
