"""The walk of every URL of the permission table over the demo township: the world
(T01 of county C01 as ``kaoping serve --demo`` loads it, one object of every kind
a URL names, outsiders of another county and of a neighbouring township), and
each URL of :data:`kaoping.web.core.permissions.VIEWS` filled with its objects.
tests/web/test_outsiders.py and tests/web/test_gate.py walk it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

REFUSED = {403, 404, 405}

OUTSIDERS: dict[str, tuple[str, str]] = {
    # persona: (role, unit code)
    "other county's township admin": ("admin", "X1"),
    "other county's assessor": ("assessor", "X1"),
    "other county's township leader": ("leader", "X1"),
    "other county's village reporter": ("reporter", "XV1"),
    "other county's leader": ("leader", "XC"),
    "other county's admin": ("admin", "XC"),
    "other city's leader": ("leader", "XM"),
    "other province's admin": ("admin", "XP"),
    "other province's leader": ("leader", "XP"),
    "neighbouring township's admin": ("admin", "N1"),
    "neighbouring township's reporter": ("reporter", "NV1"),
}


def routes() -> dict[str, str]:
    """URL name (namespaced) -> route, for every pattern of the URLconf."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}{p.name}"] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "/")
    return found


def first(qs: Any) -> Any:
    """The first object of ``qs``; the demo holds one of each kind the URLs name."""
    found = qs.first()
    assert found is not None, qs.model.__name__
    return found


def build_demo_world() -> dict[str, Any]:
    """The demo township, one object of each kind it lacks, and the outsiders (the
    follow-up's attachment is saved under the MEDIA_ROOT in force)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from kaoping.demo import build_demo
    from kaoping.web.assessment.models import Assessment, Inspection, Rectification
    from kaoping.web.core.models import ApiToken, DataSet, Membership, Person, Report, Unit
    from kaoping.web.demo import load_demo
    from kaoping.web.dispatch.models import CatchUp
    from kaoping.web.jobs.models import Job
    from kaoping.web.letters.models import Clause, Letter
    from kaoping.web.meetings.models import Meeting
    from kaoping.web.notify.models import UnitRobot
    from kaoping.web.planning.models import (
        Allocation,
        Campaign,
        CampaignTarget,
        Reminder,
        ServiceDay,
    )

    load_demo(build_demo())
    User = get_user_model()
    L = Unit.Level
    township = Unit.objects.get(code="T01")
    county = first(Unit.objects.filter(level=L.COUNTY, pk=township.parent_id or 0))
    reporter_m = Membership.objects.get(user__username="reporter", role="reporter")
    village = reporter_m.unit
    admin = User.objects.get(username="admin")
    # The demo's province above its city and county (docs/province.md), whose
    # dashboard the region URLs name.
    province = Unit.objects.get(code="P01", level=L.PROVINCE)
    assert county.parent is not None and county.parent.parent_id == province.pk
    county_admin = User.objects.create_user(username="county-admin", password="x")
    county_m = Membership.objects.create(user=county_admin, role="admin", unit=county)
    dataset = first(DataSet.objects.filter(township=township))
    report = first(Report.objects.filter(dataset=dataset, unit=village).order_by("-period"))
    assessment = next(
        a for a in Assessment.objects.filter(township=township).order_by("-pk") if a.computed
    )
    rectification = first(Rectification.objects.filter(township=township))
    rectification.attachment.save("note.txt", ContentFile(b"done"), save=True)
    campaign = first(Campaign.objects.filter(township=township))
    reminder = Reminder.objects.create(
        township=township,
        unit=village,
        period=assessment.period,
        number="T01-TEST-1",
        kind="late_report",
        key="test",
        to_roles="reporter",
        to_names="专干",
        subject="报表迟报",
        text="请尽快上报。",
        signed_by="镇办",
        issued_on=date(2026, 10, 9),
    )
    job = Job.objects.create(kind="test", unit=township, started_by=admin)
    robot = UnitRobot.objects.create(
        unit=township, channel="wecom", webhook="https://qyapi.weixin.qq.com/x?key=k"
    )
    area = first(Unit.objects.filter(township=township, level=L.AREA))
    catch_up = CatchUp.objects.filter(campaign=campaign).first()
    token, _key = ApiToken.issue(admin, "test")
    # The county's assessment of its townships (docs/county.md), a draft (the demo's
    # own of 2026Q3 is approved, with its rubric version 1).
    from kaoping.web.assessment.models import CountyAssessment, RubricVersion

    county_rubric = RubricVersion.objects.create(
        township=county,
        number=RubricVersion.objects.filter(township=county).count() + 1,
        name="县考核乡镇细则",
        text=build_demo().rubric_text,
    )
    county_assessment = CountyAssessment.objects.create(
        county=county, period=report.period, rubric=county_rubric
    )
    # The province's assessment of its counties (docs/province.md), a draft.
    province_rubric = RubricVersion.objects.create(
        township=province,
        number=RubricVersion.objects.filter(township=province).count() + 1,
        name="省考核县细则",
        text=build_demo().rubric_text,
    )
    region_assessment = CountyAssessment.objects.create(
        county=province, period=report.period, rubric=province_rubric
    )
    # Its documents are an approved assessment's: the demo province's of 2026Q3.
    region_approved = CountyAssessment.objects.get(county=province, status="approved")

    # The outsiders: another province's city's county (XP > XM > XC > X1 > XV1)
    # and a neighbour in C01 (N1 > NV1).
    other_province = Unit.objects.create(code="XP", name="外省", level=L.PROVINCE)
    other_city = Unit.objects.create(code="XM", name="外市", level=L.CITY, parent=other_province)
    other_county = Unit.objects.create(code="XC", name="外县", level=L.COUNTY, parent=other_city)
    x1 = Unit.objects.create(code="X1", name="外镇", level=L.TOWNSHIP, parent=other_county)
    Unit.objects.create(code="XV1", name="外村", level=L.VILLAGE, parent=x1)
    n1 = Unit.objects.create(code="N1", name="邻镇", level=L.TOWNSHIP, parent=county)
    Unit.objects.create(code="NV1", name="邻村", level=L.VILLAGE, parent=n1)
    outsiders = {}
    for i, (persona, (role, code)) in enumerate(OUTSIDERS.items()):
        user = User.objects.create_user(username=f"outsider{i}", password="x")
        Membership.objects.create(user=user, role=role, unit=Unit.objects.get(code=code))
        outsiders[persona] = user

    # In scope: the demo's accounts on T01 and its village, another village's
    # reporter of T01, and the county's leader.
    insiders = {
        "township admin": admin,
        "township assessor": User.objects.get(username="assessor"),
        "township leader": User.objects.get(username="leader"),
        "village reporter": reporter_m.user,
    }
    village2 = first(
        Unit.objects.filter(township=township, level=L.VILLAGE)
        .exclude(pk=village.pk)
        .order_by("code")
    )
    for persona, role, unit in (
        ("another village's reporter", "reporter", village2),
        ("county leader", "leader", county),
    ):
        user = User.objects.create_user(username=f"insider-{role}-{unit.code}", password="x")
        Membership.objects.create(user=user, role=role, unit=unit)
        insiders[persona] = user

    values: dict[str, Any] = {
        "dataset_pk": dataset.pk,
        "unit_code": village.code,
        "unit": village.code,
        "period": report.period,
        "element": first(dataset.elements.order_by("position")).code,
        "year": 2026,
        "number": 1,
        "item": catch_up.pk if catch_up else 1,
        "target": first(CampaignTarget.objects.filter(campaign=campaign)).pk,
    }
    letter = first(Letter.objects.filter(township=township))
    # a clause of the letter the walk's <pk> names (letters' clause edit and delete)
    values["cpk"] = first(Clause.objects.filter(letter=letter)).pk
    # What a <pk> is, by the route it appears in (the first match wins).
    pks: list[tuple[str, Any]] = [
        (r"^/users/county/roles/", county_m.pk),
        (r"^/users/roles/", reporter_m.pk),
        (r"^/users/", reporter_m.user_id),
        (r"^/people/", first(Person.objects.filter(unit__township=township)).pk),
        (r"^/account/tokens/", token.pk),
        (r"^/planning/service-days/", first(ServiceDay.objects.filter(township=township)).pk),
        (r"^/planning/allocations/", first(Allocation.objects.filter(township=township)).pk),
        (r"^/planning/campaigns/", campaign.pk),
        (r"^/planning/reminders/", reminder.pk),
        (r"^/assessment/followups/", rectification.pk),
        (r"^/assessment/inspections/", first(Inspection.objects.filter(township=township)).pk),
        # The county's documents are an approved assessment's: the demo's own.
        (
            r"^/assessment/county/a/.*\.(docx|xlsx)$",
            CountyAssessment.objects.get(county=county, status="approved").pk,
        ),
        (r"^/assessment/county/a/", county_assessment.pk),
        (r"^/assessment/region/a/.*\.(docx|xlsx)$", region_approved.pk),
        (r"^/assessment/region/a/", region_assessment.pk),
        (r"^/assessment/", assessment.pk),
        (r"^/meetings/", first(Meeting.objects.filter(township=township)).pk),
        (r"^/jobs/", job.pk),
        (r"^/dispatch/campaigns/", campaign.pk),
        (r"^/dispatch/people/", first(Person.objects.filter(unit__township=township)).pk),
        (r"^/letters/", letter.pk),
        (r"^/notify/", robot.pk),
    ]
    return {
        "township": township,
        "county": county,
        "province": province,
        "village": village,
        "area": area,
        "values": values,
        "pks": pks,
        "outsiders": outsiders,
        "insiders": insiders,
        "superuser": User.objects.create_superuser(username="root", password="x"),
    }


def fill(name: str, route: str, world: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = {}
    for key in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if key == "code":
            # a township's pages are under t/<code>/, a dispatch's by work area
            if "/region/<str:code>/" in route:
                kwargs[key] = world["province"].code
            elif "/county/<str:code>/" in route:
                kwargs[key] = world["county"].code
            elif "/t/<str:code>/" in route:
                kwargs[key] = world["township"].code
            elif "/areas/<str:code>/" in route:
                kwargs[key] = world["area"].code
            else:
                kwargs[key] = world["village"].code
        elif key == "pk":
            kwargs[key] = next(pk for pattern, pk in world["pks"] if re.search(pattern, route))
        elif key == "action":
            kwargs[key] = (
                "report"
                if "followups" in route
                else "approve"
                if "/county/" in route or "/region/" in route
                else "submit"
            )
        else:
            kwargs[key] = world["values"][key]
    return reverse(name, kwargs=kwargs)
