"""An outsider never gets another unit's data: every URL of the URLconf, GET and POST.

The demo township (T01 of county C01, loaded as ``kaoping serve --demo`` loads
it) holds one object of every kind a URL names. Each URL of the permission
table (kaoping.web.core.permissions.VIEWS) is filled with T01's objects, and
each outsider persona asks for it:

- another county's township admin, assessor, leader and village reporter;
- another county's leader and admin;
- a neighbouring township's admin and village reporter (same county C01).

Every answer must be 403, 404 or 405 (a POST-only view asked with GET), never
a page, a file or a redirect after a change; a URL without a unit or object in it (the unit
list, the accounts page: the user's own units) must not name T01 or its
village. So that a wrong URL cannot pass for a refusal, a superuser or T01's
admin first finds every object the walk names (no 404).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kaoping.web.core.permissions import OPEN, VIEWS

REFUSED = {403, 404, 405}
# The signed-in pages that list units (the others are the user's own account's).
UNITS = "login: lists"

OUTSIDERS: dict[str, tuple[str, str]] = {
    # persona: (role, unit code)
    "other county's township admin": ("admin", "X1"),
    "other county's assessor": ("assessor", "X1"),
    "other county's township leader": ("leader", "X1"),
    "other county's village reporter": ("reporter", "XV1"),
    "other county's leader": ("leader", "XC"),
    "other county's admin": ("admin", "XC"),
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


@pytest.fixture
def demo_world(db: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """The demo township, one object of each kind it lacks, and the outsiders."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the follow-up's attachment
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from kaoping.demo import build_demo
    from kaoping.web.assessment.models import Assessment, Inspection, Rectification
    from kaoping.web.core.models import ApiToken, DataSet, Membership, Person, Report, Unit
    from kaoping.web.demo import load_demo
    from kaoping.web.dispatch.models import CatchUp
    from kaoping.web.jobs.models import Job
    from kaoping.web.letters.models import Letter
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
    # The county's assessment of its townships (docs/county.md), a draft.
    from kaoping.web.assessment.models import CountyAssessment, RubricVersion

    county_rubric = RubricVersion.objects.create(
        township=county, number=1, name="县考核乡镇细则", text=build_demo().rubric_text
    )
    county_assessment = CountyAssessment.objects.create(
        county=county, period=report.period, rubric=county_rubric
    )

    # The outsiders: another county (XC > X1 > XV1) and a neighbour in C01 (N1 > NV1).
    other_county = Unit.objects.create(code="XC", name="外县", level=L.COUNTY)
    x1 = Unit.objects.create(code="X1", name="外镇", level=L.TOWNSHIP, parent=other_county)
    Unit.objects.create(code="XV1", name="外村", level=L.VILLAGE, parent=x1)
    n1 = Unit.objects.create(code="N1", name="邻镇", level=L.TOWNSHIP, parent=county)
    Unit.objects.create(code="NV1", name="邻村", level=L.VILLAGE, parent=n1)
    outsiders = {}
    for i, (persona, (role, code)) in enumerate(OUTSIDERS.items()):
        user = User.objects.create_user(username=f"outsider{i}", password="x")
        Membership.objects.create(user=user, role=role, unit=Unit.objects.get(code=code))
        outsiders[persona] = user

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
        (r"^/assessment/county/a/", county_assessment.pk),
        (r"^/assessment/", assessment.pk),
        (r"^/meetings/", first(Meeting.objects.filter(township=township)).pk),
        (r"^/jobs/", job.pk),
        (r"^/dispatch/campaigns/", campaign.pk),
        (r"^/dispatch/people/", first(Person.objects.filter(unit__township=township)).pk),
        (r"^/letters/", first(Letter.objects.filter(township=township)).pk),
        (r"^/notify/", robot.pk),
    ]
    return {
        "township": township,
        "county": county,
        "village": village,
        "area": area,
        "values": values,
        "pks": pks,
        "outsiders": outsiders,
        "superuser": User.objects.create_superuser(username="root", password="x"),
    }


def fill(name: str, route: str, world: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = {}
    for key in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if key == "code":
            # a township's pages are under t/<code>/, a dispatch's by work area
            if "/county/<str:code>/" in route:
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
                "report" if "followups" in route else "approve" if "/county/" in route else "submit"
            )
        else:
            kwargs[key] = world["values"][key]
    return reverse(name, kwargs=kwargs)


def guarded_urls() -> list[str]:
    return sorted(VIEWS)


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_url_the_walk_builds_names_an_object_that_exists(
    demo_world: dict[str, Any], client: Any, method: str
) -> None:
    from django.contrib.auth import get_user_model

    # The superuser reads everything; T01's admin owns the token and manages
    # T01's accounts (a superuser's accounts page is the first township's).
    insiders = [demo_world["superuser"], get_user_model().objects.get(username="admin")]
    table = routes()
    missing = []
    for name in guarded_urls():
        url = fill(name, table[name], demo_world)
        statuses = []
        for user in insiders:
            client.force_login(user)
            # each POST is undone, so that a deletion does not empty the next URL
            with transaction.atomic():
                statuses.append(getattr(client, method)(url).status_code)
                transaction.set_rollback(True)
        if all(status == 404 for status in statuses):
            missing.append(f"{method.upper()} {url} ({name})")
    assert not missing, "\n".join(missing)


def shown_text(response: Any) -> str:
    """What a page or an API answer says, Chinese unescaped (JSON escapes it)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(response.content), ensure_ascii=False)
    if response.get("Content-Type", "").startswith("text/"):
        return str(response.content.decode())
    return ""


@pytest.mark.parametrize("method", ["get", "post", "put"])
@pytest.mark.parametrize("persona", list(OUTSIDERS))
def test_an_outsider_is_refused_every_view_of_another_township(
    demo_world: dict[str, Any], client: Any, persona: str, method: str
) -> None:
    from kaoping.web.core.models import ApiToken

    user = demo_world["outsiders"][persona]
    client.force_login(user)
    _token, key = ApiToken.issue(user, "outsider")
    names = (demo_world["township"].name, demo_world["village"].name)
    table = routes()
    leaks = []
    for name in guarded_urls():
        route = table[name]
        api = route.startswith("/api/")
        if method == "put" and not api:
            continue
        url = fill(name, route, demo_world)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if api else {}
        response = getattr(client, method)(url, **headers)
        if "/assessment/county/" in route and persona.startswith("neighbouring township"):
            # the county's pages show a township of the county its own row only
            if response.status_code not in REFUSED and any(
                n in shown_text(response) for n in names
            ):
                leaks.append(f"{method.upper()} {url} ({name}) names T01 or its village")
        elif "<" in route:
            # a URL that names T01's unit or object: refused outright
            if response.status_code not in REFUSED:
                leaks.append(f"{method.upper()} {url} ({name}): {response.status_code}")
        elif any(n in shown_text(response) for n in names):
            # a page of the user's own units (the unit list, the accounts): none of T01's
            leaks.append(f"{method.upper()} {url} ({name}) names T01 or its village")
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("persona", list(OUTSIDERS))
@pytest.mark.parametrize("name", sorted(n for n, why in OPEN.items() if why.startswith(UNITS)))
def test_a_page_every_user_opens_names_nothing_of_another_township(
    demo_world: dict[str, Any], client: Any, persona: str, name: str
) -> None:
    client.force_login(demo_world["outsiders"][persona])
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert demo_world["township"].name not in text
    assert demo_world["village"].name not in text
